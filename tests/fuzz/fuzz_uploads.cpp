// UploadRouter::route on batches of 1-3 files of arbitrary bytes and names, in two batches so a
// half IDX pair can wait in the router for its partner. Input: a byte giving the file count
// (1 + n % 3), a byte giving how many files go in the first batch, then per file a name byte
// (an index into a list of names that steer the router: .dlm, test, t10k) and a u16 length
// (the last file takes the rest), then its bytes.
// A batch that fails must leave the router's waiting half as it was; one that succeeds must
// hand over a model of MNIST's shape and/or non-empty training and test sets.
#include <string>

#include "data/dataset.h"
#include "fuzz_bytes.h"
#include "uploads.h"

namespace {

const char* const kNames[] = {"train.csv",   "test.csv", "train-images-idx3-ubyte",
                              "t10k-labels", "net.dlm",  "digits",
                              "data.csv.gz", ""};

void check(digitlab::UploadRouter& router, std::vector<digitlab::NamedFile> batch) {
  const bool waiting = router.has_waiting_half();
  const digitlab::Result<digitlab::RoutedUpload> r = router.route(std::move(batch));
  if (!r) {
    FUZZ_CHECK(!r.error().empty());
    FUZZ_CHECK(router.has_waiting_half() == waiting);
    return;
  }
  if (r->model) {
    FUZZ_CHECK(r->model->network.input_size() == digitlab::kImagePixels);
    FUZZ_CHECK(r->model->network.output_size() == digitlab::kClasses);
  }
  if (r->data) {
    FUZZ_CHECK(r->data->train.size() > 0 && r->data->test.size() > 0);
    for (const digitlab::Dataset* d : {&r->data->train, &r->data->test}) {
      FUZZ_CHECK(d->pixels.size() == d->size() * digitlab::kImagePixels);
      for (uint8_t label : d->labels) FUZZ_CHECK(label < digitlab::kClasses);
    }
  }
  FUZZ_CHECK(router.has_waiting_half() == !r->note.empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Bytes in{data, size};
  const size_t count = 1 + in.u8() % 3;
  const size_t first = in.u8() % (count + 1);
  std::vector<digitlab::NamedFile> files(count);
  for (size_t i = 0; i < count; ++i) {
    files[i].name = kNames[in.u8() % (sizeof kNames / sizeof kNames[0])];
    files[i].bytes = i + 1 < count ? in.take(in.u16()) : in.rest();
  }
  digitlab::UploadRouter router;
  std::vector<digitlab::NamedFile> a(files.begin(), files.begin() + first);
  std::vector<digitlab::NamedFile> b(files.begin() + first, files.end());
  if (!a.empty()) check(router, std::move(a));
  if (!b.empty()) check(router, std::move(b));
  return 0;
}
