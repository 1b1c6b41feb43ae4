// TrainingPanel's ImGui side: data, settings, the run (controls, progress, curves, epochs) and
// the model file. Laid out for a narrow column: buttons flow onto the next line when the
// current one is full.
#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cstdio>
#include <vector>

#include "text_format.h"
#include "training_panel.h"
#include "widgets.h"

namespace digitlab {
namespace {

void heading(const char* text) {
  ImGui::Spacing();
  ImGui::PushStyleColor(ImGuiCol_Text, kAccentColor);
  ImGui::TextUnformatted(text);
  ImGui::PopStyleColor();
}

// SameLine() if a button labelled `label` still fits on the current line.
void flow(const char* label) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float width = ImGui::CalcTextSize(label, nullptr, true).x + style.FramePadding.x * 2;
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x + style.ItemSpacing.x + width <= right) ImGui::SameLine();
}

void wrapped_colored(ImU32 color, const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
}

std::vector<float> values_of(const std::vector<CurvePoint>& curve) {
  std::vector<float> v(curve.size());
  std::transform(curve.begin(), curve.end(), v.begin(),
                 [](const CurvePoint& p) { return p.value; });
  return v;
}

std::string percent(double fraction) {
  char text[16];
  std::snprintf(text, sizeof text, "%.2f%%", fraction * 100.0);
  return text;
}

}  // namespace

bool TrainingPanel::button(const char* label, const char* hook_name, float width) {
  const bool pressed = ImGui::Button(label, ImVec2(width, 0));
  // Only a button wholly on screen: a click on a half-scrolled-away one could miss.
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  const ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 clip_min = draw->GetClipRectMin(), clip_max = draw->GetClipRectMax();
  if (a.x >= clip_min.x && a.y >= clip_min.y && b.x <= clip_max.x && b.y <= clip_max.y)
    buttons_[hook_name] = ButtonRect{a.x, a.y, b.x - a.x, b.y - a.y};
  return pressed;
}

void TrainingPanel::draw() {
  buttons_.clear();
  // The panel's own visible area, so a test knows where to scroll it with the mouse wheel.
  const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
  buttons_["panel"] = ButtonRect{pos.x, pos.y, size.x, size.y};
  draw_data_section();
  draw_settings_section();
  draw_run_section();
  draw_model_section();
  if (!notice_.empty()) {
    ImGui::Spacing();
    wrapped_colored(kTrueLabelColor, notice_);
  }
}

void TrainingPanel::draw_data_section() {
  heading("Training data");
  const TrainingData& data = session_.data();
  if (session_.has_data()) {
    ImGui::TextWrapped("%s", data.source.c_str());
    ImGui::TextDisabled("%s training / %s test images%s", thousands_text(data.train.size()).c_str(),
                        thousands_text(data.test.size()).c_str(),
                        data.test_held_out ? " (held out)" : "");
  } else {
    ImGui::TextDisabled("None yet.");
  }
  if (!queued_.empty()) {
    size_t bytes = 0;
    for (const NamedFile& f : queued_) bytes += f.bytes.size();
    ImGui::ProgressBar(1.0f, ImVec2(-FLT_MIN, 0), "reading...");
    ImGui::TextDisabled("Reading %zu file%s (%.1f MB)...", queued_.size(),
                        queued_.size() == 1 ? "" : "s", static_cast<double>(bytes) / 1e6);
    queued_shown_ = true;
    return;
  }
  if (fetch_active_) {
    const double fraction = fetch_fraction();
    char overlay[64];
    if (fraction < 0)  // a server that sends no sizes
      std::snprintf(overlay, sizeof overlay, "MNIST: %.1f MB", fetch_loaded_ / 1e6);
    else
      std::snprintf(overlay, sizeof overlay, "MNIST: %.1f of %.1f MB", fetch_loaded_ / 1e6,
                    fetch_total_ / 1e6);
    ImGui::ProgressBar(fraction < 0 ? 0.0f : static_cast<float>(fraction), ImVec2(-FLT_MIN, 0),
                       overlay);
    return;
  }
  ImGui::BeginDisabled(session_.active());
  if (platform_.fetch_mnist && button("Load bundled MNIST", "mnist")) {
    fetch_active_ = true;
    fetch_loaded_ = fetch_total_ = 0;
    platform_.fetch_mnist();
  }
  if (platform_.open_picker) {
    flow("Upload files...");
    if (button("Upload files...", "upload")) platform_.open_picker();
  }
  ImGui::EndDisabled();
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetColorU32(ImGuiCol_TextDisabled));
  ImGui::TextWrapped(
      "IDX (raw or .gz) images + labels, or CSV; a second set is the test set. "
      "Or drop files onto the %s.",
      platform_.paths ? "window" : "page");
  ImGui::PopStyleColor();
  if (platform_.paths) draw_open_path();
}

void TrainingPanel::draw_settings_section() {
  heading("Training");
  const bool active = session_.active();
  ImGui::BeginDisabled(active);
  for (size_t i = 0; i < 2; ++i) {
    const TrainSettings& p = kBookPresets[i].settings;
    char label[48];
    std::snprintf(label, sizeof label, "Book: 784-%d-10", p.hidden);
    if (i > 0) flow(label);
    if (button(label, i == 0 ? "preset-100" : "preset-200")) settings_ = p;
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
      ImGui::SetTooltip("%s (fresh network, seed %llu)", kBookPresets[i].label,
                        static_cast<unsigned long long>(p.seed));
  }
  ImGui::Checkbox("Fresh network", &settings_.fresh);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Unticked: keep training the current model");
  const float field = std::max(ImGui::GetContentRegionAvail().x * 0.45f, ImGui::GetFontSize() * 5);
  ImGui::PushItemWidth(field);
  if (settings_.fresh) ImGui::InputInt("hidden nodes", &settings_.hidden, 0, 0);
  ImGui::InputFloat("learning rate", &settings_.learning_rate, 0, 0, "%.4g");
  ImGui::InputInt("epochs", &settings_.epochs, 0, 0);
  ImGui::InputScalar("seed", ImGuiDataType_U64, &settings_.seed);
  ImGui::PopItemWidth();
  ImGui::EndDisabled();
  if (Status s = validate_settings(settings_); !s) wrapped_colored(kErrorColor, s.error());
}

void TrainingPanel::draw_run_section() {
  ImGui::Spacing();
  switch (session_.phase()) {
    case RunPhase::Running:
      if (button("Pause", "pause")) pause();
      ImGui::SameLine();
      if (button("Stop", "stop")) stop();
      break;
    case RunPhase::Paused:
      if (button("Resume", "resume")) resume();
      ImGui::SameLine();
      if (button("Stop", "stop")) stop();
      break;
    default:
      ImGui::BeginDisabled(!session_.has_data());
      if (button("Start training", "start")) start();
      ImGui::EndDisabled();
      if (!session_.has_data()) {
        ImGui::SameLine();
        ImGui::TextDisabled("(load data first)");
      }
  }
  if (session_.phase() != RunPhase::Idle) draw_progress();
}

void TrainingPanel::draw_progress() {
  const TrainingSession& s = session_;
  const size_t total = std::max<size_t>(1, s.samples_total());
  const float fraction = static_cast<float>(s.samples_seen()) / static_cast<float>(total);
  char overlay[64];
  std::snprintf(overlay, sizeof overlay, "epoch %d of %d  %.0f%%",
                std::min(s.epochs_done() + 1, s.settings().epochs), s.settings().epochs,
                static_cast<double>(fraction) * 100.0);
  ImGui::ProgressBar(fraction, ImVec2(-FLT_MIN, 0), overlay);

  std::string line = thousands_text(s.samples_seen()) + " of " + thousands_text(total) + " samples";
  if (s.samples_per_second() > 0)
    line += "  " + thousands_text(static_cast<uint64_t>(s.samples_per_second())) + "/s";
  if (s.eta_seconds() >= 0) line += "  ETA " + duration_text(s.eta_seconds());
  ImGui::TextDisabled("%s", line.c_str());
  switch (s.phase()) {
    case RunPhase::Running:
      if (s.evaluating()) ImGui::TextDisabled("testing...");
      break;
    case RunPhase::Paused:
      ImGui::TextDisabled("paused");
      break;
    case RunPhase::Finished:
      wrapped_colored(kTrueLabelColor, "Done.");
      break;
    case RunPhase::Stopped:
      ImGui::TextDisabled("stopped; the model keeps what it learnt");
      break;
    case RunPhase::Failed:
      wrapped_colored(kErrorColor, s.message());
      break;
    case RunPhase::Idle:
      break;
  }
  draw_curves();
}

void TrainingPanel::draw_curves() {
  const TrainingSession& s = session_;
  const float width = ImGui::GetContentRegionAvail().x;
  const float height = ImGui::GetFrameHeight() * 2.5f;
  char overlay[64];
  if (!s.loss_curve().empty()) {
    const std::vector<float> loss = values_of(s.loss_curve());
    std::snprintf(overlay, sizeof overlay, "training loss %.4f", static_cast<double>(loss.back()));
    ImGui::PlotLines("##loss", loss.data(), static_cast<int>(loss.size()), 0, overlay, 0.0f,
                     FLT_MAX, ImVec2(width, height));
  }
  if (!s.accuracy_curve().empty()) {
    const std::vector<float> acc = values_of(s.accuracy_curve());
    std::snprintf(overlay, sizeof overlay, "test accuracy %s",
                  percent(static_cast<double>(acc.back())).c_str());
    ImGui::PlotLines("##accuracy", acc.data(), static_cast<int>(acc.size()), 0, overlay, 0.0f, 1.0f,
                     ImVec2(width, height));
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Between epochs: the first %s test images; at each epoch's end: all",
                        thousands_text(s.check_images()).c_str());
  }
  for (const EpochResult& r : s.epoch_results()) {
    const std::string when = r.epoch == 0 ? "before training" : "epoch " + std::to_string(r.epoch);
    ImGui::Text("%s: %s test accuracy", when.c_str(), percent(r.accuracy).c_str());
  }
}

// The desktop's Open field: data or a model, by path. Its own field, apart from Save's, so a
// dataset's path is never where the model gets saved.
void TrainingPanel::draw_open_path() {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float open_width = ImGui::CalcTextSize("Open").x + style.FramePadding.x * 2;
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - open_width - style.ItemSpacing.x);
  const bool enter =
      ImGui::InputTextWithHint("##open-path", "path to an IDX, CSV or .dlm file", open_path_,
                               sizeof open_path_, ImGuiInputTextFlags_EnterReturnsTrue);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Training data (CSV, or IDX images then labels) or a .dlm model");
  ImGui::SameLine();
  ImGui::BeginDisabled(session_.active());
  if ((button("Open##path", "path-load") || enter) && !session_.active())
    load_from_path(open_path_);
  ImGui::EndDisabled();
}

void TrainingPanel::draw_model_section() {
  heading("Model file");
  const bool pretrained = pretrained_loaded();
  if (pretrained)
    ImGui::TextDisabled("The pre-trained network is loaded.");
  else if (kept_ && platform_.keep_model)  // wrapped: the desktop's path can be long
    wrapped_colored(ImGui::GetColorU32(ImGuiCol_TextDisabled),
                    "Kept " + platform_.kept_where + " for next time.");
  const bool active = session_.active();
  bool first = true;
  const auto next = [&first](const char* label) {
    if (!first) flow(label);
    first = false;
  };
  if (platform_.download) {
    next("Download .dlm");
    if (button("Download .dlm", "download")) download_model();
  }
  if (platform_.open_picker) {
    next("Load model...");
    ImGui::BeginDisabled(active);
    if (button("Load model...", "load-model")) platform_.open_picker();
    ImGui::EndDisabled();
  }
  next("Back to pre-trained");
  ImGui::BeginDisabled(pretrained);
  if (button("Back to pre-trained", "reset")) back_to_pretrained();
  ImGui::EndDisabled();
  if (platform_.paths) draw_save_path();
}

// The desktop's Save field and its question. The field starts at a file that does not exist;
// over an existing file, Save asks in a modal and writes nothing until Overwrite or Replace.
void TrainingPanel::draw_save_path() {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float save_width = ImGui::CalcTextSize("Save model").x + style.FramePadding.x * 2;
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - save_width - style.ItemSpacing.x);
  const bool enter =
      ImGui::InputTextWithHint("##save-path", "file to save the model to (.dlm)", save_path_,
                               sizeof save_path_, ImGuiInputTextFlags_EnterReturnsTrue);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Where Save model writes; an existing file is replaced only if you say so");
  ImGui::SameLine();
  ImGui::BeginDisabled(!has_model_);
  if (button("Save model##path", "path-save") || (enter && has_model_)) save_to_path(save_path_);
  ImGui::EndDisabled();

  const char* title =
      asked_calm_ ? "Replace the model file?###save-question" : "Overwrite a file?###save-question";
  if (!save_question_.empty() && !ImGui::IsPopupOpen("###save-question")) ImGui::OpenPopup(title);
  if (!ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 26);
  ImGui::TextUnformatted(save_question_.c_str());
  ImGui::PopTextWrapPos();
  ImGui::Spacing();
  if (button(asked_calm_ ? "Replace" : "Overwrite", "save-overwrite")) {
    confirm_save();
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  const bool cancel = button("Cancel", "save-cancel");
  // Escape leaves the file alone too; an answer given outside the modal (a test) closes it.
  if (cancel || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)) ||
      save_question_.empty()) {
    cancel_save();
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace digitlab
