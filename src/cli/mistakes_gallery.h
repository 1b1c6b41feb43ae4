// The picture `digitlab eval --mistakes-png` saves: the listed test images in a grid, row by row
// in the order given (the surest mistake first), each enlarged and framed by a grey gap.
#pragma once
#include <cstdint>
#include <vector>

#include "data/dataset.h"
#include "network/mistakes.h"

namespace digitlab::cli {

struct GreyPicture {
  int width = 0, height = 0;
  std::vector<uint8_t> pixels;  // (height, width) row-major, 0 black to 255 white
};

// Each image scaled up `scale` times (nearest neighbour), white ink on black as in the data,
// ceil(√n) columns; the mistakes' indices must be images of data (asserted). n >= 1.
GreyPicture mistakes_gallery(const Dataset& data, const std::vector<Mistake>& mistakes,
                             int scale = 3);

}  // namespace digitlab::cli
