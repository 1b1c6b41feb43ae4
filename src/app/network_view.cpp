#include "network_view.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "network/evaluate.h"
#include "widgets.h"

namespace digitlab {

unsigned activation_colour(float value) {
  const float v = std::clamp(value, 0.0f, 1.0f);
  // Two linear segments: dark (still apart from the window) -> blue over 0..0.5, blue -> white over
  // 0.5..1, so both a weak and a saturated neuron stand out from the background.
  const float dark[3] = {40, 44, 54}, blue[3] = {70, 120, 200}, white[3] = {245, 248, 255};
  const float* from = v < 0.5f ? dark : blue;
  const float* to = v < 0.5f ? blue : white;
  const float t = v < 0.5f ? v * 2.0f : v * 2.0f - 1.0f;
  int rgb[3];
  for (int i = 0; i < 3; ++i)
    rgb[i] = static_cast<int>(std::lround(from[i] + (to[i] - from[i]) * t));
  return IM_COL32(rgb[0], rgb[1], rgb[2], 255);
}

ValueRange activation_range(Activation a, const float* values, int n) {
  switch (a) {
    case Activation::Tanh:
      return {-1, 1};
    case Activation::Relu:
    case Activation::LeakyRelu: {
      float top = 0;
      for (int i = 0; values && i < n; ++i) top = std::max(top, values[i]);
      return {0, top > 0 ? top : 1};
    }
    case Activation::Sigmoid:
    case Activation::Softmax:
      break;
  }
  return {0, 1};
}

void activation_grid(const float* values, int n, int cols, float cell_px, ValueRange range) {
  const float span = range.high - range.low;
  const int rows = (n + cols - 1) / cols;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(cell_px * static_cast<float>(cols), cell_px * static_cast<float>(rows)));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  // A gap between cells once they are big enough to spare it, so single neurons stay apart.
  const float gap = cell_px >= 6.0f ? 1.0f : 0.0f;
  for (int i = 0; i < n; ++i) {
    const ImVec2 a(origin.x + static_cast<float>(i % cols) * cell_px,
                   origin.y + static_cast<float>(i / cols) * cell_px);
    draw->AddRectFilled(a, ImVec2(a.x + cell_px - gap, a.y + cell_px - gap),
                        activation_colour(values ? (values[i] - range.low) / span : 0.0f));
  }
}

int grid_columns(int n, float width, float height) {
  const auto cell_for = [&](int cols) {
    const int rows = (n + cols - 1) / cols;
    return std::min(width / static_cast<float>(cols), height / static_cast<float>(rows));
  };
  int best = 1;
  for (int cols = 2; cols <= n; ++cols) {
    if (cell_for(cols) > cell_for(best)) best = cols;
  }
  // A full rectangle (200 as 20x10) reads better than a ragged last row, if the cells stay
  // nearly as big: take the best such column count within 15% of the best cell.
  int full = 0;
  for (int cols = 1; cols <= n; ++cols) {
    if (n % cols == 0 && cell_for(cols) >= 0.85f * cell_for(best) &&
        (full == 0 || cell_for(cols) > cell_for(full)))
      full = cols;
  }
  return full ? full : best;
}

void answer_view(const std::vector<float>& outputs, int true_label, ImFont* big_font, float width) {
  if (outputs.empty()) {
    ImGui::TextDisabled("draw a digit");
    return;
  }
  const int answer = argmax(outputs.data(), static_cast<int>(outputs.size()));
  tight_text(big_font, std::to_string(answer).c_str(), kAccentColor);
  // The details beside the big digit and centred on it, or under it when that is too narrow.
  const ImVec2 big = ImGui::GetItemRectSize();
  const float gap = ImGui::GetStyle().ItemSpacing.x * 2.0f;
  const float details_w =
      ImGui::CalcTextSize(true_label >= 0 ? "true label: 0" : "activation 0.000").x;
  // The room the window really has right of the digit (its clipping edge), as well as the
  // width the caller gave: text measured against the one alone was cut ("activation 0.98").
  const float window_right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  const float room = std::min(width - big.x, window_right - ImGui::GetItemRectMax().x) - gap;
  if (details_w <= room) {
    const int lines = true_label >= 0 ? 2 : 1;
    ImGui::SameLine(0.0f, gap);
    ImGui::SetCursorPosY(
        ImGui::GetCursorPosY() +
        std::floor((big.y - static_cast<float>(lines) * ImGui::GetTextLineHeightWithSpacing()) /
                   2));
  }
  ImGui::BeginGroup();
  ImGui::Text("activation %.3f", static_cast<double>(outputs[static_cast<size_t>(answer)]));
  if (true_label >= 0) {
    ImGui::PushStyleColor(ImGuiCol_Text, answer == true_label ? kTrueLabelColor : kErrorColor);
    ImGui::Text("true label: %d", true_label);
    ImGui::PopStyleColor();
  }
  ImGui::EndGroup();
}

void hidden_layers_view(const std::vector<int>& sizes, Activation hidden_activation,
                        const std::vector<std::vector<float>>& activations, float width,
                        float height) {
  const int hidden = static_cast<int>(sizes.size()) - 2;
  if (sizes.size() == 2) ImGui::TextDisabled("No hidden layer: the inputs feed the outputs.");
  if (hidden <= 0) return;
  // The activation's name in the caption, unless it is the book's sigmoid.
  const std::string kind = hidden_activation == Activation::Sigmoid
                               ? ""
                               : std::string(", ") + activation_name(hidden_activation);
  const float caption = ImGui::GetTextLineHeightWithSpacing();
  const float spacing = ImGui::GetStyle().ItemSpacing.y;
  const float per_layer =
      (height - static_cast<float>(hidden) * (caption + spacing)) / static_cast<float>(hidden);
  for (int l = 1; l <= hidden; ++l) {
    const int n = sizes[static_cast<size_t>(l)];
    const bool have = static_cast<size_t>(l) < activations.size() &&
                      activations[static_cast<size_t>(l)].size() == static_cast<size_t>(n);
    if (hidden == 1)
      ImGui::Text("Hidden layer: %d neurons%s", n, kind.c_str());
    else
      ImGui::Text("Hidden layer %d: %d neurons%s", l, n, kind.c_str());
    if (l == 1)
      help_marker(
          "Each square is one hidden neuron's activation for the drawing, O = f(W . I): "
          "bright when it fires. Each neuron weighs all of the layer below; the Inside section "
          "shows those weights as pictures.");
    const int cols = grid_columns(n, width, std::max(per_layer, 1.0f));
    const int rows = (n + cols - 1) / cols;
    // Whole pixels (a sharp grid); not so big that a small layer becomes a few huge tiles.
    const float cell = std::clamp(std::floor(std::min(width / static_cast<float>(cols),
                                                      per_layer / static_cast<float>(rows))),
                                  2.0f, ImGui::GetFrameHeight() * 1.5f);
    const float* values = have ? activations[static_cast<size_t>(l)].data() : nullptr;
    activation_grid(values, n, cols, cell, activation_range(hidden_activation, values, n));
  }
}

}  // namespace digitlab
