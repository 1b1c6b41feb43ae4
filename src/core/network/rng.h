// Rng: explicit, seedable, platform-independent random numbers (STYLE 10). splitmix64 for the
// state, and a normal sampler built only from IEEE-exact operations (+ - * / sqrt) so native
// and WebAssembly produce bit-identical weights from one seed (libm's log differs by platform).
#pragma once
#include <cstdint>

namespace digitlab {

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}

  uint64_t next_u64() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
  // Uniform integer in [0, n), n > 0 (Lemire's multiply-shift; bias below 2^-32 for our n).
  uint32_t below(uint32_t n) {
    return static_cast<uint32_t>(((next_u64() >> 32) * static_cast<uint64_t>(n)) >> 32);
  }
  // Standard normal (Marsaglia's polar method with a portable log).
  double normal();

 private:
  uint64_t state_;
  double spare_ = 0.0;
  bool has_spare_ = false;
};

// Natural log from IEEE-exact operations only: reproducible on every platform. x > 0.
double portable_log(double x);

}  // namespace digitlab
