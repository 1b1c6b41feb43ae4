#include "inside_draw.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "inside/colour_map.h"
#include "inside/weight_tiles.h"

namespace digitlab {
namespace {

ImU32 to_colour(Rgb c) {
  return IM_COL32(c.r, c.g, c.b, 255);
}

// Cells of `side / cells` values per side (rounded up), drawn as box / cells squares; fill
// gets each cell's block (x0, y0, x1, y1 in values) and returns its colour.
template <typename Fill>
void cell_picture(int side, float box, int cells, Fill fill) {
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(box, box));
  if (!ImGui::IsItemVisible()) return;  // scrolled away: no vertices
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const int block = (side + std::max(cells, 1) - 1) / std::max(cells, 1);
  const int n = (side + block - 1) / block;
  const float cell = box / static_cast<float>(n);
  for (int by = 0; by < n; ++by) {
    for (int bx = 0; bx < n; ++bx) {
      const int x0 = bx * block, y0 = by * block;
      const ImU32 c = fill(x0, y0, std::min(side, x0 + block), std::min(side, y0 + block));
      const ImVec2 a(origin.x + std::floor(static_cast<float>(bx) * cell),
                     origin.y + std::floor(static_cast<float>(by) * cell));
      const ImVec2 b(origin.x + std::floor(static_cast<float>(bx + 1) * cell),
                     origin.y + std::floor(static_cast<float>(by + 1) * cell));
      draw->AddRectFilled(a, b, c);
    }
  }
}

template <typename Value>
float block_mean(const Value& at, int x0, int y0, int x1, int y1) {
  float sum = 0;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) sum += at(x, y);
  return sum / static_cast<float>((x1 - x0) * (y1 - y0));
}

}  // namespace

void signed_picture(const float* values, int side, float scale, float box, int max_cells_per_side) {
  const auto at = [&](int x, int y) { return values[y * side + x]; };
  cell_picture(side, box, std::min(side, max_cells_per_side), [&](int x0, int y0, int x1, int y1) {
    return to_colour(diverging_rgb(weight_colour(block_mean(at, x0, y0, x1, y1), scale)));
  });
}

void input_picture(const float* values, int side, float box) {
  cell_picture(side, box, side, [&](int x, int y, int, int) {
    const uint8_t p = input_pixel(values[y * side + x]);
    return IM_COL32(p, p, p, 255);
  });
}

void signed_bars(const float* values, int n, float scale, float width, float height) {
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(width, height));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 end(origin.x + width, origin.y + height);
  draw->AddRectFilled(origin, end, IM_COL32(38, 42, 51, 255));
  const float mid = std::floor(origin.y + height * 0.5f);
  draw->AddLine(ImVec2(origin.x, mid), ImVec2(end.x, mid), IM_COL32(120, 120, 130, 255));
  if (n <= 0) return;
  const float slot = width / static_cast<float>(n);
  const float gap = slot >= 4.0f ? 1.0f : 0.0f;
  for (int i = 0; i < n; ++i) {
    const float v = weight_colour(values[i], scale);  // -1..1
    const float x0 = std::floor(origin.x + static_cast<float>(i) * slot);
    const float x1 =
        std::max(x0 + 1.0f, std::floor(origin.x + static_cast<float>(i + 1) * slot) - gap);
    const float y = mid - v * (height * 0.5f - 1.0f);
    draw->AddRectFilled(ImVec2(x0, std::min(y, mid)), ImVec2(x1, std::max(y, mid) + 1.0f),
                        to_colour(diverging_rgb(v)));
  }
}

void help_marker(const char* text) {
  ImGui::SameLine();
  ImGui::TextDisabled("(?)");
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

}  // namespace digitlab
