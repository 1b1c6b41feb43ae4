// Network: the book's feed-forward, training step, back-query, and the true gradient.
// The loops themselves are kernels.h's (each beside its naive twin); this is the plain dense
// algorithm, the reference the fast engines of training/engines.h are tested against.
// Index: logit/rescale · init · query · train · back_query · gradient.
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
using kernels::sigmoid;

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

size_t Network::param_count(const std::vector<int>& sizes) {
  size_t n = 0;
  for (size_t l = 0; l + 1 < sizes.size(); ++l) n += static_cast<size_t>(sizes[l]) * sizes[l + 1];
  return n;
}

void Network::compute_offsets() {
  assert(check_network_shape(sizes_).ok());
  offsets_.assign(sizes_.size() - 1, 0);
  size_t at = 0;
  for (size_t l = 0; l + 1 < sizes_.size(); ++l) {
    assert(sizes_[l] >= 1 && sizes_[l + 1] >= 1);
    offsets_[l] = at;
    at += static_cast<size_t>(sizes_[l]) * sizes_[l + 1];
  }
  act_.assign(sizes_.size(), {});
  err_.assign(sizes_.size(), {});
  for (size_t l = 0; l < sizes_.size(); ++l) {
    act_[l].resize(sizes_[l]);
    err_[l].resize(sizes_[l]);
  }
}

Network::Network(std::vector<int> sizes, uint64_t seed) : sizes_(std::move(sizes)) {
  compute_offsets();
  weights_.resize(param_count(sizes_));
  Rng rng(seed);
  for (int l = 0; l + 1 < layer_count(); ++l) {
    // The book: normal, mean 0, σ = 1/√(incoming links), to break symmetry without saturating.
    const double sigma = 1.0 / std::sqrt(static_cast<double>(sizes_[l]));
    float* w = layer_weights(l);
    const size_t n = static_cast<size_t>(sizes_[l]) * sizes_[l + 1];
    for (size_t i = 0; i < n; ++i) w[i] = static_cast<float>(rng.normal() * sigma);
  }
}

Network::Network(std::vector<int> sizes, std::vector<float> weights)
    : sizes_(std::move(sizes)), weights_(std::move(weights)) {
  compute_offsets();
  assert(weights_.size() == param_count(sizes_));
}

std::vector<std::vector<float>> Network::query(const float* input) const {
  std::vector<std::vector<float>> acts(sizes_.size());
  acts[0].assign(input, input + sizes_[0]);
  for (int l = 0; l + 1 < layer_count(); ++l) {
    acts[l + 1].resize(sizes_[l + 1]);
    matvec(acts[l + 1].data(), layer_weights(l), acts[l].data(), sizes_[l + 1], sizes_[l]);
    for (float& x : acts[l + 1]) x = sigmoid(x);
  }
  return acts;
}

void Network::query_outputs(float* out, const float* input) const {
  thread_local std::vector<float> a, b;
  a.assign(input, input + sizes_[0]);
  for (int l = 0; l + 1 < layer_count(); ++l) {
    b.resize(sizes_[l + 1]);
    matvec(b.data(), layer_weights(l), a.data(), sizes_[l + 1], sizes_[l]);
    for (float& x : b) x = sigmoid(x);
    a.swap(b);
  }
  std::copy(a.begin(), a.end(), out);
}

float Network::train(const float* input, const float* target, float lr) {
  const int last = layer_count() - 1;
  std::copy(input, input + sizes_[0], act_[0].begin());
  for (int l = 0; l < last; ++l) {
    matvec(act_[l + 1].data(), layer_weights(l), act_[l].data(), sizes_[l + 1], sizes_[l]);
    for (float& x : act_[l + 1]) x = sigmoid(x);
  }
  // e_o = t - o
  float loss = 0.0f;
  for (int k = 0; k < sizes_[last]; ++k) {
    err_[last][k] = target[k] - act_[last][k];
    loss += 0.5f * err_[last][k] * err_[last][k];
  }
  for (int l = last - 1; l >= 0; --l) {
    // The book splits the error back by the weights as they were before this step's update.
    if (l > 0)
      kernels::matvec_t(err_[l].data(), layer_weights(l), err_[l + 1].data(), sizes_[l + 1],
                        sizes_[l]);
    // ΔW = lr · (e ⊙ o ⊙ (1 - o)) · o_prevᵀ; err_[l+1] is no longer needed, so reuse it for d.
    std::vector<float>& d = err_[l + 1];
    const std::vector<float>& o = act_[l + 1];
    for (int j = 0; j < sizes_[l + 1]; ++j) d[j] = lr * d[j] * o[j] * (1.0f - o[j]);
    add_outer(layer_weights(l), d.data(), act_[l].data(), sizes_[l + 1], sizes_[l]);
  }
  return loss;
}

std::vector<float> Network::back_query(int label) const {
  assert(label >= 0 && label < output_size());
  // Start from the target the label trains towards, pushed back through the inverse sigmoid.
  std::vector<float> x(sizes_.back());
  for (int k = 0; k < output_size(); ++k) x[k] = logit(k == label ? 0.99f : 0.01f);
  for (int l = layer_count() - 2; l >= 0; --l) {
    std::vector<float> v(sizes_[l]);
    kernels::matvec_t(v.data(), layer_weights(l), x.data(), sizes_[l + 1], sizes_[l]);
    // Rescale into the sigmoid's open range so the next logit is finite.
    rescale(v);
    if (l == 0) return v;
    for (float& y : v) y = logit(y);
    x.swap(v);
  }
  return x;  // unreachable: a network has at least one weight layer
}

float Network::gradient(std::vector<float>& grad, const float* input, const float* target) const {
  const int last = layer_count() - 1;
  std::vector<std::vector<float>> acts = query(input);
  grad.assign(weights_.size(), 0.0f);
  // δ = dL/dx at the output: -(t - o) · o(1 - o)
  std::vector<float> delta(sizes_[last]);
  float loss = 0.0f;
  for (int k = 0; k < sizes_[last]; ++k) {
    const float o = acts[last][k], e = target[k] - o;
    loss += 0.5f * e * e;
    delta[k] = -e * o * (1.0f - o);
  }
  for (int l = last - 1; l >= 0; --l) {
    add_outer(grad.data() + offsets_[l], delta.data(), acts[l].data(), sizes_[l + 1], sizes_[l]);
    if (l == 0) break;
    std::vector<float> prev(sizes_[l]);
    kernels::matvec_t(prev.data(), layer_weights(l), delta.data(), sizes_[l + 1], sizes_[l]);
    for (int i = 0; i < sizes_[l]; ++i) prev[i] *= acts[l][i] * (1.0f - acts[l][i]);
    delta.swap(prev);
  }
  return loss;
}

}  // namespace digitlab
