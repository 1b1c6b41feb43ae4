// The colours of the inside views, one home for the CLI's pictures and the app's panels: a
// diverging map for signed values (weights, attributions) and the input's values back as grey
// pixels.
#pragma once
#include <cstdint>

namespace digitlab {

struct Rgb {
  uint8_t r = 0, g = 0, b = 0;
  bool operator==(const Rgb& o) const { return r == o.r && g == o.g && b == o.b; }
};

// A diverging colour for v in [-1, 1] (weight_colour's value; clamped): blue (-1) through white
// (0) to red (1), each half a straight line in RGB, so equal |v| are equally far from white.
Rgb diverging_rgb(float v);

// An input value (scale_input's range, kInputOffset..kInputMax) as the pixel 0..255 it scales
// from: the inverse of scale_input, rounded and clamped, so a class picture draws like a drawing.
uint8_t input_pixel(float x);

}  // namespace digitlab
