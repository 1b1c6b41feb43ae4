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

// The book's input scaling: x/255*0.99+0.01, so no input is exactly zero.
// out is (rows*cols).
inline void scale_input(float* out, const uint8_t* pixels, size_t n) {
  for (size_t i = 0; i < n; ++i) out[i] = pixels[i] / 255.0f * 0.99f + 0.01f;
}

// The book's target: 0.01 everywhere, 0.99 for the label. out is (classes).
inline void make_target(float* out, int label, int classes = kClasses) {
  for (int k = 0; k < classes; ++k) out[k] = (k == label) ? 0.99f : 0.01f;
}

}  // namespace digitlab
