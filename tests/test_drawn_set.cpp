// The drawn-digit test set (tests/drawn): pen paths through their key points, the pointer's
// sampling, a seed's bytes, a balanced set whose every item fits the pad, the strokes JSON
// replaying to exactly the IDX images, and shapes a simple property tells apart (a 0 has a
// hole, an 8 two, a 1 is tall and thin), which would fail if the generator broke.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "data/formats.h"
#include "digit_paths.h"
#include "drawn_json.h"
#include "drawn_set.h"
#include "pen_path.h"

using namespace digitlab;
using namespace digitlab::drawn;

namespace {

float distance(PadPoint a, PadPoint b) {
  return std::sqrt((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y));
}

// ---- a reader for the strokes JSON's items, enough to replay them ----

struct JsonItem {
  int label = -1;
  float radius = 0;
  PadStrokes strokes;
};

bool skip(const std::string& text, size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

float number_at(const std::string& text, size_t& pos) {
  char* end = nullptr;
  const float v = std::strtof(text.c_str() + pos, &end);
  pos = static_cast<size_t>(end - text.c_str());
  return v;
}

// The value of "name": in text from pos on, as a number; pos moves past it.
float field_number(const std::string& text, size_t& pos, const std::string& name) {
  pos = text.find("\"" + name + "\":", pos);
  REQUIRE(pos != std::string::npos);
  pos += name.size() + 3;
  return number_at(text, pos);
}

// [[[x,y],...],...] at pos.
PadStrokes strokes_at(const std::string& text, size_t& pos) {
  PadStrokes strokes;
  REQUIRE(skip(text, pos, '['));
  while (!skip(text, pos, ']')) {
    skip(text, pos, ',');
    REQUIRE(skip(text, pos, '['));
    std::vector<PadPoint> stroke;
    while (!skip(text, pos, ']')) {
      skip(text, pos, ',');
      REQUIRE(skip(text, pos, '['));
      PadPoint p;
      p.x = number_at(text, pos);
      REQUIRE(skip(text, pos, ','));
      p.y = number_at(text, pos);
      REQUIRE(skip(text, pos, ']'));
      stroke.push_back(p);
    }
    strokes.push_back(stroke);
  }
  return strokes;
}

std::vector<JsonItem> json_items(const std::string& text) {
  std::vector<JsonItem> items;
  for (size_t pos = text.find("{\"index\":"); pos != std::string::npos;
       pos = text.find("{\"index\":", pos)) {
    JsonItem item;
    item.label = static_cast<int>(field_number(text, pos, "label"));
    item.radius = field_number(text, pos, "radius");
    pos = text.find("\"strokes\":", pos) + 10;
    item.strokes = strokes_at(text, pos);
    items.push_back(item);
  }
  return items;
}

// ---- simple properties of a 28x28 image ----

constexpr uint8_t kInk = 96;  // a pixel at least this dark counts as ink

// Regions of background (4-connected, so that diagonal ink closes a region as the eye sees it)
// that do not touch the image's border: a 0 has one, an 8 two, a 1 none.
int holes(const uint8_t* pixels) {
  std::vector<int> region(kImagePixels, -1);
  int count = 0;
  for (int start = 0; start < kImagePixels; ++start) {
    if (pixels[start] >= kInk || region[start] >= 0) continue;
    bool touches_border = false;
    std::vector<int> todo{start};
    region[start] = start;
    while (!todo.empty()) {
      const int i = todo.back();
      todo.pop_back();
      const int x = i % kImageSide, y = i / kImageSide;
      if (x == 0 || y == 0 || x == kImageSide - 1 || y == kImageSide - 1) touches_border = true;
      const int next[4][2] = {{x - 1, y}, {x + 1, y}, {x, y - 1}, {x, y + 1}};
      for (const auto& n : next) {
        if (n[0] < 0 || n[1] < 0 || n[0] >= kImageSide || n[1] >= kImageSide) continue;
        const int j = n[1] * kImageSide + n[0];
        if (pixels[j] < kInk && region[j] < 0) {
          region[j] = start;
          todo.push_back(j);
        }
      }
    }
    count += !touches_border;
  }
  return count;
}

// The ink's bounding box's height over its width.
float tallness(const uint8_t* pixels) {
  int left = kImageSide, right = -1, top = kImageSide, bottom = -1;
  for (int y = 0; y < kImageSide; ++y) {
    for (int x = 0; x < kImageSide; ++x) {
      if (pixels[y * kImageSide + x] < kInk) continue;
      left = std::min(left, x), right = std::max(right, x);
      top = std::min(top, y), bottom = std::max(bottom, y);
    }
  }
  return right < 0 ? 0.0f
                   : static_cast<float>(bottom - top + 1) / static_cast<float>(right - left + 1);
}

// The share of a label's images for which `property` holds.
template <typename Property>
double share(const Dataset& data, int label, Property property) {
  int with = 0, all = 0;
  for (size_t i = 0; i < data.size(); ++i) {
    if (data.labels[i] != label) continue;
    ++all;
    with += property(data.image(i));
  }
  return all ? static_cast<double>(with) / all : 0.0;
}

}  // namespace

TEST_CASE("a pen path passes through its key points, straight between two corners") {
  const KeyStroke keys = {
      {0, 0, true}, {10, 0, false}, {20, 10, false}, {20, 30, true}, {0, 30, true}};
  const std::vector<PadPoint> path = smooth_path(keys, 8);
  // Each span starts at its key point: 4 spans of 8, then the last key point.
  REQUIRE(path.size() == 4 * 8 + 1);
  for (size_t k = 0; k < keys.size(); ++k) {
    CHECK(path[k * 8].x == doctest::Approx(keys[k].x).epsilon(1e-5));
    CHECK(path[k * 8].y == doctest::Approx(keys[k].y).epsilon(1e-5));
  }
  // The last span joins two corners: a straight line along y = 30.
  for (size_t i = 3 * 8; i < path.size(); ++i) CHECK(path[i].y == doctest::Approx(30.0f));
  // The smooth part bends: its middle leaves the chord from (0,0) to (20,30).
  const PadPoint mid = path[12];
  CHECK(std::abs(mid.x * 30.0f - mid.y * 20.0f) / std::sqrt(1300.0f) > 1.0f);
}

TEST_CASE("the pen samples a path at its spacing and ends where the path ends") {
  Rng rng(3);
  const std::vector<PadPoint> line = {{0, 0}, {40, 0}, {100, 0}};
  const std::vector<PadPoint> even = sample_pen(line, 10, 0, rng);
  REQUIRE(even.size() == 11);
  for (size_t i = 0; i < even.size(); ++i)
    CHECK(even[i].x == doctest::Approx(10.0 * static_cast<double>(i)));

  // With a varying speed the steps vary within their range, and the pen still stops at the end.
  const std::vector<PadPoint> varied = sample_pen(line, 10, 0.3f, rng);
  CHECK(varied.front().x == 0.0f);
  CHECK(varied.back().x == 100.0f);
  std::set<int> steps;
  for (size_t i = 1; i + 1 < varied.size(); ++i) {
    const float step = distance(varied[i - 1], varied[i]);
    CHECK(step >= 7.0f - 1e-3f);
    CHECK(step <= 13.0f + 1e-3f);
    steps.insert(static_cast<int>(step * 10));
  }
  CHECK(steps.size() > 3);  // not one step repeated
}

TEST_CASE("the drawn set: the same seed gives the same bytes, another seed others") {
  DrawnSetConfig config;
  config.per_class = 4;
  const std::vector<DrawnItem> a = drawn_set(config), b = drawn_set(config);
  CHECK(write_idx_images(drawn_dataset(a)) == write_idx_images(drawn_dataset(b)));
  CHECK(drawn_set_json(config, a, {}, {}) == drawn_set_json(config, b, {}, {}));
  config.seed = 2;
  const std::vector<DrawnItem> c = drawn_set(config);
  CHECK(write_idx_images(drawn_dataset(c)) != write_idx_images(drawn_dataset(a)));

  // An item is the same whatever the size of its set (the browser test draws a small one).
  DrawnSetConfig big = config;
  big.per_class = 9;
  const DrawnItem small_item = drawn_set(config)[3 * kClasses + 7];
  const DrawnItem big_item = drawn_set(big)[3 * kClasses + 7];
  CHECK(small_item.label == 7);
  CHECK(small_item.style == big_item.style);
  CHECK(small_item.radius == big_item.radius);
  CHECK(replay_on_pad(small_item.strokes, small_item.radius).pixels ==
        replay_on_pad(big_item.strokes, big_item.radius).pixels);
}

TEST_CASE("the drawn set is balanced, every style used, every item on the pad with ink") {
  const DrawnSetConfig config;  // the set the report scores: 60 of each class
  const std::vector<DrawnItem> items = drawn_set(config);
  REQUIRE(items.size() == static_cast<size_t>(config.per_class) * kClasses);
  const Dataset data = drawn_dataset(items);
  REQUIRE(data.size() == items.size());

  int per_label[kClasses] = {};
  std::set<std::string> styles;
  const float side = static_cast<float>(DrawPad::kCanvasSide);
  float thinnest = 1e9f, thickest = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    const DrawnItem& item = items[i];
    CHECK(item.label == static_cast<int>(i % kClasses));  // interleaved: any prefix balanced
    CHECK(data.labels[i] == item.label);
    ++per_label[item.label];
    styles.insert(std::to_string(item.label) + item.style);
    thinnest = std::min(thinnest, item.radius);
    thickest = std::max(thickest, item.radius);
    REQUIRE(!item.strokes.empty());
    for (const auto& stroke : item.strokes) {
      REQUIRE(!stroke.empty());
      for (size_t p = 0; p < stroke.size(); ++p) {
        // The whole brush on the pad: no ink cut off at its edge.
        CHECK(stroke[p].x - item.radius >= 1.0f);
        CHECK(stroke[p].y - item.radius >= 1.0f);
        CHECK(stroke[p].x + item.radius <= side - 1.0f);
        CHECK(stroke[p].y + item.radius <= side - 1.0f);
        // Every point one the pad paints (it skips moves under half a pixel).
        if (p > 0) CHECK(distance(stroke[p - 1], stroke[p]) >= 1.0f);
      }
    }
    int ink = 0;
    for (size_t p = 0; p < data.pixels_per_image(); ++p) ink += data.image(i)[p] >= kInk;
    CHECK(ink > 20);  // a digit's worth, not a speck
  }
  for (int label = 0; label < kClasses; ++label) CHECK(per_label[label] == config.per_class);
  CHECK(styles.size() == digit_styles().size());
  // Thinner and thicker pens than the pad's, both.
  CHECK(thinnest < 0.7f * DrawPad::kBrushRadius);
  CHECK(thickest > 1.3f * DrawPad::kBrushRadius);

  DrawnSetConfig pad = config;
  pad.pad_brush = true;
  for (const DrawnItem& item : drawn_set(pad)) CHECK(item.radius == DrawPad::kBrushRadius);
}

TEST_CASE("the exported strokes replay through the brush to exactly the IDX images") {
  DrawnSetConfig config;
  config.per_class = 5;
  const std::vector<DrawnItem> items = drawn_set(config);
  const Dataset data = drawn_dataset(items);
  const std::vector<uint8_t> images = write_idx_images(data), labels = write_idx_labels(data);
  Result<Dataset> idx = parse_idx(images.data(), images.size(), labels.data(), labels.size());
  REQUIRE(idx.ok());

  const std::vector<JsonItem> exported = json_items(drawn_set_json(config, items, {}, {}));
  REQUIRE(exported.size() == idx->size());
  for (size_t i = 0; i < exported.size(); ++i) {
    CHECK(exported[i].label == idx->labels[i]);
    const Preprocessed pre =
        preprocess_drawing(replay_on_pad(exported[i].strokes, exported[i].radius));
    REQUIRE(!pre.empty);
    CHECK(std::equal(pre.pixels.begin(), pre.pixels.end(), idx->image(i)));
  }
}

TEST_CASE("drawn digits have their shapes: a 0 has a hole, an 8 two, a 1 is tall and thin") {
  const std::vector<DrawnItem> items = drawn_set(DrawnSetConfig{});
  const Dataset data = drawn_dataset(items);
  // Thresholds well below what the generator gives (0: 95% one hole, 8: 100% two, 1: 97% none)
  // and far above what the wrong class would: a broken path or a shuffled label fails them.
  const auto holes_are = [](int n) { return [n](const uint8_t* p) { return holes(p) == n; }; };
  CHECK(share(data, 0, holes_are(1)) >= 0.9);
  CHECK(share(data, 8, holes_are(2)) >= 0.9);
  CHECK(share(data, 6, holes_are(1)) >= 0.75);
  CHECK(share(data, 9, holes_are(1)) >= 0.75);
  CHECK(share(data, 1, holes_are(0)) >= 0.9);
  CHECK(share(data, 7, holes_are(0)) >= 0.9);
  const auto taller_than_wide = [](float ratio) {
    return [ratio](const uint8_t* p) { return tallness(p) > ratio; };
  };
  CHECK(share(data, 1, taller_than_wide(1.0f)) == 1.0);
  CHECK(share(data, 1, taller_than_wide(1.5f)) >= 0.75);
  CHECK(share(data, 0, taller_than_wide(1.5f)) <= 0.25);

  // Styles of one class differ as drawn: a closed 4 encloses its corner, an open one does not.
  int closed = 0, closed_holes = 0, open = 0, open_holes = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].style == "closed") ++closed, closed_holes += holes(data.image(i)) == 1;
    if (items[i].style == "open-top") ++open, open_holes += holes(data.image(i)) != 0;
  }
  REQUIRE(closed > 0);
  REQUIRE(open > 0);
  CHECK(closed_holes >= closed * 7 / 10);  // 17 of 20 with seed 1
  CHECK(open_holes <= open / 10);          // none of 20
}
