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
  uint64_t steps = 0;                           // updates begun so far (Adam's t during an update)
  double beta1_power = 1.0, beta2_power = 1.0;  // β1^t and β2^t
  std::vector<MomentState> buffers;             // one per parameter buffer the engine updates
};

// One update of w (n values) by the mean gradient g (n) for buffer `buffer` of state, whose kind
// and step count apply. Call begin_step once before the buffers of one update, then this for
// each buffer.
void begin_step(OptimizerState& state);
void apply_update(OptimizerState& state, int buffer, float* w, const float* g, size_t n, float lr,
                  float weight_decay);

// The same update of a buffer of (rows, cols), a row at a time, for a caller that computes each
// row's gradient just before its update, so the gradient never fills a buffer of its own: the
// batch engine's sparse first layer (engines.h), whose gradient is g_row + offset with one offset
// row shared by all. Made after begin_step, once per buffer and step; apply(r, ...) updates row
// r of w (w and g point at the row: cols values each; offset is cols values or null). Every row
// once per step, in any order; the same bits as apply_update on the whole buffer.
class RowUpdate {
 public:
  RowUpdate(OptimizerState& state, int buffer, size_t rows, size_t cols, float lr,
            float weight_decay);
  void apply(size_t row, float* w, const float* g, const float* offset) const;

 private:
  Optimizer kind_;
  float lr_, decay_;
  float adam_step_ = 0.0f, adam_inverse_root_ = 0.0f;  // adam only (optimizer.cpp)
  size_t cols_;
  float* m_ = nullptr;  // this buffer's moments, if the kind keeps them
  float* s_ = nullptr;
};

// The plain loop (in double) the above are tested against.
void apply_update_naive(OptimizerState& state, int buffer, float* w, const float* g, size_t n,
                        float lr, float weight_decay);

}  // namespace digitlab
