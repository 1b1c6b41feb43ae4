// The inside views' colours: see colour_map.h.
#include "inside/colour_map.h"

#include <algorithm>
#include <cmath>

#include "network/layer_math.h"

namespace digitlab {
namespace {

uint8_t channel(float c) {
  return static_cast<uint8_t>(std::lround(std::clamp(c, 0.0f, 255.0f)));
}

}  // namespace

Rgb diverging_rgb(float v) {
  v = std::clamp(v, -1.0f, 1.0f);
  // The far ends: a strong blue and a strong red of equal lightness (ColorBrewer's RdBu ends).
  constexpr float kBlue[3] = {33, 102, 172}, kRed[3] = {178, 24, 43};
  const float* end = v < 0.0f ? kBlue : kRed;
  const float t = std::fabs(v);
  return {channel(255.0f + (end[0] - 255.0f) * t), channel(255.0f + (end[1] - 255.0f) * t),
          channel(255.0f + (end[2] - 255.0f) * t)};
}

uint8_t input_pixel(float x) {
  return channel((x - kInputOffset) / 0.99f * 255.0f);
}

}  // namespace digitlab
