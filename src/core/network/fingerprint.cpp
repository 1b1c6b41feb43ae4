#include "network/fingerprint.h"

#include <cstring>

namespace digitlab {
namespace {

void hash_words(uint64_t& h, const void* data, size_t bytes) {
  // FNV-1a over 32-bit words: a float's every bit counts, at a few hundred microseconds for
  // the largest network.
  const auto* p = static_cast<const unsigned char*>(data);
  for (size_t i = 0; i + 4 <= bytes; i += 4) {
    uint32_t w;
    std::memcpy(&w, p + i, 4);
    h = (h ^ w) * 1099511628211ull;
  }
}

}  // namespace

uint64_t network_fingerprint(const Network& net) {
  uint64_t h = 1469598103934665603ull;
  hash_words(h, net.sizes().data(), net.sizes().size() * sizeof(int));
  hash_words(h, net.weights().data(), net.weights().size() * sizeof(float));
  hash_words(h, net.biases().data(), net.biases().size() * sizeof(float));
  return h;
}

}  // namespace digitlab
