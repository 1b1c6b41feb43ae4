// The optimisers' update (optimizer.h): one fused pass over a buffer and its moments.
//
// Each rule is written once, for one element (Rule<kind>::apply below), and every entry point
// runs the same loop over it, templated on the kind so the loop has no branch inside: GCC and
// Clang vectorise it for every target (Adam's √ and ÷ too: the core is built with
// -fno-math-errno, so std::sqrt is the instruction rather than a call that may set errno).
// √, ÷, × and + are correctly rounded on every target and the core is built without FMA
// contraction, so the vector and scalar forms give the same bits natively and in WebAssembly.
#include "training/optimizer.h"

#include <algorithm>
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

AdamScale adam_scale(uint64_t t, float lr) {
  const double t_d = static_cast<double>(t);
  const double correction1 = 1.0 - std::pow(static_cast<double>(kAdamBeta1), t_d);
  const double correction2 = 1.0 - std::pow(static_cast<double>(kAdamBeta2), t_d);
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

// One row of n elements; with kOffset each gradient gets offset[i] added first, with kClear the
// gradient is set to zero once read. The moments of the rules without them point at a dummy.
template <Optimizer K, bool kOffset, bool kClear>
void update_row(const StepParams& p, float* __restrict w, float* __restrict g, float* __restrict m,
                float* __restrict s, const float* __restrict offset, size_t n) {
  constexpr bool kM = K != Optimizer::Sgd, kS = K == Optimizer::Adam;
  float unused_m = 0.0f, unused_s = 0.0f;
  for (size_t i = 0; i < n; ++i) {
    const float gi = kOffset ? g[i] + offset[i] : g[i];
    if (kClear) g[i] = 0.0f;
    Rule<K>::apply(p, w[i], gi, kM ? m[i] : unused_m, kS ? s[i] : unused_s);
  }
}

template <Optimizer K, bool kOffset, bool kClear>
void update_rows(const StepParams& p, float* w, float* g, MomentState& ms, size_t rows, size_t cols,
                 const float* offset, float* col_sums) {
  float* m = ms.m.empty() ? nullptr : ms.m.data();
  float* s = ms.s.empty() ? nullptr : ms.s.data();
  for (size_t r = 0; r < rows; ++r) {
    const size_t at = r * cols;
    update_row<K, kOffset, kClear>(p, w + at, g + at, m ? m + at : nullptr, s ? s + at : nullptr,
                                   offset, cols);
    if (col_sums)  // the row just written, still in L1
      for (size_t j = 0; j < cols; ++j) col_sums[j] += w[at + j];
  }
}

template <bool kOffset, bool kClear>
void dispatch(OptimizerState& state, int buffer, float* w, float* g, size_t rows, size_t cols,
              const float* offset, float lr, float weight_decay, float* col_sums) {
  assert(state.steps >= 1);  // begin_step first
  MomentState& ms = moments(state, buffer, rows * cols);
  const StepParams p{lr, weight_decay,
                     state.kind == Optimizer::Adam ? adam_scale(state.steps, lr) : AdamScale{}};
  switch (state.kind) {
    case Optimizer::Sgd:
      return update_rows<Optimizer::Sgd, kOffset, kClear>(p, w, g, ms, rows, cols, offset,
                                                          col_sums);
    case Optimizer::Momentum:
      return update_rows<Optimizer::Momentum, kOffset, kClear>(p, w, g, ms, rows, cols, offset,
                                                               col_sums);
    case Optimizer::Nesterov:
      return update_rows<Optimizer::Nesterov, kOffset, kClear>(p, w, g, ms, rows, cols, offset,
                                                               col_sums);
    case Optimizer::Adam:
      return update_rows<Optimizer::Adam, kOffset, kClear>(p, w, g, ms, rows, cols, offset,
                                                           col_sums);
  }
}

}  // namespace

void begin_step(OptimizerState& state) {
  state.steps += 1;
}

void apply_update(OptimizerState& state, int buffer, float* w, float* g, size_t n, float lr,
                  float weight_decay) {
  dispatch<false, false>(state, buffer, w, g, 1, n, nullptr, lr, weight_decay, nullptr);
}

void apply_update_rows(OptimizerState& state, int buffer, float* w, float* g, size_t rows,
                       size_t cols, const float* col_offset, float lr, float weight_decay,
                       float* col_sums) {
  if (col_sums) std::fill(col_sums, col_sums + cols, 0.0f);
  dispatch<true, true>(state, buffer, w, g, rows, cols, col_offset, lr, weight_decay, col_sums);
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
