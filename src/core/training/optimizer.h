// The optimisers' update step, one pass over a parameter buffer: with g the batch's mean gradient
// (dL/dw) and λ the weight decay (L2, weights only: biases get λ = 0),
//   g' = g + λ·w
//   sgd:       w -= lr·g'
//   momentum:  v = μ·v + g';  w -= lr·v
//   nesterov:  v = μ·v + g';  w -= lr·(g' + μ·v)
//   adam:      m = β1·m + (1-β1)·g';  s = β2·s + (1-β2)·g'²;  t counts steps from 1;
//              w -= lr·(m/(1-β1^t)) / (√(s/(1-β2^t)) + ε)
// the same formulas as PyTorch's SGD (dampening 0) and Adam (coupled L2), so a run can be
// compared with theirs. tests/test_optimizer.cpp checks each against a step written out by hand.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "training/training_config.h"

namespace digitlab {

// The state an optimiser keeps for one parameter buffer: the velocity (momentum, Nesterov) or
// the first moment (Adam) in m, Adam's second moment in s. Sized on first use.
struct MomentState {
  std::vector<float> m, s;
};

struct OptimizerState {
  Optimizer kind = Optimizer::Sgd;
  uint64_t steps = 0;                // updates made so far (Adam's t is steps + 1 during the next)
  std::vector<MomentState> buffers;  // one per parameter buffer the engine updates
};

// One update of w (n values) by the mean gradient g (n) for buffer `buffer` of state, whose kind
// and step count apply. Call begin_step once before the buffers of one update, then this for
// each buffer; g may be overwritten.
void begin_step(OptimizerState& state);
void apply_update(OptimizerState& state, int buffer, float* w, float* g, size_t n, float lr,
                  float weight_decay);
// The same update for a buffer w of (rows, cols) whose gradient is g + 1·col_offsetᵀ: every
// row's gradient gets col_offset (cols) added, as the batch engine's sparse first layer needs
// (the background pixels' share of its gradient is one row repeated, engines.h). g is set to zero
// as it is read, ready for the next batch's sums. col_sums (cols), unless null, receives the new
// w's sum over the rows, added in row order. The same bits as apply_update on g + 1·col_offsetᵀ.
void apply_update_rows(OptimizerState& state, int buffer, float* w, float* g, size_t rows,
                       size_t cols, const float* col_offset, float lr, float weight_decay,
                       float* col_sums);
// The plain loop the above are tested against.
void apply_update_naive(OptimizerState& state, int buffer, float* w, const float* g, size_t n,
                        float lr, float weight_decay);

}  // namespace digitlab
