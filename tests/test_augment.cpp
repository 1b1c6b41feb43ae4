// Augmentation (src/core/image/augment.h): each transform on synthetic images, the settings'
// limits, and determinism for a seed - the same bytes natively and in WebAssembly (the pinned
// hash below is checked by both builds of these tests).
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "image/augment.h"

namespace {

using digitlab::AugmentConfig;
using digitlab::Rng;

constexpr int kSide = 28;

std::vector<uint8_t> blank() {
  return std::vector<uint8_t>(kSide * kSide, 0);
}

// The ink's centre of mass (x, y) and the angle of its principal axis in degrees,
// counter-clockwise on screen (y grows downwards), from the second moments.
struct Moments {
  double cx = 0, cy = 0, angle = 0, mass = 0;
};
Moments moments(const std::vector<uint8_t>& img) {
  Moments m;
  for (int y = 0; y < kSide; ++y)
    for (int x = 0; x < kSide; ++x) {
      const double v = img[y * kSide + x];
      m.mass += v;
      m.cx += v * x;
      m.cy += v * y;
    }
  m.cx /= m.mass;
  m.cy /= m.mass;
  double sxx = 0, syy = 0, sxy = 0;
  for (int y = 0; y < kSide; ++y)
    for (int x = 0; x < kSide; ++x) {
      const double v = img[y * kSide + x], dx = x - m.cx, dy = m.cy - y;  // dy up
      sxx += v * dx * dx;
      syy += v * dy * dy;
      sxy += v * dx * dy;
    }
  m.angle = 0.5 * std::atan2(2 * sxy, sxx - syy) * 180.0 / 3.14159265358979323846;
  return m;
}

uint64_t fnv(const std::vector<uint8_t>& bytes, uint64_t h = 1469598103934665603ull) {
  for (uint8_t b : bytes) h = (h ^ b) * 1099511628211ull;
  return h;
}

}  // namespace

TEST_CASE("portable sin, cos and exp agree with libm to double precision") {
  for (double x = -7.0; x <= 7.0; x += 0.37) {
    CHECK(digitlab::portable_sin(x) == doctest::Approx(std::sin(x)).epsilon(1e-13));
    CHECK(digitlab::portable_cos(x) == doctest::Approx(std::cos(x)).epsilon(1e-13));
    CHECK(digitlab::portable_exp(x) == doctest::Approx(std::exp(x)).epsilon(1e-13));
  }
  CHECK(digitlab::portable_exp(-800.0) == 0.0);
}

TEST_CASE("a rotated horizontal line lies at the angle it was turned by, counter-clockwise") {
  std::vector<uint8_t> line = blank(), out(kSide * kSide);
  for (int x = 4; x < 24; ++x) line[14 * kSide + x] = 255;
  CHECK(moments(line).angle == doctest::Approx(0.0).epsilon(1e-9));
  for (float deg : {10.0f, -10.0f, 30.0f}) {
    digitlab::affine_image(line.data(), out.data(), kSide, deg, 1.0f, 0.0f, 0.0f, 0.0f);
    CAPTURE(deg);
    CHECK(std::fabs(moments(out).angle - deg) < 1.0);
  }
  digitlab::book_rotation(line.data(), out.data(), kSide, 10.0f);
  CHECK(std::fabs(moments(out).angle - 10.0) < 1.0);
}

TEST_CASE("a shift moves the centre of mass by the shift") {
  std::vector<uint8_t> blob = blank(), out(kSide * kSide);
  for (int y = 10; y < 16; ++y)
    for (int x = 11; x < 15; ++x) blob[y * kSide + x] = 200;
  const Moments before = moments(blob);
  digitlab::affine_image(blob.data(), out.data(), kSide, 0.0f, 1.0f, 0.0f, 3.0f, -2.0f);
  const Moments after = moments(out);
  CHECK(after.cx - before.cx == doctest::Approx(3.0).epsilon(1e-9));
  CHECK(after.cy - before.cy == doctest::Approx(-2.0).epsilon(1e-9));
  CHECK(after.mass == before.mass);  // whole-pixel shifts resample exactly
  // Half a pixel: bilinear, the centre moves by the half.
  digitlab::affine_image(blob.data(), out.data(), kSide, 0.0f, 1.0f, 0.0f, 0.5f, 0.0f);
  CHECK(moments(out).cx - before.cx == doctest::Approx(0.5).epsilon(1e-6));
}

TEST_CASE("scale grows the ink about the centre; shear slants a vertical bar") {
  std::vector<uint8_t> bar = blank(), out(kSide * kSide);
  for (int y = 6; y < 22; ++y) bar[y * kSide + 14] = 255;
  digitlab::affine_image(bar.data(), out.data(), kSide, 0.0f, 1.25f, 0.0f, 0.0f, 0.0f);
  int rows = 0;
  for (int y = 0; y < kSide; ++y)
    for (int x = 0; x < kSide; ++x)
      if (out[y * kSide + x] > 127) {
        ++rows;
        break;
      }
  CHECK(rows == 20);  // 16 rows of ink, 1.25x as long
  digitlab::affine_image(bar.data(), out.data(), kSide, 0.0f, 1.0f, 0.3f, 0.0f, 0.0f);
  // x += 0.3 * (y - centre): the top leans left, the bottom right (y grows downwards).
  const Moments slanted = moments(out);
  CHECK(slanted.angle < -60.0);  // was 90 (vertical); now tilted clockwise on screen
  CHECK(slanted.angle > -80.0);
}

TEST_CASE("an elastic field with alpha 0 is the identity; with alpha it moves ink, not adds it") {
  std::vector<uint8_t> digit = blank(), out(kSide * kSide);
  for (int y = 6; y < 22; ++y)
    for (int x = 12; x < 16; ++x) digit[y * kSide + x] = 255;
  Rng rng(5);
  digitlab::elastic_image(digit.data(), out.data(), kSide, 0.0f, 4.0f, rng);
  CHECK(out == digit);
  Rng rng2(5);
  digitlab::elastic_image(digit.data(), out.data(), kSide, 34.0f, 4.0f, rng2);
  CHECK(out != digit);
  const double ratio = moments(out).mass / moments(digit).mass;
  CHECK(ratio > 0.7);  // a smooth field moves ink about: no large loss or gain
  CHECK(ratio < 1.3);
}

TEST_CASE("thickness grows and thins the ink by whole and fractional pixels") {
  std::vector<uint8_t> bar = blank(), out(kSide * kSide);
  for (int y = 6; y < 22; ++y) bar[y * kSide + 14] = 255;
  const auto ink = [](const std::vector<uint8_t>& img) {
    long sum = 0;
    for (uint8_t v : img) sum += v;
    return sum;
  };
  digitlab::thicken_image(bar.data(), out.data(), kSide, 1.0f);
  CHECK(out[14 * kSide + 13] == 255);  // a column either side
  CHECK(out[14 * kSide + 15] == 255);
  CHECK(out[14 * kSide + 12] == 0);
  digitlab::thicken_image(bar.data(), out.data(), kSide, 0.5f);
  CHECK(out[14 * kSide + 13] == 128);  // half-way to the next step
  std::vector<uint8_t> thick = blank();
  for (int y = 6; y < 22; ++y)
    for (int x = 12; x < 17; ++x) thick[y * kSide + x] = 255;
  digitlab::thicken_image(thick.data(), out.data(), kSide, -1.0f);
  CHECK(ink(out) < ink(thick));
  CHECK(out[14 * kSide + 14] == 255);  // the middle stays
  CHECK(out[14 * kSide + 12] == 0);    // the edges go
}

TEST_CASE("validate_augment refuses settings out of range, with the setting's name") {
  CHECK(digitlab::validate_augment(AugmentConfig{}).ok());
  AugmentConfig c;
  c.rotate_degrees = -1;
  CHECK(digitlab::validate_augment(c).error().find("rotate") != std::string::npos);
  c = AugmentConfig{};
  c.elastic_sigma = 0;
  CHECK(digitlab::validate_augment(c).error().find("sigma") != std::string::npos);
  c = AugmentConfig{};
  c.scale = 0.5f;  // could shrink a digit to nothing
  CHECK(digitlab::validate_augment(c).error().find("scale") != std::string::npos);
  c = AugmentConfig{};
  c.shift_pixels = NAN;
  CHECK_FALSE(digitlab::validate_augment(c).ok());
  c = AugmentConfig{};
  c.thickness = 3;
  CHECK_FALSE(digitlab::validate_augment(c).ok());
}

TEST_CASE("augment_image is deterministic per seed, on every platform") {
  std::vector<uint8_t> digit = blank();
  for (int y = 5; y < 23; ++y)
    for (int x = 10; x < 14 + (y - 5) / 3; ++x)
      digit[y * kSide + x] = static_cast<uint8_t>(60 + 10 * (y % 10));
  AugmentConfig c;
  c.rotate_degrees = 15;
  c.scale = 0.15f;
  c.shear = 0.2f;
  c.shift_pixels = 2;
  c.elastic_alpha = 34;
  c.elastic_sigma = 4;
  c.thickness = 1;
  REQUIRE(digitlab::validate_augment(c).ok());
  std::vector<uint8_t> a(kSide * kSide), b(kSide * kSide);
  Rng r1(42), r2(42), r3(43);
  digitlab::augment_image(digit.data(), a.data(), kSide, c, r1);
  digitlab::augment_image(digit.data(), b.data(), kSide, c, r2);
  CHECK(a == b);
  digitlab::augment_image(digit.data(), b.data(), kSide, c, r3);
  CHECK(a != b);
  // Twenty draws in a row from one seed: these bytes, natively and in WebAssembly.
  Rng rng(7);
  uint64_t h = 1469598103934665603ull;
  for (int i = 0; i < 20; ++i) {
    digitlab::augment_image(digit.data(), a.data(), kSide, c, rng);
    h = fnv(a, h);
  }
  CHECK(h == 4401893396325028988ull);
  AugmentConfig off;
  Rng rng_off(7);
  digitlab::augment_image(digit.data(), a.data(), kSide, off, rng_off);
  CHECK(a == digit);  // nothing on: the image as it was
}
