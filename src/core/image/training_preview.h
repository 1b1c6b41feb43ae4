// The app's augmentation preview: a row of samples of one image exactly as a run would feed
// them (training_sample.h), the book's rotated copies included, so that ticking them shows.
// Sample i is version i % copies() (the image, then turned by +d and by -d degrees when the
// copies are on) with sample index i's randomness.
#pragma once
#include <cstdint>
#include <vector>

#include "image/augment.h"

namespace digitlab {

struct PreviewSample {
  std::vector<uint8_t> pixels;  // side x side, 0 = background, 255 = ink
  int version = 0;              // training_sample's version: 0, or 1 (+d) / 2 (-d) for copies
};

// count samples of the side x side image in; config must pass validate_augment.
std::vector<PreviewSample> training_previews(const uint8_t* in, int side,
                                             const AugmentConfig& config, int count, uint64_t seed);

// FNV-1a over the samples' versions and bytes: equal rows, equal fingerprints; a test (and the
// page's state()) sees the row change without reading its pixels.
uint64_t previews_fingerprint(const std::vector<PreviewSample>& samples);

}  // namespace digitlab
