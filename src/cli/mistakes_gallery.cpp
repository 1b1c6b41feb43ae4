#include "mistakes_gallery.h"

#include <cassert>
#include <cmath>

namespace digitlab::cli {
namespace {
constexpr int kGap = 4;        // pixels between tiles and around the grid
constexpr uint8_t kGrey = 96;  // the gap's shade: tells apart two digits touching their edges
}  // namespace

GreyPicture mistakes_gallery(const Dataset& data, const std::vector<Mistake>& mistakes, int scale) {
  assert(!mistakes.empty() && scale >= 1);
  const int n = static_cast<int>(mistakes.size());
  const int columns = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(n))));
  const int rows = (n + columns - 1) / columns;
  const int tile_w = data.cols * scale, tile_h = data.rows * scale;
  GreyPicture pic;
  pic.width = kGap + columns * (tile_w + kGap);
  pic.height = kGap + rows * (tile_h + kGap);
  pic.pixels.assign(static_cast<size_t>(pic.width) * pic.height, kGrey);
  for (int k = 0; k < n; ++k) {
    assert(mistakes[k].index < data.size());
    const uint8_t* image = data.image(mistakes[k].index);
    const int left = kGap + (k % columns) * (tile_w + kGap);
    const int top = kGap + (k / columns) * (tile_h + kGap);
    for (int y = 0; y < tile_h; ++y)
      for (int x = 0; x < tile_w; ++x)
        pic.pixels[static_cast<size_t>(top + y) * pic.width + left + x] =
            image[(y / scale) * data.cols + x / scale];
  }
  return pic;
}

}  // namespace digitlab::cli
