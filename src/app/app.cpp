// App: loading (model, samples), sample selection and the one-window layout.
//   load_model_bytes / load_samples  - all-or-nothing, errors kept for the UI
//   frame                            - header, error line, digit panel | result panel
#include "app.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "evaluate.h"
#include "formats.h"
#include "widgets.h"

namespace digitlab {
namespace {

std::string layer_sizes_text(const Network& net) {
  std::string s;
  for (int size : net.sizes()) s += (s.empty() ? "" : " - ") + std::to_string(size);
  return s;
}

// 158800 -> "158,800"
std::string thousands(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

void text_colored(ImU32 color, const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopStyleColor();
}

}  // namespace

Status App::load_model_bytes(const uint8_t* data, size_t size) {
  Result<Model> loaded = load_model(data, size);
  Status status = loaded ? check_model_shape(loaded->network, kImagePixels, kClasses)
                         : Status(fail(loaded.error()));
  if (!status) {
    last_error_ = "Cannot use this model: " + status.error();
    return fail(last_error_);
  }
  model_ = std::move(*loaded);
  has_model_ = true;
  last_error_.clear();
  classify();
  return Status::success();
}

Status App::load_samples(const uint8_t* images, size_t images_size, const uint8_t* labels,
                         size_t labels_size) {
  Result<Dataset> parsed = parse_idx(images, images_size, labels, labels_size);
  if (parsed && parsed->size() == 0) parsed = Error{"the files hold no images"};
  if (!parsed) {
    last_error_ = "Cannot use these samples: " + parsed.error();
    return fail(last_error_);
  }
  samples_ = std::move(*parsed);
  index_ = 0;
  last_error_.clear();
  classify();
  return Status::success();
}

bool App::set_ui_scale(float scale) {
  const float exact = pixel_exact_scale(scale);
  if (exact == ui_scale_) return false;
  ui_scale_ = exact;
  fonts_ = apply_ui_style(exact);
  return true;
}

void App::select_sample(size_t index) {
  if (samples_.size() == 0) return;
  index_ = std::min(index, samples_.size() - 1);
  classify();
}

void App::step_sample(int delta) {
  const auto n = static_cast<long long>(samples_.size());
  if (n == 0) return;
  const long long next = (static_cast<long long>(index_) + delta % n + n) % n;
  select_sample(static_cast<size_t>(next));
}

int App::true_label() const {
  return samples_.size() ? samples_.labels[index_] : -1;
}

int App::prediction() const {
  return has_outputs_ ? argmax(outputs_.data(), kClasses) : -1;
}

void App::classify() {
  outputs_.fill(0.0f);
  has_outputs_ = has_model_ && samples_.size() > 0;
  if (!has_outputs_) return;
  std::vector<float> input(kImagePixels);
  scale_input(input.data(), samples_.image(index_), input.size());
  model_.network.query_outputs(outputs_.data(), input.data());
}

void App::handle_keys() {
  // Arrow keys step through the digits unless a text field has the keyboard.
  if (ImGui::GetIO().WantTextInput) return;
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow))) step_sample(-1);
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow))) step_sample(+1);
}

void App::frame() {
  handle_keys();

  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->WorkPos);
  ImGui::SetNextWindowSize(viewport->WorkSize);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize |
                                 ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse |
                                 ImGuiWindowFlags_NoSavedSettings |
                                 ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::Begin("digitlab", nullptr, flags);

  text_colored(kAccentColor, "digitlab");
  const char* tagline = "a neural network reading handwritten digits";
  ImGui::SameLine();
  if (ImGui::CalcTextSize(tagline).x <= ImGui::GetContentRegionAvail().x)
    ImGui::TextDisabled("%s", tagline);
  else
    ImGui::NewLine();  // a narrow (phone) screen: the name alone
  draw_model_line();
  if (!last_error_.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
    ImGui::TextWrapped("%s", last_error_.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::Separator();
  ImGui::Spacing();

  // The digit panel: a caption, the 28x28 cells, the buttons and two lines under them. The cells
  // get whole pixels (a sharp grid) and as many as fit in half the width (beside the results)
  // or, on a portrait screen, in the full width with the results below.
  const ImGuiStyle& style = ImGui::GetStyle();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float text_row = ImGui::GetTextLineHeightWithSpacing();
  const float around_digit = 3.0f * text_row + ImGui::GetFrameHeightWithSpacing();
  const bool side_by_side = avail.x >= avail.y;
  const float side = side_by_side ? std::min(avail.x * 0.5f, avail.y - around_digit)
                                  : std::min(avail.x, avail.y * 0.55f - around_digit);
  const float cell = std::max(2.0f, std::floor(side / kImageSide));
  const float panel_height = cell * kImageSide + around_digit;

  ImGui::BeginGroup();
  draw_sample_panel(cell);
  ImGui::EndGroup();
  if (side_by_side) ImGui::SameLine(0.0f, style.ItemSpacing.x * 4.0f);
  ImGui::BeginGroup();
  draw_result_panel(side_by_side ? panel_height : 0.0f);
  ImGui::EndGroup();

  ImGui::End();
}

void App::draw_model_line() {
  if (!has_model_) {
    ImGui::TextDisabled("No model loaded");
    return;
  }
  const TrainingSettings& s = model_.settings;
  // Wrapped, so a narrow screen shows all of it.
  ImGui::TextWrapped(
      "Model: %s sigmoid  |  %s weights  |  lr %.3g  |  %u epochs, %s samples seen",
      layer_sizes_text(model_.network).c_str(), thousands(model_.network.weights().size()).c_str(),
      static_cast<double>(s.learning_rate), s.epochs, thousands(s.samples_seen).c_str());
}

void App::draw_sample_panel(float cell) {
  const float extent = cell * kImageSide;
  if (samples_.size() == 0) {
    ImGui::Text("Test digit");
    ImGui::Dummy(ImVec2(extent, extent));
    ImGui::TextDisabled("No samples loaded");
    return;
  }
  ImGui::Text("Test digit %zu of %zu", index_ + 1, samples_.size());
  digit_image(samples_.image(index_), kImageSide, cell);

  const ImGuiStyle& style = ImGui::GetStyle();
  const float button_w = (extent - style.ItemSpacing.x) * 0.5f;
  if (ImGui::Button("< Prev", ImVec2(button_w, 0))) step_sample(-1);
  ImGui::SameLine();
  if (ImGui::Button("Next >", ImVec2(button_w, 0))) step_sample(+1);
  ImGui::TextDisabled("Left/right arrow keys step too");

  ImGui::Text("True label:");
  ImGui::SameLine();
  text_colored(kTrueLabelColor, std::to_string(true_label()));
}

void App::draw_result_panel(float height) {
  const float top = ImGui::GetCursorPosY();
  ImGui::Text("Prediction");
  const int predicted = prediction();
  if (predicted < 0) {
    ImGui::TextDisabled(has_model_ ? "Load samples to see a prediction"
                                   : "Load a model to see a prediction");
    return;
  }

  tight_text(fonts_.big, std::to_string(predicted).c_str(), kAccentColor);
  // Two lines of detail, vertically centred on the big digit.
  const float big_height = ImGui::GetItemRectSize().y;
  ImGui::SameLine(0.0f, ImGui::GetStyle().ItemSpacing.x * 2.0f);
  ImGui::SetCursorPosY(ImGui::GetCursorPosY() +
                       std::floor((big_height - 2.0f * ImGui::GetTextLineHeightWithSpacing()) / 2));
  ImGui::BeginGroup();
  ImGui::Text("activation %.3f", static_cast<double>(outputs_[predicted]));
  if (predicted == true_label())
    text_colored(kTrueLabelColor, "matches the true label");
  else
    text_colored(kErrorColor, "differs from the true label");
  ImGui::EndGroup();

  ImGui::Spacing();
  ImGui::Text("Output activations (0..1)");
  // Rows share the height left (to line up with the digit panel), within reason.
  const float spacing = ImGui::GetStyle().ItemSpacing.y;
  const float used = ImGui::GetCursorPosY() - top + ImGui::GetTextLineHeightWithSpacing();
  const float row = std::clamp((height - used) / kClasses - spacing, ImGui::GetFrameHeight(),
                               ImGui::GetFrameHeight() * 2.0f);
  activation_bars(outputs_.data(), kClasses, predicted, true_label(),
                  ImGui::GetContentRegionAvail().x, row);
  ImGui::TextDisabled("orange: the largest output; green label: the true digit");
}

}  // namespace digitlab
