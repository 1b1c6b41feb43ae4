// The drawn-digit test set: digits drawn the way the page receives them. Each item is one of
// digit_paths.h's styles with seeded random variation (key points jittered; slant, rotation,
// aspect, size and place on the pad; the pointer's point spacing; the pen's radius), sampled
// into pad strokes (pen_path.h), replayed onto a pad-sized canvas with the core's brush as the
// pad paints them, and preprocessed as the page preprocesses a drawing. Nothing comes from
// MNIST's pixels, and a seed gives the same items, bytes and all, on every build.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "draw_pad.h"  // PadPoint, the canvas side and the pad's brush radius
#include "image/preprocess.h"
#include "network/network.h"

namespace digitlab::drawn {

struct DrawnSetConfig {
  uint64_t seed = 1;
  int per_class = 60;  // items of each class, 1..kMaxPerClass
  // Every item with the pad's own brush radius, as the page draws today (the browser test);
  // otherwise each item's pen is thinner or thicker than the pad's.
  bool pad_brush = false;
};
constexpr int kMaxPerClass = 10000;

// Strokes in pad coordinates: canvas pixels of DrawPad (0..kCanvasSide), x right, y down.
using PadStrokes = std::vector<std::vector<PadPoint>>;

struct DrawnItem {
  int label = 0;
  std::string style;   // the digit_paths.h style it was drawn from
  float radius = 0;    // the brush's radius in canvas pixels
  PadStrokes strokes;  // each at least one point; consecutive points at least 1 px apart
};

// The k-th item (k >= 0) of a label: the same for a seed whatever per_class is, so the first
// items of a small set are those of a large one.
DrawnItem drawn_item(const DrawnSetConfig& config, int label, int k);

// per_class items of each class, interleaved by class (0, 1, ..., 9, 0, 1, ...), so that any
// prefix of the set is balanced.
std::vector<DrawnItem> drawn_set(const DrawnSetConfig& config);

// The pad's canvas after the strokes, painted with the core's brush as DrawPad::stroke_to
// paints a pointer's positions: a dot where a stroke starts, then a segment to each next point.
GreyImage replay_on_pad(const PadStrokes& strokes, float radius);

// The items as a dataset of 28x28 images: each replayed and preprocessed (preprocess_drawing),
// exactly what the page gives its network for the same strokes.
Dataset drawn_dataset(const std::vector<DrawnItem>& items);

// What a network answers for one preprocessed image (28x28 bytes), the way the page answers
// the pad: the book's input scaling, a forward pass, the largest output. answer is -1 when the
// outputs are not all finite numbers (a broken network, check_outputs).
struct OfflineAnswer {
  int answer = -1;
  std::vector<float> outputs;
};
OfflineAnswer offline_answer(const Network& net, const uint8_t* pixels);

}  // namespace digitlab::drawn
