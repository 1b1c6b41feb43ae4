// The augmentation preview's row (src/core/image/training_preview.h): exactly the samples a run
// feeds (training_sample), the book's copies in turn, and a fingerprint that follows the bytes.
#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

#include "image/training_preview.h"
#include "image/training_sample.h"

namespace {

using digitlab::AugmentConfig;
using digitlab::PreviewSample;

constexpr int kSide = 28;

// An L: a vertical and a horizontal bar, so a turn or a slant changes its bytes.
std::vector<uint8_t> letter_l() {
  std::vector<uint8_t> img(kSide * kSide, 0);
  for (int y = 6; y < 22; ++y) img[y * kSide + 10] = img[y * kSide + 11] = 255;
  for (int x = 10; x < 19; ++x) img[21 * kSide + x] = img[20 * kSide + x] = 255;
  return img;
}

}  // namespace

TEST_CASE("the preview row is what the trainer feeds: sample i of the seed, without the copies") {
  const std::vector<uint8_t> in = letter_l();
  AugmentConfig c;
  c.rotate_degrees = 15;
  c.elastic_alpha = 20;
  const std::vector<PreviewSample> row = digitlab::training_previews(in.data(), kSide, c, 8, 5);
  REQUIRE(row.size() == 8);
  std::vector<uint8_t> expected(in.size());
  for (size_t i = 0; i < row.size(); ++i) {
    digitlab::training_sample(in.data(), expected.data(), kSide, c, 0, 5, i);
    CHECK(row[i].version == 0);
    CHECK(row[i].pixels == expected);
  }
  // Eight random versions, not one repeated.
  CHECK(row[0].pixels != row[1].pixels);
}

TEST_CASE("with the book's copies the row shows the image, +d and -d in turn") {
  const std::vector<uint8_t> in = letter_l();
  AugmentConfig c;
  c.copies_degrees = 10;
  c.centre = false;  // the copies alone, as the book makes them
  const std::vector<PreviewSample> row = digitlab::training_previews(in.data(), kSide, c, 6, 1);
  REQUIRE(row.size() == 6);
  std::vector<uint8_t> turned(in.size());
  for (size_t i = 0; i < row.size(); ++i) {
    CHECK(row[i].version == static_cast<int>(i % 3));
    digitlab::training_sample(in.data(), turned.data(), kSide, c, row[i].version, 1, i);
    CHECK(row[i].pixels == turned);
  }
  CHECK(row[0].pixels == in);  // no random transform: version 0 is the image itself
  CHECK(row[1].pixels != in);
  CHECK(row[1].pixels != row[2].pixels);
}

TEST_CASE("the preview's fingerprint follows its bytes, its settings and its seed") {
  const std::vector<uint8_t> in = letter_l();
  AugmentConfig c;
  c.rotate_degrees = 10;
  const auto row = digitlab::training_previews(in.data(), kSide, c, 8, 1);
  const uint64_t f = digitlab::previews_fingerprint(row);
  CHECK(f ==
        digitlab::previews_fingerprint(digitlab::training_previews(in.data(), kSide, c, 8, 1)));
  CHECK(f !=
        digitlab::previews_fingerprint(digitlab::training_previews(in.data(), kSide, c, 8, 2)));
  AugmentConfig more = c;
  more.rotate_degrees = 30;
  CHECK(f !=
        digitlab::previews_fingerprint(digitlab::training_previews(in.data(), kSide, more, 8, 1)));
  std::vector<PreviewSample> one_pixel = row;
  one_pixel[7].pixels[0] ^= 1;
  CHECK(f != digitlab::previews_fingerprint(one_pixel));
  CHECK(digitlab::previews_fingerprint({}) != f);
}
