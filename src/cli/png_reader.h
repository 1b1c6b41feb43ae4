// Reading a drawing from an image file (PNG, or anything stb_image reads) as white ink on black.
#pragma once
#include <string>

#include "preprocess.h"
#include "result.h"

namespace digitlab::cli {

// Greyscale 0..1. A picture that is mostly light (black ink on white paper, as most people
// draw) is inverted so the ink is white, as MNIST's is.
Result<GreyImage> read_drawing(const std::string& path);

}  // namespace digitlab::cli
