// Weight tiles and their colour scale: see weight_tiles.h.
#include "inside/weight_tiles.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numeric>

namespace digitlab {

std::vector<float> incoming_weights(const Network& net, int layer, int unit) {
  assert(layer >= 1 && layer < net.layer_count());
  const int in = net.sizes()[layer - 1];
  assert(unit >= 0 && unit < net.sizes()[layer]);
  const float* row = net.layer_weights(layer - 1) + static_cast<size_t>(unit) * in;
  return std::vector<float>(row, row + in);
}

std::vector<float> outgoing_weights(const Network& net, int layer, int unit) {
  assert(layer >= 1 && layer + 1 < net.layer_count());
  const int width = net.sizes()[layer], next = net.sizes()[layer + 1];
  assert(unit >= 0 && unit < width);
  const float* w = net.layer_weights(layer);  // (next, width)
  std::vector<float> out(next);
  for (int k = 0; k < next; ++k) out[k] = w[static_cast<size_t>(k) * width + unit];
  return out;
}

float symmetric_scale(const float* values, size_t n) {
  assert(n >= 1);
  std::vector<float> magnitude(n);
  for (size_t i = 0; i < n; ++i) magnitude[i] = std::fabs(values[i]);
  const size_t at = static_cast<size_t>(kWeightScalePercentile * static_cast<double>(n - 1));
  std::nth_element(magnitude.begin(), magnitude.begin() + static_cast<std::ptrdiff_t>(at),
                   magnitude.end());
  const float scale = magnitude[at];
  return scale > 0.0f ? scale : 1.0f;
}

float weight_scale(const Network& net, int layer) {
  assert(layer >= 1 && layer < net.layer_count());
  const size_t n = static_cast<size_t>(net.sizes()[layer - 1]) * net.sizes()[layer];
  return symmetric_scale(net.layer_weights(layer - 1), n);
}

float weight_colour(float w, float scale) {
  assert(scale > 0.0f);
  return std::clamp(w / scale, -1.0f, 1.0f);
}

WeightMatrixMap weight_matrix_map(const Network& net, int layer, int max_rows, int max_cols) {
  assert(layer >= 1 && layer < net.layer_count());
  return matrix_map(net.layer_weights(layer - 1), net.sizes()[layer], net.sizes()[layer - 1],
                    max_rows, max_cols);
}

WeightMatrixMap matrix_map(const float* w, int n_rows, int n_cols, int max_rows, int max_cols) {
  assert(n_rows >= 1 && n_cols >= 1 && max_rows >= 1 && max_cols >= 1);
  WeightMatrixMap m;
  m.row_block = (n_rows + max_rows - 1) / max_rows;
  m.col_block = (n_cols + max_cols - 1) / max_cols;
  m.rows = (n_rows + m.row_block - 1) / m.row_block;
  m.cols = (n_cols + m.col_block - 1) / m.col_block;
  m.cells.assign(static_cast<size_t>(m.rows) * m.cols, 0.0f);
  for (int r = 0; r < m.rows; ++r) {
    const int r0 = r * m.row_block, r1 = std::min(n_rows, r0 + m.row_block);
    for (int c = 0; c < m.cols; ++c) {
      const int c0 = c * m.col_block, c1 = std::min(n_cols, c0 + m.col_block);
      double sum = 0;
      for (int i = r0; i < r1; ++i)
        for (int j = c0; j < c1; ++j) sum += w[static_cast<size_t>(i) * n_cols + j];
      m.cells[static_cast<size_t>(r) * m.cols + c] =
          static_cast<float>(sum / static_cast<double>((r1 - r0) * (c1 - c0)));
    }
  }
  m.scale = symmetric_scale(m.cells.data(), m.cells.size());
  return m;
}

std::vector<int> units_by_activation(const std::vector<float>& acts) {
  std::vector<int> order(acts.size());
  std::iota(order.begin(), order.end(), 0);
  // A NaN sorts last, so the comparison stays a strict weak order whatever the values. std::sort
  // with the index as tie-break rather than std::stable_sort, which takes a temporary buffer
  // from the nothrow operator new (one more allocation path for nothing).
  auto key = [&](int i) { return std::isnan(acts[i]) ? -INFINITY : acts[i]; };
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    const float ka = key(a), kb = key(b);
    return ka > kb || (ka == kb && a < b);
  });
  return order;
}

}  // namespace digitlab
