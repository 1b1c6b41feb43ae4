// The evaluations the training session keeps for the Evaluation tab (training_session.h):
// each whole test pass of a run and evaluate_now, done in slices, equal to the core's
// evaluate() (the CLI's `digitlab eval`) on the same weights and data, details and all.
#include <doctest/doctest.h>

#include <functional>
#include <string>

#include "mnist_slice.h"
#include "model_host_fixture.h"
#include "network/fingerprint.h"
#include "network/mistakes.h"
#include "training_fixtures.h"
#include "training_session.h"

using namespace digitlab;
using training_test::TestModelHost;

namespace {

struct FakeClock {  // 1 ms per reading, as in test_training_session.cpp
  double now = 0;
  double operator()() { return now += 0.001; }
};

// Real digits, so a briefly trained network makes mistakes in most rows.
TrainingData digits() {
  TrainingData d;
  d.train = mnist_test::first_images("train", 600);
  d.test = mnist_test::first_images("t10k", 300);
  d.source = "mnist slice";
  return d;
}

TrainSettings one_epoch() {
  TrainSettings s;
  s.config.architecture.sizes = {784, 20, 10};
  s.config.learning_rate = 0.2f;
  s.config.epochs = 1;
  s.config.seed = 11;
  return s;
}

// The kept evaluation is evaluate()'s for `net` on `test`: the matrix, every cell's images
// and confidences, the surest mistakes.
void check_equals_cli_evaluation(const TestEvaluation& kept, const Network& net,
                                 const Dataset& test) {
  EvaluationDetails details(TestEvaluation::kKeptMistakes);
  const Evaluation expected = evaluate(net, test, &details);
  CHECK(kept.eval.confusion == expected.confusion);
  CHECK(kept.eval.correct == expected.correct);
  CHECK(kept.eval.total == test.size());
  size_t sum = 0;
  for (int a = 0; a < kClasses; ++a)
    for (int p = 0; p < kClasses; ++p) {
      sum += kept.eval.confusion[a][p];
      CHECK(kept.details.cell(a, p) == details.cell(a, p));
      CHECK(kept.details.cell_confidences(a, p) == details.cell_confidences(a, p));
    }
  CHECK(sum == test.size());  // the matrix sums to the test size
  const auto& got = kept.details.most_confident_mistakes();
  const auto& want = details.most_confident_mistakes();
  REQUIRE(got.size() == want.size());
  for (size_t k = 0; k < got.size(); ++k) {
    CHECK(got[k].index == want[k].index);
    CHECK(got[k].outputs == want[k].outputs);
  }
  CHECK(kept.fingerprint == network_fingerprint(net));
}

}  // namespace

TEST_CASE("a run keeps its last whole test pass, equal to evaluate() on the epoch's weights") {
  FakeClock clock;
  TrainingSession session(std::ref(clock));
  REQUIRE(session.set_data(digits()).ok());
  TestModelHost host;
  CHECK(session.last_evaluation() == nullptr);
  REQUIRE(session.start(host, one_epoch()).ok());
  // The pass before training comes first and is kept.
  while (session.evaluating()) session.update(0.005);
  REQUIRE(session.last_evaluation() != nullptr);
  CHECK(session.last_evaluation()->epoch == 0);
  CHECK(session.last_evaluation()->id == 1);
  CHECK(session.last_evaluation()->progress.samples == 0);
  while (session.active()) session.update(0.005);
  REQUIRE(session.phase() == RunPhase::Finished);
  const TestEvaluation* kept = session.last_evaluation();
  REQUIRE(kept != nullptr);
  CHECK(kept->epoch == 1);
  CHECK(kept->id == 2);  // the mid-epoch checks (a part of the test set) are not kept
  CHECK(kept->layers == "784-20-10");
  CHECK(kept->progress.epochs == 1);
  CHECK(kept->progress.samples == 600);
  CHECK(kept->eval.correct < kept->eval.total);  // guard: mistakes to list
  CHECK(kept->eval.accuracy() == session.test_accuracy());
  check_equals_cli_evaluation(*kept, host.current->network, session.data().test);

  // New data: the kept evaluation's images were the old test set's.
  REQUIRE(session.set_data(digits()).ok());
  CHECK(session.last_evaluation() == nullptr);
}

TEST_CASE("evaluate now: the weights as they were when asked, in slices, idle or mid-run") {
  FakeClock clock;
  TrainingSession session(std::ref(clock));
  TestModelHost host;
  host.adopt(Model{});
  host.current->network = Network({784, 20, 10}, 4);

  // Without a test set (or a model): refused, saying what to do.
  TrainingData no_test;
  no_test.train = training_test::bands(50);
  REQUIRE(session.set_data(std::move(no_test)).ok());
  Status s = session.evaluate_now(host.model());
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().find("no test set") != std::string::npos);
  CHECK(s.error().find("MNIST") != std::string::npos);
  CHECK_FALSE(session.evaluating_now());
  REQUIRE(session.set_data(digits()).ok());
  CHECK_FALSE(session.evaluate_now(nullptr).ok());

  SUBCASE("idle: sliced, and of a copy of the weights") {
    const Network asked = host.current->network;
    REQUIRE(session.evaluate_now(host.model()).ok());
    host.current->network = Network({784, 20, 10}, 99);  // changed before the pass is done
    int updates = 0;
    double fraction = 0;
    while (session.evaluating_now()) {
      CHECK(session.evaluate_now_fraction() >= fraction);
      fraction = session.evaluate_now_fraction();
      CHECK(fraction < 1.0);
      session.update(0.003);
      ++updates;
    }
    CHECK(updates > 3);  // sliced: no single update did it all
    CHECK(session.phase() == RunPhase::Idle);
    const TestEvaluation* kept = session.last_evaluation();
    REQUIRE(kept != nullptr);
    CHECK(kept->epoch == -1);
    check_equals_cli_evaluation(*kept, asked, session.data().test);
    CHECK(kept->fingerprint != network_fingerprint(host.current->network));  // now stale
  }

  SUBCASE("mid-run: ahead of training, which waits for it") {
    TrainSettings settings = one_epoch();
    settings.fresh = false;
    REQUIRE(session.start(host, settings).ok());
    while (session.samples_seen() < 100) session.update(0.002);
    const Network asked = host.current->network;
    REQUIRE(session.evaluate_now(host.model()).ok());
    const size_t seen = session.samples_seen();
    while (session.evaluating_now()) {
      session.update(0.002);
      if (session.evaluating_now()) CHECK(session.samples_seen() == seen);
    }
    const TestEvaluation* kept = session.last_evaluation();
    REQUIRE(kept != nullptr);
    CHECK(kept->epoch == -1);
    check_equals_cli_evaluation(*kept, asked, session.data().test);
    CHECK(session.running());  // the run goes on to its end
    while (session.active()) session.update(0.005);
    CHECK(session.phase() == RunPhase::Finished);
    CHECK(session.last_evaluation()->epoch == 1);
  }
}
