// MNIST-style preprocessing of a drawn image, as LeCun et al. prepared MNIST: crop to the
// ink's bounding box, scale the longer side to 20 px keeping the aspect ratio (area averaging,
// so thin strokes become grey, anti-aliased), then place it in 28x28 with its centre of mass
// at the centre. The intermediate images are kept so the UI can show each step.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace digitlab {

struct GreyImage {
  int width = 0;
  int height = 0;
  std::vector<float> pixels;  // width*height, row-major, 0 = background, 1 = full ink
  float at(int x, int y) const { return pixels[static_cast<size_t>(y) * width + x]; }
};

struct Preprocessed {
  bool empty = true;            // no ink at all: nothing to classify
  GreyImage cropped;            // the ink's bounding box, at the drawing's resolution
  GreyImage scaled;             // longer side 20 px, aspect kept
  GreyImage centred;            // 28x28, centre of mass at the centre: the network's view
  std::vector<uint8_t> pixels;  // centred as 0..255 bytes, like an MNIST image (784)
};

// An all-background image of the given size.
GreyImage blank_image(int width, int height);

// drawing: white ink (> 0) on black (0), any size. Pixels below ink_threshold count as empty.
Preprocessed preprocess_drawing(const GreyImage& drawing, float ink_threshold = 0.0f);

// The same preparation for a side x side byte image (0 = background, 255 = ink), such as an
// augmented training digit: its 28x28 bytes, or nothing if it has no ink.
std::vector<uint8_t> centre_like_drawing(const uint8_t* pixels, int side);

}  // namespace digitlab
