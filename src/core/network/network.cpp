// Network: the feed-forward, the per-sample training step, back-query, and the gradient.
// The loops themselves are kernels.h's (each beside its naive twin) and the per-layer math
// layer_math.h's; this is the plain dense algorithm, the reference the engines of
// training/engines.h are tested against.
// Index: logit/rescale · architecture · init · query · train · back_query · gradient.
#include "network/network.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <string>

#include "kernels/kernels.h"

namespace digitlab {
namespace {

using kernels::add_outer;
using kernels::matvec;

float logit(float y) {
  return std::log(y / (1.0f - y));
}

// Rescale v to 0.01..0.99 as the book's back-query does (min → 0.01, max → 0.99).
void rescale(std::vector<float>& v) {
  const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  const float min = *lo, range = *hi - *lo;
  for (float& x : v) x = range > 0.0f ? (x - min) / range * 0.98f + 0.01f : 0.5f;
}

}  // namespace

Status check_network_shape(const std::vector<int>& sizes) {
  std::string shape;
  for (int s : sizes) shape += (shape.empty() ? "" : "-") + std::to_string(s);
  if (sizes.size() < 2) return fail("a network needs at least two layers (inputs and outputs)");
  if (sizes.size() > static_cast<size_t>(kMaxLayers))
    return fail("the network " + shape + " has " + std::to_string(sizes.size()) +
                " layers; at most " + std::to_string(kMaxLayers) + " are allowed");
  uint64_t weights = 0;  // in 64 bits: no size can wrap it around on a 32-bit size_t
  for (size_t l = 0; l < sizes.size(); ++l) {
    if (sizes[l] < 1 || sizes[l] > kMaxLayerWidth)
      return fail("the network " + shape + " has a layer of " + std::to_string(sizes[l]) +
                  " nodes; a layer may have 1 to " + std::to_string(kMaxLayerWidth));
    if (l + 1 < sizes.size() && sizes[l + 1] >= 1)
      weights += uint64_t(sizes[l]) * uint64_t(sizes[l + 1]);
  }
  if (weights > kMaxWeights)
    return fail("the network " + shape + " has " + std::to_string(weights) + " weights; at most " +
                std::to_string(kMaxWeights) + " (" + std::to_string(kMaxWeights * 4 >> 20) +
                " MiB of float32) are allowed");
  return Status::success();
}

const char* init_name(Init i) {
  switch (i) {
    case Init::Book:
      return "book";
    case Init::He:
      return "he";
    case Init::Glorot:
      return "glorot";
  }
  return "unknown";
}

bool is_known(Init i) {
  return i >= Init::Book && i <= Init::Glorot;
}

Architecture book_architecture(std::vector<int> sizes) {
  Architecture arch;
  arch.sizes = std::move(sizes);
  return arch;
}

Status check_architecture(const Architecture& arch) {
  if (Status s = check_network_shape(arch.sizes); !s) return s;
  if (!is_known(arch.hidden) || arch.hidden == Activation::Softmax)
    return fail("the hidden layers' activation must be sigmoid, tanh, relu or leaky-relu");
  if (!is_known(arch.loss))
    return fail("unknown loss (code " + std::to_string(int(arch.loss)) + ")");
  return Status::success();
}

std::string describe(const Architecture& arch) {
  std::string text;
  for (int s : arch.sizes) text += (text.empty() ? "" : "-") + std::to_string(s);
  if (arch.is_book()) return text;
  if (arch.weight_layers() > 1) text += std::string(" ") + activation_name(arch.hidden);
  text += std::string(arch.weight_layers() > 1 ? ", " : " ") + loss_name(arch.loss);
  if (arch.bias) text += ", biases";
  return text;
}

size_t Network::param_count(const std::vector<int>& sizes) {
  size_t n = 0;
  for (size_t l = 0; l + 1 < sizes.size(); ++l) n += static_cast<size_t>(sizes[l]) * sizes[l + 1];
  return n;
}

size_t Network::bias_count(const std::vector<int>& sizes) {
  size_t n = 0;
  for (size_t l = 1; l < sizes.size(); ++l) n += static_cast<size_t>(sizes[l]);
  return n;
}

void Network::compute_offsets() {
  assert(check_architecture(arch_).ok());
  const std::vector<int>& sizes = arch_.sizes;
  offsets_.assign(sizes.size() - 1, 0);
  bias_offsets_.assign(sizes.size() - 1, 0);
  size_t at = 0, bias_at = 0;
  for (size_t l = 0; l + 1 < sizes.size(); ++l) {
    assert(sizes[l] >= 1 && sizes[l + 1] >= 1);
    offsets_[l] = at;
    at += static_cast<size_t>(sizes[l]) * sizes[l + 1];
    bias_offsets_[l] = bias_at;
    bias_at += static_cast<size_t>(sizes[l + 1]);
  }
  act_.assign(sizes.size(), {});
  err_.assign(sizes.size(), {});
  for (size_t l = 0; l < sizes.size(); ++l) {
    act_[l].resize(sizes[l]);
    err_[l].resize(sizes[l]);
  }
}

Network::Network(std::vector<int> sizes, uint64_t seed)
    : Network(book_architecture(std::move(sizes)), seed, Init::Book) {}

Network::Network(Architecture arch, uint64_t seed, Init init) : arch_(std::move(arch)) {
  compute_offsets();
  const std::vector<int>& sizes = arch_.sizes;
  weights_.resize(param_count(sizes));
  if (arch_.bias) biases_.assign(bias_count(sizes), 0.0f);
  Rng rng(seed);
  for (int l = 0; l + 1 < layer_count(); ++l) {
    // The book: normal, mean 0, σ = 1/√(incoming links), to break symmetry without saturating.
    // He keeps a ReLU layer's variance, Glorot a tanh layer's both ways.
    const double fan_in = sizes[l], fan_out = sizes[l + 1];
    const double sigma = init == Init::He       ? std::sqrt(2.0 / fan_in)
                         : init == Init::Glorot ? std::sqrt(2.0 / (fan_in + fan_out))
                                                : 1.0 / std::sqrt(fan_in);
    float* w = layer_weights(l);
    const size_t n = static_cast<size_t>(sizes[l]) * sizes[l + 1];
    for (size_t i = 0; i < n; ++i) w[i] = static_cast<float>(rng.normal() * sigma);
  }
}

Network::Network(std::vector<int> sizes, std::vector<float> weights)
    : Network(book_architecture(std::move(sizes)), std::move(weights), {}) {}

Network::Network(Architecture arch, std::vector<float> weights, std::vector<float> biases)
    : arch_(std::move(arch)), weights_(std::move(weights)), biases_(std::move(biases)) {
  compute_offsets();
  assert(weights_.size() == param_count(arch_.sizes));
  assert(biases_.size() == (arch_.bias ? bias_count(arch_.sizes) : 0));
}

// z = W·a (+ b), then the layer's activation, for weight layer l. out is (sizes[l+1]).
void Network::forward_layer(int l, float* out, const float* in) const {
  const std::vector<int>& sizes = arch_.sizes;
  matvec(out, layer_weights(l), in, sizes[l + 1], sizes[l]);
  if (const float* b = layer_biases(l))
    for (int j = 0; j < sizes[l + 1]; ++j) out[j] += b[j];
  activate(activation(l), out, sizes[l + 1]);
}

std::vector<std::vector<float>> Network::query(const float* input) const {
  std::vector<std::vector<float>> acts(sizes().size());
  acts[0].assign(input, input + input_size());
  for (int l = 0; l + 1 < layer_count(); ++l) {
    acts[l + 1].resize(sizes()[l + 1]);
    forward_layer(l, acts[l + 1].data(), acts[l].data());
  }
  return acts;
}

void Network::query_outputs(float* out, const float* input) const {
  thread_local std::vector<float> a, b;
  a.assign(input, input + input_size());
  for (int l = 0; l + 1 < layer_count(); ++l) {
    b.resize(sizes()[l + 1]);
    forward_layer(l, b.data(), a.data());
    a.swap(b);
  }
  std::copy(a.begin(), a.end(), out);
}

float Network::train(const float* input, const float* target, float lr) {
  const std::vector<int>& sizes = arch_.sizes;
  const int last = layer_count() - 1;
  std::copy(input, input + sizes[0], act_[0].begin());
  for (int l = 0; l < last; ++l) forward_layer(l, act_[l + 1].data(), act_[l].data());
  // e_o = t - o
  const float loss =
      output_error(arch_.loss, act_[last].data(), target, sizes[last], err_[last].data());
  const bool raw = splits_raw_error(arch_.loss);
  for (int l = last - 1; l >= 0; --l) {
    std::vector<float>& d = err_[l + 1];  // no longer needed as an error: becomes the update's d
    const std::vector<float>& o = act_[l + 1];
    const Activation f = activation(l);
    if (raw) {
      // The book splits the error back by the weights as they were before this step's update,
      // then ΔW = lr · (e ⊙ o ⊙ (1 - o)) · o_prevᵀ.
      if (l > 0)
        kernels::matvec_t(err_[l].data(), layer_weights(l), d.data(), sizes[l + 1], sizes[l]);
      for (int j = 0; j < sizes[l + 1]; ++j) d[j] = apply_derivative(f, lr * d[j], o[j]);
    } else {
      // The true gradient passes delta = e ⊙ f'(o) down, then ΔW = lr · delta · o_prevᵀ.
      for (int j = 0; j < sizes[l + 1]; ++j) d[j] = apply_derivative(f, d[j], o[j]);
      if (l > 0)
        kernels::matvec_t(err_[l].data(), layer_weights(l), d.data(), sizes[l + 1], sizes[l]);
      for (int j = 0; j < sizes[l + 1]; ++j) d[j] *= lr;
    }
    add_outer(layer_weights(l), d.data(), act_[l].data(), sizes[l + 1], sizes[l]);
    if (float* b = layer_biases(l))
      for (int j = 0; j < sizes[l + 1]; ++j) b[j] += d[j];
  }
  return loss;
}

std::vector<float> Network::back_query(int label) const {
  assert(label >= 0 && label < output_size());
  // Start from the target the label trains towards, pushed back through the inverse sigmoid.
  std::vector<float> x(arch_.sizes.back());
  for (int k = 0; k < output_size(); ++k) x[k] = logit(target_value(Loss::Book, k == label));
  for (int l = layer_count() - 2; l >= 0; --l) {
    std::vector<float> v(arch_.sizes[l]);
    kernels::matvec_t(v.data(), layer_weights(l), x.data(), arch_.sizes[l + 1], arch_.sizes[l]);
    // Rescale into the sigmoid's open range so the next logit is finite.
    rescale(v);
    if (l == 0) return v;
    for (float& y : v) y = logit(y);
    x.swap(v);
  }
  return x;  // unreachable: a network has at least one weight layer
}

float Network::gradient(std::vector<float>& grad, std::vector<float>& grad_bias, const float* input,
                        const float* target) const {
  const std::vector<int>& sizes = arch_.sizes;
  const int last = layer_count() - 1;
  std::vector<std::vector<float>> acts = query(input);
  grad.assign(weights_.size(), 0.0f);
  grad_bias.assign(biases_.size(), 0.0f);
  // e = t - o; delta = e ⊙ f'(o) = -dL/dz at the output (for softmax-CE, t - o itself).
  std::vector<float> e(sizes[last]), delta(sizes[last]);
  const float loss = output_error(arch_.loss, acts[last].data(), target, sizes[last], e.data());
  for (int l = last - 1; l >= 0; --l) {
    for (int j = 0; j < sizes[l + 1]; ++j)
      delta[j] = apply_derivative(activation(l), e[j], acts[l + 1][j]);
    // dL/dW = -delta · o_prevᵀ, dL/db = -delta.
    for (float& x : delta) x = -x;
    add_outer(grad.data() + offsets_[l], delta.data(), acts[l].data(), sizes[l + 1], sizes[l]);
    if (arch_.bias)
      for (int j = 0; j < sizes[l + 1]; ++j) grad_bias[bias_offsets_[l] + j] = delta[j];
    if (l == 0) break;
    for (float& x : delta) x = -x;
    // The layer below gets Wᵀ·e (the book) or Wᵀ·delta (the true gradient).
    std::vector<float> below(sizes[l]);
    const std::vector<float>& passed = splits_raw_error(arch_.loss) ? e : delta;
    kernels::matvec_t(below.data(), layer_weights(l), passed.data(), sizes[l + 1], sizes[l]);
    e.swap(below);
    delta.resize(sizes[l]);
  }
  return loss;
}

std::string layer_name(int layer, int layer_count) {
  if (layer == 0) return "input";
  if (layer + 1 == layer_count) return "output";
  return layer_count == 3 ? "hidden" : "hidden " + std::to_string(layer);
}

bool activations_fit(const Network& net, const std::vector<std::vector<float>>& activations) {
  if (activations.size() != net.sizes().size()) return false;
  for (size_t l = 0; l < activations.size(); ++l)
    if (activations[l].size() != static_cast<size_t>(net.sizes()[l])) return false;
  return true;
}

}  // namespace digitlab
