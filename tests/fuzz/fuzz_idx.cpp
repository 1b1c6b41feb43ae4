// parse_idx on an images file and a labels file, each raw or gzip (as the bytes say).
// Input: u16 little-endian length of the images file, the images file, then the labels file.
// A dataset that parses must be whole (labels 0..9, 784 bytes per image) and must come back
// unchanged through write_idx_images / write_idx_labels and another parse.
#include "data/formats.h"
#include "fuzz_bytes.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Bytes in{data, size};
  const std::vector<uint8_t> images = in.take(in.u16());
  const std::vector<uint8_t> labels = in.rest();
  const digitlab::Result<digitlab::Dataset> d =
      digitlab::parse_idx(images.data(), images.size(), labels.data(), labels.size());
  if (!d) {
    FUZZ_CHECK(!d.error().empty());
    return 0;
  }
  FUZZ_CHECK(d->rows == digitlab::kImageSide && d->cols == digitlab::kImageSide);
  FUZZ_CHECK(d->pixels.size() == d->size() * digitlab::kImagePixels);
  for (uint8_t label : d->labels) FUZZ_CHECK(label < digitlab::kClasses);

  const std::vector<uint8_t> im = digitlab::write_idx_images(*d);
  const std::vector<uint8_t> lb = digitlab::write_idx_labels(*d);
  const digitlab::Result<digitlab::Dataset> again =
      digitlab::parse_idx(im.data(), im.size(), lb.data(), lb.size());
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(again->pixels == d->pixels && again->labels == d->labels);
  return 0;
}
