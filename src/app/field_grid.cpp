#include "field_grid.h"

#include <imgui.h>

#include <algorithm>

namespace digitlab {

FieldGrid::FieldGrid() {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float avail = ImGui::GetContentRegionAvail().x;
  // The widest label, so every row's second column lines up.
  label_w_ = ImGui::CalcTextSize("activation").x + style.ItemInnerSpacing.x;
  pairs_ = avail >= 2.0f * (label_w_ + ImGui::GetFontSize() * 4.5f) + style.ItemSpacing.x;
  field_ = pairs_ ? (avail - style.ItemSpacing.x) / 2 - label_w_
                  : std::max(avail - label_w_, ImGui::GetFontSize() * 5);
  start_x_ = ImGui::GetCursorPosX();
}

void FieldGrid::cell() {
  if (pairs_ && second_)
    ImGui::SameLine(start_x_ + field_ + label_w_ + ImGui::GetStyle().ItemSpacing.x);
  second_ = pairs_ && !second_;
  ImGui::SetNextItemWidth(field_);
}

float FieldGrid::row_width() const {
  return pairs_ ? 2 * (field_ + label_w_) + ImGui::GetStyle().ItemSpacing.x : field_ + label_w_;
}

}  // namespace digitlab
