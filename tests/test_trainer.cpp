// Trainer: stepping in slices equals one long run, epochs and shuffling, and divergence that
// restores the network and says why.
#include <doctest/doctest.h>

#include <cmath>

#include "run_config.h"
#include "training/trainer.h"

using namespace digitlab;

namespace {
// 40 synthetic 28x28 images: class k lights up a band of rows, so the classes are learnable.
Dataset bands(size_t n) {
  Dataset d;
  d.pixels.assign(n * kImagePixels, 0);
  for (size_t i = 0; i < n; ++i) {
    const int k = static_cast<int>(i % 10);
    d.labels.push_back(static_cast<uint8_t>(k));
    for (int x = 0; x < 28; ++x) d.pixels[i * kImagePixels + (k * 2 + 3) * 28 + x] = 255;
  }
  return d;
}
}  // namespace

TEST_CASE("training in slices gives exactly the same weights as in one go") {
  const Dataset data = bands(40);
  Network a({784, 16, 10}, 1), b({784, 16, 10}, 1);
  Trainer ta(a, data, digitlab_test::run_config(0.2f, 3)),
      tb(b, data, digitlab_test::run_config(0.2f, 3));
  while (!ta.stats().finished) ta.step(1000);
  size_t ended = 0;
  while (!tb.stats().finished) {
    tb.step(7);
    ended += tb.epoch_just_ended();
  }
  CHECK(ended == 3);
  CHECK(a.weights() == b.weights());
  CHECK(tb.stats().samples_seen == 120);
  CHECK(tb.stats().epoch == 3);
}

TEST_CASE("shuffling is seeded and changes the order") {
  const Dataset data = bands(40);
  Network a({784, 8, 10}, 1), b({784, 8, 10}, 1), c({784, 8, 10}, 1);
  TrainingConfig shuffled = digitlab_test::run_config(0.2f, 1, true, 9);
  Trainer ta(a, data, shuffled), tb(b, data, shuffled),
      tc(c, data, digitlab_test::run_config(0.2f, 1));
  ta.step(100), tb.step(100), tc.step(100);
  CHECK(a.weights() == b.weights());
  CHECK(a.weights() != c.weights());
}

TEST_CASE("the loss falls as the network learns") {
  const Dataset data = bands(40);
  Network net({784, 16, 10}, 3);
  Trainer t(net, data, digitlab_test::run_config(0.3f, 20));
  t.step(40);
  const double first = t.stats().last_step_loss;
  while (!t.stats().finished) t.step(40);
  CHECK(t.stats().last_step_loss < first * 0.5);
}

TEST_CASE("a diverging learning rate stops training and restores the network") {
  const Dataset data = bands(40);
  Network net({784, 16, 10}, 3);
  Trainer t(net, data,
            digitlab_test::run_config(
                1e38f, 5));  // validate_learning_rate would refuse this; the trainer copes
  std::vector<float> before;
  size_t steps = 0;
  while (!t.stats().finished && steps < 100) {
    before = net.weights();
    t.step(1);
    ++steps;
  }
  REQUIRE(!t.stats().error.empty());
  CHECK(t.stats().error.find("diverged") != std::string::npos);
  CHECK(net.weights() == before);  // the failing step was undone
}

TEST_CASE("learning rates a user types are checked") {
  CHECK(validate_learning_rate(0.1f).ok());
  CHECK(!validate_learning_rate(0.0f).ok());
  CHECK(!validate_learning_rate(-1.0f).ok());
  CHECK(!validate_learning_rate(1e9f).ok());
  CHECK(!validate_learning_rate(std::nanf("")).ok());
  // Said as typed: "got 1000", not "got 1000.000000".
  CHECK(validate_learning_rate(1000.0f).error() ==
        "learning rate must be a number in (0, 100], got 1000");
  CHECK(learning_rate_text(0.1f) == "0.1");
  CHECK(learning_rate_text(1e-5f) == "1e-05");
}

TEST_CASE("validate_batch_size: 1 to kMaxBatch, and a batch's activations within the cap") {
  const std::vector<int> book{784, 200, 10};
  CHECK(validate_batch_size(1, book).ok());
  CHECK(validate_batch_size(kMaxBatch, book).ok());
  CHECK(validate_batch_size(kMaxBatch + 1, book).error() ==
        "the batch size must be 1 to 512, got 513");
  CHECK_FALSE(validate_batch_size(0, book).ok());
  // Four hidden layers of the widest: 66,330 nodes, so the largest batch would hold 34 million.
  const std::vector<int> wide{784, kMaxLayerWidth, kMaxLayerWidth, kMaxLayerWidth, kMaxLayerWidth,
                              10};
  const int fits = static_cast<int>(kMaxBatchValues / 66330);
  CHECK(validate_batch_size(fits, wide).ok());
  const Status over = validate_batch_size(fits + 1, wide);
  REQUIRE_FALSE(over.ok());
  CHECK(over.error().find(std::to_string(kMaxBatchValues)) != std::string::npos);
  CHECK(over.error().find("batch " + std::to_string(fits)) != std::string::npos);
}
