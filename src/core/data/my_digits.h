// "My digits": the user's own labelled drawings, kept as the network saw them (the pad's MNIST
// preprocessing, 28x28, 0 = background) so they can be a test set, mixed into training, or
// exported as CSV or IDX like any dataset.
//
// The stored file (.dlmy), small and versioned like a model file, little-endian:
//   offset  bytes    field
//   0       4        magic "DLMY"
//   4       4        u32 version: 1
//   8       4        u32 N: 0 to kMaxMyDigits
//   12      N        u8 labels, 0..9
//   12+N    784·N    u8 pixels, image after image, row-major
//   end-4   4        u32 CRC-32 (zlib's) of every byte before it
// Why not the CSV the export writes: a CSV cut off at a line's end still parses, and would
// silently drop the last digits; the CRC catches any cut or damage, and an empty collection
// (which neither CSV nor IDX may hold) is a valid file.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "data/dataset.h"
#include "network/evaluate.h"
#include "network/network.h"
#include "result.h"

namespace digitlab {

// Enough for anyone drawing by hand (a few thousand is hours of drawing), small enough that the
// file (~7.9 MB at the cap) is written after every change without a pause, and that the gallery's
// answers are redone in well under a second.
constexpr size_t kMaxMyDigits = 10000;

class MyDigits {
 public:
  // Adds a 28x28 image (kImagePixels bytes) with its label; refused at the cap or for a label
  // outside 0..9, and the collection is then unchanged.
  Status add(const uint8_t* pixels, int label);
  // Removes image `index` (the later ones move up by one); refused out of range.
  Status remove(size_t index);
  void clear() { data_ = Dataset{}; }
  // The images and labels as a dataset (what evaluate, the trainer and the writers take).
  const Dataset& dataset() const { return data_; }
  size_t size() const { return data_.size(); }

  // The stored file (the layout above), and back. load refuses anything damaged, cut short,
  // too long or over the cap with a message, and gives no partial collection.
  std::vector<uint8_t> save() const;
  static Result<MyDigits> load(const uint8_t* bytes, size_t size);

 private:
  Dataset data_;
};

// The exports: the same files the CLI's `slice` and the book's CSV reader take. Refused for an
// empty collection (the readers refuse an empty dataset, so no file is written that would not
// load).
Result<std::vector<uint8_t>> my_digits_csv(const MyDigits& digits);
struct IdxPair {
  std::vector<uint8_t> images, labels;
};
Result<IdxPair> my_digits_idx(const MyDigits& digits);

// What the network answers for each of my digits now, through the core's evaluate (the one
// classification the test set uses): answers[i] is image i's class, -1 where the outputs were
// not finite numbers (a broken network, counted as wrong in eval).
struct MyDigitsCheck {
  Evaluation eval;
  std::vector<int> answers;
};
MyDigitsCheck check_my_digits(const Network& net, const MyDigits& digits);

}  // namespace digitlab
