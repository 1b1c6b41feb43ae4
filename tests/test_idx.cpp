// IDX reading and writing: a round trip, gzip input (made by Python's gzip module), and one
// test per kind of bad input, each checking that the message names the problem.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "data/formats.h"
#include "sparse_dataset.h"

using digitlab::Dataset;
using digitlab::parse_idx;

namespace {

using Bytes = std::vector<uint8_t>;

// gzip.compress(images IDX of sparse_dataset(), 9, mtime=0)
const Bytes kImagesGz = {
    0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x8d, 0xd2, 0xc7, 0x0d, 0x02, 0x51,
    0x10, 0x04, 0xd1, 0x2f, 0x71, 0x21, 0x08, 0xf2, 0x8f, 0x6c, 0xbd, 0xf7, 0xde, 0xa0, 0x45, 0x70,
    0xa3, 0x7a, 0x76, 0xa4, 0xd6, 0xab, 0x00, 0xc6, 0xb9, 0xe7, 0xc3, 0x39, 0x77, 0xed, 0x75, 0xed,
    0x74, 0x9f, 0xfb, 0xcb, 0x21, 0xd8, 0x05, 0x9b, 0x60, 0x15, 0x2c, 0x82, 0x59, 0x30, 0x09, 0x46,
    0xc1, 0x20, 0xe8, 0x05, 0x9d, 0xa0, 0x15, 0x34, 0x82, 0x5a, 0x50, 0x09, 0x4a, 0x41, 0x21, 0xc8,
    0x05, 0x99, 0x20, 0x15, 0x24, 0x82, 0x58, 0x10, 0x09, 0x42, 0x41, 0x20, 0xf0, 0x05, 0x9e, 0xe0,
    0xfb, 0xfa, 0xe8, 0x01, 0xee, 0x86, 0x1b, 0xb8, 0x1a, 0x2e, 0xe0, 0x6c, 0x38, 0x81, 0xa3, 0xe1,
    0x00, 0xf6, 0x86, 0x1d, 0xd8, 0x1a, 0x36, 0x60, 0x6d, 0x58, 0x81, 0xa5, 0x61, 0x01, 0xe6, 0x86,
    0x19, 0x98, 0x1a, 0x26, 0x60, 0x6c, 0x18, 0x81, 0xa1, 0x61, 0x00, 0xfa, 0x86, 0x1e, 0xf8, 0xfb,
    0x7b, 0x15, 0x07, 0xc7, 0xce, 0xb1, 0x71, 0xac, 0x1c, 0x0b, 0xc7, 0xcc, 0x31, 0x71, 0x8c, 0x1c,
    0xc3, 0x8d, 0xe8, 0x39, 0x3a, 0x8e, 0x96, 0xa3, 0xe1, 0xa8, 0x39, 0x2a, 0x8e, 0x92, 0xa3, 0xe0,
    0xc8, 0x6f, 0x44, 0xc6, 0x91, 0x72, 0x24, 0x1c, 0x31, 0x47, 0xc4, 0x11, 0x72, 0x04, 0x1c, 0x3e,
    0x87, 0x27, 0xe2, 0x0d, 0x1a, 0xb6, 0x80, 0x41, 0x40, 0x09, 0x00, 0x00,
};
// gzip.compress(labels IDX of sparse_dataset(), 9, mtime=0)
const Bytes kLabelsGz = {
    0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x63, 0x60, 0xe0, 0x60, 0x64, 0x60,
    0x60, 0x60, 0x66, 0x66, 0x64, 0x01, 0x00, 0x85, 0xf7, 0x70, 0x12, 0x0b, 0x00, 0x00, 0x00,
};

digitlab::Result<Dataset> parse(const Bytes& images, const Bytes& labels) {
  return parse_idx(images.data(), images.size(), labels.data(), labels.size());
}

// The message of a parse that must fail ("" if it succeeded, failing the caller's CHECKs too).
std::string error_of(const Bytes& images, const Bytes& labels) {
  auto r = parse(images, labels);
  CHECK_FALSE(r.ok());
  return r.ok() ? std::string() : r.error();
}

bool contains(const std::string& s, const char* what) {
  return s.find(what) != std::string::npos;
}

void set_be32(Bytes& b, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = static_cast<uint8_t>(v >> (24 - 8 * i));
}

const Bytes kImages = digitlab::write_idx_images(sparse_dataset());
const Bytes kLabels = digitlab::write_idx_labels(sparse_dataset());

void check_same(const Dataset& a, const Dataset& b) {
  CHECK(a.rows == b.rows);
  CHECK(a.cols == b.cols);
  CHECK(a.labels == b.labels);
  CHECK(a.pixels == b.pixels);
}

}  // namespace

TEST_CASE("IDX writer produces the documented header") {
  REQUIRE(kImages.size() == 16 + 3 * 784);
  CHECK(kImages[2] == 0x08);
  CHECK(kImages[3] == 0x03);
  CHECK(kImages[7] == 3);     // count
  CHECK(kImages[11] == 28);   // rows
  CHECK(kImages[15] == 28);   // cols
  CHECK(kImages[16] == 255);  // first pixel: row 0, on the pattern
  REQUIRE(kLabels.size() == 8 + 3);
  CHECK(kLabels[3] == 0x01);
  CHECK(kLabels[7] == 3);
  CHECK(kLabels[8] == 3);
}

TEST_CASE("IDX round trip: write then parse gives the same dataset") {
  auto r = parse(kImages, kLabels);
  REQUIRE_MESSAGE(r.ok(), r.error());
  CHECK(r->size() == 3);
  check_same(*r, sparse_dataset());
}

TEST_CASE("IDX gzip input is detected and parses identically") {
  auto both = parse(kImagesGz, kLabelsGz);
  REQUIRE_MESSAGE(both.ok(), both.error());
  check_same(*both, sparse_dataset());
  auto mixed = parse(kImagesGz, kLabels);  // each file is detected on its own
  REQUIRE_MESSAGE(mixed.ok(), mixed.error());
  check_same(*mixed, sparse_dataset());
}

TEST_CASE("IDX: corrupt gzip input names the file") {
  Bytes bad = kLabelsGz;
  bad[bad.size() - 5] ^= 1;  // inside the CRC-32
  std::string err = error_of(kImages, bad);
  CHECK(contains(err, "labels file"));
  CHECK(contains(err, "CRC-32"));
}

TEST_CASE("IDX: empty images file") {
  std::string err = error_of(Bytes{}, kLabels);
  CHECK(contains(err, "images file"));
  CHECK(contains(err, "empty"));
}

TEST_CASE("IDX: empty labels file") {
  std::string err = error_of(kImages, Bytes{});
  CHECK(contains(err, "labels file"));
  CHECK(contains(err, "empty"));
}

TEST_CASE("IDX: a pair declaring 0 images is an empty dataset") {
  const Dataset none;
  std::string err = error_of(digitlab::write_idx_images(none), digitlab::write_idx_labels(none));
  CHECK(contains(err, "images file declares 0 images"));
  CHECK(contains(err, "empty"));
  Bytes no_labels = digitlab::write_idx_labels(none);
  err = error_of(kImages, no_labels);
  CHECK(contains(err, "labels file declares 0 labels"));
}

TEST_CASE("IDX: truncated images header") {
  std::string err = error_of(Bytes(kImages.begin(), kImages.begin() + 12), kLabels);
  CHECK(contains(err, "images file"));
  CHECK(contains(err, "truncated"));
  CHECK(contains(err, "header"));
}

TEST_CASE("IDX: truncated labels header") {
  std::string err = error_of(kImages, Bytes(kLabels.begin(), kLabels.begin() + 5));
  CHECK(contains(err, "labels file"));
  CHECK(contains(err, "truncated"));
  CHECK(contains(err, "header"));
}

TEST_CASE("IDX: wrong magic in the images file") {
  Bytes bad = kImages;
  set_be32(bad, 0, 0x00000903);
  std::string err = error_of(bad, kLabels);
  CHECK(contains(err, "images file"));
  CHECK(contains(err, "magic 0x00000903"));
  CHECK(contains(err, "expected 0x00000803"));
}

TEST_CASE("IDX: wrong magic in the labels file") {
  Bytes bad = kLabels;
  set_be32(bad, 0, 0x89504E47);  // a PNG
  std::string err = error_of(kImages, bad);
  CHECK(contains(err, "labels file"));
  CHECK(contains(err, "magic 0x89504E47"));
  CHECK(contains(err, "expected 0x00000801"));
}

TEST_CASE("IDX: images and labels files swapped") {
  std::string err = error_of(kLabels, kImages);
  CHECK(contains(err, "swapped"));
}

TEST_CASE("IDX: images that are not 28x28") {
  Bytes bad = kImages;
  set_be32(bad, 8, 32);
  set_be32(bad, 12, 32);
  CHECK(contains(error_of(bad, kLabels), "images are 32x32, expected 28x28"));
}

TEST_CASE("IDX: declared image count beyond the limit is rejected before allocating") {
  Bytes bad = kImages;
  set_be32(bad, 4, 0xFFFFFFFF);  // 3.3 TB of pixels if believed
  std::string err = error_of(bad, kLabels);
  CHECK(contains(err, "images file"));
  CHECK(contains(err, "4294967295 images"));
  CHECK(contains(err, "limit"));
}

TEST_CASE("IDX: declared label count beyond the limit") {
  Bytes bad = kLabels;
  set_be32(bad, 4, static_cast<uint32_t>(digitlab::kMaxDatasetImages + 1));
  std::string err = error_of(kImages, bad);
  CHECK(contains(err, "labels file"));
  CHECK(contains(err, "limit"));
}

TEST_CASE("IDX: images body shorter than the header declares") {
  Bytes bad(kImages.begin(), kImages.end() - 1);
  std::string err = error_of(bad, kLabels);
  CHECK(contains(err, "images file"));
  CHECK(contains(err, "truncated"));
  CHECK(contains(err, "3 images"));
}

TEST_CASE("IDX: labels body shorter than the header declares") {
  Bytes bad(kLabels.begin(), kLabels.end() - 1);
  std::string err = error_of(kImages, bad);
  CHECK(contains(err, "labels file"));
  CHECK(contains(err, "truncated"));
}

TEST_CASE("IDX: trailing garbage after the images") {
  Bytes bad = kImages;
  bad.push_back(0);
  std::string err = error_of(bad, kLabels);
  CHECK(contains(err, "images file"));
  CHECK(contains(err, "trailing"));
}

TEST_CASE("IDX: trailing garbage after the labels") {
  Bytes bad = kLabels;
  bad.push_back(7);
  std::string err = error_of(kImages, bad);
  CHECK(contains(err, "labels file"));
  CHECK(contains(err, "trailing"));
}

TEST_CASE("IDX: label above 9") {
  Bytes bad = kLabels;
  bad[8 + 2] = 10;
  std::string err = error_of(kImages, bad);
  CHECK(contains(err, "label 10 at index 2"));
  CHECK(contains(err, "out of range"));
}

TEST_CASE("IDX: image and label counts differ") {
  Dataset two = sparse_dataset();
  two.labels.pop_back();
  two.pixels.resize(2 * 784);
  std::string err = error_of(kImages, digitlab::write_idx_labels(two));
  CHECK(contains(err, "3 images"));
  CHECK(contains(err, "2 labels"));
}

TEST_CASE("IDX: every truncation of a valid pair fails cleanly") {
  for (size_t n = 0; n < kImages.size(); ++n) {
    CHECK_FALSE(parse(Bytes(kImages.begin(), kImages.begin() + n), kLabels).ok());
  }
  for (size_t n = 0; n < kLabels.size(); ++n) {
    CHECK_FALSE(parse(kImages, Bytes(kLabels.begin(), kLabels.begin() + n)).ok());
  }
}

TEST_CASE("read_file and write_file round-trip an IDX file on disk") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "digitlab_test_idx";
  fs::create_directories(dir);
  const std::string path = (dir / "images.idx").string();
  REQUIRE(digitlab::write_file(path, kImages).ok());
  auto back = digitlab::read_file(path);
  REQUIRE_MESSAGE(back.ok(), back.error());
  CHECK(*back == kImages);

  auto missing = digitlab::read_file((dir / "no-such-file").string());
  REQUIRE_FALSE(missing.ok());
  CHECK(contains(missing.error(), "does not exist"));
  auto folder = digitlab::read_file(dir.string());
  REQUIRE_FALSE(folder.ok());
  CHECK(contains(folder.error(), "folder"));
  auto unwritable = digitlab::write_file((dir / "no-such-dir" / "x").string(), kImages);
  REQUIRE_FALSE(unwritable.ok());
  CHECK(contains(unwritable.error(), "cannot write"));
  fs::remove_all(dir);
}
