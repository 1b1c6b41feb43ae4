// A hash of a network's weights, bit for bit: tests pin platform-independent results with it
// (the same binary's tests run natively and as WebAssembly and must agree).
#pragma once
#include <cstdint>
#include <cstring>
#include <vector>

#include "network/network.h"

// FNV-1a over the weights' bit patterns, then the biases' (none in the book's network, so its
// hashes are the weights' alone).
inline uint64_t weights_hash(const digitlab::Network& net) {
  uint64_t h = 1469598103934665603ull;
  for (const std::vector<float>* buffer : {&net.weights(), &net.biases()})
    for (float f : *buffer) {
      uint32_t bits;
      std::memcpy(&bits, &f, 4);
      for (int i = 0; i < 4; ++i) h = (h ^ ((bits >> (8 * i)) & 0xFF)) * 1099511628211ull;
    }
  return h;
}
