// Dataset operations: format detection for uploads, ranges, and the held-out split.
#include <doctest/doctest.h>

#include <string>

#include "data/dataset_ops.h"
#include "data/formats.h"

using namespace digitlab;

namespace {
Dataset numbered(size_t n) {
  Dataset d;
  for (size_t i = 0; i < n; ++i) {
    d.labels.push_back(static_cast<uint8_t>(i % 10));
    d.pixels.insert(d.pixels.end(), kImagePixels, static_cast<uint8_t>(i));
  }
  return d;
}
std::vector<uint8_t> bytes_of(const std::string& s) {
  return {s.begin(), s.end()};
}
}  // namespace

TEST_CASE("parse_single_file_dataset reads a CSV file") {
  std::string row = "3";
  for (int i = 0; i < kImagePixels; ++i) row += i == 5 ? ",255" : ",0";
  const std::vector<uint8_t> csv = bytes_of(row + "\n");
  Result<Dataset> from_csv = parse_single_file_dataset(csv.data(), csv.size());
  REQUIRE_MESSAGE(from_csv.ok(), from_csv.error());
  CHECK(from_csv->size() == 1);
  CHECK(from_csv->labels[0] == 3);
  CHECK(from_csv->image(0)[5] == 255);
}

TEST_CASE("parse_single_file_dataset says what is missing for half an IDX pair") {
  const Dataset d = numbered(2);
  const std::vector<uint8_t> images = write_idx_images(d), labels = write_idx_labels(d);
  Result<Dataset> r = parse_single_file_dataset(images.data(), images.size());
  REQUIRE(!r.ok());
  CHECK(r.error().find("needs its labels") != std::string::npos);
  r = parse_single_file_dataset(labels.data(), labels.size());
  REQUIRE(!r.ok());
  CHECK(r.error().find("needs its images") != std::string::npos);
}

TEST_CASE("take and split_holdout keep images and labels together") {
  const Dataset d = numbered(10);
  const Dataset mid = take(d, 3, 6);
  REQUIRE(mid.size() == 3);
  CHECK(mid.labels[0] == 3);
  CHECK(mid.image(2)[100] == 5);
  CHECK(take(d, 8, 100).size() == 2);

  const auto [train, test] = split_holdout(d, 0.2);
  CHECK(train.size() == 8);
  CHECK(test.size() == 2);
  CHECK(test.image(0)[0] == 8);
  CHECK(train.pixels.size() == 8 * kImagePixels);
  CHECK(split_holdout(d, 0.0).second.size() == 1);  // never an empty test set
  CHECK(split_holdout(d, 1.0).first.size() == 1);   // never an empty training set
}

TEST_CASE("append_dataset adds images after the others, and refuses another image size") {
  Dataset a = numbered(3), b = numbered(5);
  b = take(b, 3, 5);
  REQUIRE(append_dataset(a, b).ok());
  CHECK(a.size() == 5);
  CHECK(a.labels[3] == 3);
  CHECK(a.labels[4] == 4);
  CHECK(std::equal(a.image(4), a.image(4) + kImagePixels, b.image(1)));
  Dataset small;
  small.rows = small.cols = 8;
  small.labels = {1};
  small.pixels.assign(64, 0);
  const Status s = append_dataset(a, small);
  CHECK(s.error().find("8x8") != std::string::npos);
  CHECK(a.size() == 5);
}
