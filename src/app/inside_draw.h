// Pixels for the inside views, drawn with the window's draw list like digit_image: each
// reserves its space at the cursor as an ordinary item. Pictures are textures when the platform
// gave the App a texture backend (picture_textures.h), uploaded only when their values change;
// rectangles otherwise.
#pragma once
#include <cstddef>

#include "widgets.h"  // help_marker, which every view's caption has

namespace digitlab {

// A side x side picture of signed values in diverging colours (weight_colour over scale, then
// diverging_rgb), box x box pixels. With max_cells_per_side < side, blocks of values are
// averaged, which bounds the draw list's vertices for a grid of many tiles (a texture always
// has every value: the GPU scales it).
void signed_picture(const float* values, int side, float scale, float box, int max_cells_per_side);

// A side x side picture of scaled input values (a class picture, the network's input) as grey
// pixels through the core's input_pixel, box x box pixels.
void input_picture(const float* values, int side, float box);

// n vertical bars centred on a zero line, each value's height and colour over scale, in a
// width x height box.
void signed_bars(const float* values, int n, float scale, float width, float height);

}  // namespace digitlab
