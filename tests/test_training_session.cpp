// TrainingSession: time slices add up to the same training as one go, evaluations in between,
// pause / resume / stop, settings checks, a diverging run giving the old model back.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <string>

#include "mnist_slice.h"
#include "model_host_fixture.h"
#include "network/evaluate.h"
#include "run_config.h"
#include "training/trainer.h"
#include "training_fixtures.h"
#include "training_session.h"

using namespace digitlab;
using training_test::bands;
using training_test::TestModelHost;

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
  s.config.architecture.sizes = {784, 16, 10};
  s.config.learning_rate = 0.2f;
  s.config.epochs = epochs;
  s.config.seed = 5;
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
  TestModelHost host;
  REQUIRE(session.start(host, small_settings()).ok());
  CHECK(session.running());
  CHECK(session.evaluating());  // the accuracy before training comes first

  const int updates = run_to_end(session);
  CHECK(updates > 10);  // sliced: no single update did it all
  CHECK(session.phase() == RunPhase::Finished);
  CHECK(session.epochs_done() == 2);
  CHECK(session.samples_seen() == 400);
  CHECK(host.current->network.sizes() == std::vector<int>{784, 16, 10});
  CHECK(host.current->progress.epochs == 2);
  CHECK(host.current->progress.samples == 400);
  CHECK(host.current->config.seed == 5);
  CHECK(host.current->config.learning_rate == doctest::Approx(0.2));
  CHECK(host.current->config.epochs == 2);
  CHECK(host.current->config.architecture == host.current->network.architecture());

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
  CHECK(host.current->network.weights() == reference.weights());
}

TEST_CASE("an update keeps to its time budget on the real clock") {
  TrainingSession session;  // std::chrono
  // Every pixel inked: the sparse engine then does the dense amount of work (an epoch of 20,000
  // such images takes far longer than 30 ms here), so "a slice, not the epoch" is not a race.
  TrainingData data = small_data(20000, 10);
  std::fill(data.train.pixels.begin(), data.train.pixels.end(), uint8_t{128});
  REQUIRE(session.set_data(std::move(data)).ok());
  TestModelHost host;
  TrainSettings s = small_settings(1);
  s.config.architecture.sizes = {784, 100, 10};
  REQUIRE(session.start(host, s).ok());
  for (int i = 0; i < 2; ++i) session.update(0.010);  // measures the cost per sample
  const double start = steady_seconds();
  session.update(0.010);
  const double took = steady_seconds() - start;
  MESSAGE("one 10 ms update took " << took * 1000 << " ms");
  // Not asserted on the clock (shared, noisy machines): the point is "a slice, not the epoch".
  CHECK(session.active());
  CHECK(session.samples_seen() < 20000);
}

// Training is sliced by the runner now (training_runner.h, its tests); evaluate_now is still
// sliced by the session on the UI's clock, so the coarse-clock case is checked on it.
TEST_CASE("a clock coarser than a slice does not make the next evaluate_now slice overrun") {
  // Simulated time: each evaluated image costs 10 us, read through a clock with 0.1 ms steps,
  // like a browser's performance.now(), so a slice of a few images seems to take no time.
  const TrainingSession* seen = nullptr;
  auto coarse = [&seen] {
    const double images = seen ? seen->evaluate_now_fraction() * 20000.0 : 0.0;
    return std::floor(images * 1e-5 / 1e-4) * 1e-4;
  };
  TrainingSession session(coarse);
  seen = &session;
  REQUIRE(session.set_data(small_data(10, 20000)).ok());
  TestModelHost host;
  host.adopt(Model{});
  host.current->network = Network({784, 16, 10}, 5);
  REQUIRE(session.evaluate_now(host.model()).ok());
  double before = 0;
  int updates = 0;
  for (; session.evaluating_now() && updates < 100; ++updates) {
    session.update(0.005);  // 500 images' worth
    const double done = session.evaluating_now() ? session.evaluate_now_fraction() : 1.0;
    CHECK((done - before) * 20000.0 <= 600.0);
    before = done;
  }
  CHECK_FALSE(session.evaluating_now());
  CHECK(updates >= 20000 / 600);
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
  TestModelHost host;
  REQUIRE(session.start(host, small_settings()).ok());
  // Mid-run (the runner's pieces grow quickly: a fixed count of updates may finish it).
  while (session.samples_seen() < 50) session.update(0.005);
  session.pause();
  CHECK(session.phase() == RunPhase::Paused);
  CHECK(session.active());
  const size_t seen = session.samples_seen();
  const std::vector<float> weights = host.current->network.weights();
  CHECK_FALSE(session.update(0.005));
  CHECK(session.samples_seen() == seen);
  CHECK(host.current->network.weights() == weights);
  CHECK_FALSE(session.set_data(small_data()).ok());  // a paused run still holds its data
  TestModelHost other;
  CHECK_FALSE(session.start(other, small_settings()).ok());

  session.resume();
  CHECK(session.running());
  REQUIRE(run_to_end(session) > 0);
  CHECK(session.samples_seen() == 400);

  TestModelHost straight;
  TrainingSession again(std::ref(clock));
  REQUIRE(again.set_data(small_data()).ok());
  REQUIRE(again.start(straight, small_settings()).ok());
  REQUIRE(run_to_end(again) > 0);
  CHECK(straight.current->network.weights() == host.current->network.weights());
}

// The rate is the session's arithmetic on the UI's clock, from the samples a host reports;
// this host reports a steady 10 us per sample of the time it is given, as a runner would.
struct SteadyHost final : TrainingHost {
  double time = 0;  // simulated seconds spent training
  uint32_t run = 0;
  size_t samples = 0, total = 0;
  bool paused = false;
  TrainingOutput out;
  void send(TrainingCommand c) override {
    if (auto* start = std::get_if<Start>(&c)) {
      run = start->run;
      total = static_cast<size_t>(start->config.epochs) * 60000;
    }
    if (std::holds_alternative<Pause>(c)) paused = true;
    if (std::holds_alternative<Resume>(c)) paused = false;
  }
  void poll(TrainingOutput& o) override { o.append(std::move(out)); }
  void update(double budget) override {
    if (paused) return;
    time += budget;
    samples += static_cast<size_t>(budget / 1e-5 + 0.5);
    Progress p;
    p.run = run;
    p.samples = samples;
    p.samples_total = total;
    out.events.push_back(p);
  }
  bool runs_on_caller() const override { return true; }
};

TEST_CASE("the rate is smoothed over seconds of running; paused shows no rate or time left") {
  // Simulated time: each sample costs 10 us, each frame 10 ms besides its 20 ms of training,
  // and every 60th frame stalls for 0.2 s (a font rebuild, a busy browser): a one-second
  // reading swings by a fifth depending on whether it caught a stall.
  auto owned = std::make_unique<SteadyHost>();
  SteadyHost* steady = owned.get();
  double extra = 0;
  auto clock = [steady, &extra] { return extra + steady->time; };
  TrainingSession session(clock);
  session.use_host(std::move(owned));
  REQUIRE(session.set_data(small_data(60000, 0)).ok());
  TestModelHost host;
  REQUIRE(session.start(host, small_settings(30)).ok());
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
  TestModelHost host;
  REQUIRE(session.start(host, small_settings()).ok());
  CHECK_FALSE(session.set_data(small_data()).ok());           // refused during the run
  while (session.samples_seen() < 50) session.update(0.005);  // mid-run
  const size_t seen = session.samples_seen();
  REQUIRE(seen > 0);
  const Network fresh({784, 16, 10}, 5);
  session.stop();
  CHECK(session.phase() == RunPhase::Stopped);
  CHECK_FALSE(session.active());
  CHECK(host.current->network.weights() != fresh.weights());
  CHECK(host.current->progress.samples == seen);
  CHECK(session.set_data(small_data(100, 20)).ok());
  CHECK(session.data().train.size() == 100);
  session.clear_history();
  CHECK(session.phase() == RunPhase::Idle);
  CHECK(session.epoch_results().empty());
}

TEST_CASE("start: fresh networks, continued models and settings checks") {
  FakeClock clock;
  TrainingSession session(std::ref(clock));
  TestModelHost host;
  CHECK_FALSE(session.start(host, small_settings()).ok());  // no data yet
  REQUIRE(session.set_data(small_data()).ok());

  // The core's checks with the core's messages, the CLI's (validate_config): nothing starts.
  const auto refused = [&session, &host](const TrainSettings& t, const char* names) {
    const Status core = validate_config(t.config);
    REQUIRE_FALSE(core.ok());
    const Status s = session.start(host, t);
    CHECK_FALSE(s.ok());
    CHECK(s.error() == core.error());
    CHECK_MESSAGE(s.error().find(names) != std::string::npos, s.error());
  };
  TrainSettings bad = small_settings();
  bad.config.learning_rate = 0.0f;
  refused(bad, "learning rate");
  bad.config.learning_rate = std::numeric_limits<float>::quiet_NaN();
  refused(bad, "learning rate");
  bad = small_settings();
  bad.config.architecture.sizes = {784, 0, 10};
  refused(bad, "1 to");
  bad.config.architecture.sizes = {784, kMaxLayerWidth + 1, 10};
  refused(bad, std::to_string(kMaxLayerWidth).c_str());  // the cap on a layer, named
  bad.config.architecture.sizes = {784, 8, 8, 8, 8, 8, 10};
  refused(bad, "hidden layers");
  bad = small_settings();
  bad.config.epochs = 0;
  refused(bad, "epochs");
  bad.config.epochs = kMaxEpochs + 1;  // the CLI's cap, no longer the app's own 100
  refused(bad, std::to_string(kMaxEpochs).c_str());
  bad = small_settings();
  bad.config.batch_size = kMaxBatch + 1;
  refused(bad, "batch");
  bad = small_settings();
  bad.config.weight_decay = -1;
  refused(bad, "weight decay");
  TrainSettings long_run = small_settings(kMaxEpochs);
  CHECK(run_config(nullptr, long_run).ok());
  CHECK(session.phase() == RunPhase::Idle);

  // A current model of another shape, continued: its own sizes, its counts carried on.
  Model other_shape;
  other_shape.network = Network({784, 12, 10}, 9);
  other_shape.config.architecture = other_shape.network.architecture();
  other_shape.config.seed = 9;
  other_shape.progress = TrainingProgress{3, 1000};
  host.adopt(other_shape);
  TrainSettings cont = small_settings(1);
  cont.fresh = false;
  REQUIRE(session.start(host, cont).ok());
  REQUIRE(run_to_end(session) > 0);
  CHECK(host.current->network.sizes() == std::vector<int>{784, 12, 10});
  CHECK(host.current->progress.epochs == 4);
  CHECK(host.current->progress.samples == 1200);
  CHECK(host.current->config.seed == 9);
  CHECK(host.current->config.architecture == host.current->network.architecture());

  // fresh = true replaces it with a seeded 784-hidden-10 network.
  REQUIRE(session.start(host, small_settings(1)).ok());
  CHECK(host.current->network.sizes() == std::vector<int>{784, 16, 10});
  CHECK(host.current->progress.samples == 0);
  CHECK(host.current->config.architecture == host.current->network.architecture());
  session.stop();

  // A continued model keeps its own architecture whatever the settings' network says.
  TrainSettings other = small_settings(1);
  other.fresh = false;
  other.config.architecture.sizes = {784, 64, 32, 10};
  other.config.architecture.hidden = Activation::Relu;
  Result<TrainingConfig> continued = run_config(host.current ? &*host.current : nullptr, other);
  REQUIRE(continued.ok());
  CHECK(continued->architecture == host.current->network.architecture());

  // Every core preset starts a fresh network of its architecture (make_network).
  for (const Preset& p : presets()) {
    TrainSettings t;
    t.config = p.config;
    t.config.epochs = 1;
    REQUIRE_MESSAGE(session.start(host, t).ok(), p.name);
    CHECK(host.current->network.architecture() == p.config.architecture);
    CHECK(session.config() == t.config);
    session.stop();
  }
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
  TestModelHost host;
  host.adopt(model);
  TrainSettings cont = small_settings(1);
  cont.fresh = false;
  REQUIRE(session.start(host, cont).ok());
  REQUIRE(run_to_end(session) > 0);
  CHECK(session.phase() == RunPhase::Failed);
  CHECK(session.message().find("diverged") != std::string::npos);
  CHECK(host.current->network.weights() == model.network.weights());
  CHECK(host.current->progress.samples == 77);
}

TEST_CASE("an epoch that saturates the network is reported; a healthy one is not") {
  TrainingData data;
  data.train = mnist_test::first_images("train", 2000);
  data.test = mnist_test::first_images("t10k", 500);
  FakeClock clock;
  TrainingSession session(std::ref(clock));
  REQUIRE(session.set_data(std::move(data)).ok());
  TestModelHost host;
  TrainSettings s = small_settings(1);
  s.config.architecture.sizes = {784, 100, 10};
  s.config.learning_rate = 50.0f;  // the book's network at lr 50: every output pinned
  REQUIRE(session.start(host, s).ok());
  REQUIRE(run_to_end(session) > 0);
  CHECK(session.phase() == RunPhase::Finished);  // a warning, not a failure
  CHECK(session.warning().find("training has saturated") != std::string::npos);
  CHECK(session.warning().find("learning rate 50 is likely too large") != std::string::npos);

  s.config.learning_rate = 0.3f;
  REQUIRE(session.start(host, s).ok());
  CHECK(session.warning().empty());  // a new run starts without the old warning
  REQUIRE(run_to_end(session) > 0);
  CHECK(session.test_accuracy() > 0.8);
  CHECK(session.warning().empty());
}

// Trainer::step trains whole batches, so a batch of twice the check interval (200 images: a
// check every 20) steps past a check; the run must still go on to its end.
TEST_CASE("a batch larger than the check interval runs to the end") {
  FakeClock clock;
  TrainingSession session(std::ref(clock));
  REQUIRE(session.set_data(small_data(200, 50)).ok());
  TestModelHost host;
  TrainSettings s = small_settings(2);
  s.config.batch_size = 40;
  REQUIRE(session.start(host, s).ok());
  CHECK(run_to_end(session) > 0);
  CHECK(session.phase() == RunPhase::Finished);
  CHECK(session.samples_seen() == 400);
}

// Continuing is decided by the core (continued_config, recorded_config) for the app as for the
// CLI: the model's own architecture, however deep the file was, and its first weights' init and
// seed kept in what it records.
TEST_CASE("a continued model keeps its init and seed, and may be deeper than a new run") {
  FakeClock clock;
  TrainingSession session(std::ref(clock));
  REQUIRE(session.set_data(small_data(100, 20)).ok());
  TestModelHost host;
  TrainSettings fresh = small_settings(1);
  fresh.config.init = Init::He;
  fresh.config.seed = 21;
  REQUIRE(session.start(host, fresh).ok());
  REQUIRE(run_to_end(session) > 0);
  REQUIRE(host.current->config.init == Init::He);

  TrainSettings cont = small_settings(1);  // the panel's init is the book's, its seed 5
  cont.fresh = false;
  REQUIRE(session.start(host, cont).ok());
  REQUIRE(run_to_end(session) > 0);
  CHECK(host.current->config.init == Init::He);
  CHECK(host.current->config.seed == 21);

  Model deep;  // five hidden layers: more than a new run may make, as a loaded file may have
  deep.network = Network({784, 8, 8, 8, 8, 8, 10}, 3);
  deep.config.architecture = deep.network.architecture();
  host.adopt(deep);
  CHECK_FALSE(run_config(nullptr,
                         [] {
                           TrainSettings t = small_settings(1);
                           t.config.architecture.sizes = {784, 8, 8, 8, 8, 8, 10};
                           return t;
                         }())
                  .ok());
  REQUIRE(session.start(host, cont).ok());
  REQUIRE(run_to_end(session) > 0);
  CHECK(host.current->network.sizes().size() == 7);
}

// A host that says only what the test tells it to, and keeps what it was sent: like a thread
// or a worker, it answers nothing inside send(), so the session must wait for its messages.
struct ScriptedHost final : TrainingHost {
  std::vector<TrainingCommand> sent;
  TrainingOutput out;
  void send(TrainingCommand c) override { sent.push_back(std::move(c)); }
  void poll(TrainingOutput& o) override { o.append(std::move(out)); }
  void update(double) override {}
  bool runs_on_caller() const override { return false; }
  uint32_t last_run() const {
    for (auto it = sent.rbegin(); it != sent.rend(); ++it)
      if (auto* s = std::get_if<Start>(&*it)) return s->run;
    return 0;
  }
  // A snapshot of net's weights, scaled, as run `run` after `samples` samples.
  void snapshot(uint32_t run, const Network& net, float scale, size_t samples) {
    WeightSnapshot s{run, net.weights(), net.biases(), samples, 0};
    for (float& w : s.weights) w *= scale;
    out.snapshot = std::move(s);
  }
};

// Gives the session a ScriptedHost and returns it, to script what comes back.
ScriptedHost& use_scripted_host(TrainingSession& session) {
  auto owned = std::make_unique<ScriptedHost>();
  ScriptedHost& h = *owned;
  session.use_host(std::move(owned));
  return h;
}

TEST_CASE("on a host with its own thread: data once, old runs ignored, stop waits for the end") {
  FakeClock clock;
  TrainingSession session(std::ref(clock));
  ScriptedHost& h = use_scripted_host(session);
  CHECK_FALSE(session.wants_frame_time());
  REQUIRE(session.set_data(small_data()).ok());
  TestModelHost host;
  REQUIRE(session.start(host, small_settings()).ok());
  // The datasets go once, before the first Start; a second run on the same data sends none.
  REQUIRE(h.sent.size() == 2);
  CHECK(std::holds_alternative<SetData>(h.sent[0]));
  const uint32_t first = h.last_run();
  CHECK(session.evaluating());  // the start's whole pass has not come back
  const Network started = host.current->network;

  // A full pass with details becomes the last evaluation; a snapshot becomes the model.
  Progress p{first, 50, 400, 0, {{50, 0.5}}, {}};
  AccuracyPoint full;
  full.eval = evaluate(started, bands(50));
  full.full = true;
  full.details = std::make_shared<EvaluationDetails>(RunSchedule::kKeptMistakes);
  full.fingerprint = 1234;
  p.accuracy.push_back(full);
  h.out.events.push_back(p);
  h.out.events.push_back(HostNote{"the worker could not start: training on the main thread"});
  h.snapshot(first, started, 0.5f, 50);
  CHECK(session.update(0));
  CHECK_FALSE(session.evaluating());
  CHECK(session.samples_seen() == 50);
  REQUIRE(session.last_evaluation() != nullptr);
  CHECK(session.last_evaluation()->fingerprint == 1234);
  CHECK(session.last_evaluation()->epoch == 0);
  CHECK(host.current->network.weights()[0] == started.weights()[0] * 0.5f);
  CHECK(host.current->progress.samples == 50);
  CHECK(session.host_note().find("main thread") != std::string::npos);

  // Pause reads at once; stop keeps the run active until the host's end arrives, and the
  // weights it stopped with come first.
  session.pause();
  CHECK(session.phase() == RunPhase::Paused);
  CHECK(std::holds_alternative<Pause>(h.sent.back()));
  session.stop();
  CHECK(session.active());
  CHECK(session.stopping());
  CHECK(progress_text(session).find("stopping") != std::string::npos);
  CHECK_FALSE(session.update(0));  // nothing yet
  CHECK(session.active());
  h.out.events.push_back(Progress{first, 60, 400, 0, {}, {}});
  h.out.events.push_back(RunEnded{first, RunEnd::Stopped, ""});
  h.snapshot(first, started, 0.25f, 60);
  CHECK(session.update(0));
  CHECK(session.phase() == RunPhase::Stopped);
  CHECK(host.current->network.weights()[0] == started.weights()[0] * 0.25f);
  CHECK(host.current->progress.samples == 60);

  // A run dropped by clear_history: its late messages touch neither the model nor the next run.
  REQUIRE(session.start(host, small_settings()).ok());
  CHECK(h.sent.size() == 5);  // Pause, Stop, then only the new Start: no second SetData
  const uint32_t dropped = h.last_run();
  CHECK(dropped != first);
  session.clear_history();
  CHECK(session.phase() == RunPhase::Idle);
  CHECK(std::holds_alternative<Stop>(h.sent.back()));
  Model other;
  other.network = Network({784, 16, 10}, 77);
  host.adopt(other);
  REQUIRE(session.start(host, TrainSettings{small_settings().config, false}).ok());
  const uint32_t current = h.last_run();
  const std::vector<float> before = host.current->network.weights();
  h.out.events.push_back(Progress{dropped, 300, 400, 1, {{300, 0.1}}, {}});
  h.out.events.push_back(RunEnded{dropped, RunEnd::Failed, "old news"});
  h.snapshot(dropped, started, 2.0f, 300);
  CHECK_FALSE(session.update(0));
  CHECK(session.running());
  CHECK(session.samples_seen() == 0);
  CHECK(session.loss_curve().empty());
  CHECK(host.current->network.weights() == before);
  h.out.events.push_back(RunEnded{current, RunEnd::Failed, "diverged, as told"});
  CHECK(session.update(0));
  CHECK(session.phase() == RunPhase::Failed);
  CHECK(session.message() == "diverged, as told");
  CHECK(host.current->network.weights() == other.network.weights());
}

// A thread or a worker trains on while the page draws no frames (a hidden tab): that time is
// running time, or the rate, the time left and "done in" are off by the gap.
TEST_CASE("on a host with its own thread, a long gap between frames counts as running time") {
  double now = 0;
  TrainingSession session([&now] { return now; });
  ScriptedHost& h = use_scripted_host(session);
  REQUIRE(session.set_data(small_data(2000, 0)).ok());
  TestModelHost host;
  REQUIRE(session.start(host, small_settings(kMaxEpochs)).ok());
  const uint32_t run = h.last_run();
  const size_t total = 2000 * static_cast<size_t>(kMaxEpochs);
  // 10,000 samples/s throughout: 2 s of frames, a 30 s gap, 2 s of frames.
  size_t samples = 0;
  auto frames = [&](int n) {
    for (int i = 0; i < n; ++i) {
      session.update(0);
      now += 0.02;
      samples += 200;
      h.out.events.push_back(Progress{run, samples, total, 0, {}, {}});
    }
  };
  frames(100);
  now += 30;
  samples += 300000;
  h.out.events.push_back(Progress{run, samples, total, 0, {}, {}});
  frames(100);
  session.update(0);
  CHECK(session.running_seconds() == doctest::Approx(34.0).epsilon(0.01));
  CHECK(session.samples_per_second() == doctest::Approx(10000).epsilon(0.01));
  CHECK(session.eta_seconds() ==
        doctest::Approx(static_cast<double>(total - samples) / 10000).epsilon(0.01));
  session.stop();
}

TEST_CASE("the model is labelled with its snapshot's training, the panel with Progress's") {
  FakeClock clock;
  TrainingSession session(std::ref(clock));
  ScriptedHost& h = use_scripted_host(session);
  REQUIRE(session.set_data(small_data()).ok());
  TestModelHost host;
  REQUIRE(session.start(host, small_settings()).ok());
  const uint32_t run = h.last_run();
  const Network started = host.current->network;
  // An epoch's end reported with weights from before it (a snapshot 50 samples older).
  h.out.events.push_back(Progress{run, 200, 400, 1, {}, {}});
  h.snapshot(run, started, 0.5f, 150);
  CHECK(session.update(0));
  CHECK(session.samples_seen() == 200);
  CHECK(session.epochs_done() == 1);
  CHECK(host.current->progress.samples == 150);
  CHECK(host.current->progress.epochs == 0);
  // Its epoch's own snapshot: now the model is labelled with the epoch.
  WeightSnapshot s{run, started.weights(), started.biases(), 200, 1};
  h.out.snapshot = s;
  CHECK(session.update(0));
  CHECK(host.current->progress.samples == 200);
  CHECK(host.current->progress.epochs == 1);
  session.stop();
}

TEST_CASE("a refusal rolls back only the start it names") {
  FakeClock clock;
  TrainingSession session(std::ref(clock));
  ScriptedHost& h = use_scripted_host(session);
  REQUIRE(session.set_data(small_data()).ok());
  TestModelHost host;
  REQUIRE(session.start(host, small_settings()).ok());
  const uint32_t run = h.last_run();
  // Another command's refusal, and one of an older run's start: the run trains on, said.
  h.out.events.push_back(Refused{Refusals::kDataDuringRun, 0});
  h.out.events.push_back(Refused{Refusals::kRunUnderWay, run - 1});
  CHECK_FALSE(session.update(0));
  CHECK(session.running());
  CHECK(session.message().empty());
  CHECK(session.host_note().find(Refusals::kRunUnderWay) != std::string::npos);
  // This run's start refused: it ends before it began, the model from before it put back.
  h.out.events.push_back(Refused{Refusals::kNoData, run});
  CHECK(session.update(0));
  CHECK(session.phase() == RunPhase::Failed);
  CHECK(session.message() == Refusals::kNoData);
}

// The Step tab changes the model while paused: resume hands those weights to the runner (only
// then), and a snapshot still on its way (the pause's) does not undo them.
TEST_CASE("weights changed while paused go to the runner with the resume") {
  FakeClock clock;
  TrainingSession session(std::ref(clock));
  ScriptedHost& h = use_scripted_host(session);
  REQUIRE(session.set_data(small_data()).ok());
  TestModelHost host;
  REQUIRE(session.start(host, small_settings()).ok());
  const uint32_t run = h.last_run();
  const Network started = host.current->network;
  h.snapshot(run, started, 0.5f, 50);
  CHECK(session.update(0));

  // Unchanged: a plain resume. The pause's snapshot lands while paused and is taken in.
  session.pause();
  h.snapshot(run, started, 0.25f, 60);
  CHECK(session.update(0));
  CHECK(host.current->network.weights()[0] == started.weights()[0] * 0.25f);
  session.resume();
  REQUIRE(std::holds_alternative<Resume>(h.sent.back()));
  CHECK_FALSE(std::get<Resume>(h.sent.back()).changed());

  // Changed before the pause's snapshot arrives: the change stays and goes with the resume.
  session.pause();
  host.current->network.weights()[0] += 1.0f;
  const std::vector<float> stepped = host.current->network.weights();
  h.snapshot(run, started, 0.125f, 70);
  CHECK_FALSE(session.update(0));
  CHECK(host.current->network.weights() == stepped);
  session.resume();
  REQUIRE(std::holds_alternative<Resume>(h.sent.back()));
  const Resume& resume = std::get<Resume>(h.sent.back());
  REQUIRE(resume.changed());
  CHECK(resume.weights == stepped);
  CHECK(resume.biases == host.current->network.biases());
  // Running again: snapshots are taken in as before.
  h.snapshot(run, started, 2.0f, 80);
  CHECK(session.update(0));
  CHECK(host.current->network.weights()[0] == started.weights()[0] * 2.0f);
  session.stop();
}
