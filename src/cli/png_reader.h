// Reading a drawing from an image file (PNG, or anything stb_image reads) as white ink on black.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

#include "image/preprocess.h"
#include "result.h"

namespace digitlab::cli {

// The largest picture decode_drawing accepts, in pixels on each side. A drawing is scaled down
// to 28x28 anyway and a phone photo is about 4000x3000; the cap is checked on the header before
// decoding, so a small file declaring a huge size (a 249 KB PNG can ask for 1.25 GB) costs
// nothing.
constexpr int kMaxDrawingSide = 4096;

// Greyscale 0..1 from an image file's bytes. A picture that is mostly light (black ink on white
// paper, as most people draw) is inverted so the ink is white, as MNIST's is.
Result<GreyImage> decode_drawing(const uint8_t* data, size_t size);

// decode_drawing on a file's contents; messages start with the path.
Result<GreyImage> read_drawing(const std::string& path);

}  // namespace digitlab::cli
