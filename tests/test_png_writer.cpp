// The CLI's PNG encoding (src/cli/png_writer.cpp), native only: what it writes, stb_image (the
// CLI's reader) reads back pixel for pixel; sizes that do not match the pixels are refused.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "png_reader.h"
#include "png_writer.h"

using namespace digitlab;

TEST_CASE("encode_png_grey: a PNG the reader decodes to the same pixels") {
  // Mostly dark, so decode_drawing keeps it as it is (it inverts mostly light pictures).
  const int w = 7, h = 5;
  std::vector<uint8_t> pixels(w * h);
  for (int i = 0; i < w * h; ++i) pixels[i] = static_cast<uint8_t>((i * 37) % 120);
  pixels[3] = 255;
  const Result<std::vector<uint8_t>> png = cli::encode_png_grey(pixels, w, h);
  REQUIRE_MESSAGE(png.ok(), png.error());
  const std::vector<uint8_t> signature = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  REQUIRE(png->size() > signature.size());
  CHECK(std::vector<uint8_t>(png->begin(), png->begin() + 8) == signature);
  const Result<GreyImage> back = cli::decode_drawing(png->data(), png->size());
  REQUIRE_MESSAGE(back.ok(), back.error());
  CHECK(back->width == w);
  CHECK(back->height == h);
  for (int i = 0; i < w * h; ++i) {
    CAPTURE(i);
    CHECK(std::lround(back->pixels[i] * 255.0f) == pixels[i]);
  }
}

TEST_CASE("encode_png_grey refuses sizes that do not match the pixels") {
  CHECK(!cli::encode_png_grey(std::vector<uint8_t>(12), 4, 4).ok());
  CHECK(!cli::encode_png_grey(std::vector<uint8_t>(), 0, 0).ok());
  CHECK(!cli::encode_png_grey(std::vector<uint8_t>(4), -2, -2).ok());
  CHECK(cli::encode_png_grey(std::vector<uint8_t>(16), 4, 4).ok());
}
