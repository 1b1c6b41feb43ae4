#include "item_rects.h"

#include <imgui.h>

namespace digitlab {

void ItemRects::note_last_item(const std::string& name) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  const ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 clip_min = draw->GetClipRectMin(), clip_max = draw->GetClipRectMax();
  if (a.x >= clip_min.x && a.y >= clip_min.y && b.x <= clip_max.x && b.y <= clip_max.y)
    rects_[name] = ButtonRect{a.x, a.y, b.x - a.x, b.y - a.y};
}

}  // namespace digitlab
