// The augmentation preview: a row of what the network sees when it trains on one digit with the
// current settings, from the core's training_previews (training_sample.h: the very function the
// trainer calls), computed again only when the digit, the settings or the seed change.
// The digit is the one in the drawing pad (drawn, or a test digit shown there), else the first
// image of the training data; "New samples" steps the seed for other random versions.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "image/augment.h"
#include "image/preprocess.h"
#include "image/training_preview.h"
#include "item_rects.h"

namespace digitlab {

class AugmentPreview {
 public:
  static constexpr int kCount = 8;  // samples in the row

  // The digit to vary, each frame before draw(): the pad's preprocessing (the network's view of
  // the ink) when it has ink, else the first training image, else none.
  void choose_digit(const Preprocessed& pad, const Dataset& train);
  // The row for these settings (which must pass validate_augment), computed if out of date.
  void update(const AugmentConfig& config);
  void new_samples() { ++seed_; }

  // A caption with "New samples", then the row, in the available width (two rows of four when
  // eight would come out smaller than a few letters). Its items go into rects ("augment-new",
  // "augment-preview").
  void draw(ItemRects& rects);

  const std::string& source() const { return source_; }  // "pad", "training data" or ""
  uint64_t seed() const { return seed_; }
  uint64_t fingerprint() const { return fingerprint_; }  // previews_fingerprint of the row
  long computed() const { return computed_; }            // rows computed so far
  const std::vector<PreviewSample>& samples() const { return samples_; }

 private:
  std::vector<uint8_t> digit_;  // kImagePixels bytes, or empty
  std::string source_;
  uint64_t seed_ = 1;
  // What samples_ were made from.
  std::vector<uint8_t> made_digit_;
  AugmentConfig made_config_;
  uint64_t made_seed_ = 0;
  std::vector<PreviewSample> samples_;
  uint64_t fingerprint_ = 0;
  long computed_ = 0;
};

}  // namespace digitlab
