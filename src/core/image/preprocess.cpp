// MNIST-style preprocessing (see preprocess.h). The steps, in order:
//   ink_bounds      - bounding box of the pixels above the threshold
//   crop            - copy that box, zeroing sub-threshold pixels ("count as empty")
//   scaled_size     - longer side 20 px, shorter side rounded, at least 1 px
//   resample_area   - area-averaging resize (separable, exact integer overlaps)
//   centre_offset   - integer shift putting the centre of mass on pixel (14, 14)
//   place           - paste into the 28x28 frame
//   to_bytes        - 0..1 floats to 0..255 bytes
// Coordinates: pixel i covers [i, i+1) and its centre is at i + 0.5. The centre of mass is
// moved to the centre of pixel (14, 14), i.e. (14.5, 14.5) in these coordinates, not to the
// frame's geometric centre (14.0, 14.0): that is where MNIST put it. Measured on the 10k test
// set, every digit's centre of mass lies in [14, 15) on both axes (mean 14.5), and with this
// target re-preprocessing an upscaled MNIST digit gives back the original bytes exactly.
#include "image/preprocess.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdint>

namespace digitlab {
namespace {

constexpr int kBoxSide = 20;          // MNIST fits each digit's longer side to 20 px...
constexpr int kFrameSide = 28;        // ...and centres it in a 28x28 frame...
constexpr double kMassTarget = 14.5;  // ...on the centre of pixel 14 (see the top comment).

float& pixel_ref(GreyImage& img, int x, int y) {
  return img.pixels[static_cast<size_t>(y) * img.width + x];
}

// Half-open box [x0, x1) x [y0, y1); empty when no pixel qualified.
struct Box {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool empty() const { return x1 <= x0 || y1 <= y0; }
};

// `v > threshold` is false for NaN, so a NaN pixel is treated as background, never as ink.
bool is_ink(float v, float threshold) {
  return v > threshold;
}

Box ink_bounds(const GreyImage& img, float threshold) {
  Box box{img.width, img.height, 0, 0};
  for (int y = 0; y < img.height; ++y) {
    for (int x = 0; x < img.width; ++x) {
      if (!is_ink(img.at(x, y), threshold)) continue;
      box.x0 = std::min(box.x0, x);
      box.y0 = std::min(box.y0, y);
      box.x1 = std::max(box.x1, x + 1);
      box.y1 = std::max(box.y1, y + 1);
    }
  }
  return box;
}

// Sub-threshold pixels inside the box are zeroed so that faint noise counts as empty inside the
// box just as it does outside it; ink is clamped to 1 in case a brush accumulated past full.
GreyImage crop(const GreyImage& img, const Box& box, float threshold) {
  GreyImage out = blank_image(box.x1 - box.x0, box.y1 - box.y0);
  for (int y = 0; y < out.height; ++y) {
    for (int x = 0; x < out.width; ++x) {
      const float v = img.at(box.x0 + x, box.y0 + y);
      pixel_ref(out, x, y) = is_ink(v, threshold) ? std::clamp(v, 0.0f, 1.0f) : 0.0f;
    }
  }
  return out;
}

// Rounds 20 * short / long to the nearest integer (halves up) in integer arithmetic.
int scaled_short_side(int short_side, int long_side) {
  const int64_t rounded =
      (2 * int64_t{kBoxSide} * short_side + long_side) / (2 * int64_t{long_side});
  return std::max(1, static_cast<int>(rounded));
}

struct Size {
  int width = 0;
  int height = 0;
};

Size scaled_size(int width, int height) {
  if (width >= height) return {kBoxSide, scaled_short_side(height, width)};
  return {scaled_short_side(width, height), kBoxSide};
}

// One input pixel's share of one output pixel.
struct Tap {
  int index;
  double weight;
};

// Area-averaging taps for resizing one axis from in_size to out_size pixels. Measured in units
// of 1/(in_size*out_size) of the axis, output o spans [o*in, (o+1)*in) and input i spans
// [i*out, (i+1)*out), so every overlap is an exact integer: no float drift at the edges, and
// the weights of each output sum to exactly 1. Works the same for shrinking and enlarging.
std::vector<std::vector<Tap>> area_taps(int in_size, int out_size) {
  std::vector<std::vector<Tap>> taps(static_cast<size_t>(out_size));
  const int64_t in = in_size, out = out_size;
  for (int64_t o = 0; o < out; ++o) {
    const int64_t lo = o * in, hi = (o + 1) * in;
    for (int64_t i = lo / out; i < in && i * out < hi; ++i) {
      const int64_t overlap = std::min(hi, (i + 1) * out) - std::max(lo, i * out);
      if (overlap <= 0) continue;
      taps[static_cast<size_t>(o)].push_back(
          {static_cast<int>(i), static_cast<double>(overlap) / static_cast<double>(in)});
    }
  }
  return taps;
}

// Each output pixel is the overlap-weighted mean of the input pixels under it, done as a
// horizontal pass then a vertical pass (area weights are separable). This is what turns a thin
// stroke into grey instead of dropping or thickening it, as in MNIST.
GreyImage resample_area(const GreyImage& in, Size size) {
  const auto taps_x = area_taps(in.width, size.width);
  const auto taps_y = area_taps(in.height, size.height);

  // rows is (in.height, size.width): each input row already resized horizontally.
  std::vector<double> rows(static_cast<size_t>(in.height) * size.width, 0.0);
  for (int y = 0; y < in.height; ++y) {
    for (int x = 0; x < size.width; ++x) {
      double sum = 0.0;
      for (const Tap& t : taps_x[static_cast<size_t>(x)]) sum += t.weight * in.at(t.index, y);
      rows[static_cast<size_t>(y) * size.width + x] = sum;
    }
  }

  GreyImage out = blank_image(size.width, size.height);
  for (int y = 0; y < size.height; ++y) {
    for (int x = 0; x < size.width; ++x) {
      double sum = 0.0;
      for (const Tap& t : taps_y[static_cast<size_t>(y)]) {
        sum += t.weight * rows[static_cast<size_t>(t.index) * size.width + x];
      }
      pixel_ref(out, x, y) = static_cast<float>(sum);
    }
  }
  return out;
}

struct Offset {
  int x = 0;
  int y = 0;
};

// Integer shift that moves the intensity-weighted centre of mass (pixel centres at i + 0.5)
// of `img` to kMassTarget on both axes, clamped so the whole image stays inside the frame.
// An image with no mass (only possible with a negative threshold) is centred geometrically.
Offset centre_offset(const GreyImage& img) {
  double mass = 0.0, mx = 0.0, my = 0.0;
  for (int y = 0; y < img.height; ++y) {
    for (int x = 0; x < img.width; ++x) {
      const double v = img.at(x, y);
      mass += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
    }
  }
  const double cx = mass > 0.0 ? mx / mass : img.width / 2.0;
  const double cy = mass > 0.0 ? my / mass : img.height / 2.0;
  const int ox = static_cast<int>(std::lround(kMassTarget - cx));
  const int oy = static_cast<int>(std::lround(kMassTarget - cy));
  return {std::clamp(ox, 0, kFrameSide - img.width), std::clamp(oy, 0, kFrameSide - img.height)};
}

GreyImage place(const GreyImage& img, Offset offset) {
  GreyImage frame = blank_image(kFrameSide, kFrameSide);
  for (int y = 0; y < img.height; ++y) {
    for (int x = 0; x < img.width; ++x) pixel_ref(frame, offset.x + x, offset.y + y) = img.at(x, y);
  }
  return frame;
}

std::vector<uint8_t> to_bytes(const GreyImage& img) {
  std::vector<uint8_t> bytes(img.pixels.size());
  for (size_t i = 0; i < bytes.size(); ++i) {
    const float v = std::clamp(img.pixels[i], 0.0f, 1.0f);
    bytes[i] = static_cast<uint8_t>(std::lround(v * 255.0f));
  }
  return bytes;
}

}  // namespace

GreyImage blank_image(int width, int height) {
  GreyImage img;
  img.width = width;
  img.height = height;
  img.pixels.assign(static_cast<size_t>(width) * height, 0.0f);
  return img;
}

Preprocessed preprocess_drawing(const GreyImage& drawing, float ink_threshold) {
  assert(drawing.width >= 0 && drawing.height >= 0);
  assert(drawing.pixels.size() == static_cast<size_t>(drawing.width) * drawing.height);

  Preprocessed result;
  const Box box = ink_bounds(drawing, ink_threshold);
  if (box.empty()) return result;  // reported to the user, not classified

  result.empty = false;
  result.cropped = crop(drawing, box, ink_threshold);
  result.scaled = resample_area(result.cropped, scaled_size(box.x1 - box.x0, box.y1 - box.y0));
  result.centred = place(result.scaled, centre_offset(result.scaled));
  result.pixels = to_bytes(result.centred);
  return result;
}

std::vector<uint8_t> centre_like_drawing(const uint8_t* pixels, int side) {
  GreyImage image = blank_image(side, side);
  for (size_t i = 0; i < image.pixels.size(); ++i) image.pixels[i] = pixels[i] / 255.0f;
  return preprocess_drawing(image, 0.1f).pixels;
}

}  // namespace digitlab
