// One training step, step by step: every intermediate quantity of one per-sample step of plain
// gradient descent (Network::train), for a view that walks through the book's chapter on a real
// network. The trace is computed from a const network with the same operations in the same
// order as Network::train, so applying it (apply_step) gives train's weights bit for bit.
//
// For weight layer l (layer l's nodes o_prev feed layer l+1's nodes o through W_l):
//   error  e   at the output t - o; below, what the layer above passes down through its
//              pre-update weights: W_{l+1}ᵀ·e (the book's loss) or W_{l+1}ᵀ·delta (true
//              gradients), as layer_math.h's splits_raw_error decides
//   delta      e ⊙ f'(o), before the learning rate (minus dL/dz for the true gradients)
//   step       what the update multiplies by o_prevᵀ: lr·delta, rounded as train rounds it
//              (the book's order applies the rate first: f'(lr·e); see network.cpp)
//   ΔW = step · o_prevᵀ,  Δb = step (with biases)
#pragma once
#include <cstdint>
#include <vector>

#include "network/network.h"

namespace digitlab {

// Weight layer l's part of the step. Sizes: error, delta, step and bias_change are
// (sizes[l+1]); weight_change is (sizes[l+1], sizes[l]) row-major, as W_l in the network.
struct LayerStep {
  std::vector<float> error;
  std::vector<float> delta;
  std::vector<float> step;
  std::vector<float> weight_change;  // ΔW_l
  std::vector<float> bias_change;    // Δb_l; empty without biases
};

struct StepTrace {
  float learning_rate = 0.0f;
  std::vector<float> target;                          // (outputs), make_target with the net's loss
  std::vector<std::vector<float>> activations;        // the forward pass, input first
  std::vector<float> output_error;                    // t - o (= layers.back().error)
  float loss = 0.0f;                                  // the loss of that forward pass, as train's
  std::vector<LayerStep> layers;                      // one per weight layer, the input's first
  std::vector<std::vector<float>> activations_after;  // the forward pass after the step
};

// The step Network::train(input, target of label, lr) would take, without changing net.
// input is (net.input_size()), already scaled (scale_input); 0 <= label < net.output_size().
StepTrace trace_step(const Network& net, const float* input, int label, float lr);
// The same for an image of net.input_size() pixels, scaled by scale_input.
StepTrace trace_step(const Network& net, const uint8_t* pixels, int label, float lr);

// W_l += ΔW_l and b_l += Δb_l for every layer: net as Network::train leaves it. net must have
// the architecture the trace was made with (asserted).
void apply_step(Network& net, const StepTrace& trace);

}  // namespace digitlab
