// parse_csv on arbitrary bytes (text or gzip). A dataset that parses must be whole (labels 0..9,
// 784 values per row), and written back out as plain CSV it must parse to the same dataset.
#include <string>

#include "data/formats.h"
#include "fuzz_bytes.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const digitlab::Result<digitlab::Dataset> d = digitlab::parse_csv(data, size);
  if (!d) {
    FUZZ_CHECK(!d.error().empty());
    return 0;
  }
  FUZZ_CHECK(d->size() > 0);
  FUZZ_CHECK(d->pixels.size() == d->size() * digitlab::kImagePixels);
  std::string text;
  for (size_t i = 0; i < d->size(); ++i) {
    FUZZ_CHECK(d->labels[i] < digitlab::kClasses);
    text += std::to_string(d->labels[i]);
    for (size_t p = 0; p < digitlab::kImagePixels; ++p)
      text += "," + std::to_string(d->image(i)[p]);
    text += "\n";
  }
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const digitlab::Result<digitlab::Dataset> again = digitlab::parse_csv(bytes, text.size());
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(again->pixels == d->pixels && again->labels == d->labels);
  return 0;
}
