// Pen paths (pen_path.h): the smooth curve through key points, and the pointer's samples on it.
#include "pen_path.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace digitlab::drawn {
namespace {

PadPoint mix(PadPoint a, float wa, PadPoint b, float wb) {
  return {a.x * wa + b.x * wb, a.y * wa + b.y * wb};
}

float distance(PadPoint a, PadPoint b) {
  const float dx = b.x - a.x, dy = b.y - a.y;
  return std::sqrt(dx * dx + dy * dy);  // not hypot: sqrt rounds alike in every libm
}

// Centripetal Catmull-Rom between p1 and p2 at u in [0, 1] (Barry and Goldman's pyramid): the
// knots are spaced by the square root of the distances, which keeps the curve from looping or
// overshooting where key points are uneven.
PadPoint catmull_rom(PadPoint p0, PadPoint p1, PadPoint p2, PadPoint p3, float u) {
  const auto knot = [](PadPoint a, PadPoint b) {
    return std::max(std::sqrt(distance(a, b)), 1e-4f);
  };
  const float t0 = 0, t1 = t0 + knot(p0, p1), t2 = t1 + knot(p1, p2), t3 = t2 + knot(p2, p3);
  const float t = t1 + (t2 - t1) * u;
  const PadPoint a1 = mix(p0, (t1 - t) / (t1 - t0), p1, (t - t0) / (t1 - t0));
  const PadPoint a2 = mix(p1, (t2 - t) / (t2 - t1), p2, (t - t1) / (t2 - t1));
  const PadPoint a3 = mix(p2, (t3 - t) / (t3 - t2), p3, (t - t2) / (t3 - t2));
  const PadPoint b1 = mix(a1, (t2 - t) / (t2 - t0), a2, (t - t0) / (t2 - t0));
  const PadPoint b2 = mix(a2, (t3 - t) / (t3 - t1), a3, (t - t1) / (t3 - t1));
  return mix(b1, (t2 - t) / (t2 - t1), b2, (t - t1) / (t2 - t1));
}

// The point mirrored through `centre`: a section's imagined neighbour beyond its end, so the
// curve leaves an end heading towards the next key point.
PadPoint mirrored(PadPoint point, PadPoint centre) {
  return {2 * centre.x - point.x, 2 * centre.y - point.y};
}

}  // namespace

std::vector<PadPoint> smooth_path(const KeyStroke& keys, int per_span) {
  assert(!keys.empty() && per_span > 0);
  std::vector<PadPoint> k(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) k[i] = {keys[i].x, keys[i].y};
  std::vector<PadPoint> out;
  // Sections run from one corner (or end) to the next; each is a curve of its own.
  size_t a = 0;
  while (a + 1 < k.size()) {
    size_t b = a + 1;
    while (b + 1 < k.size() && !keys[b].corner) ++b;
    for (size_t i = a; i < b; ++i) {
      const PadPoint p0 = i > a ? k[i - 1] : mirrored(k[a + 1], k[a]);
      const PadPoint p3 = i + 1 < b ? k[i + 2] : mirrored(k[b - 1], k[b]);
      for (int s = 0; s < per_span; ++s)
        out.push_back(catmull_rom(p0, k[i], k[i + 1], p3,
                                  static_cast<float>(s) / static_cast<float>(per_span)));
    }
    a = b;
  }
  out.push_back(k.back());
  return out;
}

std::vector<PadPoint> sample_pen(const std::vector<PadPoint>& path, float spacing,
                                 float spacing_jitter, Rng& rng) {
  assert(!path.empty() && spacing > 0 && spacing_jitter >= 0 && spacing_jitter < 1);
  const auto next_step = [&] {
    return spacing * (1.0f + spacing_jitter * static_cast<float>(2 * rng.uniform() - 1));
  };
  std::vector<PadPoint> out{path.front()};
  float step = next_step();
  float walked = 0;  // along the path since the last sample
  for (size_t i = 1; i < path.size(); ++i) {
    const PadPoint a = path[i - 1], b = path[i];
    const float length = distance(a, b);
    float at = 0;  // how far along this segment the last sample is
    while (walked + (length - at) >= step) {
      at += step - walked;
      out.push_back(mix(a, 1 - at / length, b, at / length));
      walked = 0;
      step = next_step();
    }
    walked += length - at;
  }
  // The pen lifts where the path ends.
  if (out.size() > 1 && walked < 0.5f * spacing)
    out.back() = path.back();
  else if (walked > 0)
    out.push_back(path.back());
  return out;
}

}  // namespace digitlab::drawn
