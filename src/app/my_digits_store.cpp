// MyDigitsStore: each change kept at once, restoring at start-up, the two exports.
#include "my_digits_store.h"

#include <string>
#include <utility>

namespace digitlab {
namespace {

std::string count_of(size_t n) {
  return std::to_string(n) + (n == 1 ? " digit" : " digits");
}

}  // namespace

Status MyDigitsStore::restore(const uint8_t* data, size_t size) {
  Result<MyDigits> loaded = MyDigits::load(data, size);
  if (!loaded) {
    digits_.clear();
    ++version_;
    return fail("Your kept digits could not be read (" + loaded.error() + "): starting with none");
  }
  digits_ = std::move(*loaded);
  ++version_;
  return Status::success();
}

Status MyDigitsStore::keep() {
  ++version_;  // every change comes through here
  if (!files_.keep) return Status::success();
  Status s = files_.keep(digits_.save());
  if (!s) return fail("My digits could not be kept for next time: " + s.error());
  return s;
}

Status MyDigitsStore::add(const uint8_t* pixels, int label) {
  if (Status s = digits_.add(pixels, label); !s)
    return fail("Cannot add to my digits: " + s.error());
  notice_ = "Added a " + std::to_string(label) + ": " + count_of(size()) + ".";
  return keep();
}

Status MyDigitsStore::remove(size_t index) {
  if (Status s = digits_.remove(index); !s) return fail("Cannot remove it: " + s.error());
  notice_ = "Removed one: " + count_of(size()) + ".";
  return keep();
}

Status MyDigitsStore::clear() {
  digits_.clear();
  notice_ = "Cleared: no digits.";
  return keep();
}

Status MyDigitsStore::hand_out(const std::vector<FileToWrite>& files) {
  if (!files_.export_files) return fail("this platform cannot export files");
  Result<std::string> where = files_.export_files(files);
  if (!where) return fail("Cannot export my digits: " + where.error());
  notice_ = "Exported " + count_of(size()) + " " + *where + ".";
  return Status::success();
}

Status MyDigitsStore::export_csv() {
  Result<std::vector<uint8_t>> csv = my_digits_csv(digits_);
  if (!csv) return fail("Cannot export my digits: " + csv.error());
  return hand_out({{kMyDigitsCsvName, std::move(*csv)}});
}

Status MyDigitsStore::export_idx() {
  Result<IdxPair> idx = my_digits_idx(digits_);
  if (!idx) return fail("Cannot export my digits: " + idx.error());
  return hand_out({{kMyDigitsImagesName, std::move(idx->images)},
                   {kMyDigitsLabelsName, std::move(idx->labels)}});
}

}  // namespace digitlab
