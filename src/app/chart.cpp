#include "chart.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "chart_axes.h"

namespace digitlab {

void line_chart(const char* id, const std::vector<CurvePoint>& points, const ChartAxes& axes,
                ImU32 color, float width, float height) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float line = ImGui::GetTextLineHeight();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::PushID(id);
  ImGui::Dummy(ImVec2(width, height));
  ImGui::PopID();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImU32 text = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  const ImU32 grid = IM_COL32(255, 255, 255, 28);

  // The frame: right of the y labels, above the x labels; half a line of air at the top so
  // the top label is not cut.
  const float left = origin.x + axes.label_width + style.ItemInnerSpacing.x;
  const float right = origin.x + width - 1.0f;
  const float top = origin.y + std::floor(line * 0.5f);
  const float bottom = origin.y + height -
                       (axes.x_labels ? line + style.ItemInnerSpacing.y : 0.0f) -
                       std::floor(line * 0.5f);
  if (right - left < 8 || bottom - top < 8) return;
  draw->AddRectFilled(ImVec2(left, top), ImVec2(right, bottom),
                      ImGui::GetColorU32(ImGuiCol_FrameBg));

  double lo = 0, hi = 0;
  if (!points.empty()) {
    lo = hi = points[0].value;
    for (const CurvePoint& p : points) {
      lo = std::min(lo, static_cast<double>(p.value));
      hi = std::max(hi, static_cast<double>(p.value));
    }
  } else {
    hi = axes.percent ? 1.0 : 0.1;
  }
  if (axes.from_zero) lo = std::min(lo, 0.0);
  const int y_most = std::max(2, static_cast<int>((bottom - top) / (line * 1.25f)) + 1);
  AxisTicks y = nice_ticks(lo, hi, std::min(y_most, 4));
  if (axes.percent) y.hi = std::min(y.hi, 1.0), y.lo = std::max(y.lo, 0.0);
  const auto y_at = [&](double v) {
    return static_cast<float>(bottom - (v - y.lo) / (y.hi - y.lo) * (bottom - top));
  };
  for (const double v : y.values) {
    if (v < y.lo - 1e-9 || v > y.hi + 1e-9) continue;
    const float py = std::round(y_at(v));
    draw->AddLine(ImVec2(left, py), ImVec2(right, py), grid);
    const std::string label = tick_label(v, y.step, axes.percent);
    const ImVec2 size = ImGui::CalcTextSize(label.c_str());
    draw->AddText(ImVec2(left - style.ItemInnerSpacing.x - size.x, py - size.y * 0.5f), text,
                  label.c_str());
  }

  const double x_max = std::max(axes.x_max, 1e-9);
  const float label_w = ImGui::CalcTextSize("0.0").x + style.ItemSpacing.x;
  const int x_most = std::max(2, static_cast<int>((right - left) / (label_w * 1.5f)));
  // The axis ends at the run's end (5 epochs: 0..5, not 0..6), with nice ticks inside it.
  const AxisTicks x = nice_ticks(0, x_max, x_most);
  const auto x_at = [&](double units) {
    return static_cast<float>(left + units / x_max * (right - left));
  };
  for (const double v : x.values) {
    if (v > x_max * (1 + 1e-9)) continue;
    const float px = std::round(x_at(v));
    draw->AddLine(ImVec2(px, top), ImVec2(px, bottom), grid);
    if (!axes.x_labels) continue;
    const std::string label = tick_label(v, x.step);
    const ImVec2 size = ImGui::CalcTextSize(label.c_str());
    const float lx = std::clamp(px - size.x * 0.5f, left, right - size.x);
    draw->AddText(ImVec2(lx, bottom + style.ItemInnerSpacing.y), text, label.c_str());
  }
  if (axes.x_labels) {  // the x axis's name, under the y labels
    const ImVec2 size = ImGui::CalcTextSize("epoch");
    draw->AddText(
        ImVec2(left - style.ItemInnerSpacing.x - size.x, bottom + style.ItemInnerSpacing.y), text,
        "epoch");
  }

  if (points.empty()) return;
  std::vector<ImVec2> path;
  path.reserve(points.size() + 1);
  for (const CurvePoint& p : points)
    path.emplace_back(x_at(p.samples / axes.x_per_unit), y_at(p.value));
  draw->PushClipRect(ImVec2(left, top - 1), ImVec2(right + 1, bottom + 1), true);
  if (path.size() == 1) {
    draw->AddCircleFilled(path[0], 2.5f * style.FrameBorderSize + 2.0f, color);
  } else {
    draw->AddPolyline(path.data(), static_cast<int>(path.size()), color, ImDrawFlags_None,
                      std::max(1.0f, std::round(line / 10.0f)));
  }
  draw->PopClipRect();
}

}  // namespace digitlab
