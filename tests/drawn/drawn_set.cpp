// The drawn-digit set (drawn_set.h): one item = a style, jittered and transformed, sampled into
// pad strokes; then replay, preprocessing and a network's answer as the page does them.
#include "drawn_set.h"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "digit_paths.h"
#include "image/augment.h"  // portable_sin/cos
#include "image/brush.h"
#include "network/evaluate.h"
#include "network/layer_math.h"
#include "pen_path.h"

namespace digitlab::drawn {
namespace {

// The variation of a drawing, each a range a hand plausibly covers on a phone or with a mouse.
// Key points move by a normal of this sigma, in units of the digit's box: shaky, not another
// shape.
constexpr double kKeyJitter = 0.025;
// x += slant * (0.5 - y): the top leans right for slant > 0 (most right-handed writing).
constexpr float kSlantMin = -0.15f, kSlantMax = 0.35f;
constexpr float kRotateDegrees = 12;                     // either way
constexpr float kAspectMin = 0.75f, kAspectMax = 1.25f;  // the width's factor
// The digit's height as a fraction of the pad: from small in a corner to nearly filling it.
constexpr float kHeightMin = 0.35f, kHeightMax = 0.88f;
// Of the pad: a wider digit is drawn smaller instead, so that with the thickest pen and its
// margins it still fits (0.8 x 280 + 2 x (14 + 2) < 280).
constexpr float kMaxWidth = 0.8f;
// Pointer samples every 2.5 (slow) to 12 (fast) canvas pixels, each step +-35%.
constexpr float kSpacingMin = 2.5f, kSpacingMax = 12.0f, kSpacingJitter = 0.35f;
// The pen's radius as a factor of the pad's: thinner and thicker strokes than the page draws.
constexpr float kRadiusMin = 0.6f, kRadiusMax = 1.4f;
// Points lie on a grid of 1/4 canvas pixel, as a pointer reports whole (device) pixels: short
// exact numbers in the strokes JSON.
constexpr float kGrid = 4.0f;

constexpr double kPi = 3.14159265358979323846;

float uniform(Rng& rng, float low, float high) {
  return low + (high - low) * static_cast<float>(rng.uniform());
}

// One random stream per item, from the set's seed and the item's place: an item does not
// depend on how many others there are.
uint64_t item_seed(uint64_t seed, int label, int k) {
  Rng mixer(seed ^ (static_cast<uint64_t>(label) * 0xA24BAED4963EE407ull) ^
            (static_cast<uint64_t>(k) * 0x9FB21C651E98DF25ull));
  return mixer.next_u64();
}

struct Box {
  float left = 1e30f, top = 1e30f, right = -1e30f, bottom = -1e30f;
  void add(PadPoint p) {
    left = std::min(left, p.x), right = std::max(right, p.x);
    top = std::min(top, p.y), bottom = std::max(bottom, p.y);
  }
};

// The shape's random look: key points jittered, then aspect, slant and rotation about the
// box's centre, in the unit box.
std::vector<KeyStroke> varied_shape(const DigitStyle& style, Rng& rng) {
  const float aspect = uniform(rng, kAspectMin, kAspectMax);
  const float slant = uniform(rng, kSlantMin, kSlantMax);
  const double angle = uniform(rng, -kRotateDegrees, kRotateDegrees) * kPi / 180.0;
  const float c = static_cast<float>(portable_cos(angle)),
              s = static_cast<float>(portable_sin(angle));
  std::vector<KeyStroke> strokes = style.strokes;
  for (KeyStroke& stroke : strokes) {
    for (KeyPoint& p : stroke) {
      const float x = p.x + static_cast<float>(kKeyJitter * rng.normal()) - 0.5f;
      const float y = p.y + static_cast<float>(kKeyJitter * rng.normal()) - 0.5f;
      const float sx = (x - slant * y) * aspect;  // y is already centred: 0.5 - p.y = -y
      // Counter-clockwise as seen, y pointing down.
      p.x = 0.5f + c * sx + s * y;
      p.y = 0.5f - s * sx + c * y;
    }
  }
  return strokes;
}

float on_grid(float v) {
  return std::round(v * kGrid) / kGrid;
}

}  // namespace

DrawnItem drawn_item(const DrawnSetConfig& config, int label, int k) {
  assert(label >= 0 && label < kClasses && k >= 0);
  const std::vector<const DigitStyle*> styles = styles_of(label);
  const DigitStyle& style = *styles[static_cast<size_t>(k) % styles.size()];
  Rng rng(item_seed(config.seed, label, k));

  DrawnItem item;
  item.label = label;
  item.style = style.name;
  const float pad_radius = DrawPad::kBrushRadius;
  item.radius = pad_radius * uniform(rng, kRadiusMin, kRadiusMax);
  if (config.pad_brush) item.radius = pad_radius;  // the draw above keeps the streams alike

  // The curves, then their size and place on the pad.
  std::vector<std::vector<PadPoint>> curves;
  Box box;
  for (const KeyStroke& stroke : varied_shape(style, rng)) {
    curves.push_back(smooth_path(stroke));
    for (PadPoint p : curves.back()) box.add(p);
  }
  const float side = static_cast<float>(DrawPad::kCanvasSide);
  const float width = std::max(box.right - box.left, 1e-3f);
  const float height = std::max(box.bottom - box.top, 1e-3f);
  const float scale =
      std::min(uniform(rng, kHeightMin, kHeightMax) * side / height, kMaxWidth * side / width);
  // Anywhere the whole stroke, brush and all, stays on the pad.
  const float margin = item.radius + 2.0f;
  const float left = uniform(rng, margin, std::max(margin, side - margin - width * scale));
  const float top = uniform(rng, margin, std::max(margin, side - margin - height * scale));

  const float spacing = uniform(rng, kSpacingMin, kSpacingMax);
  for (std::vector<PadPoint>& curve : curves) {
    for (PadPoint& p : curve) p = {left + (p.x - box.left) * scale, top + (p.y - box.top) * scale};
    std::vector<PadPoint> stroke;
    for (PadPoint p : sample_pen(curve, spacing, kSpacingJitter, rng)) {
      p = {on_grid(p.x), on_grid(p.y)};
      // At least a pixel from the last point: the pad skips sub-pixel moves (DrawPad::stroke_to),
      // so every point here is one the pad paints.
      if (!stroke.empty()) {
        const float dx = p.x - stroke.back().x, dy = p.y - stroke.back().y;
        if (dx * dx + dy * dy < 1.0f) continue;
      }
      stroke.push_back(p);
    }
    item.strokes.push_back(std::move(stroke));
  }
  return item;
}

std::vector<DrawnItem> drawn_set(const DrawnSetConfig& config) {
  assert(config.per_class >= 1 && config.per_class <= kMaxPerClass);
  std::vector<DrawnItem> items;
  items.reserve(static_cast<size_t>(config.per_class) * kClasses);
  for (int k = 0; k < config.per_class; ++k)
    for (int label = 0; label < kClasses; ++label) items.push_back(drawn_item(config, label, k));
  return items;
}

GreyImage replay_on_pad(const PadStrokes& strokes, float radius) {
  GreyImage canvas = blank_image(DrawPad::kCanvasSide, DrawPad::kCanvasSide);
  for (const std::vector<PadPoint>& stroke : strokes) {
    if (stroke.empty()) continue;
    paint_segment(canvas, stroke[0].x, stroke[0].y, stroke[0].x, stroke[0].y, radius);
    for (size_t i = 1; i < stroke.size(); ++i)
      paint_segment(canvas, stroke[i - 1].x, stroke[i - 1].y, stroke[i].x, stroke[i].y, radius);
  }
  return canvas;
}

Dataset drawn_dataset(const std::vector<DrawnItem>& items) {
  Dataset data;
  data.pixels.reserve(items.size() * kImagePixels);
  for (const DrawnItem& item : items) {
    const Preprocessed pre = preprocess_drawing(replay_on_pad(item.strokes, item.radius));
    assert(!pre.empty);  // every item has strokes, and every stroke paints a dot at least
    data.pixels.insert(data.pixels.end(), pre.pixels.begin(), pre.pixels.end());
    data.labels.push_back(static_cast<uint8_t>(item.label));
  }
  return data;
}

OfflineAnswer offline_answer(const Network& net, const uint8_t* pixels) {
  std::vector<float> input(kImagePixels);
  scale_input(input.data(), pixels, input.size());
  OfflineAnswer out;
  out.outputs = net.query(input.data()).back();
  if (check_outputs(out.outputs.data(), static_cast<int>(out.outputs.size())))
    out.answer = argmax(out.outputs.data(), static_cast<int>(out.outputs.size()));
  return out;
}

}  // namespace digitlab::drawn
