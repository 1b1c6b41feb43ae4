// A small seeded learning test on real MNIST: the network must actually learn.
#include <doctest/doctest.h>

#include "data/formats.h"
#include "network/evaluate.h"
#include "run_config.h"
#include "training/trainer.h"

#ifndef DIGITLAB_MNIST_DIR
#define DIGITLAB_MNIST_DIR "build/deps/mnist"
#endif

using namespace digitlab;

namespace {
Dataset load(const std::string& images, const std::string& labels, size_t keep) {
  const std::string dir = DIGITLAB_MNIST_DIR;
  const auto img = read_file(dir + "/" + images);
  const auto lab = read_file(dir + "/" + labels);
  REQUIRE_MESSAGE(img.ok(), img.error());
  REQUIRE_MESSAGE(lab.ok(), lab.error());
  Result<Dataset> data = parse_idx(img->data(), img->size(), lab->data(), lab->size());
  REQUIRE_MESSAGE(data.ok(), data.error());
  Dataset d = std::move(*data);
  d.labels.resize(keep);
  d.pixels.resize(keep * d.pixels_per_image());
  return d;
}
}  // namespace

// Two passes over 2,000 images: one pass gives 83-85% depending on the seed (too close to the
// bar to be a fair test); two give 86.7-88.0% over seeds 1-5 and 2016.
TEST_CASE("2,000 MNIST samples teach the book's network over 85% on 1,000 test samples") {
  const Dataset train = load("train-images-idx3-ubyte", "train-labels-idx1-ubyte", 2000);
  const Dataset test = load("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", 1000);
  Network net({784, 100, 10}, 2016);
  const double before = evaluate(net, test).accuracy();
  Trainer trainer(net, train, digitlab_test::run_config(0.3f, 2));
  while (!trainer.stats().finished) trainer.step(500);
  CHECK(trainer.stats().error.empty());
  CHECK(trainer.stats().samples_seen == 4000);
  const double after = evaluate(net, test).accuracy();
  MESSAGE("accuracy before " << before << ", after " << after);
  CHECK(before < 0.3);
  CHECK(after > 0.85);
}
