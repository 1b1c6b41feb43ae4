// preprocess_drawing: synthetic drawings with hand-computed expectations, then real MNIST digits
// upscaled 10x, which must come back as the original bytes (MNIST was made by this procedure).
// Coordinates as in preprocess.cpp: pixel i's centre is at i + 0.5 and the centre of mass is
// placed on the centre of pixel (14, 14), i.e. at (14.5, 14.5).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "image/preprocess.h"

#ifndef DIGITLAB_MNIST_DIR
#define DIGITLAB_MNIST_DIR "build/deps/mnist"
#endif

using namespace digitlab;

namespace {

constexpr double kTarget = 14.5;  // where the centre of mass must land, per axis

GreyImage canvas(int width, int height) {
  return blank_image(width, height);
}

void set(GreyImage& img, int x, int y, float v) {
  img.pixels[static_cast<size_t>(y) * img.width + x] = v;
}

void fill_rect(GreyImage& img, int x0, int y0, int w, int h, float v = 1.0f) {
  for (int y = y0; y < y0 + h; ++y) {
    for (int x = x0; x < x0 + w; ++x) set(img, x, y, v);
  }
}

double total(const GreyImage& img) {
  double sum = 0.0;
  for (float v : img.pixels) sum += v;
  return sum;
}

struct Point {
  double x = 0.0;
  double y = 0.0;
};

Point centre_of_mass(const GreyImage& img) {
  double mass = 0.0, mx = 0.0, my = 0.0;
  for (int y = 0; y < img.height; ++y) {
    for (int x = 0; x < img.width; ++x) {
      mass += img.at(x, y);
      mx += img.at(x, y) * (x + 0.5);
      my += img.at(x, y) * (y + 0.5);
    }
  }
  REQUIRE(mass > 0.0);
  return {mx / mass, my / mass};
}

// Half-open bounds of the nonzero pixels.
struct Bounds {
  int x0, y0, x1, y1;
  int width() const { return x1 - x0; }
  int height() const { return y1 - y0; }
};

Bounds ink_bounds(const GreyImage& img) {
  Bounds b{img.width, img.height, 0, 0};
  for (int y = 0; y < img.height; ++y) {
    for (int x = 0; x < img.width; ++x) {
      if (img.at(x, y) <= 0.0f) continue;
      b.x0 = std::min(b.x0, x);
      b.y0 = std::min(b.y0, y);
      b.x1 = std::max(b.x1, x + 1);
      b.y1 = std::max(b.y1, y + 1);
    }
  }
  return b;
}

// The properties every non-empty result must have, whatever was drawn.
void check_well_formed(const Preprocessed& p) {
  REQUIRE_FALSE(p.empty);
  CHECK(std::max(p.scaled.width, p.scaled.height) == 20);
  REQUIRE(p.centred.width == 28);
  REQUIRE(p.centred.height == 28);
  REQUIRE(p.pixels.size() == 784);
  // Nothing is cut off by the frame: the scaled image's ink is all in the centred one.
  CHECK(total(p.centred) == doctest::Approx(total(p.scaled)).epsilon(1e-6));
  for (size_t i = 0; i < p.pixels.size(); ++i) {
    CHECK(p.pixels[i] == std::lround(p.centred.pixels[i] * 255.0f));
  }
}

void check_centred(const Preprocessed& p) {
  const Point c = centre_of_mass(p.centred);
  CHECK(std::abs(c.x - kTarget) <= 0.5 + 1e-9);
  CHECK(std::abs(c.y - kTarget) <= 0.5 + 1e-9);
}

// A hand-drawn-looking "7", 80x146: a 6 px top bar and a slanted 8 px stroke, drawn at
// (x0, y0). Not too top-heavy, so its centring is never clamped.
GreyImage draw_seven(int width, int height, int x0, int y0) {
  GreyImage img = canvas(width, height);
  fill_rect(img, x0, y0, 80, 6);
  for (int y = 0; y < 140; ++y) fill_rect(img, x0 + 72 - y / 2, y0 + 6 + y, 8, 1);
  return img;
}

// Deterministic values in (0.05, 1] without depending on the project's Rng.
float pseudo_random(uint32_t& state) {
  state ^= state << 13;
  state ^= state >> 17;
  state ^= state << 5;
  return 0.05f + 0.95f * static_cast<float>(state % 1000u + 1u) / 1000.0f;
}

}  // namespace

TEST_CASE("preprocess: a blank drawing is reported empty, not classified") {
  const Preprocessed blank = preprocess_drawing(canvas(280, 280));
  CHECK(blank.empty);
  CHECK(blank.cropped.pixels.empty());
  CHECK(blank.scaled.pixels.empty());
  CHECK(blank.centred.pixels.empty());
  CHECK(blank.pixels.empty());

  CHECK(preprocess_drawing(canvas(0, 0)).empty);
}

TEST_CASE("preprocess: ink at or below the threshold counts as empty") {
  GreyImage faint = canvas(280, 280);
  fill_rect(faint, 50, 50, 100, 100, 0.2f);
  set(faint, 200, 200, 0.3f);  // exactly the threshold: still not ink
  CHECK(preprocess_drawing(faint, 0.3f).empty);
  CHECK_FALSE(preprocess_drawing(faint, 0.1f).empty);  // same drawing, lower threshold: ink

  // Faint pixels inside the ink's box are zeroed too, so they add no mass.
  GreyImage mixed = canvas(100, 100);
  fill_rect(mixed, 10, 10, 40, 40, 1.0f);
  set(mixed, 30, 30, 0.2f);
  const Preprocessed p = preprocess_drawing(mixed, 0.3f);
  REQUIRE(p.cropped.width == 40);
  REQUIRE(p.cropped.height == 40);
  CHECK(p.cropped.at(20, 20) == 0.0f);
  CHECK(p.cropped.at(19, 20) == 1.0f);
}

TEST_CASE("preprocess: a small thin off-centre stroke is scaled to 20 px and centred") {
  GreyImage img = canvas(280, 280);
  fill_rect(img, 12, 8, 2, 30);  // 2 px wide, 30 px tall, top left
  const Preprocessed p = preprocess_drawing(img);
  check_well_formed(p);
  CHECK(p.cropped.width == 2);
  CHECK(p.cropped.height == 30);
  CHECK(p.scaled.width == 1);  // round(20 * 2 / 30) = round(1.33)
  CHECK(p.scaled.height == 20);

  const Bounds b = ink_bounds(p.centred);
  CHECK(b.height() == 20);
  CHECK(b.width() == 1);
  CHECK(b.x0 == 14);  // a one-pixel column's mass sits on its centre: pixel 14 exactly
  check_centred(p);
}

TEST_CASE("preprocess: a wide bar becomes 20 px wide with its height from the aspect ratio") {
  GreyImage img = canvas(280, 280);
  fill_rect(img, 100, 200, 150, 20);
  const Preprocessed p = preprocess_drawing(img);
  check_well_formed(p);
  CHECK(p.scaled.width == 20);
  CHECK(p.scaled.height == 3);  // round(20 * 20 / 150) = round(2.67)
  const Bounds b = ink_bounds(p.centred);
  CHECK(b.width() == 20);
  CHECK(b.height() == 3);
  check_centred(p);
}

TEST_CASE("preprocess: a vertical line 1 px wide becomes 20x1, fully inked") {
  GreyImage img = canvas(280, 280);
  fill_rect(img, 140, 20, 1, 250);
  const Preprocessed p = preprocess_drawing(img);
  check_well_formed(p);
  REQUIRE(p.scaled.width == 1);
  REQUIRE(p.scaled.height == 20);
  for (float v : p.scaled.pixels) CHECK(v == doctest::Approx(1.0f));
  check_centred(p);
}

TEST_CASE("preprocess: a large filled rectangle in a corner of a big canvas") {
  GreyImage img = canvas(1000, 800);
  fill_rect(img, 0, 0, 200, 120);  // downscaled 10x
  const Preprocessed p = preprocess_drawing(img);
  check_well_formed(p);
  CHECK(p.cropped.width == 200);
  CHECK(p.cropped.height == 120);
  REQUIRE(p.scaled.width == 20);
  REQUIRE(p.scaled.height == 12);
  for (float v : p.scaled.pixels) CHECK(v == doctest::Approx(1.0f));

  // The centred frame holds exactly one 20x12 block of full ink and nothing else.
  const Bounds b = ink_bounds(p.centred);
  CHECK(b.width() == 20);
  CHECK(b.height() == 12);
  CHECK(total(p.centred) == doctest::Approx(240.0));
  CHECK(p.pixels[static_cast<size_t>(b.y0) * 28 + b.x0] == 255);
  check_centred(p);
}

TEST_CASE("preprocess: a 400 px disc is downscaled with grey, partly covered edges") {
  GreyImage img = canvas(500, 450);
  for (int y = 0; y < 450; ++y) {
    for (int x = 0; x < 500; ++x) {
      const double dx = x + 0.5 - 250.0, dy = y + 0.5 - 225.0;
      if (dx * dx + dy * dy < 200.0 * 200.0) set(img, x, y, 1.0f);
    }
  }
  const Preprocessed p = preprocess_drawing(img);
  check_well_formed(p);
  CHECK(p.cropped.width == 400);
  CHECK(p.cropped.height == 400);
  CHECK(p.scaled.width == 20);
  CHECK(p.scaled.height == 20);
  CHECK(p.scaled.at(10, 10) == doctest::Approx(1.0f));  // inside the disc
  CHECK(p.scaled.at(0, 0) == 0.0f);                     // outside it
  // Output (3, 2) covers box pixels [60, 80) x [40, 60), which the rim (radius 200 about
  // (200, 200)) cuts roughly in half; a whole ring of such pixels must be grey.
  const float edge = p.scaled.at(3, 2);
  CHECK(edge > 0.2f);
  CHECK(edge < 0.8f);
  int grey = 0;
  for (float v : p.scaled.pixels) grey += (v > 0.05f && v < 0.95f) ? 1 : 0;
  CHECK(grey >= 20);
  check_centred(p);
}

TEST_CASE("preprocess: a tiny 3x5 blob is upscaled, each pixel becoming a 4x4 block") {
  GreyImage img = canvas(280, 280);
  for (int y = 0; y < 5; ++y) {
    for (int x = 0; x < 3; ++x)
      set(img, 200 + x, 30 + y, 0.1f + 0.05f * static_cast<float>(y * 3 + x));
  }
  const Preprocessed p = preprocess_drawing(img);
  check_well_formed(p);
  REQUIRE(p.scaled.width == 12);  // 20 * 3 / 5
  REQUIRE(p.scaled.height == 20);
  for (int y = 0; y < 20; ++y) {
    for (int x = 0; x < 12; ++x) {
      CHECK(p.scaled.at(x, y) == doctest::Approx(p.cropped.at(x / 4, y / 4)));
    }
  }
  check_centred(p);
}

TEST_CASE("preprocess: area averaging by hand, for a non-integer factor (30 -> 20)") {
  // Columns alternate 1, 0.5, 0.5, 1, 0.5, 0.5, ...; output pixel o covers inputs [1.5o, 1.5o+1.5).
  GreyImage img = canvas(30, 30);
  for (int y = 0; y < 30; ++y) {
    for (int x = 0; x < 30; ++x) set(img, x, y, x % 3 == 0 ? 1.0f : 0.5f);
  }
  const Preprocessed p = preprocess_drawing(img);
  REQUIRE(p.scaled.width == 20);
  REQUIRE(p.scaled.height == 20);
  for (int x = 0; x < 20; x += 2) {
    CHECK(p.scaled.at(x, 7) == doctest::Approx((1.0 * 1.0 + 0.5 * 0.5) / 1.5));      // 0.8333
    CHECK(p.scaled.at(x + 1, 7) == doctest::Approx((0.5 * 0.5 + 0.5 * 1.0) / 1.5));  // 0.5
  }
}

TEST_CASE("preprocess: area averaging keeps ink in proportion and anti-aliases thin lines") {
  SUBCASE("ink scales with the area, for the brief's (20/long)^2 on an exact aspect") {
    GreyImage img = canvas(300, 200);
    uint32_t state = 12345u;
    for (int y = 0; y < 150; ++y) {
      for (int x = 0; x < 60; ++x) set(img, 120 + x, 20 + y, pseudo_random(state));
    }
    const Preprocessed p = preprocess_drawing(img);
    REQUIRE(p.scaled.width == 8);  // 20 * 60 / 150 exactly
    REQUIRE(p.scaled.height == 20);
    const double factor = (20.0 / 150.0) * (20.0 / 150.0);
    CHECK(total(p.scaled) == doctest::Approx(total(p.cropped) * factor).epsilon(1e-5));
  }
  SUBCASE("and per axis when the short side had to be rounded") {
    GreyImage img = canvas(200, 150);
    uint32_t state = 777u;
    for (int y = 0; y < 91; ++y) {
      for (int x = 0; x < 37; ++x) set(img, 10 + x, 40 + y, pseudo_random(state));
    }
    const Preprocessed p = preprocess_drawing(img);
    REQUIRE(p.scaled.width == 8);  // round(20 * 37 / 91) = round(8.13)
    REQUIRE(p.scaled.height == 20);
    const double factor = (8.0 / 37.0) * (20.0 / 91.0);
    CHECK(total(p.scaled) == doctest::Approx(total(p.cropped) * factor).epsilon(1e-5));
  }
  SUBCASE("a 1 px outline of a 100 px square turns grey, not binary") {
    GreyImage img = canvas(280, 280);
    fill_rect(img, 50, 60, 100, 1);
    fill_rect(img, 50, 159, 100, 1);
    fill_rect(img, 50, 60, 1, 100);
    fill_rect(img, 149, 60, 1, 100);
    const Preprocessed p = preprocess_drawing(img);
    REQUIRE(p.scaled.width == 20);
    REQUIRE(p.scaled.height == 20);
    // Each output pixel averages a 5x5 block: an edge block holds 5 inked pixels, a corner 9.
    CHECK(p.scaled.at(0, 0) == doctest::Approx(9.0 / 25.0));
    CHECK(p.scaled.at(19, 19) == doctest::Approx(9.0 / 25.0));
    CHECK(p.scaled.at(10, 0) == doctest::Approx(5.0 / 25.0));
    CHECK(p.scaled.at(0, 10) == doctest::Approx(5.0 / 25.0));
    CHECK(p.scaled.at(10, 10) == 0.0f);
    int grey = 0;
    for (uint8_t b : p.pixels) grey += (b > 0 && b < 255) ? 1 : 0;
    CHECK(grey == 76);  // the whole outline: 4 * 20 - 4 corners counted once
  }
}

TEST_CASE("preprocess: the centre of mass, not the box, is centred") {
  // An L: a 30 px wide upright and a 30 px tall foot, in a 200x200 box. Its mass sits low and
  // to the left, so the box itself ends up well off the frame's centre.
  GreyImage img = canvas(280, 280);
  fill_rect(img, 40, 50, 30, 200);
  fill_rect(img, 40, 220, 200, 30);
  const Preprocessed p = preprocess_drawing(img);
  check_well_formed(p);
  check_centred(p);
  const Bounds b = ink_bounds(p.centred);
  CHECK(b.x0 >= 0);
  CHECK(b.y0 >= 0);
  CHECK(b.x1 <= 28);
  CHECK(b.y1 <= 28);
  const double box_centre_x = (b.x0 + b.x1) / 2.0;
  CHECK(std::abs(box_centre_x - kTarget) >= 2.0);  // box-centring would put this at ~14
}

TEST_CASE("preprocess: a shift the frame cannot take is clamped, and no ink is lost") {
  // A heavy blob at the left end of a long thin tail: its mass is ~12 px left of the box's
  // centre, more than the 4 px of room a 20 px box has in a 28 px frame.
  GreyImage img = canvas(280, 280);
  fill_rect(img, 20, 100, 40, 40);
  fill_rect(img, 60, 119, 160, 2);
  const Preprocessed p = preprocess_drawing(img);
  check_well_formed(p);  // includes: the centred frame holds all of the scaled ink
  const Bounds b = ink_bounds(p.centred);
  CHECK(b.x0 == 8);  // pushed as far right as the frame allows
  CHECK(b.x1 == 28);
  CHECK(centre_of_mass(p.centred).x < kTarget - 0.5);  // could not reach the target
  CHECK(std::abs(centre_of_mass(p.centred).y - kTarget) <= 0.5 + 1e-9);
}

TEST_CASE("preprocess: non-square canvases, landscape and portrait") {
  SUBCASE("300x200, drawn at the bottom right") {
    const Preprocessed p = preprocess_drawing(draw_seven(300, 200, 210, 50));
    check_well_formed(p);
    CHECK(p.cropped.width == 80);
    CHECK(p.cropped.height == 146);
    CHECK(p.scaled.width == 11);  // round(20 * 80 / 146) = round(10.96)
    CHECK(p.scaled.height == 20);
    check_centred(p);
  }
  SUBCASE("200x300, drawn at the top left: the same digit gives the same result") {
    const Preprocessed a = preprocess_drawing(draw_seven(200, 300, 0, 0));
    const Preprocessed b = preprocess_drawing(draw_seven(300, 200, 210, 50));
    check_well_formed(a);
    CHECK(a.pixels == b.pixels);  // translation-invariant, whatever the canvas
  }
}

TEST_CASE("preprocess: real MNIST digits, upscaled 10x, come back as themselves") {
  // MNIST digits were made by this very procedure (20 px box, mass-centred in 28x28), so
  // nearest-neighbour upscaling then preprocessing must reproduce them, byte for byte unless
  // a digit's box is under 20 px (it then gets rescaled; 3 of the 10,000 test digits).
  const std::string path = std::string(DIGITLAB_MNIST_DIR) + "/t10k-images-idx3-ubyte";
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    MESSAGE("skipped: " << path << " not found (run tests/deps.sh)");
    return;
  }
  const std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(file),
                                   std::istreambuf_iterator<char>()};
  constexpr size_t kHeader = 16, kSide = 28, kPixels = kSide * kSide, kCount = 100;
  REQUIRE(bytes.size() >= kHeader + kCount * kPixels);
  // IDX header: magic 0x00000803 (unsigned bytes, 3 dimensions), then count, rows, cols.
  CHECK(bytes[2] == 0x08);
  CHECK(bytes[3] == 0x03);
  CHECK(bytes[11] == kSide);
  CHECK(bytes[15] == kSide);

  constexpr int kScale = 10;
  double mean_abs_diff = 0.0;
  int identical = 0;
  for (size_t k = 0; k < kCount; ++k) {
    const uint8_t* digit = bytes.data() + kHeader + k * kPixels;
    GreyImage big = canvas(28 * kScale, 28 * kScale);
    for (int y = 0; y < big.height; ++y) {
      for (int x = 0; x < big.width; ++x) {
        set(big, x, y, digit[(y / kScale) * 28 + x / kScale] / 255.0f);
      }
    }
    const Preprocessed p = preprocess_drawing(big);
    REQUIRE_FALSE(p.empty);
    REQUIRE(p.pixels.size() == kPixels);
    double diff = 0.0;
    for (size_t i = 0; i < kPixels; ++i) diff += std::abs(int{p.pixels[i]} - int{digit[i]});
    diff /= static_cast<double>(kPixels) * 255.0;
    mean_abs_diff += diff / static_cast<double>(kCount);
    identical += diff == 0.0 ? 1 : 0;
  }
  MESSAGE("mean |diff| " << mean_abs_diff << " of full scale; identical " << identical << "/100");
  // The brief's bar is 0.1; a half-pixel error in the centring convention alone gives ~0.06.
  CHECK(mean_abs_diff < 0.01);
  CHECK(identical >= 95);
}
