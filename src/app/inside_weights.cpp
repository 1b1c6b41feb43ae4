// The Weights tab: layer 1's units as tiles of their incoming weights, and one unit in detail.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "data/dataset.h"
#include "inside/weight_tiles.h"
#include "inside_draw.h"
#include "inside_view.h"
#include "network_view.h"
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

}  // namespace

void InsideView::draw_weights(const Network& net,
                              const std::vector<std::vector<float>>& activations, float width,
                              float height) {
  const float top = ImGui::GetCursorPosY();
  const bool hidden = net.layer_count() >= 3;
  const int n = net.sizes()[1];
  ImGui::TextUnformatted(hidden ? "Weights: what each first-layer unit looks for"
                                : "Weights: what each output looks for (no hidden layer)");
  help_marker(
      "Each tile is one unit's incoming weights, one per input pixel, laid out as the 28x28 "
      "picture. Red: ink there raises the unit's sum; blue: lowers it; white: no effect. All "
      "tiles share one colour scale, the 99th percentile of |w| in the layer, so one outlying "
      "weight does not wash the others out. Hover or click a unit for its activation and its "
      "outgoing weights.");
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
  const int cells =
      std::clamp(std::min(static_cast<int>(std::sqrt(tile_cell_budget() / std::max(n, 1))),
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
