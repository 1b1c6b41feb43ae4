// Fixtures for the training-side app tests (test_training_session.cpp, test_uploads.cpp,
// test_training_panel.cpp): learnable little datasets, gzip without a compressor, model bytes.
#pragma once
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "data/crc32.h"
#include "data/dataset.h"
#include "data/model_file.h"
#include "network/network.h"

namespace training_test {

// n 28x28 images: class k (= i % 10) lights up row 3 + 2k, plus a few noise pixels that vary
// with i, so the classes are learnable but the images differ.
inline digitlab::Dataset bands(size_t n) {
  digitlab::Dataset d;
  d.pixels.assign(n * digitlab::kImagePixels, 0);
  for (size_t i = 0; i < n; ++i) {
    const int k = static_cast<int>(i % 10);
    d.labels.push_back(static_cast<uint8_t>(k));
    uint8_t* image = d.pixels.data() + i * digitlab::kImagePixels;
    for (int x = 0; x < 28; ++x) image[(k * 2 + 3) * 28 + x] = 255;
    image[(i * 37) % digitlab::kImagePixels] = 200;
  }
  return d;
}

// gzip of bytes with stored (uncompressed) deflate blocks: valid input for the core's gunzip.
inline std::vector<uint8_t> gzip_stored(const std::vector<uint8_t>& bytes) {
  std::vector<uint8_t> out = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff};
  size_t at = 0;
  do {
    const size_t n = std::min<size_t>(bytes.size() - at, 65535);
    out.push_back(at + n == bytes.size() ? 1 : 0);  // BFINAL on the last block, BTYPE 00
    const auto len = static_cast<uint16_t>(n);
    const auto nlen = static_cast<uint16_t>(~len);
    for (uint16_t v : {len, nlen}) {
      out.push_back(static_cast<uint8_t>(v & 0xff));
      out.push_back(static_cast<uint8_t>(v >> 8));
    }
    out.insert(out.end(), bytes.begin() + static_cast<long>(at),
               bytes.begin() + static_cast<long>(at + n));
    at += n;
  } while (at < bytes.size());
  const uint32_t crc = digitlab::crc32(bytes.data(), bytes.size());
  const auto size = static_cast<uint32_t>(bytes.size());
  for (uint32_t v : {crc, size})
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
  return out;
}

inline std::vector<uint8_t> model_bytes(std::vector<int> sizes, uint64_t seed) {
  digitlab::Model model;
  model.network = digitlab::Network(std::move(sizes), seed);
  model.config.seed = seed;
  return digitlab::save_model(model);
}

// The book's CSV: "label,p0,...,p783" per line.
inline std::string csv_of(const digitlab::Dataset& d) {
  std::string text;
  for (size_t i = 0; i < d.size(); ++i) {
    text += std::to_string(d.labels[i]);
    for (size_t p = 0; p < d.pixels_per_image(); ++p) text += "," + std::to_string(d.image(i)[p]);
    text += "\n";
  }
  return text;
}

inline std::vector<uint8_t> bytes_of(const std::string& s) {
  return {s.begin(), s.end()};
}

}  // namespace training_test
