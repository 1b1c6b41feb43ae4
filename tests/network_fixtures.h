// Networks for the engine and view tests: every hidden activation and loss, an architecture in
// one call, and random weights with random biases (biases start at 0, which would hide a bias
// that is applied or differentiated wrongly).
#pragma once
#include <cstdint>
#include <utility>
#include <vector>

#include "network/layer_math.h"
#include "network/network.h"
#include "network/rng.h"

namespace network_test {

constexpr digitlab::Activation kHidden[] = {digitlab::Activation::Sigmoid,
                                            digitlab::Activation::Tanh, digitlab::Activation::Relu,
                                            digitlab::Activation::LeakyRelu};
constexpr digitlab::Loss kLosses[] = {digitlab::Loss::Book, digitlab::Loss::Mse,
                                      digitlab::Loss::SoftmaxCrossEntropy};

inline digitlab::Architecture arch_of(std::vector<int> sizes, digitlab::Activation hidden,
                                      digitlab::Loss loss, bool bias) {
  digitlab::Architecture a;
  a.sizes = std::move(sizes);
  a.hidden = hidden;
  a.loss = loss;
  a.bias = bias;
  return a;
}

// Glorot weights from seed, biases normal with σ 0.3 from seed + 1.
inline digitlab::Network random_network(const digitlab::Architecture& arch, uint64_t seed) {
  digitlab::Network net(arch, seed, digitlab::Init::Glorot);
  digitlab::Rng rng(seed + 1);
  for (float& b : net.biases()) b = static_cast<float>(rng.normal() * 0.3);
  return net;
}

// An input in the network's range (scale_input's 0.01..1.0), different in every position.
inline std::vector<float> some_input(int n, uint64_t seed) {
  digitlab::Rng rng(seed);
  std::vector<float> x(static_cast<size_t>(n));
  for (float& v : x) v = digitlab::kInputOffset + 0.99f * static_cast<float>(rng.uniform());
  return x;
}

}  // namespace network_test
