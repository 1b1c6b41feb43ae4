// Dataset: labelled greyscale images, the one type every reader (IDX, CSV) produces.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace digitlab {

constexpr int kImageSide = 28;
constexpr int kImagePixels = kImageSide * kImageSide;  // 784
constexpr int kClasses = 10;

struct Dataset {
  int rows = kImageSide;
  int cols = kImageSide;
  std::vector<uint8_t> pixels;  // size() * rows * cols, row-major, 0 = background
  std::vector<uint8_t> labels;  // one per image, 0..9

  size_t size() const { return labels.size(); }
  size_t pixels_per_image() const { return static_cast<size_t>(rows) * cols; }
  const uint8_t* image(size_t i) const { return pixels.data() + i * pixels_per_image(); }
};

// The book's input scaling and targets are network/layer_math.h's (scale_input, make_target).

}  // namespace digitlab
