// What a hidden unit looks for and what it feeds: its incoming weights (for the first hidden
// layer a 28x28 tile over the input picture), its outgoing weights, the one symmetric colour scale
// a layer's tiles share, and the order that sorts a layer's units by how strongly they fire.
//
// Layers here are counted as query() counts them: layer 0 is the input, layer_count()-1 the
// output, so a hidden unit is (layer 1..layer_count()-2, unit) and its activation is
// query(input)[layer][unit]. Its incoming weights are row `unit` of W_{layer-1}, its outgoing
// weights column `unit` of W_layer.
#pragma once
#include <cstddef>
#include <vector>

#include "network/network.h"

namespace digitlab {

// The share of a layer's |w| that its colour scale covers: the scale is the 99th percentile of
// |w|, not the largest, so one outlying weight does not wash every other tile out to grey; the
// 1% beyond it are drawn at full colour (weight_colour clamps).
constexpr double kWeightScalePercentile = 0.99;

// Unit `unit` of `layer` (1..layer_count()-1): its sizes[layer-1] incoming weights, in the order
// of the layer below (for layer 1 the input's pixels, row-major: the 28x28 tile).
std::vector<float> incoming_weights(const Network& net, int layer, int unit);

// Hidden unit `unit` of `layer` (1..layer_count()-2): its sizes[layer+1] outgoing weights, one
// per unit of the next layer.
std::vector<float> outgoing_weights(const Network& net, int layer, int unit);

// A symmetric colour scale for signed values (n >= 1): the kWeightScalePercentile quantile of
// |v| (the element at floor(p·(n-1)) of the sorted |v|), or 1 when that is 0 (all zeros, drawn
// all neutral). Always > 0. The attribution map's scale too, so both views saturate alike.
float symmetric_scale(const float* values, size_t n);

// One colour scale for all of layer's incoming weights (W_{layer-1}): symmetric_scale of them.
// Hidden layer L's outgoing weights are layer L+1's incoming ones: weight_scale(net, L + 1).
float weight_scale(const Network& net, int layer);

// A weight's diverging colour value: w / scale clamped to [-1, 1]; -1 the most negative colour,
// 0 neutral, 1 the most positive. Odd: weight_colour(-w) == -weight_colour(w). scale > 0.
float weight_colour(float w, float scale);

// A deeper layer's whole weight matrix as a heat map: W_{layer-1}, rows = the layer's units,
// columns = the units of the layer below. A matrix wider or taller than the room is averaged in
// blocks of ceil(n / max) units per side (the last block may hold fewer), so each cell is the
// mean weight of a block. Its colour scale is symmetric_scale of the cells as shown, not of the
// raw weights: averaging pulls values towards 0, and the map should still use its whole range.
struct WeightMatrixMap {
  int rows = 0, cols = 0;            // cells
  int row_block = 1, col_block = 1;  // units per cell, down and across
  std::vector<float> cells;          // rows x cols, row-major
  float scale = 1;                   // > 0
};

// layer 1..layer_count()-1; max_rows, max_cols >= 1.
WeightMatrixMap weight_matrix_map(const Network& net, int layer, int max_rows, int max_cols);
// Any (n_rows, n_cols) row-major matrix the same way, e.g. a training step's weight changes
// (inside/step_view.h); weight_matrix_map is this on W_{layer-1}.
WeightMatrixMap matrix_map(const float* values, int n_rows, int n_cols, int max_rows, int max_cols);

// The indices of acts (one layer's activations), the most active first; ties keep index order,
// so the grid does not shuffle between equal units from frame to frame.
std::vector<int> units_by_activation(const std::vector<float>& acts);

}  // namespace digitlab
