// My digits: the collection, its stored file (layout in my_digits.h), the exports and the check.
#include "data/my_digits.h"

#include <string>

#include "data/crc32.h"
#include "data/formats.h"
#include "network/mistakes.h"

namespace digitlab {
namespace {

constexpr uint8_t kMagic[4] = {'D', 'L', 'M', 'Y'};
constexpr uint32_t kVersion = 1;
constexpr size_t kHeader = 12;  // magic, version, count
constexpr size_t kCrc = 4;

void append_le32(std::vector<uint8_t>& out, uint32_t v) {
  for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<uint8_t>(v >> shift));
}

uint32_t read_le32(const uint8_t* p) {
  return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

std::string full_message() {
  return "my digits are full (" + std::to_string(kMaxMyDigits) +
         "): remove some or export them and clear all first";
}

}  // namespace

Status MyDigits::add(const uint8_t* pixels, int label) {
  if (label < 0 || label >= kClasses)
    return fail("label " + std::to_string(label) + " is not a digit 0..9");
  if (size() >= kMaxMyDigits) return fail(full_message());
  data_.labels.push_back(static_cast<uint8_t>(label));
  data_.pixels.insert(data_.pixels.end(), pixels, pixels + kImagePixels);
  return Status::success();
}

Status MyDigits::remove(size_t index) {
  if (index >= size()) {
    return fail("there is no digit " + std::to_string(index) + " in my digits (" +
                std::to_string(size()) + " stored)");
  }
  data_.labels.erase(data_.labels.begin() + static_cast<std::ptrdiff_t>(index));
  const auto first = data_.pixels.begin() + static_cast<std::ptrdiff_t>(index * kImagePixels);
  data_.pixels.erase(first, first + kImagePixels);
  return Status::success();
}

std::vector<uint8_t> MyDigits::save() const {
  std::vector<uint8_t> out(kMagic, kMagic + 4);
  out.reserve(kHeader + data_.labels.size() + data_.pixels.size() + kCrc);
  append_le32(out, kVersion);
  append_le32(out, static_cast<uint32_t>(size()));
  out.insert(out.end(), data_.labels.begin(), data_.labels.end());
  out.insert(out.end(), data_.pixels.begin(), data_.pixels.end());
  append_le32(out, crc32(out.data(), out.size()));
  return out;
}

Result<MyDigits> MyDigits::load(const uint8_t* bytes, size_t size) {
  if (size < 4 || bytes[0] != kMagic[0] || bytes[1] != kMagic[1] || bytes[2] != kMagic[2] ||
      bytes[3] != kMagic[3])
    return fail("not a my-digits file (it does not start with \"DLMY\")");
  if (size < kHeader + kCrc) return fail("the my-digits file is cut short");
  const uint32_t version = read_le32(bytes + 4);
  if (version != kVersion) {
    return fail("the my-digits file is version " + std::to_string(version) +
                ", this digitlab reads version " + std::to_string(kVersion));
  }
  const uint32_t count = read_le32(bytes + 8);
  if (count > kMaxMyDigits) {
    return fail("the my-digits file holds " + std::to_string(count) + " digits, more than " +
                std::to_string(kMaxMyDigits));
  }
  // count <= kMaxMyDigits, so this fits even a 32-bit size_t.
  const size_t expected = kHeader + size_t(count) * (1 + kImagePixels) + kCrc;
  if (size < expected) return fail("the my-digits file is cut short");
  if (size > expected) return fail("the my-digits file has data after its end");
  if (crc32(bytes, size - kCrc) != read_le32(bytes + size - kCrc))
    return fail("the my-digits file is damaged (its checksum does not match)");
  MyDigits digits;
  const uint8_t* labels = bytes + kHeader;
  for (size_t i = 0; i < count; ++i) {
    if (labels[i] >= kClasses) {
      return fail("the my-digits file has label " + std::to_string(labels[i]) + " at " +
                  std::to_string(i) + ", not a digit 0..9");
    }
  }
  digits.data_.labels.assign(labels, labels + count);
  digits.data_.pixels.assign(labels + count, labels + count + size_t(count) * kImagePixels);
  return digits;
}

Result<std::vector<uint8_t>> my_digits_csv(const MyDigits& digits) {
  if (digits.size() == 0) return fail("there are no digits to export yet");
  return write_csv(digits.dataset());
}

Result<IdxPair> my_digits_idx(const MyDigits& digits) {
  if (digits.size() == 0) return fail("there are no digits to export yet");
  return IdxPair{write_idx_images(digits.dataset()), write_idx_labels(digits.dataset())};
}

MyDigitsCheck check_my_digits(const Network& net, const MyDigits& digits) {
  MyDigitsCheck check;
  check.answers.assign(digits.size(), -1);
  if (digits.size() == 0) return check;
  EvaluationDetails details;
  check.eval = evaluate(net, digits.dataset(), &details);
  for (int actual = 0; actual < kClasses; ++actual)
    for (int predicted = 0; predicted < kClasses; ++predicted)
      for (size_t i : details.cell(actual, predicted)) check.answers[i] = predicted;
  return check;
}

}  // namespace digitlab
