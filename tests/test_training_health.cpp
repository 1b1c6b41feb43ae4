// Broken and saturated networks reported, not crashed on: outputs that are not numbers
// (check_outputs, Evaluation::non_finite) and the saturation diagnosis after an epoch
// (training_health.h).
#include <doctest/doctest.h>

#include <string>

#include "mnist_slice.h"
#include "network/evaluate.h"
#include "network/layer_math.h"
#include "run_config.h"
#include "training/trainer.h"
#include "training/training_health.h"
#include "training_fixtures.h"

using namespace digitlab;
using training_test::bands;

namespace {
bool mentions(const std::string& text, const char* word) {
  return text.find(word) != std::string::npos;
}

// One epoch on 2,000 MNIST images at this learning rate, then a test pass over 500. (Real
// digits: the band images of training_fixtures.h are too sparse to saturate the same way.)
Evaluation after_one_epoch(float lr) {
  const Dataset train = mnist_test::first_images("train", 2000);
  const Dataset test = mnist_test::first_images("t10k", 500);
  Network net({784, 100, 10}, 3);
  Trainer trainer(net, train, digitlab_test::run_config(lr, 1));
  while (!trainer.stats().finished) trainer.step(1000);
  REQUIRE(trainer.stats().error.empty());
  return evaluate(net, test);
}
}  // namespace

TEST_CASE("a network with huge weights gives a reported problem, not a crash") {
  // Weights near float's limit (a file the loader would refuse): the sums overflow to
  // infinity and mixed signs make NaN. Formerly `digitlab predict` aborted on such outputs.
  Network net({784, 16, 10}, 1);
  for (float& w : net.weights()) w = w > 0 ? 3e38f : -3e38f;
  const Dataset data = bands(20);
  std::vector<float> input(kImagePixels), output(kClasses);
  scale_input(input.data(), data.image(0), input.size());
  net.query_outputs(output.data(), input.data());
  const Status s = check_outputs(output.data(), kClasses);
  REQUIRE_FALSE(s.ok());
  CHECK(mentions(s.error(), "not a finite number"));
  // evaluate counts such images apart, as wrong, and keeps them out of the confusion matrix.
  const Evaluation eval = evaluate(net, data);
  CHECK(eval.total == 20);
  CHECK(eval.non_finite == 20);
  CHECK(eval.correct == 0);
  uint32_t tallied = 0;
  for (const auto& row : eval.confusion)
    for (uint32_t n : row) tallied += n;
  CHECK(tallied == 0);
  CHECK_FALSE(saturation_warning(eval, 0.1f).has_value());  // broken, not saturated
  // A sane network's outputs pass.
  Network sane({784, 16, 10}, 1);
  sane.query_outputs(output.data(), input.data());
  CHECK(check_outputs(output.data(), kClasses).ok());
  CHECK(evaluate(sane, data).non_finite == 0);
}

TEST_CASE("saturation_warning: too large a learning rate is diagnosed, a healthy run is not") {
  // lr 50: every sigmoid pinned, one answer for every image.
  const Evaluation saturated = after_one_epoch(50.0f);
  CHECK(saturated.accuracy() < kChanceAccuracy);
  const std::optional<std::string> w = saturation_warning(saturated, 50.0f);
  REQUIRE(w.has_value());
  CHECK(mentions(*w, "training has saturated"));
  CHECK(mentions(*w, "at chance"));
  CHECK(mentions(*w, "every output is stuck"));
  CHECK(mentions(*w, "learning rate 50 is likely too large"));
  CHECK(mentions(*w, "try 0.1"));
  CHECK(mentions(*w, std::to_string(static_cast<int>(saturated.accuracy() * 100)).c_str()));

  const Evaluation healthy = after_one_epoch(0.3f);
  CHECK(healthy.accuracy() > 0.8);
  CHECK_FALSE(saturation_warning(healthy, 0.2f).has_value());
  // With Adam the advice is Adam's usual rate, not the book's.
  const std::optional<std::string> adam = saturation_warning(saturated, 0.5f, Optimizer::Adam);
  REQUIRE(adam.has_value());
  CHECK(adam->find("try 0.001") != std::string::npos);
}

TEST_CASE("saturation_warning needs accuracy at chance and outputs stuck or one answer") {
  Evaluation eval;
  eval.total = 100;
  eval.correct = 10;
  eval.confusion[0][0] = 10;
  for (int a = 1; a < kClasses; ++a) eval.confusion[a][a % 2] = 10;  // answers 0 and 1 only
  eval.output_low.fill(0.0f);
  eval.output_high.fill(0.001f);
  const std::optional<std::string> stuck = saturation_warning(eval, 3.0f);
  REQUIRE(stuck.has_value());
  CHECK(mentions(*stuck, "every output is stuck"));
  // One output still moving with the input, and two answers: not saturated.
  eval.output_high[4] = 0.5f;
  CHECK_FALSE(saturation_warning(eval, 3.0f).has_value());
  // Outputs that move, but one answer for 95% of the images: saturated all the same.
  eval.confusion = {};
  eval.confusion[7][7] = 10;
  eval.confusion[3][7] = 85;
  eval.confusion[3][3] = 5;
  eval.correct = 15;
  const std::optional<std::string> one = saturation_warning(eval, 3.0f);
  REQUIRE(one.has_value());
  CHECK(mentions(*one, "it answers 7 for 95% of the test images"));
  eval.confusion[3][7] = 75;  // 85%: a network still telling images apart
  eval.confusion[3][3] = 15;
  CHECK_FALSE(saturation_warning(eval, 3.0f).has_value());
  // Above chance: whatever the outputs, it learnt something.
  eval.output_high[4] = 0.001f;
  eval.correct = 30;
  CHECK_FALSE(saturation_warning(eval, 3.0f).has_value());
  eval.correct = 10;
  CHECK(saturation_warning(eval, 3.0f).has_value());
  // Too few images to tell.
  eval.total = 5;
  eval.correct = 0;
  CHECK_FALSE(saturation_warning(eval, 3.0f).has_value());
  // A small rate that saturates anyway gets no number to try.
  eval.total = 100;
  const std::optional<std::string> w = saturation_warning(eval, 0.05f);
  REQUIRE(w.has_value());
  CHECK(mentions(*w, "try a smaller one"));
}
