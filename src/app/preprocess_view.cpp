#include "preprocess_view.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace digitlab {
namespace {

// Mean of the block_size x block_size pixels at block (bx, by), over those inside the image.
float block_mean(const GreyImage& image, int bx, int by, int block_size) {
  const int x1 = std::min(image.width, (bx + 1) * block_size);
  const int y1 = std::min(image.height, (by + 1) * block_size);
  float sum = 0.0f;
  int count = 0;
  for (int y = by * block_size; y < y1; ++y) {
    for (int x = bx * block_size; x < x1; ++x, ++count) sum += image.at(x, y);
  }
  return count ? sum / static_cast<float>(count) : 0.0f;
}

}  // namespace

void grey_image(const GreyImage& image, float box) {
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(box, box));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 end(origin.x + box, origin.y + box);
  draw->AddRectFilled(origin, end, IM_COL32(22, 24, 30, 255));
  draw->AddRect(origin, end, ImGui::GetColorU32(ImGuiCol_Border));
  if (image.width <= 0 || image.height <= 0) return;

  const int longer = std::max(image.width, image.height);
  const int max_cells = std::max(1, static_cast<int>(box / 2.0f));
  const int block = (longer + max_cells - 1) / max_cells;  // 1 for images that fit as they are
  const int cols = (image.width + block - 1) / block, rows = (image.height + block - 1) / block;
  const float cell = std::max(1.0f, std::floor(box / static_cast<float>(std::max(cols, rows))));
  const float x0 = std::floor(origin.x + (box - cell * static_cast<float>(cols)) * 0.5f);
  const float y0 = std::floor(origin.y + (box - cell * static_cast<float>(rows)) * 0.5f);
  // The image's own frame in black on the box's dark grey, so the crop's shape shows.
  draw->AddRectFilled(
      ImVec2(x0, y0),
      ImVec2(x0 + cell * static_cast<float>(cols), y0 + cell * static_cast<float>(rows)),
      IM_COL32(0, 0, 0, 255));
  for (int by = 0; by < rows; ++by) {
    for (int bx = 0; bx < cols; ++bx) {
      const float v = block_mean(image, bx, by, block);
      if (v <= 0.0f) continue;
      const int level = static_cast<int>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f));
      const ImVec2 a(x0 + static_cast<float>(bx) * cell, y0 + static_cast<float>(by) * cell);
      draw->AddRectFilled(a, ImVec2(a.x + cell, a.y + cell), IM_COL32(level, level, level, 255));
    }
  }
}

void preprocess_steps(const GreyImage& raw, const Preprocessed& steps, float width) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const char* arrow = ">";
  const float arrow_gap = ImGui::CalcTextSize(arrow).x + 2.0f * style.ItemInnerSpacing.x;
  const float box = std::floor((width - 3.0f * arrow_gap) / 4.0f);
  const struct {
    const char* caption;
    const GreyImage* image;
  } shown[] = {{"raw", &raw},
               {"cropped", &steps.cropped},
               {"20 px", &steps.scaled},
               {"28x28", &steps.centred}};
  // Each step at a fixed x, so a caption a little wider than its box (a narrow pad) runs into
  // the gap instead of pushing the next step out of the column.
  const ImVec2 start = ImGui::GetCursorPos();
  float bottom = start.y;
  for (int i = 0; i < 4; ++i) {
    const float x = start.x + static_cast<float>(i) * (box + arrow_gap);
    if (i > 0) {
      ImGui::SetCursorPos(ImVec2(x - arrow_gap + style.ItemInnerSpacing.x,
                                 start.y + ImGui::GetTextLineHeightWithSpacing() +
                                     std::floor((box - ImGui::GetTextLineHeight()) * 0.5f)));
      ImGui::TextDisabled("%s", arrow);
    }
    ImGui::SetCursorPos(ImVec2(x, start.y));
    ImGui::BeginGroup();
    ImGui::TextUnformatted(shown[i].caption);
    grey_image(*shown[i].image, box);
    if (shown[i].image->width > 0)
      ImGui::TextDisabled("%dx%d", shown[i].image->width, shown[i].image->height);
    else
      ImGui::TextDisabled("-");
    ImGui::EndGroup();
    bottom = std::max(bottom, ImGui::GetCursorPosY());
  }
  ImGui::SetCursorPos(ImVec2(start.x, bottom));
}

}  // namespace digitlab
