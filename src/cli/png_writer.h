// Encoding pictures the CLI writes (galleries of digits) as PNG bytes, for write_file.
#pragma once
#include <cstdint>
#include <vector>

#include "result.h"

namespace digitlab::cli {

// A greyscale picture, pixels (height, width) row-major, 0 black to 255 white, as PNG bytes.
// Fails (nothing to write) if the sizes do not match or the encoder refuses.
Result<std::vector<uint8_t>> encode_png_grey(const std::vector<uint8_t>& pixels, int width,
                                             int height);

}  // namespace digitlab::cli
