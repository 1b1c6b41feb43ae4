#include "image/training_preview.h"

#include <algorithm>
#include <cassert>

#include "image/training_sample.h"

namespace digitlab {

std::vector<PreviewSample> training_previews(const uint8_t* in, int side,
                                             const AugmentConfig& config, int count,
                                             uint64_t seed) {
  assert(validate_augment(config).ok());
  std::vector<PreviewSample> out(static_cast<size_t>(std::max(count, 0)));
  const size_t n = static_cast<size_t>(side) * static_cast<size_t>(side);
  for (int i = 0; i < count; ++i) {
    PreviewSample& s = out[static_cast<size_t>(i)];
    s.version = i % config.copies();
    s.pixels.resize(n);
    training_sample(in, s.pixels.data(), side, config, s.version, seed, static_cast<uint64_t>(i));
  }
  return out;
}

uint64_t previews_fingerprint(const std::vector<PreviewSample>& samples) {
  uint64_t h = 1469598103934665603ull;
  const auto mix = [&h](uint32_t word) { h = (h ^ word) * 1099511628211ull; };
  mix(static_cast<uint32_t>(samples.size()));
  for (const PreviewSample& s : samples) {
    mix(static_cast<uint32_t>(s.version));
    mix(static_cast<uint32_t>(s.pixels.size()));
    for (uint8_t p : s.pixels) mix(p);
  }
  return h;
}

}  // namespace digitlab
