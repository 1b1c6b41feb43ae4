// Pixels for the inside views, drawn with the window's draw list like digit_image: each
// reserves its space at the cursor as an ordinary item. Pictures are textures when the platform
// gave the App a texture backend (picture_textures.h), uploaded only when their values change;
// rectangles otherwise.
#pragma once
#include <cstddef>
#include <cstdint>

#include "widgets.h"  // help_marker, which every view's caption has

namespace digitlab {

// A side x side picture of signed values in diverging colours (weight_colour over scale, then
// diverging_rgb), box x box pixels. With max_cells_per_side < side, blocks of values are
// averaged (as a texture too: a picture drawn smaller than its values shows their means, which
// the GPU's linear filter would not), and a grid of many rectangles stays within its vertices.
void signed_picture(const float* values, int side, float scale, float box, int max_cells_per_side);

// A side x side picture of scaled input values (a class picture, the network's input) as grey
// pixels through the core's input_pixel, box x box pixels.
void input_picture(const float* values, int side, float box);

// A side x side grey image (0 = background, 255 = ink: a test digit, one of my digits), box x
// box pixels. Without textures only its ink is drawn (rectangles for pixels brighter than
// `ink_from` over a black square), which keeps a gallery's vertices in bounds for digits.
void grey_picture(const uint8_t* pixels, int side, float box, uint8_t ink_from = 24);

// n vertical bars centred on a zero line, each value's height and colour over scale, in a
// width x height box.
void signed_bars(const float* values, int n, float scale, float width, float height);

}  // namespace digitlab
