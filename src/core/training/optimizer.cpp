// The optimisers' update (optimizer.h): one fused pass over a buffer and its moments.
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

}  // namespace

void begin_step(OptimizerState& state) {
  state.steps += 1;
  // β^t by multiplication rather than pow(): IEEE products round alike on every target, libm's
  // pow need not, and the weights must come out the same natively and in WebAssembly.
  state.beta1_power *= static_cast<double>(kAdamBeta1);
  state.beta2_power *= static_cast<double>(kAdamBeta2);
}

void apply_update(OptimizerState& state, int buffer, float* w, float* g, size_t n, float lr,
                  float weight_decay) {
  assert(state.steps >= 1);  // begin_step first
  MomentState& ms = moments(state, buffer, n);
  const float mu = kMomentum;
  switch (state.kind) {
    case Optimizer::Sgd:
      for (size_t i = 0; i < n; ++i) w[i] -= lr * (g[i] + weight_decay * w[i]);
      return;
    case Optimizer::Momentum: {
      float* v = ms.m.data();
      for (size_t i = 0; i < n; ++i) {
        v[i] = mu * v[i] + (g[i] + weight_decay * w[i]);
        w[i] -= lr * v[i];
      }
      return;
    }
    case Optimizer::Nesterov: {
      float* v = ms.m.data();
      for (size_t i = 0; i < n; ++i) {
        const float gi = g[i] + weight_decay * w[i];
        v[i] = mu * v[i] + gi;
        w[i] -= lr * (gi + mu * v[i]);
      }
      return;
    }
    case Optimizer::Adam: {
      const AdamScale a = adam_scale(state, lr);
      float* m = ms.m.data();
      float* s = ms.s.data();
      const float b1 = kAdamBeta1, b2 = kAdamBeta2, eps = kAdamEpsilon;
      for (size_t i = 0; i < n; ++i) {
        const float gi = g[i] + weight_decay * w[i];
        m[i] = b1 * m[i] + (1.0f - b1) * gi;
        s[i] = b2 * s[i] + (1.0f - b2) * (gi * gi);
        w[i] -= a.step * m[i] / (std::sqrt(s[i]) * a.inverse_root + eps);
      }
      return;
    }
  }
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
