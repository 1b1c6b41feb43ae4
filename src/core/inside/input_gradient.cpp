// The input gradient by backprop: see input_gradient.h.
#include "inside/input_gradient.h"

#include <cassert>

#include "kernels/kernels.h"
#include "network/layer_math.h"

namespace digitlab {
namespace {

// query(), but with the last layer left before its activation: acts.back() is z_L.
std::vector<std::vector<float>> forward_to_logits(const Network& net, const float* input) {
  const int last = net.layer_count() - 2;  // the output's weight layer
  std::vector<std::vector<float>> acts(net.layer_count());
  acts[0].assign(input, input + net.input_size());
  for (int l = 0; l < last; ++l) {
    acts[l + 1].resize(net.sizes()[l + 1]);
    net.forward_layer(l, acts[l + 1].data(), acts[l].data());
  }
  std::vector<float>& z = acts.back();
  z.resize(net.output_size());
  kernels::matvec(z.data(), net.layer_weights(last), acts[last].data(), net.output_size(),
                  net.sizes()[last]);
  if (const float* b = net.layer_biases(last))
    for (int k = 0; k < net.output_size(); ++k) z[k] += b[k];
  return acts;
}

}  // namespace

float class_score(const Network& net, const float* input, int k, ClassScore score) {
  assert(k >= 0 && k < net.output_size());
  std::vector<float> z = forward_to_logits(net, input).back();
  if (score == ClassScore::Logit) return z[k];
  activate(net.activation(net.layer_count() - 2), z.data(), net.output_size());
  return z[k];
}

std::vector<float> input_gradient(const Network& net, const float* input, int k, ClassScore score) {
  assert(k >= 0 && k < net.output_size());
  const int last = net.layer_count() - 2;
  const std::vector<std::vector<float>> acts = forward_to_logits(net, input);
  // The seed ∂score/∂z_L: one-hot for the logit; for the output, the activation's Jacobian's
  // row k: softmax ∂o_k/∂z_i = o_k(δ_ki - o_i), an element-wise f only f'(z_k) at k.
  const int n = net.output_size();
  std::vector<float> delta(n, 0.0f);
  delta[k] = 1.0f;
  if (score == ClassScore::Output) {
    std::vector<float> o = acts.back();
    const Activation f = net.activation(last);
    activate(f, o.data(), n);
    if (f == Activation::Softmax) {
      for (int i = 0; i < n; ++i) delta[i] = o[k] * ((i == k ? 1.0f : 0.0f) - o[i]);
    } else {
      delta[k] = apply_derivative(f, 1.0f, o[k]);
    }
  }
  // Down the layers: ∂/∂a_l = W_lᵀ·delta, then through layer l-1's activation (written with its
  // output, as apply_derivative takes it) to the delta of z_{l-1}.
  for (int l = last;; --l) {
    std::vector<float> below(net.sizes()[l]);
    kernels::matvec_t(below.data(), net.layer_weights(l), delta.data(), net.sizes()[l + 1],
                      net.sizes()[l]);
    if (l == 0) return below;
    const Activation f = net.activation(l - 1);
    for (int j = 0; j < net.sizes()[l]; ++j) below[j] = apply_derivative(f, below[j], acts[l][j]);
    delta.swap(below);
  }
}

std::vector<float> attribution(const Network& net, const float* input, int k) {
  std::vector<float> map = input_gradient(net, input, k, ClassScore::Logit);
  for (size_t i = 0; i < map.size(); ++i) map[i] *= input[i];
  return map;
}

}  // namespace digitlab
