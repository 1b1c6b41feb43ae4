// Encoding the pictures the CLI writes (galleries of digits, weight tiles, class pictures) as PNG
// bytes, for write_file (stb_image_write, native only).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "result.h"

namespace digitlab::cli {

// An RGB picture, top row first, 3 bytes a pixel.
struct RgbImage {
  int width = 0, height = 0;
  std::vector<uint8_t> rgb;

  RgbImage(int w, int h, uint8_t grey = 0)
      : width(w), height(h), rgb(static_cast<size_t>(w) * h * 3, grey) {}
  void set(int x, int y, uint8_t r, uint8_t g, uint8_t b) {
    uint8_t* p = &rgb[(static_cast<size_t>(y) * width + x) * 3];
    p[0] = r, p[1] = g, p[2] = b;
  }
};

// The picture's PNG bytes.
Result<std::vector<uint8_t>> encode_png(const RgbImage& image);

// A greyscale picture, pixels (height, width) row-major, 0 black to 255 white, as PNG bytes.
// Fails (nothing to write) if the sizes do not match or the encoder refuses.
Result<std::vector<uint8_t>> encode_png_grey(const std::vector<uint8_t>& pixels, int width,
                                             int height);

// A single-channel picture (side x side values, row-major) drawn zoom times larger, each value
// a square of zoom x zoom pixels of colour(value). colour returns {r, g, b}.
template <typename Colour>
void draw_tile(RgbImage& image, int left, int top, const float* values, int side, int zoom,
               Colour colour) {
  for (int y = 0; y < side * zoom; ++y)
    for (int x = 0; x < side * zoom; ++x) {
      const auto c = colour(values[(y / zoom) * side + x / zoom]);
      image.set(left + x, top + y, c.r, c.g, c.b);
    }
}

}  // namespace digitlab::cli
