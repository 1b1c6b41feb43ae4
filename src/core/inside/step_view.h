// What the step-through view (one training step, step by step) needs beyond the step itself
// (network/step_trace.h): the learning rate it starts at, which units' weights a step changes
// most (the first layer's ΔW tiles show those when there are many), and the scale that fits a
// row of bars.
#pragma once
#include <cstddef>
#include <vector>

#include "network/step_trace.h"
#include "training/training_config.h"

namespace digitlab {

// The rate a step starts at for a model made by `made_with`: that run's rate when it trained
// with plain SGD (the rule a step applies, Network::train) and the rate is valid, else
// usual_learning_rate(Optimizer::Sgd), the book's 0.1 (an Adam rate of 0.001 would barely move
// a plain step).
float step_learning_rate(const TrainingConfig& made_with);

// The units a weight layer's step feeds (the rows of s.weight_change, s.step.size() of them)
// ordered by how much their incoming weights change, Σ_i |ΔW[j][i]|, largest first; ties (and
// NaN, last) keep index order.
std::vector<int> units_by_change(const LayerStep& s);

// The largest |v| of n values, or 1 when all are 0 (n = 0 too): a scale that fits every bar of
// a short row (ten outputs' errors) without clipping any, where a percentile would clip the top.
float largest_magnitude(const float* values, size_t n);

}  // namespace digitlab
