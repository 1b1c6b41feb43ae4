// UploadRouter: files sorted by content whatever their names, IDX pairs matched by counts,
// training and test sets chosen, and every bad batch refused whole with a message.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "app.h"
#include "data/dataset_ops.h"
#include "data/formats.h"
#include "training_fixtures.h"
#include "uploads.h"

using namespace digitlab;
using training_test::bands;
using training_test::bytes_of;
using training_test::csv_of;
using training_test::gzip_stored;
using training_test::model_bytes;

namespace {

std::vector<NamedFile> idx_pair(const Dataset& d, const std::string& images_name,
                                const std::string& labels_name) {
  return {{images_name, write_idx_images(d)}, {labels_name, write_idx_labels(d)}};
}

}  // namespace

TEST_CASE("an IDX pair is recognised by content, whatever the names, and a test set held out") {
  UploadRouter router;
  const Dataset d = bands(50);
  // Names that lie: the labels come first and are called .csv.
  std::vector<NamedFile> files = idx_pair(d, "labels.csv", "images.csv");
  std::swap(files[0], files[1]);
  Result<RoutedUpload> r = router.route(files);
  REQUIRE_MESSAGE(r.ok(), r.error());
  REQUIRE(r->data.has_value());
  CHECK_FALSE(r->model.has_value());
  CHECK(r->data->train.size() == 45);
  CHECK(r->data->test.size() == 5);
  CHECK(r->data->test_held_out);
  CHECK(r->data->train.labels == take(d, 0, 45).labels);
  CHECK(r->data->test.pixels == take(d, 45, 50).pixels);
}

TEST_CASE("gzip files, two pairs (training + test by size) and CSV") {
  UploadRouter router;
  const Dataset train = bands(60), test = bands(20);
  std::vector<NamedFile> files;
  for (NamedFile& f : idx_pair(test, "a.gz", "b.gz"))
    files.push_back({f.name, gzip_stored(f.bytes)});
  for (NamedFile& f : idx_pair(train, "c", "d")) files.push_back(f);
  Result<RoutedUpload> r = router.route(files);
  REQUIRE_MESSAGE(r.ok(), r.error());
  CHECK(r->data->train.size() == 60);
  CHECK(r->data->test.size() == 20);
  CHECK_FALSE(r->data->test_held_out);
  CHECK(r->data->train.pixels == train.pixels);

  // Two CSVs of the same size: the one named like a test set is the test set.
  Result<RoutedUpload> c = router.route(
      {{"test.csv", bytes_of(csv_of(bands(10)))}, {"train.csv", bytes_of(csv_of(bands(10)))}});
  REQUIRE_MESSAGE(c.ok(), c.error());
  CHECK(c->data->source == "training: train.csv; test: test.csv");
}

TEST_CASE("half a pair waits for the other half") {
  UploadRouter router;
  const Dataset d = bands(30);
  Result<RoutedUpload> first = router.route({{"imgs", write_idx_images(d)}});
  REQUIRE(first.ok());
  CHECK_FALSE(first->data.has_value());
  CHECK(first->note.find("labels") != std::string::npos);
  CHECK(router.has_waiting_half());
  // A bad batch in between leaves the waiting half alone.
  CHECK_FALSE(router.route({{"junk", {1, 2, 3, 0, 5}}}).ok());
  Result<RoutedUpload> second = router.route({{"lbls", write_idx_labels(d)}});
  REQUIRE_MESSAGE(second.ok(), second.error());
  REQUIRE(second->data.has_value());
  CHECK(second->data->train.size() + second->data->test.size() == 30);
  CHECK_FALSE(router.has_waiting_half());
}

TEST_CASE("the note about a waiting half is news once; the waiting is state until it ends") {
  UploadRouter router;
  const Dataset d = bands(30);
  Result<RoutedUpload> first = router.route({{"imgs", write_idx_images(d)}});
  REQUIRE(first.ok());
  CHECK(first->note.find("'imgs'") != std::string::npos);
  CHECK(router.waiting_note() == "'imgs' (30 images) waits for its labels file");
  // A later, unrelated batch (a model) says nothing about the half still waiting.
  Result<RoutedUpload> model = router.route({{"m.dlm", model_bytes({784, 8, 10}, 3)}});
  REQUIRE(model.ok());
  CHECK(model->note.empty());
  CHECK(router.waiting_note().find("'imgs'") != std::string::npos);
  // Its pairing refused (other counts): still waiting, and the refusal is the only news.
  CHECK_FALSE(router.route({{"lbls", write_idx_labels(bands(20))}}).ok());
  CHECK(router.has_waiting_half());
  // Paired: nothing waits any more.
  Result<RoutedUpload> paired = router.route({{"lbls", write_idx_labels(d)}});
  REQUIRE(paired.ok());
  CHECK(paired->note.empty());
  CHECK(router.waiting_note().empty());
}

TEST_CASE("a model file is routed to the model, checked for shape") {
  UploadRouter router;
  Result<RoutedUpload> r = router.route({{"weights.bin", model_bytes({784, 8, 10}, 3)}});
  REQUIRE_MESSAGE(r.ok(), r.error());
  REQUIRE(r->model.has_value());
  CHECK(r->model->network.sizes() == std::vector<int>{784, 8, 10});
  CHECK_FALSE(r->data.has_value());

  Result<RoutedUpload> gz = router.route({{"m.dlm.gz", gzip_stored(model_bytes({784, 8, 10}, 3))}});
  CHECK(gz.ok());

  Result<RoutedUpload> shape = router.route({{"small.dlm", model_bytes({100, 8, 10}, 3)}});
  REQUIRE_FALSE(shape.ok());
  CHECK(shape.error().find("small.dlm") != std::string::npos);
  CHECK(shape.error().find("784 inputs") != std::string::npos);
}

TEST_CASE("bad batches are refused whole, naming the problem") {
  UploadRouter router;
  const Dataset d = bands(50);
  const auto expect_refusal = [&](std::vector<NamedFile> files, const std::string& words) {
    Result<RoutedUpload> r = router.route(std::move(files));
    REQUIRE_FALSE(r.ok());
    CHECK_MESSAGE(r.error().find(words) != std::string::npos, r.error());
  };

  // Counts that differ.
  Dataset fewer = d;
  fewer.labels.pop_back();
  fewer.pixels.resize(fewer.pixels.size() - kImagePixels);
  expect_refusal({{"i.idx", write_idx_images(d)}, {"l.idx", write_idx_labels(fewer)}},
                 "'i.idx' holds 50 images but 'l.idx' holds 49 labels");
  // A truncated images file (its header promises more than it holds).
  std::vector<uint8_t> cut = write_idx_images(d);
  cut.resize(cut.size() - 100);
  expect_refusal({{"cut.idx", cut}, {"l.idx", write_idx_labels(d)}}, "cut.idx");
  // A cut gzip file.
  std::vector<uint8_t> gz = gzip_stored(write_idx_images(d));
  gz.resize(gz.size() / 2);
  expect_refusal({{"half.gz", gz}}, "does not unzip");
  // Binary junk, an empty file, a damaged model, CSV with a bad label.
  expect_refusal({{"photo.png", {0x89, 'P', 'N', 'G', 0, 0, 1, 2}}}, "not a digitlab model");
  expect_refusal({{"empty.csv", {}}}, "empty");
  std::vector<uint8_t> model = model_bytes({784, 8, 10}, 1);
  model[model.size() / 2] ^= 0xff;
  expect_refusal({{"m.dlm", model}}, "checksum");
  // Named like a model, but text: said to be no model, not reported as a broken CSV.
  expect_refusal({{"notes.dlm", bytes_of("not a model at all")}},
                 "'notes.dlm' is not a digitlab model file");
  std::string row = "12";
  for (int i = 0; i < kImagePixels; ++i) row += ",0";
  expect_refusal({{"bad.csv", bytes_of(row + "\n")}}, "bad.csv");
  // Too many datasets, two models, a lone image.
  expect_refusal({{"a.csv", bytes_of(csv_of(bands(3)))},
                  {"b.csv", bytes_of(csv_of(bands(4)))},
                  {"c.csv", bytes_of(csv_of(bands(5)))}},
                 "3 datasets");
  expect_refusal({{"1.dlm", model_bytes({784, 8, 10}, 1)}, {"2.dlm", model_bytes({784, 8, 10}, 2)}},
                 "2 model files");
  expect_refusal({{"one.csv", bytes_of(csv_of(bands(1)))}}, "single image");
  // A whole good pair in a batch with one bad file: all refused.
  std::vector<NamedFile> mixed = idx_pair(d, "i", "l");
  mixed.push_back({"junk", {0, 0, 0, 0}});
  expect_refusal(mixed, "junk");
  CHECK_FALSE(router.has_waiting_half());
}

TEST_CASE("an empty dataset is refused and the previous dataset stays") {
  App app;
  const Dataset d = bands(100);
  app.training().receive_files({{"i", write_idx_images(d)}, {"l", write_idx_labels(d)}});
  REQUIRE_MESSAGE(app.last_error().empty(), app.last_error());
  REQUIRE(app.training().session().data().train.size() == 90);

  // A CSV with only its header, one of only blank lines, and an IDX pair declaring 0 images:
  // the core parsers call each an empty dataset, and the upload changes nothing.
  const Dataset none;
  const std::vector<std::vector<NamedFile>> empties = {
      {{"header.csv", bytes_of("label,pixel0,pixel1\n")}},
      {{"blank.csv", bytes_of("\n\n\n")}},
      {{"none-images", write_idx_images(none)}, {"none-labels", write_idx_labels(none)}}};
  for (const std::vector<NamedFile>& files : empties) {
    app.training().receive_files(files);
    CHECK_MESSAGE(app.last_error().find("Upload refused") != std::string::npos, files[0].name);
    CHECK_MESSAGE(app.last_error().find("empty") != std::string::npos, app.last_error());
    CHECK(app.training().session().data().train.size() == 90);
    CHECK(app.training().session().data().train.pixels == take(d, 0, 90).pixels);
  }
}
