// TrainingSession: time slices add up to the same training as one go, evaluations in between,
// pause / resume / stop, settings checks, a diverging run giving the old model back.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <string>

#include "mnist_slice.h"
#include "run_config.h"
#include "training/trainer.h"
#include "training_fixtures.h"
#include "training_session.h"

using namespace digitlab;
using training_test::bands;

namespace {

// A clock that moves 1 ms each time it is read: slices are then decided by the session's own
// arithmetic, the same on any machine.
struct FakeClock {
  double now = 0;
  double operator()() { return now += 0.001; }
};

TrainingData small_data(size_t train = 200, size_t test = 50) {
  TrainingData d;
  d.train = bands(train);
  d.test = bands(test);
  d.source = "bands";
  return d;
}

TrainSettings small_settings(int epochs = 2) {
  TrainSettings s;
  s.hidden = 16;
  s.learning_rate = 0.2f;
  s.epochs = epochs;
  s.seed = 5;
  return s;
}

// Updates until the run ends; returns how many updates that took (0 if it never ended).
int run_to_end(TrainingSession& session, double budget = 0.005, int limit = 100000) {
  for (int i = 1; i <= limit; ++i) {
    session.update(budget);
    if (!session.active()) return i;
  }
  return 0;
}

}  // namespace

TEST_CASE("time slices finish the epochs with the weights of one uninterrupted run") {
  FakeClock clock;
  TrainingSession session(std::ref(clock));
  REQUIRE(session.set_data(small_data()).ok());
  Model model;
  REQUIRE(session.start(model, false, small_settings()).ok());
  CHECK(session.running());
  CHECK(session.evaluating());  // the accuracy before training comes first

  const int updates = run_to_end(session);
  CHECK(updates > 10);  // sliced: no single update did it all
  CHECK(session.phase() == RunPhase::Finished);
  CHECK(session.epochs_done() == 2);
  CHECK(session.samples_seen() == 400);
  CHECK(model.network.sizes() == std::vector<int>{784, 16, 10});
  CHECK(model.progress.epochs == 2);
  CHECK(model.progress.samples == 400);
  CHECK(model.config.seed == 5);
  CHECK(model.config.learning_rate == doctest::Approx(0.2));
  CHECK(model.config.epochs == 2);
  CHECK(model.config.architecture == model.network.architecture());

  // Before training, after epoch 1, after epoch 2; the net learns the bands.
  REQUIRE(session.epoch_results().size() == 3);
  CHECK(session.epoch_results()[0].epoch == 0);
  CHECK(session.epoch_results()[2].epoch == 2);
  CHECK(session.epoch_results()[0].accuracy < 0.5);
  CHECK(session.test_accuracy() > 0.9);
  CHECK(session.test_accuracy() == session.epoch_results()[2].accuracy);
  // Mid-epoch checks (9 per epoch) add to the accuracy curve; the loss curve has points.
  CHECK(session.accuracy_curve().size() == 3 + 2 * 9);
  CHECK(session.loss_curve().size() > 10);
  CHECK(session.loss_curve().back().value < session.loss_curve().front().value);

  // Evaluating between slices does not disturb training: same weights as Trainer in one go.
  Network reference({784, 16, 10}, 5);
  const Dataset train = bands(200);
  Trainer trainer(reference, train, digitlab_test::run_config(0.2f, 2, false, 5));
  while (!trainer.stats().finished) trainer.step(1000);
  CHECK(model.network.weights() == reference.weights());
}

TEST_CASE("an update keeps to its time budget on the real clock") {
  TrainingSession session;  // std::chrono
  // Every pixel inked: the sparse engine then does the dense amount of work (an epoch of 20,000
  // such images takes far longer than 30 ms here), so "a slice, not the epoch" is not a race.
  TrainingData data = small_data(20000, 10);
  std::fill(data.train.pixels.begin(), data.train.pixels.end(), uint8_t{128});
  REQUIRE(session.set_data(std::move(data)).ok());
  Model model;
  TrainSettings s = small_settings(1);
  s.hidden = 100;
  REQUIRE(session.start(model, false, s).ok());
  for (int i = 0; i < 2; ++i) session.update(0.010);  // measures the cost per sample
  const double start = TrainingSession::steady_seconds();
  session.update(0.010);
  const double took = TrainingSession::steady_seconds() - start;
  MESSAGE("one 10 ms update took " << took * 1000 << " ms");
  // Not asserted on the clock (shared, noisy machines): the point is "a slice, not the epoch".
  CHECK(session.active());
  CHECK(session.samples_seen() < 20000);
}

TEST_CASE("a clock coarser than a slice does not make the next slice overrun its budget") {
  // Simulated time: each trained sample costs 10 us, read through a clock with 0.1 ms steps,
  // like a browser's performance.now(), so a slice of a few samples seems to take no time.
  const TrainingSession* seen = nullptr;
  auto coarse = [&seen] {
    const double t = seen ? static_cast<double>(seen->samples_seen()) * 1e-5 : 0.0;
    return std::floor(t / 1e-4) * 1e-4;
  };
  TrainingSession session(coarse);
  seen = &session;
  REQUIRE(session.set_data(small_data(20000, 0)).ok());  // no test set: training slices only
  Model model;
  REQUIRE(session.start(model, false, small_settings(1)).ok());
  size_t before = 0;
  for (int i = 0; i < 20; ++i) {
    session.update(0.005);  // 500 samples' worth
    CHECK(session.samples_seen() - before <= 600);
    before = session.samples_seen();
  }
  CHECK(before >= 20 * 500);
}

TEST_CASE("the frame pacer gives training what the target frame leaves") {
  FramePacing pacing;
  pacing.target_seconds = 0.030;
  pacing.interactive_seconds = 0.012;
  pacing.min_budget_seconds = 0.002;
  FramePacer pacer(pacing);
  CHECK(pacer.budget_seconds(false) == doctest::Approx(0.030));  // nothing measured yet
  pacer.note_frame(0.004);
  CHECK(pacer.budget_seconds(false) == doctest::Approx(0.026));
  CHECK(pacer.budget_seconds(true) == doctest::Approx(0.008));  // the user draws: short frames
  // A costly frame counts at once; cheap frames bring the estimate back down slowly.
  pacer.note_frame(0.020);
  CHECK(pacer.budget_seconds(false) == doctest::Approx(0.010));
  pacer.note_frame(0.004);
  CHECK(pacer.other_seconds() == doctest::Approx(0.0184));
  for (int i = 0; i < 100; ++i) pacer.note_frame(0.004);
  CHECK(pacer.budget_seconds(false) == doctest::Approx(0.026).epsilon(0.01));
  // A UI slower than the target still leaves training its minimum.
  pacer.note_frame(0.050);
  CHECK(pacer.budget_seconds(false) == doctest::Approx(0.002));
  CHECK(pacer.budget_seconds(true) == doctest::Approx(0.002));
}

TEST_CASE("pause holds the run, resume continues it to the same end") {
  FakeClock clock;
  TrainingSession session(std::ref(clock));
  REQUIRE(session.set_data(small_data()).ok());
  Model model;
  REQUIRE(session.start(model, false, small_settings()).ok());
  for (int i = 0; i < 20; ++i) session.update(0.005);
  session.pause();
  CHECK(session.phase() == RunPhase::Paused);
  CHECK(session.active());
  const size_t seen = session.samples_seen();
  const std::vector<float> weights = model.network.weights();
  CHECK_FALSE(session.update(0.005));
  CHECK(session.samples_seen() == seen);
  CHECK(model.network.weights() == weights);
  CHECK_FALSE(session.set_data(small_data()).ok());  // a paused run still holds its data
  Model other;
  CHECK_FALSE(session.start(other, false, small_settings()).ok());

  session.resume();
  CHECK(session.running());
  REQUIRE(run_to_end(session) > 0);
  CHECK(session.samples_seen() == 400);

  Model straight;
  TrainingSession again(std::ref(clock));
  REQUIRE(again.set_data(small_data()).ok());
  REQUIRE(again.start(straight, false, small_settings()).ok());
  REQUIRE(run_to_end(again) > 0);
  CHECK(straight.network.weights() == model.network.weights());
}

TEST_CASE("the rate is smoothed over seconds of running; paused shows no rate or time left") {
  // Simulated time: each sample costs 10 us, each frame 10 ms besides its 20 ms of training,
  // and every 60th frame stalls for 0.2 s (a font rebuild, a busy browser): a one-second
  // reading swings by a fifth depending on whether it caught a stall.
  const TrainingSession* seen = nullptr;
  double extra = 0;
  auto clock = [&seen, &extra] {
    return extra + (seen ? static_cast<double>(seen->samples_seen()) * 1e-5 : 0.0);
  };
  TrainingSession session(clock);
  seen = &session;
  REQUIRE(session.set_data(small_data(60000, 0)).ok());
  Model model;
  REQUIRE(session.start(model, false, small_settings(30)).ok());
  double low = 1e30, high = 0;
  for (int frame = 1; frame <= 600; ++frame) {
    session.update(0.020);
    extra += frame % 60 == 0 ? 0.2 : 0.010;
    if (frame == 20) CHECK(session.samples_per_second() == 0);  // under a second: no figure
    if (session.running_seconds() < 5.0) continue;
    low = std::min(low, session.samples_per_second());
    high = std::max(high, session.samples_per_second());
  }
  REQUIRE(low > 0);
  CHECK(high / low < 1.08);
  CHECK(progress_text(session).find("/s") != std::string::npos);
  CHECK(progress_text(session).find("left") != std::string::npos);

  session.pause();
  const double ran = session.running_seconds();
  extra += 30.0;  // half a minute paused
  session.update(0.020);
  CHECK(session.eta_seconds() < 0);
  const std::string paused = progress_text(session);
  CHECK(paused.find("paused") != std::string::npos);
  CHECK(paused.find("/s") == std::string::npos);
  CHECK(paused.find("left") == std::string::npos);
  session.resume();
  session.update(0.020);
  CHECK(session.running_seconds() < ran + 0.1);  // the pause is not running time
  CHECK(session.eta_seconds() > 0);
}

TEST_CASE("stop keeps what was learnt and frees the data") {
  FakeClock clock;
  TrainingSession session(std::ref(clock));
  REQUIRE(session.set_data(small_data()).ok());
  Model model;
  REQUIRE(session.start(model, false, small_settings()).ok());
  CHECK_FALSE(session.set_data(small_data()).ok());  // refused during the run
  for (int i = 0; i < 30; ++i) session.update(0.005);
  const size_t seen = session.samples_seen();
  REQUIRE(seen > 0);
  const Network fresh({784, 16, 10}, 5);
  session.stop();
  CHECK(session.phase() == RunPhase::Stopped);
  CHECK_FALSE(session.active());
  CHECK(model.network.weights() != fresh.weights());
  CHECK(model.progress.samples == seen);
  CHECK(session.set_data(small_data(100, 20)).ok());
  CHECK(session.data().train.size() == 100);
  session.clear_history();
  CHECK(session.phase() == RunPhase::Idle);
  CHECK(session.epoch_results().empty());
}

TEST_CASE("start: fresh networks, continued models and settings checks") {
  FakeClock clock;
  TrainingSession session(std::ref(clock));
  Model model;
  CHECK_FALSE(session.start(model, false, small_settings()).ok());  // no data yet
  REQUIRE(session.set_data(small_data()).ok());

  TrainSettings bad = small_settings();
  bad.learning_rate = 0.0f;
  Status s = session.start(model, false, bad);
  CHECK_FALSE(s.ok());
  CHECK(s.error().find("learning rate") != std::string::npos);
  bad.learning_rate = std::numeric_limits<float>::quiet_NaN();
  CHECK_FALSE(session.start(model, false, bad).ok());
  bad = small_settings();
  bad.hidden = 0;
  CHECK(session.start(model, false, bad).error().find("hidden") != std::string::npos);
  // Over the core's cap on a layer (check_network_shape): refused, the cap named.
  bad.hidden = kMaxLayerWidth + 1;
  s = session.start(model, false, bad);
  CHECK(s.error().find("hidden") != std::string::npos);
  CHECK(s.error().find(std::to_string(kMaxLayerWidth)) != std::string::npos);
  bad = small_settings();
  bad.epochs = 0;
  CHECK(session.start(model, false, bad).error().find("epochs") != std::string::npos);
  CHECK(session.phase() == RunPhase::Idle);

  // A current model of another shape, continued: its own sizes, its counts carried on.
  model.network = Network({784, 12, 10}, 9);
  model.config.seed = 9;
  model.progress = TrainingProgress{3, 1000};
  TrainSettings cont = small_settings(1);
  cont.fresh = false;
  REQUIRE(session.start(model, true, cont).ok());
  REQUIRE(run_to_end(session) > 0);
  CHECK(model.network.sizes() == std::vector<int>{784, 12, 10});
  CHECK(model.progress.epochs == 4);
  CHECK(model.progress.samples == 1200);
  CHECK(model.config.seed == 9);
  CHECK(model.config.architecture == model.network.architecture());

  // fresh = true replaces it with a seeded 784-hidden-10 network.
  REQUIRE(session.start(model, true, small_settings(1)).ok());
  CHECK(model.network.sizes() == std::vector<int>{784, 16, 10});
  CHECK(model.progress.samples == 0);
  CHECK(model.config.architecture == model.network.architecture());
  session.stop();

  for (const TrainPreset& p : kBookPresets) CHECK(validate_settings(p.settings).ok());
  CHECK(kBookPresets[0].settings.hidden == 100);
  CHECK(kBookPresets[0].settings.learning_rate == doctest::Approx(0.3));
  CHECK(kBookPresets[0].settings.epochs == 1);
  CHECK(kBookPresets[1].settings.hidden == 200);
  CHECK(kBookPresets[1].settings.learning_rate == doctest::Approx(0.1));
  CHECK(kBookPresets[1].settings.epochs == 5);
}

TEST_CASE("a diverging run puts the model from before the run back and says why") {
  FakeClock clock;
  TrainingSession session(std::ref(clock));
  REQUIRE(session.set_data(small_data()).ok());
  // Weights near float's limit: sums overflow to infinity and the updates to NaN, which a
  // checked learning rate alone cannot cause in this sigmoid network.
  Model model;
  model.network = Network({784, 16, 10}, 1);
  for (float& w : model.network.weights()) w = w > 0 ? 3e38f : -3e38f;
  model.progress.samples = 77;
  const Model before = model;
  TrainSettings cont = small_settings(1);
  cont.fresh = false;
  REQUIRE(session.start(model, true, cont).ok());
  REQUIRE(run_to_end(session) > 0);
  CHECK(session.phase() == RunPhase::Failed);
  CHECK(session.message().find("diverged") != std::string::npos);
  CHECK(model.network.weights() == before.network.weights());
  CHECK(model.progress.samples == 77);
}

TEST_CASE("an epoch that saturates the network is reported; a healthy one is not") {
  TrainingData data;
  data.train = mnist_test::first_images("train", 2000);
  data.test = mnist_test::first_images("t10k", 500);
  FakeClock clock;
  TrainingSession session(std::ref(clock));
  REQUIRE(session.set_data(std::move(data)).ok());
  Model model;
  TrainSettings s = small_settings(1);
  s.hidden = 100;
  s.learning_rate = 50.0f;  // the book's network at lr 50: every output pinned
  REQUIRE(session.start(model, false, s).ok());
  REQUIRE(run_to_end(session) > 0);
  CHECK(session.phase() == RunPhase::Finished);  // a warning, not a failure
  CHECK(session.warning().find("training has saturated") != std::string::npos);
  CHECK(session.warning().find("learning rate 50 is likely too large") != std::string::npos);

  s.learning_rate = 0.3f;
  REQUIRE(session.start(model, false, s).ok());
  CHECK(session.warning().empty());  // a new run starts without the old warning
  REQUIRE(run_to_end(session) > 0);
  CHECK(session.test_accuracy() > 0.8);
  CHECK(session.warning().empty());
}
