// The bundled models' menu: choosing, asking, loading through the panel (model_menu.h), and
// its ImGui side.
#include "model_menu.h"

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cstring>
#include <utility>

#include "network/fingerprint.h"
#include "text_format.h"

namespace digitlab {

void ModelMenu::set_models(std::vector<BundledModel> models, FetchModel fetch) {
  models_ = std::move(models);
  fetch_ = std::move(fetch);
  fingerprints_.clear();
  named_valid_ = false;  // what current_name() said was about the old list
  fetching_.clear();
  cancel();
}

void ModelMenu::know(const std::string& name, const uint8_t* data, size_t size) {
  if (Result<Model> m = load_digit_model(data, size); m) {
    fingerprints_[name] = network_fingerprint(m->network);
    named_valid_ = false;
  }
}

uint64_t ModelMenu::model_fingerprint() const {
  const Model* model = host_.model();
  return model ? network_fingerprint(model->network) : 0;
}

namespace {

// The same floats, bit for bit (memcmp: a plain loop over 1.6 MB takes tens of microseconds).
bool same_values(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

}  // namespace

std::string ModelMenu::current_name() const {
  const Model* model = host_.model();
  // A run (running or paused) changes the weights: whatever it trains is no longer as bundled.
  // Looked at afresh after it: a run that diverges puts the values it started from back into
  // the same buffer.
  if (panel_.session().active()) named_valid_ = false;
  if (!model || panel_.session().active() || fingerprints_.empty()) return "";
  const Network& net = model->network;
  if (named_valid_) {
    // A bundled model: still it while its values are the ones it was named for.
    if (!named_.empty() && same_values(net.weights(), named_weights_) &&
        same_values(net.biases(), named_biases_))
      return named_;
    // Another model: it becomes a bundled one only by being loaded, into a new buffer.
    if (named_.empty() && net.weights().data() == named_buffer_) return "";
  }
  named_valid_ = true;
  named_buffer_ = net.weights().data();
  named_.clear();
  named_weights_.clear();
  named_biases_.clear();
  const uint64_t fp = network_fingerprint(net);
  for (const auto& [name, known] : fingerprints_)
    if (known == fp) named_ = name;
  if (!named_.empty()) named_weights_ = net.weights(), named_biases_ = net.biases();
  return named_;
}

void ModelMenu::refuse(const std::string& message) {
  host_.report(message);
  panel_.clear_notice();
}

ModelChoice ModelMenu::choose(const std::string& name, bool ask_first) {
  cancel();
  const BundledModel* model = find_bundled_model(models_, name);
  if (!model) {
    refuse(unknown_model_message(models_, name));
    return ModelChoice::Refused;
  }
  // The run trains the model in place (model_host.h): nothing may replace it meanwhile.
  if (panel_.session().active()) {
    refuse("Cannot change the model during training: stop the run first. Nothing was changed.");
    return ModelChoice::Refused;
  }
  const std::string current = current_name();
  if (current == name) {
    host_.report("");
    panel_.show_notice("The bundled model '" + name + "' is already loaded.");
    return ModelChoice::Loaded;
  }
  if (ask_first && current.empty() && host_.model()) {
    question_ = "Replace the current model (" + layer_sizes_text(host_.model()->network) +
                ", none of the bundled ones) with '" + name +
                "'? It is lost unless you save or download it first.";
    asked_ = name;
    asked_over_ = model_fingerprint();
    return ModelChoice::Asking;
  }
  return load(*model);
}

ModelChoice ModelMenu::choose_at_start(const std::string& name) {
  // No choice, or the model the app opened with: nothing to do or say.
  if (name.empty() || (!current_name().empty() && current_name() == name))
    return ModelChoice::Loaded;
  if (!find_bundled_model(models_, name)) {
    // Said as it is: the default, unless a model kept from last time is in use.
    const std::string current = current_name();
    const std::string fallback = !current.empty() && current == models_.front().name
                                     ? " This is the default, '" + current + "'."
                                     : " The model in use stays.";
    refuse(unknown_model_message(models_, name) + fallback);
    return ModelChoice::Refused;
  }
  return choose(name);
}

ModelChoice ModelMenu::confirm() {
  const BundledModel* model = find_bundled_model(models_, asked_);
  const bool same_model = model_fingerprint() == asked_over_;
  cancel();
  if (!model) return ModelChoice::Refused;
  // Another model came in while the question was up: the answer was not about it, so ask again.
  return choose(model->name, !same_model);
}

ModelChoice ModelMenu::load(const BundledModel& model) {
  if (!fetch_) {
    refuse("The bundled models' files cannot be read here.");
    return ModelChoice::Refused;
  }
  fetching_ = model.name;
  fetched_over_ = model_fingerprint();
  host_.report("");
  panel_.show_notice("Loading the bundled model '" + model.name + "'...");
  fetch_(model);  // the desktop answers at once, through receive()
  if (fetching_ == model.name) return ModelChoice::Fetching;
  return host_.error().empty() ? ModelChoice::Loaded : ModelChoice::Refused;
}

void ModelMenu::receive(const std::string& name, std::vector<uint8_t> bytes) {
  if (name != fetching_) return;  // an answer to a choice made before the last one
  fetching_.clear();
  const BundledModel* model = find_bundled_model(models_, name);
  if (!model) return;
  if (panel_.session().active()) {  // a run started while the file was on its way
    refuse("The bundled model '" + name +
           "' arrived during training and was not loaded: stop the run first.");
    return;
  }
  // Another model came in meanwhile (an upload, a drop): it was not asked about, so it stays.
  if (model_fingerprint() != fetched_over_) {
    refuse("The bundled model '" + name +
           "' arrived after the model in use changed (loaded, trained or stepped), and was not "
           "used: choose it again.");
    return;
  }
  panel_.receive_bundled_model({model->file, std::move(bytes)});
  if (!host_.error().empty() || !host_.model()) return;  // the panel said why
  fingerprints_[name] = network_fingerprint(host_.model()->network);
  named_valid_ = false;
  panel_.show_notice("Loaded the bundled model '" + name + "' (" +
                     layer_sizes_text(host_.model()->network) + ", " +
                     accuracy_text(model->accuracy) + " on MNIST's test set).");
}

void ModelMenu::fetch_failed(const std::string& name, const std::string& message) {
  if (name != fetching_) return;
  fetching_.clear();
  refuse("Could not load the bundled model '" + name + "': " + message);
}

void ModelMenu::draw(ItemRects& rects) {
  if (models_.empty()) return;
  const std::string current = current_name();
  const char* const yours = "your model";
  // A combo box (ImGui draws its arrow), as wide as its longest name, as flat as a small
  // button so the model line keeps its height.
  const ImGuiStyle& style = ImGui::GetStyle();
  float names_width = ImGui::CalcTextSize(yours).x;
  for (const BundledModel& m : models_)
    names_width = std::max(names_width, ImGui::CalcTextSize(m.name.c_str()).x);
  // The list: wide enough for a summary on one line on a laptop, never wider than the screen.
  const float width = std::min(42.0f * ImGui::GetFontSize(), ImGui::GetMainViewport()->WorkSize.x -
                                                                 2.0f * style.WindowPadding.x -
                                                                 2.0f * style.FramePadding.x);
  ImGui::SetNextItemWidth(names_width + 2.0f * style.FramePadding.x + ImGui::GetFrameHeight());
  ImGui::SetNextWindowSizeConstraints(ImVec2(width + 2.0f * style.WindowPadding.x, 0.0f),
                                      ImVec2(width + 2.0f * style.WindowPadding.x, FLT_MAX));
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(style.FramePadding.x, 0.0f));
  const bool open = ImGui::BeginCombo("##models", current.empty() ? yours : current.c_str(),
                                      ImGuiComboFlags_HeightLargest);
  ImGui::PopStyleVar();
  if (!open) {
    rects.note_last_item("models");
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("The bundled models (index.html?model=NAME opens the page with one)");
    ImGui::SameLine();
    return;
  }
  const bool training = panel_.session().active();
  ImGui::TextDisabled(training ? "Stop the run to change the model."
                               : "Bundled models (accuracy on MNIST's test set)");
  ImGui::BeginDisabled(training);
  for (const BundledModel& m : models_) {
    const std::string line = m.name + "  " + accuracy_text(m.accuracy) +
                             (m.name == models_.front().name ? "  (default)" : "");
    if (ImGui::Selectable(line.c_str(), m.name == current)) choose(m.name);  // closes the list
    rects.note_last_item("model:" + m.name);
    ImGui::Indent();
    ImGui::PushTextWrapPos(ImGui::GetContentRegionMax().x);
    ImGui::TextDisabled("%s", m.summary.c_str());
    ImGui::PopTextWrapPos();
    ImGui::Unindent();
  }
  ImGui::EndDisabled();
  ImGui::EndCombo();
  ImGui::SameLine();
}

void ModelMenu::draw_question(ItemRects& rects) {
  if (question_.empty()) return;
  ImGui::TextWrapped("%s", question_.c_str());
  if (ImGui::SmallButton("Replace")) confirm();
  rects.note_last_item("model-replace");
  ImGui::SameLine();
  if (ImGui::SmallButton("Cancel")) cancel();
  rects.note_last_item("model-cancel");
}

}  // namespace digitlab
