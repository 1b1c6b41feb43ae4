#include "image/augment.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <vector>

namespace digitlab {
namespace {

constexpr double kPi = 3.14159265358979323846;

// A sample of the image at (x, y) in pixel coordinates, bilinear, 0 outside.
double sample(const uint8_t* in, int side, double x, double y) {
  const double fx = std::floor(x), fy = std::floor(y);
  const int x0 = static_cast<int>(fx), y0 = static_cast<int>(fy);
  const double tx = x - fx, ty = y - fy;
  const auto at = [&](int px, int py) -> double {
    return px < 0 || py < 0 || px >= side || py >= side ? 0.0 : in[py * side + px];
  };
  const double top = at(x0, y0) * (1.0 - tx) + at(x0 + 1, y0) * tx;
  const double bottom = at(x0, y0 + 1) * (1.0 - tx) + at(x0 + 1, y0 + 1) * tx;
  return top * (1.0 - ty) + bottom * ty;
}

uint8_t to_byte(double v) {
  return static_cast<uint8_t>(std::clamp(std::floor(v + 0.5), 0.0, 255.0));
}

// Uniform in [-h, h]; no draw at all for h = 0, so turning one setting on or off does not
// change what the others draw.
float spread(Rng& rng, float h) {
  return h == 0.0f ? 0.0f : static_cast<float>((rng.uniform() * 2.0 - 1.0) * h);
}

}  // namespace

double portable_sin(double x) {
  // Reduced to [-pi, pi], then to [-pi/2, pi/2] by sin(pi - x) = sin(x); the Taylor series
  // there reaches double precision by x^23.
  const double turns = std::floor(x / (2.0 * kPi) + 0.5);
  x -= turns * 2.0 * kPi;
  if (x > kPi / 2) x = kPi - x;
  if (x < -kPi / 2) x = -kPi - x;
  const double x2 = x * x;
  double term = x, sum = 0.0;
  for (int k = 1; k < 26; k += 2) {
    sum += term;
    term *= -x2 / ((k + 1) * (k + 2));
  }
  return sum;
}

double portable_cos(double x) {
  return portable_sin(x + kPi / 2);
}

double portable_exp(double x) {
  // x = k ln2 + r with |r| <= ln2/2: exp(x) = 2^k exp(r), the series for exp(r) converging to
  // double precision within 20 terms; ldexp is exact.
  if (x < -700.0) return 0.0;
  constexpr double kLn2 = 0.69314718055994530942;
  const double k = std::floor(x / kLn2 + 0.5);
  const double r = x - k * kLn2;
  double term = 1.0, sum = 0.0;
  for (int n = 1; n < 22; ++n) {
    sum += term;
    term *= r / n;
  }
  return std::ldexp(sum, static_cast<int>(k));
}

bool AugmentConfig::any() const {
  return rotate_degrees != 0 || scale != 0 || shear != 0 || shift_pixels != 0 ||
         elastic_alpha != 0 || thickness != 0;
}

bool AugmentConfig::operator==(const AugmentConfig& o) const {
  return rotate_degrees == o.rotate_degrees && scale == o.scale && shear == o.shear &&
         shift_pixels == o.shift_pixels && elastic_alpha == o.elastic_alpha &&
         elastic_sigma == o.elastic_sigma && thickness == o.thickness && centre == o.centre &&
         copies_degrees == o.copies_degrees;
}

Status validate_augment(const AugmentConfig& c) {
  const auto finite = [](float v) { return std::isfinite(v); };
  if (!finite(c.rotate_degrees) || c.rotate_degrees < 0 || c.rotate_degrees > 45)
    return fail("rotate must be 0..45 degrees (the range each side of upright)");
  if (!finite(c.scale) || c.scale < 0 || c.scale >= 0.5f)
    return fail(
        "scale must be at least 0 and below 0.5: the size varies by up to that "
        "fraction, and 0.5 or more could shrink a digit to nothing");
  if (!finite(c.shear) || c.shear < 0 || c.shear > 0.5f) return fail("shear must be 0..0.5");
  if (!finite(c.shift_pixels) || c.shift_pixels < 0 || c.shift_pixels > 8)
    return fail("shift must be 0..8 pixels");
  if (!finite(c.elastic_alpha) || c.elastic_alpha < 0 || c.elastic_alpha > 64)
    return fail("elastic alpha must be 0..64 pixels");
  if (!finite(c.elastic_sigma) || c.elastic_sigma <= 0 || c.elastic_sigma > 16)
    return fail("elastic sigma must be above 0 and at most 16 pixels");
  if (!finite(c.thickness) || c.thickness < 0 || c.thickness > 2)
    return fail("thickness must be 0..2 pixels");
  if (!finite(c.copies_degrees) || c.copies_degrees < 0 || c.copies_degrees > 45)
    return fail("copies must be 0..45 degrees (each image also turned by + and - that angle)");
  return Status::success();
}

void affine_image(const uint8_t* in, uint8_t* out, int side, float rotate_degrees, float scale,
                  float shear, float shift_x, float shift_y) {
  assert(in != out && scale > 0);
  // The forward map about the centre c: p' = c + t + S·H·R·(p - c), with R the rotation
  // (counter-clockwise on screen, where y grows downwards), H the shear, S the scale. Each
  // output pixel samples the input at the inverse map of its own position.
  const double a = -rotate_degrees * kPi / 180.0;  // y down: a screen-ccw turn is negative
  const double c = portable_cos(a), s = portable_sin(a);
  // M = S·H·R = scale * [[1, h], [0, 1]] * [[c, -s], [s, c]]
  const double m00 = scale * (c + shear * s), m01 = scale * (-s + shear * c);
  const double m10 = scale * s, m11 = scale * c;
  const double det = m00 * m11 - m01 * m10;
  const double i00 = m11 / det, i01 = -m01 / det, i10 = -m10 / det, i11 = m00 / det;
  const double centre = (side - 1) / 2.0;
  for (int y = 0; y < side; ++y) {
    for (int x = 0; x < side; ++x) {
      const double dx = x - centre - shift_x, dy = y - centre - shift_y;
      const double sx = centre + i00 * dx + i01 * dy, sy = centre + i10 * dx + i11 * dy;
      out[y * side + x] = to_byte(sample(in, side, sx, sy));
    }
  }
}

void elastic_image(const uint8_t* in, uint8_t* out, int side, float alpha, float sigma, Rng& rng) {
  assert(in != out && sigma > 0);
  const size_t n = static_cast<size_t>(side) * static_cast<size_t>(side);
  std::vector<double> field_x(n), field_y(n);
  for (size_t i = 0; i < n; ++i) {
    field_x[i] = rng.uniform() * 2.0 - 1.0;
    field_y[i] = rng.uniform() * 2.0 - 1.0;
  }
  // The Gaussian, normalised, cut at 3 sigma; applied along rows then columns (it separates).
  const int radius = std::max(1, static_cast<int>(std::ceil(3.0 * sigma)));
  std::vector<double> kernel(static_cast<size_t>(2 * radius + 1));
  double total = 0.0;
  for (int k = -radius; k <= radius; ++k) {
    const double w = portable_exp(-(k * k) / (2.0 * sigma * sigma));
    kernel[static_cast<size_t>(k + radius)] = w;
    total += w;
  }
  for (double& w : kernel) w /= total;
  std::vector<double> tmp(n);
  const auto smooth = [&](std::vector<double>& f) {
    for (int pass = 0; pass < 2; ++pass) {  // rows, then columns; 0 beyond the edge
      // Along the pass's axis at position a, the taps k that stay inside [0, side); the
      // taps are summed in the same order as over every k with the outside ones skipped.
      const int step = pass == 0 ? 1 : side;
      for (int y = 0; y < side; ++y) {
        for (int x = 0; x < side; ++x) {
          const int a = pass == 0 ? x : y;
          const int k0 = std::max(-radius, -a), k1 = std::min(radius, side - 1 - a);
          const double* w = kernel.data() + radius;
          const double* v = f.data() + (y * side + x);
          double sum = 0.0;
          for (int k = k0; k <= k1; ++k) sum += w[k] * v[k * step];
          tmp[static_cast<size_t>(y * side + x)] = sum;
        }
      }
      f.swap(tmp);
    }
  };
  smooth(field_x);
  smooth(field_y);
  for (int y = 0; y < side; ++y) {
    for (int x = 0; x < side; ++x) {
      const size_t i = static_cast<size_t>(y * side + x);
      out[i] = to_byte(sample(in, side, x + alpha * field_x[i], y + alpha * field_y[i]));
    }
  }
}

void thicken_image(const uint8_t* in, uint8_t* out, int side, float pixels) {
  assert(in != out);
  // Whole steps of a 3x3 grey dilation (max) or erosion (min), then a blend towards one more
  // step for the fraction left.
  const size_t n = static_cast<size_t>(side) * static_cast<size_t>(side);
  std::vector<uint8_t> cur(in, in + n), next(n);
  const bool grow = pixels > 0;
  double left = std::fabs(static_cast<double>(pixels));
  const auto step = [&]() {
    for (int y = 0; y < side; ++y) {
      for (int x = 0; x < side; ++x) {
        uint8_t v = cur[static_cast<size_t>(y * side + x)];
        for (int dy = -1; dy <= 1; ++dy) {
          for (int dx = -1; dx <= 1; ++dx) {
            const int px = x + dx, py = y + dy;
            const uint8_t u = px < 0 || py < 0 || px >= side || py >= side
                                  ? 0
                                  : cur[static_cast<size_t>(py * side + px)];
            v = grow ? std::max(v, u) : std::min(v, u);
          }
        }
        next[static_cast<size_t>(y * side + x)] = v;
      }
    }
  };
  while (left >= 1.0) {
    step();
    cur.swap(next);
    left -= 1.0;
  }
  if (left > 0.0) {
    step();
    for (size_t i = 0; i < n; ++i) cur[i] = to_byte(cur[i] + (next[i] - cur[i]) * left);
  }
  std::copy(cur.begin(), cur.end(), out);
}

void augment_image(const uint8_t* in, uint8_t* out, int side, const AugmentConfig& config,
                   Rng& rng) {
  const size_t n = static_cast<size_t>(side) * static_cast<size_t>(side);
  std::vector<uint8_t> a(in, in + n), b(n);
  // The draws in a fixed order, each only for a setting that is on.
  const float angle = spread(rng, config.rotate_degrees);
  const float scale = 1.0f + spread(rng, config.scale);
  const float shear = spread(rng, config.shear);
  const float shift_x = spread(rng, config.shift_pixels);
  const float shift_y = spread(rng, config.shift_pixels);
  const float thick = spread(rng, config.thickness);
  if (angle != 0 || scale != 1.0f || shear != 0 || shift_x != 0 || shift_y != 0) {
    affine_image(a.data(), b.data(), side, angle, scale, shear, shift_x, shift_y);
    a.swap(b);
  }
  if (config.elastic_alpha != 0) {
    elastic_image(a.data(), b.data(), side, config.elastic_alpha, config.elastic_sigma, rng);
    a.swap(b);
  }
  if (thick != 0) {
    thicken_image(a.data(), b.data(), side, thick);
    a.swap(b);
  }
  std::copy(a.begin(), a.end(), out);
}

}  // namespace digitlab
