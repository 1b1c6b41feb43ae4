#include "image/brush.h"

#include <algorithm>
#include <cmath>

namespace digitlab {

void paint_segment(GreyImage& canvas, float x0, float y0, float x1, float y1, float radius) {
  // Only the segment's bounding box, grown by the radius and the fade, can change.
  const float reach = radius + 1.0f;
  const int left = std::max(0, static_cast<int>(std::floor(std::min(x0, x1) - reach)));
  const int right =
      std::min(canvas.width - 1, static_cast<int>(std::ceil(std::max(x0, x1) + reach)));
  const int top = std::max(0, static_cast<int>(std::floor(std::min(y0, y1) - reach)));
  const int bottom =
      std::min(canvas.height - 1, static_cast<int>(std::ceil(std::max(y0, y1) + reach)));
  const float dx = x1 - x0, dy = y1 - y0, len2 = dx * dx + dy * dy;
  for (int y = top; y <= bottom; ++y) {
    for (int x = left; x <= right; ++x) {
      // Distance from the pixel's centre to the nearest point of the segment.
      const float px = static_cast<float>(x) + 0.5f - x0, py = static_cast<float>(y) + 0.5f - y0;
      const float t = len2 > 0.0f ? std::clamp((px * dx + py * dy) / len2, 0.0f, 1.0f) : 0.0f;
      const float ex = px - t * dx, ey = py - t * dy;
      const float dist = std::sqrt(ex * ex + ey * ey);
      // Full ink inside radius - 0.5, none beyond radius + 0.5, linear in between.
      const float ink = std::clamp(radius + 0.5f - dist, 0.0f, 1.0f);
      float& p = canvas.pixels[static_cast<size_t>(y) * canvas.width + x];
      p = std::max(p, ink);
    }
  }
}

}  // namespace digitlab
