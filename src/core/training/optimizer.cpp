// The optimisers' update (optimizer.h): one fused pass over a buffer and its moments.
//
// Each rule is written once, for one element (Rule<kind>::apply below), and every entry point
// runs the same loop over it, templated on the kind so the loop has no branch inside: GCC and
// Clang vectorise it for every target (Adam's √ and ÷ too: the core is built with
// -fno-math-errno, so std::sqrt is the instruction rather than a call that may set errno).
// √, ÷, × and + are correctly rounded on every target and the core is built without FMA
// contraction, so the vector and scalar forms give the same bits natively and in WebAssembly.
#include "training/optimizer.h"

#include <cassert>
#include <cmath>

namespace digitlab {
namespace {

// Adam's step size and the corrected denominator's scale at step t (from 1), as PyTorch writes
// them: w -= (lr / (1 - β1^t)) · m / (√s / √(1 - β2^t) + ε).
struct AdamScale {
  float step;          // lr / (1 - β1^t)
  float inverse_root;  // 1 / √(1 - β2^t)
};

AdamScale adam_scale(const OptimizerState& state, float lr) {
  const double correction1 = 1.0 - state.beta1_power;
  const double correction2 = 1.0 - state.beta2_power;
  return {static_cast<float>(lr / correction1), static_cast<float>(1.0 / std::sqrt(correction2))};
}

MomentState& moments(OptimizerState& state, int buffer, size_t n) {
  if (state.buffers.size() <= static_cast<size_t>(buffer)) state.buffers.resize(buffer + 1);
  MomentState& m = state.buffers[buffer];
  if (state.kind != Optimizer::Sgd && m.m.size() != n) m.m.assign(n, 0.0f);
  if (state.kind == Optimizer::Adam && m.s.size() != n) m.s.assign(n, 0.0f);
  return m;
}

// What one update needs besides the element: the rate, the decay, Adam's scales.
struct StepParams {
  float lr, decay;
  AdamScale adam;
};

// The rules, one element each: w is the weight, g the gradient (before decay), m and s its
// moments (unused by the rules that keep none).
template <Optimizer K>
struct Rule;
template <>
struct Rule<Optimizer::Sgd> {
  static void apply(const StepParams& p, float& w, float g, float&, float&) {
    w -= p.lr * (g + p.decay * w);
  }
};
template <>
struct Rule<Optimizer::Momentum> {
  static void apply(const StepParams& p, float& w, float g, float& v, float&) {
    v = kMomentum * v + (g + p.decay * w);
    w -= p.lr * v;
  }
};
template <>
struct Rule<Optimizer::Nesterov> {
  static void apply(const StepParams& p, float& w, float g, float& v, float&) {
    const float gi = g + p.decay * w;
    v = kMomentum * v + gi;
    w -= p.lr * (gi + kMomentum * v);
  }
};
template <>
struct Rule<Optimizer::Adam> {
  static void apply(const StepParams& p, float& w, float g, float& m, float& s) {
    const float gi = g + p.decay * w;
    m = kAdamBeta1 * m + (1.0f - kAdamBeta1) * gi;
    s = kAdamBeta2 * s + (1.0f - kAdamBeta2) * (gi * gi);
    w -= p.adam.step * m / (std::sqrt(s) * p.adam.inverse_root + kAdamEpsilon);
  }
};

// One row of n elements; with kOffset each gradient gets offset[i] added first. The moments of
// the rules that keep none are a dummy.
template <Optimizer K, bool kOffset>
void update_row(const StepParams& p, float* __restrict w, const float* __restrict g,
                float* __restrict m, float* __restrict s, const float* __restrict offset,
                size_t n) {
  constexpr bool kM = K != Optimizer::Sgd, kS = K == Optimizer::Adam;
  float unused_m = 0.0f, unused_s = 0.0f;
  for (size_t i = 0; i < n; ++i) {
    const float gi = kOffset ? g[i] + offset[i] : g[i];
    Rule<K>::apply(p, w[i], gi, kM ? m[i] : unused_m, kS ? s[i] : unused_s);
  }
}

template <Optimizer K>
void update_row(const StepParams& p, float* w, const float* g, float* m, float* s,
                const float* offset, size_t n) {
  if (offset)
    update_row<K, true>(p, w, g, m, s, offset, n);
  else
    update_row<K, false>(p, w, g, m, s, offset, n);
}

}  // namespace

void begin_step(OptimizerState& state) {
  state.steps += 1;
  // β^t by multiplication rather than pow(): IEEE products round alike on every target, libm's
  // pow need not, and the weights must come out the same natively and in WebAssembly.
  state.beta1_power *= static_cast<double>(kAdamBeta1);
  state.beta2_power *= static_cast<double>(kAdamBeta2);
}

RowUpdate::RowUpdate(OptimizerState& state, int buffer, size_t rows, size_t cols, float lr,
                     float weight_decay)
    : kind_(state.kind), lr_(lr), decay_(weight_decay), cols_(cols) {
  assert(state.steps >= 1);  // begin_step first
  MomentState& ms = moments(state, buffer, rows * cols);
  m_ = ms.m.empty() ? nullptr : ms.m.data();
  s_ = ms.s.empty() ? nullptr : ms.s.data();
  if (kind_ == Optimizer::Adam) {
    const AdamScale a = adam_scale(state, lr);
    adam_step_ = a.step;
    adam_inverse_root_ = a.inverse_root;
  }
}

void RowUpdate::apply(size_t row, float* w, const float* g, const float* offset) const {
  const StepParams p{lr_, decay_, {adam_step_, adam_inverse_root_}};
  const size_t at = row * cols_;
  float* m = m_ ? m_ + at : nullptr;
  float* s = s_ ? s_ + at : nullptr;
  switch (kind_) {
    case Optimizer::Sgd:
      return update_row<Optimizer::Sgd>(p, w, g, m, s, offset, cols_);
    case Optimizer::Momentum:
      return update_row<Optimizer::Momentum>(p, w, g, m, s, offset, cols_);
    case Optimizer::Nesterov:
      return update_row<Optimizer::Nesterov>(p, w, g, m, s, offset, cols_);
    case Optimizer::Adam:
      return update_row<Optimizer::Adam>(p, w, g, m, s, offset, cols_);
  }
}

void apply_update(OptimizerState& state, int buffer, float* w, const float* g, size_t n, float lr,
                  float weight_decay) {
  RowUpdate(state, buffer, 1, n, lr, weight_decay).apply(0, w, g, nullptr);
}

void apply_update_naive(OptimizerState& state, int buffer, float* w, const float* g, size_t n,
                        float lr, float weight_decay) {
  MomentState& ms = moments(state, buffer, n);
  const double t = static_cast<double>(state.steps);
  for (size_t i = 0; i < n; ++i) {
    const double gi = double(g[i]) + double(weight_decay) * w[i];
    double step = gi;
    if (state.kind == Optimizer::Momentum || state.kind == Optimizer::Nesterov) {
      const double v = double(kMomentum) * ms.m[i] + gi;
      ms.m[i] = static_cast<float>(v);
      step = state.kind == Optimizer::Momentum ? v : gi + double(kMomentum) * v;
    } else if (state.kind == Optimizer::Adam) {
      const double m = double(kAdamBeta1) * ms.m[i] + (1.0 - kAdamBeta1) * gi;
      const double s = double(kAdamBeta2) * ms.s[i] + (1.0 - kAdamBeta2) * gi * gi;
      ms.m[i] = static_cast<float>(m);
      ms.s[i] = static_cast<float>(s);
      const double m_hat = m / (1.0 - std::pow(double(kAdamBeta1), t));
      const double s_hat = s / (1.0 - std::pow(double(kAdamBeta2), t));
      step = m_hat / (std::sqrt(s_hat) + double(kAdamEpsilon));
    }
    w[i] = static_cast<float>(w[i] - double(lr) * step);
  }
}

}  // namespace digitlab
