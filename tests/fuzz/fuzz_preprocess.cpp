// preprocess_drawing on arbitrary drawings. Input: mode byte, threshold byte, u16 width,
// u16 height (each taken modulo 321, so up to 320x320, larger than the app's pad), then the
// pixels; pixels the input runs out before are background.
//   mode bit 0: pixels are raw float32 (any bits: negative, above 1, NaN, infinity), else bytes
//               scaled to 0..1 (or to 0..2 with mode bit 1, as a brush that piled up ink)
//   mode bit 2: the threshold is byte/255 negated, else byte/255
// The result must be what preprocess.h promises: empty exactly when no pixel is above the
// threshold; otherwise a crop no larger than the drawing, a scaled image whose longer side is
// 20, and a 28x28 frame of finite values in 0..1 with 784 bytes.
#include <cmath>
#include <cstring>

#include "fuzz_bytes.h"
#include "image/preprocess.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Bytes in{data, size};
  const uint8_t mode = in.u8();
  float threshold = in.u8() / 255.0f;
  if (mode & 4) threshold = -threshold;
  const int width = in.u16() % 321;
  const int height = in.u16() % 321;
  digitlab::GreyImage drawing = digitlab::blank_image(width, height);
  for (float& v : drawing.pixels) {
    if (in.size == 0) break;
    if (mode & 1) {
      const uint32_t bits = in.u32();
      std::memcpy(&v, &bits, sizeof v);
    } else {
      v = in.u8() / 255.0f * ((mode & 2) ? 2.0f : 1.0f);
    }
  }

  const digitlab::Preprocessed p = digitlab::preprocess_drawing(drawing, threshold);
  bool any_ink = false;
  for (float v : drawing.pixels) any_ink = any_ink || v > threshold;
  FUZZ_CHECK(p.empty == !any_ink);
  if (p.empty) return 0;
  FUZZ_CHECK(p.cropped.width >= 1 && p.cropped.width <= width);
  FUZZ_CHECK(p.cropped.height >= 1 && p.cropped.height <= height);
  FUZZ_CHECK(std::max(p.scaled.width, p.scaled.height) == 20);
  FUZZ_CHECK(std::min(p.scaled.width, p.scaled.height) >= 1);
  FUZZ_CHECK(p.centred.width == 28 && p.centred.height == 28);
  FUZZ_CHECK(p.centred.pixels.size() == 784 && p.pixels.size() == 784);
  for (float v : p.centred.pixels) FUZZ_CHECK(std::isfinite(v) && v >= 0.0f && v <= 1.0f + 1e-6f);
  return 0;
}
