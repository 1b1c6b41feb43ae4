#include "inside_compare.h"

#include <imgui.h>

#include <algorithm>

#include "inside_draw.h"
#include "network/evaluate.h"
#include "text_format.h"
#include "widgets.h"

namespace digitlab {
namespace {

// One model's column: what it is, then its answer and its output bars for the drawing.
void model_column(const char* title, const Model& model, const std::vector<float>& outputs,
                  float width) {
  ImGui::TextUnformatted(title);
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ImGui::TextDisabled("%s, %s, %s samples seen", describe(model.network.architecture()).c_str(),
                      count_text(model.progress.epochs, "epoch").c_str(),
                      thousands_text(model.progress.samples).c_str());
  ImGui::PopTextWrapPos();
  const int n = static_cast<int>(outputs.size());
  const int answer = n > 0 ? argmax(outputs.data(), n) : -1;
  if (answer >= 0)
    ImGui::Text("answer %d (%.3f)", answer, static_cast<double>(outputs[answer]));
  else
    ImGui::TextDisabled("no answer without a drawing");
  std::vector<float> bars(kClasses, 0.0f);
  std::copy(outputs.begin(), outputs.begin() + std::min(n, kClasses), bars.begin());
  // Rows a little apart, as the main output bars: ten rows read as one chart.
  const ImGuiStyle& style = ImGui::GetStyle();
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing,
                      ImVec2(style.ItemSpacing.x, 2.0f * (style.ItemSpacing.y / 8.0f)));
  activation_bars(bars.data(), kClasses, answer, -1, width, ImGui::GetFrameHeight());
  ImGui::PopStyleVar();
}

}  // namespace

void CompareTab::pin(const Model& model) {
  pinned_ = model;
  other_ = Other::Pinned;
}

void CompareTab::draw(const InsideContext& ctx, float width) {
  ImGui::TextUnformatted("Compare: two models read the same drawing");
  help_marker(
      "The current model (the one the page trains and answers with) beside another: the bundled "
      "pre-trained model (the book's 784-200-10, trained by the build), or a copy you pinned. "
      "Pin a model, then train more or load another, and draw: where the answers differ shows "
      "what the change did. Both are queried with the same input, the drawing as the network "
      "sees it.");
  const auto choice = [this](const char* label, Other which, bool usable) {
    const bool on = other_ == which;
    if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetColorU32(ImGuiCol_ButtonActive));
    ImGui::BeginDisabled(!usable);
    if (ImGui::SmallButton(label)) other_ = which;
    ImGui::EndDisabled();
    if (on) ImGui::PopStyleColor();
  };
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("with");
  ImGui::SameLine();
  choice("pre-trained", Other::Bundled, ctx.bundled != nullptr);
  ctx.rects.note_last_item("compare:bundled");
  flow("pinned");
  choice("pinned", Other::Pinned, pinned_.has_value());
  ctx.rects.note_last_item("compare:pinned");
  flow("Pin the current model");
  const Model* current = ctx.host.model();
  if (ImGui::SmallButton("Pin the current model") && current != nullptr) pin(*current);
  ctx.rects.note_last_item("compare:pin");

  const Model* other = other_ == Other::Pinned ? (pinned_ ? &*pinned_ : nullptr) : ctx.bundled;
  shown_name_ = other == nullptr ? "" : other_ == Other::Pinned ? "pinned" : "pre-trained";
  other_outputs_.clear();
  if (other == nullptr || current == nullptr) {
    ImGui::TextDisabled(other_ == Other::Pinned ? "Nothing pinned yet."
                                                : "No pre-trained model in this build.");
    return;
  }
  const bool has_ink = ctx.activations.size() >= 2;
  std::vector<float> current_outputs;
  if (has_ink) {
    current_outputs = ctx.activations.back();
    other_outputs_.resize(static_cast<size_t>(other->network.output_size()));
    other->network.query_outputs(other_outputs_.data(), ctx.activations.front().data());
  }
  const int a = current_outputs.empty() ? -1 : argmax(current_outputs.data(), kClasses);
  const int b = other_outputs_.empty() ? -1 : argmax(other_outputs_.data(), kClasses);
  if (a >= 0 && b >= 0) {
    if (a == b)
      ImGui::Text("Both read %d.", a);
    else
      ImGui::TextColored(ImColor(kAccentColor), "They differ: %d and %d.", a, b);
  } else {
    ImGui::TextDisabled("Draw a digit to compare the answers.");
  }
  // Side by side when both columns have room for their bars, one above the other on a phone.
  const float gap = ImGui::GetStyle().ItemSpacing.x * 3.0f;
  const bool side_by_side = width >= ImGui::GetFontSize() * 30.0f;
  const float column = side_by_side ? std::floor((width - gap) / 2.0f) : width;
  ImGui::BeginGroup();
  model_column("Current model", *current, current_outputs, column);
  ImGui::EndGroup();
  if (side_by_side) ImGui::SameLine(0.0f, gap);
  ImGui::BeginGroup();
  model_column(other_ == Other::Pinned ? "Pinned model" : "Pre-trained model", *other,
               other_outputs_, column);
  ImGui::EndGroup();
}

}  // namespace digitlab
