// My digits (data/my_digits.h): adding and removing, the cap, the stored file's round trip and
// its refusals, the CSV and IDX exports read back by the core's own parsers, and the check
// against evaluate.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "data/crc32.h"
#include "data/formats.h"
#include "data/my_digits.h"
#include "network/evaluate.h"
#include "network/layer_math.h"
#include "network/network.h"

using namespace digitlab;

namespace {

// Image i: every pixel (i * 7 + k) % 256, so each image and each pixel differs.
std::vector<uint8_t> image(int i) {
  std::vector<uint8_t> p(kImagePixels);
  for (int k = 0; k < kImagePixels; ++k) p[k] = static_cast<uint8_t>((i * 7 + k) % 256);
  return p;
}

MyDigits some_digits(int n) {
  MyDigits d;
  for (int i = 0; i < n; ++i) REQUIRE(d.add(image(i).data(), (i * 3) % 10).ok());
  return d;
}

bool same(const Dataset& a, const Dataset& b) {
  return a.labels == b.labels && a.pixels == b.pixels;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("my digits: add keeps image and label; remove takes out exactly one") {
  MyDigits d = some_digits(3);
  REQUIRE(d.size() == 3);
  CHECK(d.dataset().labels == std::vector<uint8_t>{0, 3, 6});
  CHECK(std::vector<uint8_t>(d.dataset().image(1), d.dataset().image(1) + kImagePixels) ==
        image(1));
  REQUIRE(d.remove(1).ok());
  CHECK(d.dataset().labels == std::vector<uint8_t>{0, 6});
  CHECK(std::vector<uint8_t>(d.dataset().image(1), d.dataset().image(1) + kImagePixels) ==
        image(2));
  CHECK(d.dataset().pixels.size() == 2 * size_t(kImagePixels));
  const Status out = d.remove(2);
  CHECK_FALSE(out.ok());
  CHECK(d.size() == 2);
  d.clear();
  CHECK(d.size() == 0);
}

TEST_CASE("my digits: a label outside 0..9 and the cap are refused, nothing changed") {
  MyDigits d;
  CHECK_FALSE(d.add(image(0).data(), 10).ok());
  CHECK_FALSE(d.add(image(0).data(), -1).ok());
  CHECK(d.size() == 0);
  for (size_t i = 0; i < kMaxMyDigits; ++i) REQUIRE(d.add(image(1).data(), 1).ok());
  const Status full = d.add(image(2).data(), 2);
  REQUIRE_FALSE(full.ok());
  CHECK(contains(full.error(), std::to_string(kMaxMyDigits)));
  CHECK(d.size() == kMaxMyDigits);
  CHECK(d.dataset().pixels.size() == kMaxMyDigits * kImagePixels);
}

TEST_CASE("my digits: the stored file round-trips bit for bit, empty included") {
  for (int n : {0, 1, 5}) {
    const MyDigits d = some_digits(n);
    const std::vector<uint8_t> bytes = d.save();
    CHECK(bytes.size() == 12 + size_t(n) * 785 + 4);
    Result<MyDigits> back = MyDigits::load(bytes.data(), bytes.size());
    REQUIRE_MESSAGE(back.ok(), back.error());
    CHECK(same(back->dataset(), d.dataset()));
    CHECK(back->save() == bytes);
  }
}

TEST_CASE("my digits: a damaged, cut or wrong stored file is refused with a message") {
  const std::vector<uint8_t> good = some_digits(4).save();
  const auto load = [](const std::vector<uint8_t>& b) {
    return MyDigits::load(b.data(), b.size());
  };

  // Cut anywhere: every shorter prefix is refused (a CSV cut at a line's end would not be).
  for (size_t n = 0; n < good.size(); n += 97) CHECK_FALSE(load({good.begin(), good.begin() + n}));
  CHECK_FALSE(load({good.begin(), good.end() - 1}));

  std::vector<uint8_t> longer = good;
  longer.push_back(0);
  CHECK(contains(load(longer).error(), "after its end"));

  std::vector<uint8_t> flipped = good;
  flipped[12 + 4 + 300] ^= 1;  // one pixel bit
  CHECK(contains(load(flipped).error(), "checksum"));

  std::vector<uint8_t> magic = good;
  magic[0] = 'X';
  CHECK(contains(load(magic).error(), "DLMY"));

  std::vector<uint8_t> version = good;
  version[4] = 2;
  CHECK(contains(load(version).error(), "version 2"));

  std::vector<uint8_t> huge = good;  // a count over the cap is refused before any size check
  huge[8] = 0xff;
  huge[9] = 0xff;
  CHECK(contains(load(huge).error(), "more than"));
}

TEST_CASE("my digits: a bad label behind a good checksum is still refused") {
  MyDigits d = some_digits(2);
  std::vector<uint8_t> bytes = d.save();
  bytes[12] = 10;  // the first label
  // A fresh CRC over the changed bytes, so only the label check can refuse it.
  bytes.resize(bytes.size() - 4);
  const uint32_t crc = crc32(bytes.data(), bytes.size());
  for (int s = 0; s < 32; s += 8) bytes.push_back(static_cast<uint8_t>(crc >> s));
  const Result<MyDigits> r = MyDigits::load(bytes.data(), bytes.size());
  REQUIRE_FALSE(r.ok());
  CHECK(contains(r.error(), "label 10"));
}

TEST_CASE("my digits: the CSV and IDX exports read back as the same dataset") {
  const MyDigits d = some_digits(6);
  Result<std::vector<uint8_t>> csv = my_digits_csv(d);
  REQUIRE(csv.ok());
  Result<Dataset> from_csv = parse_csv(csv->data(), csv->size());
  REQUIRE_MESSAGE(from_csv.ok(), from_csv.error());
  CHECK(same(*from_csv, d.dataset()));
  // The book's layout: one line per digit, the label first, then 784 values.
  const std::string text(csv->begin(), csv->end());
  CHECK(text.rfind("0,0,1,2,3,", 0) == 0);
  CHECK(std::count(text.begin(), text.end(), '\n') == 6);

  Result<IdxPair> idx = my_digits_idx(d);
  REQUIRE(idx.ok());
  Result<Dataset> from_idx =
      parse_idx(idx->images.data(), idx->images.size(), idx->labels.data(), idx->labels.size());
  REQUIRE_MESSAGE(from_idx.ok(), from_idx.error());
  CHECK(same(*from_idx, d.dataset()));

  CHECK_FALSE(my_digits_csv(MyDigits{}).ok());
  CHECK_FALSE(my_digits_idx(MyDigits{}).ok());
}

TEST_CASE("my digits: the check's answers are the network's, its accuracy evaluate's") {
  const Network net({784, 12, 10}, 5);
  const MyDigits d = some_digits(9);
  const MyDigitsCheck check = check_my_digits(net, d);
  REQUIRE(check.answers.size() == 9);
  size_t correct = 0;
  for (size_t i = 0; i < d.size(); ++i) {
    std::vector<float> input(kImagePixels);
    scale_input(input.data(), d.dataset().image(i), input.size());
    const std::vector<float> out = net.query(input.data()).back();
    const int expected = argmax(out.data(), kClasses);
    CHECK(check.answers[i] == expected);
    correct += expected == d.dataset().labels[i];
  }
  const Evaluation eval = evaluate(net, d.dataset());
  CHECK(check.eval.correct == correct);
  CHECK(check.eval.correct == eval.correct);
  CHECK(check.eval.total == 9);
  CHECK(check_my_digits(net, MyDigits{}).answers.empty());
}
