// decode_drawing (the CLI's image reader: PNG, JPEG, BMP through stb_image, with a cap on the
// picture's size read from its header) on arbitrary bytes. A picture that decodes must be
// within the cap, hold width*height values in 0..1, and be mostly dark (white ink on black)
// after the reader's inversion; small ones then go through preprocess_drawing as `predict` does.
#include <cmath>

#include "fuzz_bytes.h"
#include "image/preprocess.h"
#include "png_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const digitlab::Result<digitlab::GreyImage> img = digitlab::cli::decode_drawing(data, size);
  if (!img) {
    FUZZ_CHECK(!img.error().empty());
    return 0;
  }
  const int w = img->width, h = img->height;
  FUZZ_CHECK(w >= 1 && h >= 1);
  FUZZ_CHECK(w <= digitlab::cli::kMaxDrawingSide && h <= digitlab::cli::kMaxDrawingSide);
  FUZZ_CHECK(img->pixels.size() == static_cast<size_t>(w) * static_cast<size_t>(h));
  double sum = 0;
  for (float v : img->pixels) {
    FUZZ_CHECK(std::isfinite(v) && v >= 0.0f && v <= 1.0f);
    sum += v;
  }
  FUZZ_CHECK(sum <= 0.5 * static_cast<double>(img->pixels.size()) + 1e-3);
  if (img->pixels.size() <= 256 * 256) {
    const digitlab::Preprocessed p = digitlab::preprocess_drawing(*img);
    FUZZ_CHECK(p.empty || p.pixels.size() == 784);
  }
  return 0;
}
