// The Weights tab: layer 1's units as tiles of their incoming weights, and one unit in detail;
// with a hidden layer, a choice of weight layer, the deeper ones as heat maps of their matrix.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <string>

#include "data/dataset.h"
#include "inside/colour_map.h"
#include "inside/weight_tiles.h"
#include "inside_draw.h"
#include "inside_view.h"
#include "network_view.h"
#include "picture_textures.h"
#include "widgets.h"

namespace digitlab {
namespace {

// The most cells all tiles together draw (4 vertices each): a grid of many units shows its
// tiles block-averaged, so one draw list stays below 16-bit indices' 65536 vertices; a renderer
// that can offset its vertices (desktop GL 3.2, not WebGL) takes several times as many.
int tile_cell_budget() {
  const bool offsets = ImGui::GetIO().BackendFlags & ImGuiBackendFlags_RendererHasVtxOffset;
  return offsets ? 60000 : 12000;
}

// The colour scale as a strip from -scale (blue) through 0 (white) to +scale (red), labelled at
// both ends and the middle, width wide at the cursor.
void colour_scale_strip(float scale, float width) {
  const float h = std::floor(ImGui::GetTextLineHeight() * 0.7f);
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float x0 = ImGui::GetCursorPosX();  // SameLine's offsets count from the window's left
  ImGui::Dummy(ImVec2(width, h));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  constexpr int kSteps = 32;
  for (int i = 0; i < kSteps; ++i) {
    const float v = -1.0f + 2.0f * (static_cast<float>(i) + 0.5f) / kSteps;
    const Rgb c = diverging_rgb(v);
    draw->AddRectFilled(
        ImVec2(std::floor(at.x + width * static_cast<float>(i) / kSteps), at.y),
        ImVec2(std::floor(at.x + width * static_cast<float>(i + 1) / kSteps), at.y + h),
        IM_COL32(c.r, c.g, c.b, 255));
  }
  char low[32], high[32];
  std::snprintf(low, sizeof low, "-%.3g", static_cast<double>(scale));
  std::snprintf(high, sizeof high, "+%.3g", static_cast<double>(scale));
  ImGui::SetCursorPosX(x0);
  ImGui::TextDisabled("%s", low);
  const float mid_w = ImGui::CalcTextSize("0").x, high_w = ImGui::CalcTextSize(high).x;
  ImGui::SameLine(x0 + std::floor(width * 0.5f - mid_w * 0.5f));
  ImGui::TextDisabled("0");
  ImGui::SameLine(x0 + std::max(width - high_w, width * 0.5f + mid_w));
  ImGui::TextDisabled("%s", high);
}

}  // namespace

void InsideView::draw_weights(const Network& net,
                              const std::vector<std::vector<float>>& activations, float width,
                              float height) {
  const float top = ImGui::GetCursorPosY();
  const bool hidden = net.layer_count() >= 3;
  const int n = net.sizes()[1];
  ImGui::TextUnformatted(!hidden ? "Weights: what each output looks for (no hidden layer)"
                         : weights_layer_ == 1 ? "Weights: what each first-layer unit looks for"
                                               : "Weights: what each layer's units look for");
  help_marker(
      "Each tile is one unit's incoming weights, one per input pixel, laid out as the 28x28 "
      "picture. Red: ink there raises the unit's sum; blue: lowers it; white: no effect. All "
      "tiles share one colour scale, the 99th percentile of |w| in the layer, so one outlying "
      "weight does not wash the others out. Hover or click a unit for its activation and its "
      "outgoing weights.");
  // Which weight layer: the first as tiles, each later one (into a deeper hidden layer or the
  // output) as a heat map of its matrix.
  const int layers = net.layer_count();
  if (weights_layer_ < 1 || weights_layer_ >= layers) weights_layer_ = 1;
  if (layers >= 3) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("weights into");
    for (int l = 1; l < layers; ++l) {
      const std::string label = layer_name(l, layers);
      flow(label.c_str());
      ImGui::RadioButton(label.c_str(), &weights_layer_, l);
      rects_.note_last_item("weights:" + std::to_string(l));
    }
    if (weights_layer_ > 1) {
      draw_weight_matrix(net, weights_layer_, width, height - (ImGui::GetCursorPosY() - top));
      return;
    }
  }
  const uint64_t fp = network_fingerprint(net);
  if (fp != scale_fingerprint_) {
    tile_scale_ = weight_scale(net, 1);
    out_scale_ = hidden ? weight_scale(net, 2) : 1.0f;
    scale_fingerprint_ = fp;
  }
  const std::vector<float>* acts = activations.size() > 1 ? &activations[1] : nullptr;
  ImGui::AlignTextToFramePadding();
  ImGui::Text("scale +-%.3g", static_cast<double>(tile_scale_));
  flow("sort by activation");
  ImGui::Checkbox("sort by activation", &sort_by_activation_);

  std::vector<int> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  if (sort_by_activation_ && acts) order = units_by_activation(*acts);

  // The detail beside the grid on a wide column, under it on a narrow one.
  const float em = ImGui::GetFontSize();
  const bool beside = width >= 34.0f * em;
  const float detail_w = beside ? std::floor(std::min(14.0f * em, width * 0.35f)) : width;
  const float detail_h = beside ? 0.0f : 13.0f * em;
  const float grid_w = beside ? width - detail_w - ImGui::GetStyle().ItemSpacing.x : width;
  const float grid_h = std::max(height - (ImGui::GetCursorPosY() - top) - detail_h, 6.0f * em);

  // The tiles' size for the room less a scrollbar's width; the grid's box no taller than its
  // tiles, so the detail under it (a narrow column) follows right after them.
  const float gap = 2.0f;
  const float avail_w = grid_w - ImGui::GetStyle().ScrollbarSize;
  const int cols = grid_columns(n, avail_w, grid_h);
  const int rows = (n + cols - 1) / cols;
  const float fit_w = (avail_w - static_cast<float>(cols - 1) * gap) / static_cast<float>(cols);
  const float fit_h = (grid_h - static_cast<float>(rows) * gap) / static_cast<float>(rows);
  // Whole pixels; at least 14 (the grid scrolls), at most 3x the picture's size.
  const float tile = std::floor(std::clamp(std::min(fit_w, fit_h), 14.0f, 84.0f));
  const int per_row = std::max(1, static_cast<int>((avail_w + gap) / (tile + gap)));
  const float rows_h = static_cast<float>((n + per_row - 1) / per_row) * (tile + gap);
  // As textures (picture_textures.h) a tile is 4 vertices whatever it shows: it has as many
  // cells as pixels, up to every weight. As rectangles the vertex budget decides.
  const bool textured = picture_textures() != nullptr;
  const int cells = std::clamp(
      textured ? static_cast<int>(tile)
               : std::min(static_cast<int>(std::sqrt(tile_cell_budget() / std::max(n, 1))),
                          static_cast<int>(tile / 2.0f)),
      4, kImageSide);
  int hovered = -1;
  ImGui::BeginChild("tiles", ImVec2(grid_w, std::min(grid_h, rows_h)), false);
  {
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(gap, gap));
    ImDrawList* draw = ImGui::GetWindowDrawList();
    for (int i = 0; i < n; ++i) {
      const int unit = order[static_cast<size_t>(i)];
      if (i % per_row != 0) ImGui::SameLine();
      const std::vector<float> w = incoming_weights(net, 1, unit);
      signed_picture(w.data(), kImageSide, tile_scale_, tile, cells);
      if (ImGui::IsItemHovered()) hovered = unit;
      if (ImGui::IsItemClicked()) selected_unit_ = selected_unit_ == unit ? -1 : unit;
      if (unit == selected_unit_ || unit == hovered)
        draw->AddRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), kAccentColor);
    }
    ImGui::PopStyleVar();
  }
  ImGui::EndChild();
  if (beside) ImGui::SameLine();
  ImGui::BeginGroup();
  // The unit under the mouse, else the clicked one, else the drawing's most active one.
  int unit = hovered >= 0 ? hovered : selected_unit_;
  if ((unit < 0 || unit >= n) && acts) unit = units_by_activation(*acts).front();
  if (unit >= 0 && unit < n)
    draw_unit_detail(net, activations, unit, detail_w);
  else
    ImGui::TextDisabled("Hover or click a unit.");  // no drawing, none chosen
  ImGui::EndGroup();
}

void InsideView::draw_weight_matrix(const Network& net, int layer, float width, float height) {
  const int layers = net.layer_count();
  const int rows = net.sizes()[layer], cols = net.sizes()[layer - 1];
  const std::string below = layer_name(layer - 1, layers), above = layer_name(layer, layers);
  ImGui::Text("%s -> %s: %d x %d weights", below.c_str(), above.c_str(), rows, cols);
  help_marker(
      "The whole weight matrix into this layer as a heat map: one row per unit of this layer, "
      "one column per unit of the layer below; red positive, blue negative, white 0. A matrix "
      "larger than the room is shown in blocks, each cell the mean of its block's weights, and "
      "the colours span the 99th percentile of |value| of the cells as shown. Hover a cell for "
      "its units and value.");
  // The room: cells at least 2 px, and few enough that the draw list stays small (WebGL's
  // 16-bit indices): at most 150 columns and 6000 cells.
  const float em = ImGui::GetFontSize();
  const float label_w = em * 1.5f;
  const float plot_w = std::max(width - label_w - ImGui::GetStyle().ScrollbarSize, 40.0f);
  const float plot_h = std::max(height - ImGui::GetTextLineHeightWithSpacing() * 4.0f, 6.0f * em);
  const int max_cols = std::clamp(static_cast<int>(plot_w / 2.0f), 1, 150);
  const int max_rows =
      std::clamp(std::min(static_cast<int>(plot_h / 2.0f), 6000 / max_cols), 1, 150);
  const uint64_t fp = network_fingerprint(net);
  if (fp != matrix_fingerprint_ || layer != matrix_layer_ || max_rows != matrix_max_rows_ ||
      max_cols != matrix_max_cols_) {
    matrix_ = weight_matrix_map(net, layer, max_rows, max_cols);
    matrix_fingerprint_ = fp;
    matrix_layer_ = layer;
    matrix_max_rows_ = max_rows;
    matrix_max_cols_ = max_cols;
  }
  const WeightMatrixMap& m = matrix_;
  if (m.row_block > 1 || m.col_block > 1)
    ImGui::TextDisabled("each cell the mean of %d x %d weights", m.row_block, m.col_block);
  else
    ImGui::TextDisabled("rows: %s units, columns: %s units", above.c_str(), below.c_str());
  const float cell_w = std::clamp(std::floor(plot_w / static_cast<float>(m.cols)), 1.0f, 24.0f);
  const float cell_h = std::clamp(std::floor(plot_h / static_cast<float>(m.rows)), 2.0f, 24.0f);
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const ImVec2 map_at(at.x + label_w, at.y);
  const float map_w = cell_w * static_cast<float>(m.cols),
              map_h = cell_h * static_cast<float>(m.rows);
  ImGui::Dummy(ImVec2(label_w + map_w, map_h));
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (int r = 0; r < m.rows; ++r)
    for (int c = 0; c < m.cols; ++c) {
      const Rgb rgb =
          diverging_rgb(weight_colour(m.cells[static_cast<size_t>(r) * m.cols + c], m.scale));
      const ImVec2 a(map_at.x + cell_w * static_cast<float>(c),
                     map_at.y + cell_h * static_cast<float>(r));
      draw->AddRectFilled(a, ImVec2(a.x + cell_w, a.y + cell_h),
                          IM_COL32(rgb.r, rgb.g, rgb.b, 255));
    }
  // Row numbers down the left while they fit (the output's 0-9).
  if (m.row_block == 1 && cell_h >= ImGui::GetTextLineHeight())
    for (int r = 0; r < m.rows; ++r)
      draw->AddText(ImVec2(at.x, map_at.y + cell_h * static_cast<float>(r)),
                    ImGui::GetColorU32(ImGuiCol_TextDisabled), std::to_string(r).c_str());
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  if (hovered && mouse.x >= map_at.x && mouse.x < map_at.x + map_w) {
    const int c = std::min(m.cols - 1, static_cast<int>((mouse.x - map_at.x) / cell_w));
    const int r = std::min(m.rows - 1, static_cast<int>((mouse.y - map_at.y) / cell_h));
    const int r0 = r * m.row_block, c0 = c * m.col_block;
    const int r1 = std::min(rows, r0 + m.row_block) - 1, c1 = std::min(cols, c0 + m.col_block) - 1;
    ImGui::BeginTooltip();
    if (r0 == r1 && c0 == c1)
      ImGui::Text("%s %d <- %s %d", above.c_str(), r0, below.c_str(), c0);
    else
      ImGui::Text("%s %d-%d <- %s %d-%d", above.c_str(), r0, r1, below.c_str(), c0, c1);
    ImGui::Text("%s %.4f", r0 == r1 && c0 == c1 ? "weight" : "mean weight",
                static_cast<double>(m.cells[static_cast<size_t>(r) * m.cols + c]));
    ImGui::EndTooltip();
  }
  ImGui::SetCursorScreenPos(ImVec2(map_at.x, ImGui::GetCursorScreenPos().y));
  colour_scale_strip(m.scale, std::min(map_w, em * 16.0f));
}

void InsideView::draw_unit_detail(const Network& net,
                                  const std::vector<std::vector<float>>& activations, int unit,
                                  float width) {
  const bool hidden = net.layer_count() >= 3;
  ImGui::Text("%s %d", hidden ? "Unit" : "Output", unit);
  if (activations.size() > 1)
    ImGui::Text("activation %.3f", static_cast<double>(activations[1][static_cast<size_t>(unit)]));
  else
    ImGui::TextDisabled("activation: no drawing");
  const float big = std::floor(std::min(width, 28.0f * 5.0f));
  const std::vector<float> w = incoming_weights(net, 1, unit);
  signed_picture(w.data(), kImageSide, tile_scale_, big, kImageSide);
  if (!hidden) return;
  const std::vector<float> out = outgoing_weights(net, 1, unit);
  ImGui::TextDisabled("outgoing to %d units", static_cast<int>(out.size()));
  ImGui::TextDisabled("scale +-%.3g", static_cast<double>(out_scale_));
  signed_bars(out.data(), static_cast<int>(out.size()), out_scale_, big,
              std::floor(ImGui::GetFontSize() * 3.0f));
}

}  // namespace digitlab
