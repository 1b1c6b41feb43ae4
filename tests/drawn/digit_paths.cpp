// The digit styles (digit_paths.h), written as pen paths in a unit box: x right, y down, the
// digit roughly filling [0, 1] in both axes (drawn_set.cpp scales it to its size on the pad).
#include "digit_paths.h"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "image/augment.h"  // portable_sin/cos: the same key points in every build

namespace digitlab::drawn {
namespace {

constexpr double kDegrees = 3.14159265358979323846 / 180.0;

// Builds one stroke key point by key point.
class Path {
 public:
  // A point the pen passes smoothly.
  Path& to(float x, float y) {
    points_.push_back({x, y, false});
    return *this;
  }
  // A point where the pen turns sharply (also a straight line's ends).
  Path& corner(float x, float y) {
    points_.push_back({x, y, true});
    return *this;
  }
  // Smooth points along an ellipse around (cx, cy) from angle `from` to `to` in degrees, every
  // `step` degrees or less, both ends included. 0 degrees is right, 90 is up on the screen, so
  // increasing angles run counter-clockwise as seen, decreasing ones clockwise.
  Path& arc(float cx, float cy, float rx, float ry, float from, float to, float step = 30) {
    const float span = to - from;
    const int n = std::max(1, static_cast<int>(std::ceil(std::abs(span) / step)));
    for (int i = 0; i <= n; ++i) {
      const double a = (from + span * static_cast<float>(i) / static_cast<float>(n)) * kDegrees;
      points_.push_back({cx + rx * static_cast<float>(portable_cos(a)),
                         cy - ry * static_cast<float>(portable_sin(a)), false});
    }
    return *this;
  }
  operator KeyStroke() const { return points_; }  // NOLINT: a finished Path is a stroke

 private:
  KeyStroke points_;
};

std::vector<DigitStyle> make_styles() {
  std::vector<DigitStyle> s;
  // 0: an oval begun at the top, counter-clockwise with a small overshoot (the usual way),
  // clockwise stopping just short, or begun at the upper right.
  s.push_back({0, "oval", {Path().arc(0.5f, 0.5f, 0.38f, 0.5f, 90, 465)}});
  s.push_back({0, "oval-clockwise", {Path().arc(0.5f, 0.5f, 0.42f, 0.5f, 90, -255)}});
  s.push_back({0, "round-from-right", {Path().arc(0.5f, 0.5f, 0.46f, 0.5f, 40, 410)}});

  // 1: a stick; a flag and a stick; a flag, a stick and a base; a curved flag. The flags slope
  // steeply enough that, slanted and turned, they do not become a 7's bar.
  s.push_back({1, "stick", {Path().corner(0.5f, 0.0f).corner(0.5f, 1.0f)}});
  s.push_back({1, "flag", {Path().corner(0.3f, 0.28f).corner(0.56f, 0.0f).corner(0.56f, 1.0f)}});
  s.push_back({1,
               "flag+base",
               {Path().corner(0.32f, 0.26f).corner(0.55f, 0.0f).corner(0.55f, 1.0f),
                Path().corner(0.18f, 1.0f).corner(0.9f, 1.0f)}});
  s.push_back({1,
               "curved-flag",
               {Path().to(0.32f, 0.27f).to(0.45f, 0.13f).corner(0.58f, 0.0f).corner(0.5f, 1.0f)}});

  // 2: the plain one (hook, diagonal, flat base); with a loop at the bottom left; a rounder
  // neck curving into the base.
  s.push_back({2,
               "plain",
               {Path()
                    .to(0.14f, 0.28f)
                    .to(0.3f, 0.06f)
                    .to(0.56f, 0.0f)
                    .to(0.8f, 0.1f)
                    .to(0.86f, 0.3f)
                    .to(0.72f, 0.52f)
                    .corner(0.12f, 1.0f)
                    .corner(0.9f, 1.0f)}});
  s.push_back({2,
               "loop",
               {Path()
                    .to(0.14f, 0.26f)
                    .to(0.32f, 0.05f)
                    .to(0.58f, 0.0f)
                    .to(0.8f, 0.12f)
                    .to(0.82f, 0.34f)
                    .to(0.6f, 0.6f)
                    .to(0.3f, 0.84f)
                    .to(0.16f, 0.96f)
                    .to(0.06f, 0.9f)
                    .to(0.12f, 0.78f)
                    .to(0.24f, 0.82f)
                    .to(0.36f, 0.94f)
                    .to(0.6f, 0.98f)
                    .to(0.92f, 0.94f)}});
  s.push_back({2,
               "round-neck",
               {Path()
                    .to(0.1f, 0.36f)
                    .to(0.22f, 0.1f)
                    .to(0.5f, 0.0f)
                    .to(0.78f, 0.1f)
                    .to(0.82f, 0.36f)
                    .to(0.55f, 0.66f)
                    .to(0.22f, 0.9f)
                    .to(0.18f, 1.0f)
                    .to(0.5f, 0.96f)
                    .to(0.9f, 0.98f)}});

  // 3: two round bowls meeting in a cusp; a flat top (a Z's top and a bowl); two bowls with a
  // rounded middle.
  s.push_back({3,
               "round",
               {Path()
                    .to(0.14f, 0.16f)
                    .to(0.4f, 0.0f)
                    .to(0.7f, 0.04f)
                    .to(0.8f, 0.22f)
                    .to(0.66f, 0.41f)
                    .corner(0.4f, 0.48f)
                    .to(0.72f, 0.57f)
                    .to(0.86f, 0.76f)
                    .to(0.72f, 0.95f)
                    .to(0.44f, 1.0f)
                    .to(0.14f, 0.88f)}});
  s.push_back({3,
               "flat-top",
               {Path()
                    .corner(0.14f, 0.0f)
                    .corner(0.84f, 0.0f)
                    .corner(0.4f, 0.42f)
                    .to(0.7f, 0.5f)
                    .to(0.87f, 0.72f)
                    .to(0.72f, 0.94f)
                    .to(0.42f, 1.0f)
                    .to(0.12f, 0.88f)}});
  s.push_back({3,
               "smooth-middle",
               {Path()
                    .to(0.18f, 0.1f)
                    .to(0.48f, 0.0f)
                    .to(0.76f, 0.1f)
                    .to(0.72f, 0.34f)
                    .to(0.46f, 0.48f)
                    .to(0.76f, 0.62f)
                    .to(0.82f, 0.86f)
                    .to(0.5f, 1.0f)
                    .to(0.16f, 0.92f)}});

  // 4: closed (the diagonal and the upright meet at the top); open at the top (two uprights);
  // the printed kind, whose upright starts below the diagonal's top.
  s.push_back({4,
               "closed",
               {Path().corner(0.62f, 0.0f).corner(0.08f, 0.66f).corner(0.92f, 0.66f),
                Path().corner(0.62f, 0.0f).corner(0.62f, 1.0f)}});
  s.push_back({4,
               "open-top",
               {Path().corner(0.16f, 0.0f).corner(0.12f, 0.58f).corner(0.9f, 0.58f),
                Path().corner(0.7f, 0.02f).corner(0.7f, 1.0f)}});
  s.push_back({4,
               "printed",
               {Path().corner(0.56f, 0.0f).corner(0.08f, 0.64f).corner(0.92f, 0.64f),
                Path().corner(0.66f, 0.3f).corner(0.66f, 1.0f)}});

  // 5: in one stroke (bar, stem, bowl); the stem and bowl first and the bar last; a narrow top
  // with a big round belly.
  s.push_back({5,
               "one-stroke",
               {Path()
                    .corner(0.82f, 0.02f)
                    .corner(0.26f, 0.0f)
                    .corner(0.2f, 0.46f)
                    .to(0.46f, 0.38f)
                    .to(0.76f, 0.46f)
                    .to(0.86f, 0.7f)
                    .to(0.72f, 0.93f)
                    .to(0.44f, 1.0f)
                    .to(0.12f, 0.9f)}});
  s.push_back({5,
               "bar-last",
               {Path()
                    .corner(0.24f, 0.02f)
                    .corner(0.2f, 0.44f)
                    .to(0.5f, 0.38f)
                    .to(0.8f, 0.5f)
                    .to(0.84f, 0.76f)
                    .to(0.64f, 0.97f)
                    .to(0.36f, 0.98f)
                    .to(0.14f, 0.86f),
                Path().corner(0.24f, 0.02f).corner(0.86f, 0.0f)}});
  s.push_back({5,
               "big-belly",
               {Path()
                    .corner(0.72f, 0.0f)
                    .corner(0.3f, 0.02f)
                    .corner(0.24f, 0.36f)
                    .to(0.52f, 0.3f)
                    .to(0.84f, 0.46f)
                    .to(0.9f, 0.74f)
                    .to(0.7f, 0.97f)
                    .to(0.38f, 0.98f)
                    .to(0.1f, 0.82f)}});

  // 6: the plain curve into a loop; with a curled top; a straight stem down to a small loop.
  s.push_back({6,
               "plain",
               {Path()
                    .to(0.76f, 0.06f)
                    .to(0.5f, 0.0f)
                    .to(0.27f, 0.16f)
                    .to(0.15f, 0.46f)
                    .to(0.16f, 0.74f)
                    .to(0.32f, 0.96f)
                    .to(0.58f, 1.0f)
                    .to(0.8f, 0.84f)
                    .to(0.8f, 0.64f)
                    .to(0.58f, 0.5f)
                    .to(0.34f, 0.55f)
                    .to(0.17f, 0.7f)}});
  s.push_back({6,
               "curled-top",
               {Path()
                    .to(0.66f, 0.2f)
                    .to(0.8f, 0.14f)
                    .to(0.76f, 0.02f)
                    .to(0.54f, 0.0f)
                    .to(0.3f, 0.14f)
                    .to(0.16f, 0.44f)
                    .to(0.16f, 0.74f)
                    .to(0.32f, 0.96f)
                    .to(0.58f, 1.0f)
                    .to(0.8f, 0.84f)
                    .to(0.8f, 0.64f)
                    .to(0.58f, 0.5f)
                    .to(0.34f, 0.55f)
                    .to(0.17f, 0.7f)}});
  s.push_back({6,
               "straight-stem",
               {Path()
                    .corner(0.66f, 0.0f)
                    .to(0.26f, 0.6f)
                    .to(0.22f, 0.8f)
                    .to(0.36f, 0.98f)
                    .to(0.62f, 0.98f)
                    .to(0.78f, 0.8f)
                    .to(0.66f, 0.6f)
                    .to(0.42f, 0.58f)
                    .to(0.24f, 0.72f)}});

  // 7: a bar and a diagonal; with a bar across the middle; with a serif at the top left and a
  // curved stem.
  s.push_back({7, "plain", {Path().corner(0.1f, 0.02f).corner(0.9f, 0.0f).corner(0.38f, 1.0f)}});
  s.push_back({7,
               "crossed",
               {Path().corner(0.1f, 0.02f).corner(0.9f, 0.0f).corner(0.4f, 1.0f),
                Path().corner(0.34f, 0.52f).corner(0.84f, 0.5f)}});
  s.push_back({7,
               "serif-curved",
               {Path()
                    .corner(0.12f, 0.22f)
                    .corner(0.1f, 0.02f)
                    .corner(0.9f, 0.02f)
                    .to(0.64f, 0.42f)
                    .to(0.5f, 0.72f)
                    .to(0.46f, 1.0f)}});

  // 8: one stroke begun at the upper right (an S down, back up); one begun at the top going
  // left; two loops drawn one after the other.
  s.push_back({8,
               "s-and-back",
               {Path()
                    .to(0.8f, 0.12f)
                    .to(0.5f, 0.0f)
                    .to(0.22f, 0.12f)
                    .to(0.26f, 0.34f)
                    .to(0.5f, 0.48f)
                    .to(0.78f, 0.62f)
                    .to(0.82f, 0.86f)
                    .to(0.5f, 1.0f)
                    .to(0.18f, 0.86f)
                    .to(0.22f, 0.62f)
                    .to(0.5f, 0.48f)
                    .to(0.76f, 0.34f)
                    .to(0.8f, 0.12f)}});
  s.push_back({8,
               "from-top",
               {Path()
                    .to(0.52f, 0.0f)
                    .to(0.22f, 0.14f)
                    .to(0.3f, 0.38f)
                    .to(0.7f, 0.6f)
                    .to(0.78f, 0.86f)
                    .to(0.5f, 1.0f)
                    .to(0.2f, 0.86f)
                    .to(0.3f, 0.6f)
                    .to(0.7f, 0.38f)
                    .to(0.78f, 0.14f)
                    .to(0.5f, 0.0f)}});
  s.push_back({8,
               "two-loops",
               {Path().arc(0.5f, 0.24f, 0.26f, 0.24f, 90, 450),
                Path().arc(0.5f, 0.71f, 0.34f, 0.29f, 90, 450)}});

  // 9: a loop and a straight tail; a loop and a tail curving left; the loop and the tail as
  // two strokes.
  s.push_back({9,
               "straight-tail",
               {Path()
                    .to(0.8f, 0.24f)
                    .to(0.56f, 0.02f)
                    .to(0.26f, 0.06f)
                    .to(0.16f, 0.28f)
                    .to(0.32f, 0.46f)
                    .to(0.62f, 0.44f)
                    .corner(0.8f, 0.2f)
                    .corner(0.78f, 1.0f)}});
  s.push_back({9,
               "curved-tail",
               {Path()
                    .to(0.8f, 0.24f)
                    .to(0.56f, 0.02f)
                    .to(0.26f, 0.06f)
                    .to(0.16f, 0.28f)
                    .to(0.32f, 0.46f)
                    .to(0.62f, 0.44f)
                    .corner(0.8f, 0.2f)
                    .to(0.8f, 0.56f)
                    .to(0.68f, 0.88f)
                    .to(0.42f, 1.0f)
                    .to(0.2f, 0.9f)}});
  s.push_back({9,
               "loop-then-stem",
               {Path().arc(0.5f, 0.25f, 0.3f, 0.25f, 20, 385),
                Path().corner(0.8f, 0.06f).corner(0.74f, 1.0f)}});
  return s;
}

}  // namespace

const std::vector<DigitStyle>& digit_styles() {
  static const std::vector<DigitStyle> styles = make_styles();
  return styles;
}

std::vector<const DigitStyle*> styles_of(int label) {
  assert(label >= 0 && label <= 9);
  std::vector<const DigitStyle*> out;
  for (const DigitStyle& s : digit_styles())
    if (s.label == label) out.push_back(&s);
  return out;
}

}  // namespace digitlab::drawn
