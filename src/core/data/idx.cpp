// IDX, the format of LeCun's MNIST files: a big-endian header (magic, then one u32 per
// dimension) followed by the raw bytes. Both files are checked completely before anything is
// allocated from their declared sizes, and any problem names the file it is in.
#include <cassert>
#include <string>
#include <vector>

#include "data/formats.h"

namespace digitlab {
namespace {

constexpr uint32_t kImagesMagic = 0x00000803;  // unsigned byte data, 3 dimensions
constexpr uint32_t kLabelsMagic = 0x00000801;  // unsigned byte data, 1 dimension
constexpr size_t kImagesHeader = 16;           // magic, count, rows, cols
constexpr size_t kLabelsHeader = 8;            // magic, count

uint32_t read_be32(const uint8_t* p) {
  return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | uint32_t(p[3]);
}

void append_be32(std::vector<uint8_t>& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(v >> shift));
}

std::string hex32(uint32_t v) {
  static const char* digits = "0123456789ABCDEF";
  std::string s = "0x";
  for (int shift = 28; shift >= 0; shift -= 4) s += digits[(v >> shift) & 15];
  return s;
}

// The file's bytes: either the input itself or, for gzip input, the decompressed copy kept in
// `storage`. `what` is "images file" or "labels file" and prefixes every message.
struct Bytes {
  const uint8_t* data;
  size_t size;
};

// max_inflated is the largest valid file of that kind, so a gzip bomb stops there.
Result<Bytes> contents(const char* what, const uint8_t* data, size_t size, size_t max_inflated,
                       std::vector<uint8_t>& storage) {
  if (size == 0) return fail(std::string(what) + " is empty");
  if (!is_gzip(data, size)) return Bytes{data, size};
  Result<std::vector<uint8_t>> inflated = gunzip(data, size, max_inflated);
  if (!inflated) return fail(std::string(what) + ": " + inflated.error());
  storage = std::move(*inflated);
  if (storage.empty()) return fail(std::string(what) + " is empty (after decompression)");
  return Bytes{storage.data(), storage.size()};
}

// Checks the magic number, telling apart a swapped pair from a file of another kind.
Status check_magic(const char* what, uint32_t magic, uint32_t expected, uint32_t other,
                   const char* other_kind) {
  if (magic == expected) return Status::success();
  if (magic == other) {
    return fail(std::string(what) + " looks like an IDX " + other_kind + " file (magic " +
                hex32(magic) + "): are the images and labels files swapped?");
  }
  const char* kind = expected == kImagesMagic ? "images" : "labels";
  return fail(std::string(what) + ": not an IDX " + kind + " file: magic " + hex32(magic) +
              " (expected " + hex32(expected) + ")");
}

// Checks the magic number (first, so that even a short file of the wrong kind is named as
// such) and that the whole header is there.
Status check_header(const char* what, const Bytes& in, size_t header, uint32_t expected,
                    uint32_t other, const char* other_kind) {
  if (in.size >= 4) {
    Status s = check_magic(what, read_be32(in.data), expected, other, other_kind);
    if (!s) return s;
  }
  if (in.size < header) {
    return fail(std::string(what) + " is truncated: the header needs " + std::to_string(header) +
                " bytes, the file has " + std::to_string(in.size));
  }
  return Status::success();
}

// Checks that exactly `body` bytes follow the header: fewer is a truncated file, more is
// trailing garbage (often a sign of a wrong file, so not ignored).
Status check_body(const char* what, size_t available, size_t body, uint32_t count,
                  const char* unit) {
  std::string declared = std::to_string(count) + " " + unit;
  if (available < body) {
    return fail(std::string(what) + " is truncated: the header declares " + declared + " (" +
                std::to_string(body) + " bytes) but only " + std::to_string(available) +
                " bytes follow");
  }
  if (available > body) {
    return fail(std::string(what) + " has " + std::to_string(available - body) +
                " bytes of trailing data after its " + declared);
  }
  return Status::success();
}

// A count of 0 is a valid IDX file but no dataset: training on it would divide by zero.
Status check_count(const char* what, uint32_t count, const char* unit) {
  if (count == 0) return fail(std::string(what) + " declares 0 " + unit + ": the dataset is empty");
  if (count <= kMaxDatasetImages) return Status::success();
  return fail(std::string(what) + " declares " + std::to_string(count) + " " + unit +
              ", more than the limit of " + std::to_string(kMaxDatasetImages));
}

// Validates an images file; on success `count` is its number of images and the pixels start at
// in.data + kImagesHeader.
Status check_images(const Bytes& in, uint32_t& count) {
  const char* what = "images file";
  Status s = check_header(what, in, kImagesHeader, kImagesMagic, kLabelsMagic, "labels");
  if (!s) return s;
  count = read_be32(in.data + 4);
  uint32_t rows = read_be32(in.data + 8);
  uint32_t cols = read_be32(in.data + 12);
  if (rows != kImageSide || cols != kImageSide) {
    return fail(std::string(what) + ": images are " + std::to_string(rows) + "x" +
                std::to_string(cols) + ", expected 28x28");
  }
  s = check_count(what, count, "images");
  if (!s) return s;
  // count <= kMaxDatasetImages, so this product fits even a 32-bit size_t (WASM).
  size_t body = size_t(count) * kImagePixels;
  return check_body(what, in.size - kImagesHeader, body, count, "images");
}

Status check_labels(const Bytes& in, uint32_t& count) {
  const char* what = "labels file";
  Status s = check_header(what, in, kLabelsHeader, kLabelsMagic, kImagesMagic, "images");
  if (!s) return s;
  count = read_be32(in.data + 4);
  s = check_count(what, count, "labels");
  if (!s) return s;
  s = check_body(what, in.size - kLabelsHeader, count, count, "labels");
  if (!s) return s;
  const uint8_t* labels = in.data + kLabelsHeader;
  for (size_t i = 0; i < count; ++i) {
    if (labels[i] >= kClasses) {
      return fail(std::string(what) + ": label " + std::to_string(labels[i]) + " at index " +
                  std::to_string(i) + " is out of range 0..9");
    }
  }
  return Status::success();
}

}  // namespace

Result<Dataset> parse_idx(const uint8_t* images, size_t images_size, const uint8_t* labels,
                          size_t labels_size) {
  std::vector<uint8_t> images_storage, labels_storage;
  Result<Bytes> img = contents("images file", images, images_size,
                               kImagesHeader + kMaxDatasetImages * kImagePixels, images_storage);
  if (!img) return Error{img.error()};
  uint32_t image_count = 0;
  Status s = check_images(*img, image_count);
  if (!s) return Error{s.error()};

  Result<Bytes> lab = contents("labels file", labels, labels_size,
                               kLabelsHeader + kMaxDatasetImages, labels_storage);
  if (!lab) return Error{lab.error()};
  uint32_t label_count = 0;
  s = check_labels(*lab, label_count);
  if (!s) return Error{s.error()};

  if (image_count != label_count) {
    return fail("images file has " + std::to_string(image_count) + " images but labels file has " +
                std::to_string(label_count) + " labels");
  }
  // Everything is checked: only now copy.
  Dataset data;
  const uint8_t* pixels = img->data + kImagesHeader;
  data.pixels.assign(pixels, pixels + size_t(image_count) * kImagePixels);
  data.labels.assign(lab->data + kLabelsHeader, lab->data + kLabelsHeader + label_count);
  return data;
}

std::vector<uint8_t> write_idx_images(const Dataset& data) {
  assert(data.pixels.size() == data.size() * data.pixels_per_image());
  std::vector<uint8_t> out;
  out.reserve(kImagesHeader + data.pixels.size());
  append_be32(out, kImagesMagic);
  append_be32(out, static_cast<uint32_t>(data.size()));
  append_be32(out, static_cast<uint32_t>(data.rows));
  append_be32(out, static_cast<uint32_t>(data.cols));
  out.insert(out.end(), data.pixels.begin(), data.pixels.end());
  return out;
}

std::vector<uint8_t> write_idx_labels(const Dataset& data) {
  std::vector<uint8_t> out;
  out.reserve(kLabelsHeader + data.labels.size());
  append_be32(out, kLabelsMagic);
  append_be32(out, static_cast<uint32_t>(data.size()));
  out.insert(out.end(), data.labels.begin(), data.labels.end());
  return out;
}

}  // namespace digitlab
