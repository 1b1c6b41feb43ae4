// file_kind: the one sniffer the uploads, the single-file dataset reader and the desktop's save
// guard share. Each kind from its own bytes, and the words a message uses for it.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "alloc_probe.h"
#include "data/crc32.h"
#include "data/dataset.h"
#include "data/file_kind.h"
#include "data/formats.h"
#include "data/model_file.h"

using namespace digitlab;

namespace {

std::vector<uint8_t> text(const std::string& s) {
  return {s.begin(), s.end()};
}

FileKind kind_of(const std::vector<uint8_t>& b) {
  return file_kind(b.data(), b.size());
}

std::string words_for(const std::vector<uint8_t>& b) {
  return file_kind_text(b.data(), b.size());
}

Dataset one_image() {
  Dataset d;
  d.pixels.assign(kImagePixels, 7);
  d.labels = {3};
  return d;
}

}  // namespace

TEST_CASE("file_kind tells each file digitlab meets by its first bytes") {
  Model m;
  m.network = Network({4, 3, 2}, 1);
  const std::vector<uint8_t> model = save_model(m);
  const std::vector<uint8_t> images = write_idx_images(one_image());
  const std::vector<uint8_t> labels = write_idx_labels(one_image());

  CHECK(kind_of({}) == FileKind::Empty);
  CHECK(kind_of(model) == FileKind::Model);
  CHECK(kind_of(images) == FileKind::IdxImages);
  CHECK(kind_of(labels) == FileKind::IdxLabels);
  CHECK(kind_of({0, 0, 0x08, 0x02, 0, 0, 0, 1}) == FileKind::IdxOther);
  CHECK(kind_of(text("5,0,0,255\n3,0,1,2\n")) == FileKind::Csv);
  CHECK(kind_of(text("just some notes\n")) == FileKind::Text);
  CHECK(kind_of({0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}) == FileKind::Binary);
  CHECK(kind_of({0x1f, 0x8b, 8, 0}) == FileKind::Gzip);

  CHECK(idx_type(images.data(), images.size()) == 0x0803);
  CHECK(idx_count(images.data(), images.size()) == 1);
  CHECK(idx_count(images.data(), 6) == 0);  // cut off in its header

  CHECK(words_for(text("5,0,0,255\n")) == "a CSV dataset");
  CHECK(words_for(model) == "a digitlab model");
  CHECK(words_for(labels) == "an IDX labels file");
}

TEST_CASE("file_kind_text looks inside gzip") {
  // gzip of "1,2,3\n" in one stored deflate block: header, block, CRC-32, length.
  const std::vector<uint8_t> csv = text("1,2,3\n");
  std::vector<uint8_t> gz = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff, 1, 6, 0, 0xf9, 0xff};
  gz.insert(gz.end(), csv.begin(), csv.end());
  const std::vector<uint8_t> cut = gz;  // no trailer: does not unzip
  for (uint32_t v : {crc32(csv.data(), csv.size()), uint32_t(csv.size())})
    for (int i = 0; i < 4; ++i) gz.push_back(static_cast<uint8_t>(v >> (8 * i)));
  REQUIRE(gunzip(gz.data(), gz.size()).ok());

  CHECK(kind_of(gz) == FileKind::Gzip);
  CHECK(words_for(gz) == "a gzip-compressed CSV dataset");
  CHECK(words_for(cut) == "a gzip-compressed file");
}

// The desktop's Save question looks at a bounded beginning of a file. A gzip stream cut there
// is named as gzip without unzipping it: unzipping would fail as truncated only after
// reserving room for the size its last four bytes happen to claim (here ~100 MB).
TEST_CASE("file_kind_text names a cut-off gzip beginning without unzipping it") {
  std::vector<uint8_t> gz = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff, 1, 0xff, 0xff, 0, 0};
  gz.resize(100000, 0xff);  // a stored block of 0xff bytes, cut off: "ISIZE" reads 0xffffffff
  const AllocationProbe probe;
  CHECK(file_kind_text(gz.data(), gz.size(), false) == "a gzip-compressed file");
  CHECK(probe.largest() < (size_t(1) << 20));
}
