// The training protocol's runner and hosts: the runner trains bit for bit as the Trainer does,
// the thread host trains in the background with snapshots at a steady rate, pause / resume /
// stop, a diverging run rolled back, commands refused, and what a snapshot costs to copy.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include "network/evaluate.h"
#include "network/fingerprint.h"
#include "network/mistakes.h"
#include "run_config.h"
#include "thread_training_host.h"
#include "training/trainer.h"
#include "training_fixtures.h"
#include "training_host.h"

using namespace digitlab;
using training_test::bands;

namespace {

// Moves 1 ms each time it is read: the runner's pieces and snapshots follow its own arithmetic.
struct FakeClock {
  double now = 0;
  double operator()() { return now += 0.001; }
};

std::shared_ptr<const Dataset> shared(Dataset d) {
  return std::make_shared<const Dataset>(std::move(d));
}

// Everything a host said over a run, gathered.
struct Seen {
  std::vector<Progress> progress;
  std::vector<RunEnded> ended;
  std::vector<Refused> refused;
  std::vector<WeightSnapshot> snapshots;
  void add(TrainingOutput&& out) {
    for (TrainingEvent& e : out.events) {
      if (auto* p = std::get_if<Progress>(&e)) progress.push_back(std::move(*p));
      if (auto* r = std::get_if<RunEnded>(&e)) ended.push_back(std::move(*r));
      if (auto* r = std::get_if<Refused>(&e)) refused.push_back(std::move(*r));
    }
    if (out.snapshot) snapshots.push_back(std::move(*out.snapshot));
    out = {};
  }
  size_t samples() const { return progress.empty() ? 0 : progress.back().samples; }
};

// Polls host until done(seen) holds or 20 s pass (a slow sanitizer build); false on timeout.
bool poll_until(TrainingHost& host, Seen& seen, const std::function<bool(const Seen&)>& done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    TrainingOutput out;
    host.poll(out);
    seen.add(std::move(out));
    if (done(seen)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return false;
}

// Runs a main-thread host until its run ends, polling after every update(budget).
template <class EachPoll>
void run_polling(MainThreadTrainingHost& host, Seen& seen, double budget, EachPoll each) {
  for (int i = 0; i < 100000 && seen.ended.empty(); ++i) {
    host.update(budget);
    TrainingOutput out;
    host.poll(out);
    each(out);
    seen.add(std::move(out));
  }
}

}  // namespace

TEST_CASE("the runner trains bit for bit as the Trainer, and tests as it goes") {
  const Dataset train = bands(200), test = bands(50);
  const TrainingConfig config = digitlab_test::run_config(0.2f, 2, true, 3);
  Network reference({784, 16, 10}, 1);
  Trainer trainer(reference, train, config);
  while (!trainer.stats().finished) trainer.step(1000);

  FakeClock clock;
  MainThreadTrainingHost host(std::ref(clock));
  host.send(SetData{shared(train), shared(test)});
  host.send(Start{7, config, Network({784, 16, 10}, 1)});
  Seen seen;
  run_polling(host, seen, 0.01, [](const TrainingOutput&) {});
  REQUIRE(seen.ended.size() == 1);
  CHECK(seen.ended[0].how == RunEnd::Finished);
  CHECK(seen.ended[0].run == 7);
  REQUIRE(!seen.snapshots.empty());
  CHECK(seen.snapshots.back().weights == reference.weights());
  CHECK(seen.snapshots.back().samples == 400);
  // Snapshots along the way (every 50 ms of the fake clock), not only at the end.
  CHECK(seen.snapshots.size() >= 2);
  CHECK(seen.snapshots.front().samples < 400);
  CHECK(seen.samples() == 400);
  CHECK(seen.progress.back().samples_total == 400);
  CHECK(seen.progress.back().epochs_done == 2);

  size_t checks = 0, full = 0;
  const AccuracyPoint* last_full = nullptr;
  std::vector<LossPoint> loss;
  for (const Progress& p : seen.progress) {
    loss.insert(loss.end(), p.loss.begin(), p.loss.end());
    for (const AccuracyPoint& a : p.accuracy) {
      ++checks;
      if (a.full) {
        ++full;
        last_full = &a;
      }
    }
  }
  // A point per piece here (a 400-sample run asks for one every sample): in order, to the end.
  REQUIRE(loss.size() > 1);
  for (size_t i = 1; i < loss.size(); ++i) CHECK(loss[i].samples > loss[i - 1].samples);
  CHECK(loss.back().samples == 400);
  CHECK(full == 3);  // before training and at each epoch's end
  CHECK(checks == 3 + 2 * 9);
  REQUIRE(last_full != nullptr);
  CHECK(last_full->epoch == 2);
  CHECK(last_full->eval.correct == evaluate(reference, test).correct);
}

// The Evaluation view's details come with each whole pass: the same as the core's evaluate()
// with details on the same weights (which the fingerprint names), and matching the matrix.
TEST_CASE("the runner's whole passes carry their details and the evaluated weights' fingerprint") {
  const Dataset train = bands(200), test = bands(60);
  const TrainingConfig config = digitlab_test::run_config(0.2f, 2, true, 3);
  // The reference weights before training and at each epoch's end.
  Network reference({784, 16, 10}, 1);
  std::vector<Network> at_epoch{reference};
  Trainer trainer(reference, train, config);
  while (!trainer.stats().finished) {
    trainer.step(1);
    if (trainer.epoch_just_ended()) at_epoch.push_back(reference);
  }
  REQUIRE(at_epoch.size() == 3);

  FakeClock clock;
  MainThreadTrainingHost host(std::ref(clock));
  host.send(SetData{shared(train), shared(test)});
  host.send(Start{3, config, Network({784, 16, 10}, 1)});
  Seen seen;
  run_polling(host, seen, 0.01, [](const TrainingOutput&) {});
  REQUIRE(seen.ended.size() == 1);
  std::vector<const AccuracyPoint*> full;
  for (const Progress& p : seen.progress)
    for (const AccuracyPoint& a : p.accuracy) {
      if (!a.full) {
        CHECK_FALSE(static_cast<bool>(a.details));  // mid-epoch checks carry none
        CHECK(a.fingerprint == 0);
        continue;
      }
      full.push_back(&a);
    }
  REQUIRE(full.size() == 3);
  size_t mistakes_seen = 0;
  for (size_t k = 0; k < full.size(); ++k) {
    const AccuracyPoint& a = *full[k];
    CAPTURE(k);
    CHECK(a.epoch == static_cast<int>(k));
    REQUIRE(static_cast<bool>(a.details));
    CHECK(a.fingerprint == network_fingerprint(at_epoch[k]));
    EvaluationDetails want(RunSchedule::kKeptMistakes);
    const Evaluation expected = evaluate(at_epoch[k], test, &want);
    CHECK(a.eval.confusion == expected.confusion);
    for (int t = 0; t < kClasses; ++t)
      for (int p = 0; p < kClasses; ++p) {
        CHECK(a.details->cell(t, p).size() == a.eval.confusion[t][p]);
        CHECK(a.details->cell(t, p) == want.cell(t, p));
        CHECK(a.details->cell_confidences(t, p) == want.cell_confidences(t, p));
      }
    const auto& got = a.details->most_confident_mistakes();
    REQUIRE(got.size() == want.most_confident_mistakes().size());
    CHECK(got.size() <= RunSchedule::kKeptMistakes);
    for (size_t m = 0; m < got.size(); ++m) {
      CHECK(got[m].index == want.most_confident_mistakes()[m].index);
      CHECK(got[m].outputs == want.most_confident_mistakes()[m].outputs);
    }
    mistakes_seen += got.size();
  }
  CHECK(mistakes_seen > 0);  // the untrained network's pass has some: the lists were compared
}

TEST_CASE("the runner refuses a start without data and new data during a run") {
  FakeClock clock;
  MainThreadTrainingHost host(std::ref(clock));
  Seen seen;
  host.send(Start{1, digitlab_test::run_config(0.1f, 1), Network({784, 8, 10}, 1)});
  TrainingOutput out;
  host.poll(out);
  seen.add(std::move(out));
  REQUIRE(seen.refused.size() == 1);
  CHECK(seen.refused[0].message.find("load training data") != std::string::npos);
  CHECK(seen.refused[0].run == 1);  // the refused Start's id: the session rolls that run back

  host.send(SetData{shared(bands(100)), nullptr});
  host.send(Start{2, digitlab_test::run_config(0.1f, 1), Network({784, 8, 10}, 1)});
  host.send(SetData{shared(bands(10)), nullptr});
  host.poll(out);
  seen.add(std::move(out));
  REQUIRE(seen.refused.size() == 2);
  CHECK(seen.refused[1].message.find("stop the training run") != std::string::npos);
  CHECK(seen.refused[1].run == 0);  // not a start: the run under way is not the refused one
  host.update(10);                  // the run goes on with the data it started with
  host.poll(out);
  seen.add(std::move(out));
  REQUIRE(seen.ended.size() == 1);
  CHECK(seen.ended[0].how == RunEnd::Finished);
  CHECK(seen.samples() == 100);
}

TEST_CASE("the thread host trains in the background; pause, resume and stop") {
  ThreadTrainingHost host;
  host.send(SetData{shared(bands(2000)), shared(bands(200))});
  const Network start({784, 32, 10}, 5);
  host.send(Start{1, digitlab_test::run_config(0.1f, 1000, true), start});
  Seen seen;

  // Snapshots at a steady rate: count them over a second of training.
  REQUIRE(poll_until(host, seen, [](const Seen& s) { return !s.snapshots.empty(); }));
  const auto t0 = std::chrono::steady_clock::now();
  const size_t before = seen.snapshots.size();
  poll_until(host, seen, [&](const Seen&) {
    return std::chrono::steady_clock::now() - t0 > std::chrono::seconds(1);
  });
  const double per_second =
      static_cast<double>(seen.snapshots.size() - before) /
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  MESSAGE("snapshots received per second while training: " << per_second);
  CHECK(per_second >= 10);
  CHECK(seen.snapshots.back().weights != start.weights());
  CHECK(seen.snapshots.back().samples > seen.snapshots.front().samples);
  CHECK(seen.samples() > 0);

  host.send(Pause{});
  // Pausing publishes the weights as they stay; nothing moves after that.
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  poll_until(host, seen, [](const Seen&) { return true; });
  const size_t paused_at = seen.snapshots.back().samples;
  CHECK(seen.samples() == paused_at);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  TrainingOutput out;
  host.poll(out);
  CHECK(out.empty());

  host.send(Resume{});
  REQUIRE(poll_until(host, seen, [&](const Seen& s) { return s.samples() > paused_at; }));

  host.send(Stop{});
  REQUIRE(poll_until(host, seen, [](const Seen& s) { return !s.ended.empty(); }));
  CHECK(seen.ended[0].how == RunEnd::Stopped);
  CHECK(seen.snapshots.back().samples == seen.samples());  // the weights it stopped with
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  host.poll(out);
  CHECK(out.empty());  // stopped: no more output
}

TEST_CASE("the thread host tells a sleeping UI that output is ready") {
  std::atomic<int> told{0};
  ThreadTrainingHost host({}, [&] { ++told; });
  host.send(SetData{shared(bands(100)), nullptr});
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK(told == 0);  // data alone makes no output, so no call
  host.send(Start{1, digitlab_test::run_config(0.1f, 1), Network({784, 8, 10}, 1)});
  Seen seen;
  REQUIRE(poll_until(host, seen, [](const Seen& s) { return !s.ended.empty(); }));
  CHECK(told > 0);
}

TEST_CASE("a diverging run on the thread is reported and its snapshot is the model from before") {
  ThreadTrainingHost host;
  host.send(SetData{shared(bands(100)), shared(bands(20))});
  // Weights near float's limit: sums overflow and the updates turn NaN (as in
  // test_training_session.cpp), which a checked learning rate alone cannot cause.
  Network start({784, 16, 10}, 1);
  for (float& w : start.weights()) w = w > 0 ? 3e38f : -3e38f;
  host.send(Start{3, digitlab_test::run_config(0.1f, 1), start});
  Seen seen;
  REQUIRE(poll_until(host, seen, [](const Seen& s) { return !s.ended.empty(); }));
  CHECK(seen.ended[0].how == RunEnd::Failed);
  CHECK(seen.ended[0].run == 3);
  CHECK(seen.ended[0].message.find("diverged") != std::string::npos);
  REQUIRE(!seen.snapshots.empty());
  CHECK(seen.snapshots.back().weights == start.weights());
}

TEST_CASE("output that waits for the UI: progress merged, only the newest snapshot") {
  TrainingOutput waiting;
  TrainingOutput a, b, c;
  a.events.push_back(Progress{1, 10, 100, 0, {{10, 0.5}}, {}});
  a.snapshot = WeightSnapshot{1, {1.0f}, {}, 10, 0};
  b.events.push_back(Progress{1, 20, 100, 0, {{20, 0.4}}, {}});
  b.snapshot = WeightSnapshot{1, {2.0f}, {}, 20, 0};
  c.events.push_back(RunEnded{1, RunEnd::Stopped, ""});
  c.events.push_back(Progress{2, 5, 50, 0, {{5, 0.9}}, {}});
  waiting.append(std::move(a));
  waiting.append(std::move(b));
  waiting.append(std::move(c));
  CHECK(a.empty());
  REQUIRE(waiting.events.size() == 3);
  const Progress& merged = std::get<Progress>(waiting.events[0]);
  CHECK(merged.samples == 20);
  REQUIRE(merged.loss.size() == 2);
  CHECK(merged.loss[1].loss == 0.4);
  CHECK(std::holds_alternative<RunEnded>(waiting.events[1]));
  CHECK(std::get<Progress>(waiting.events[2]).run == 2);  // not merged across a run's end
  REQUIRE(waiting.snapshot.has_value());
  CHECK(waiting.snapshot->weights == std::vector<float>{2.0f});
}

TEST_CASE("the thread host trains about as fast as the Trainer alone (measured)") {
  const Dataset train = bands(2000);
  const TrainingConfig config = digitlab_test::run_config(0.1f, 1000, true);
  using Steady = std::chrono::steady_clock;
  Network alone({784, 200, 10}, 1);
  Trainer trainer(alone, train, config);
  const auto t0 = Steady::now();
  while (Steady::now() - t0 < std::chrono::milliseconds(700)) trainer.step(256);
  const double alone_rate = static_cast<double>(trainer.stats().samples_seen) /
                            std::chrono::duration<double>(Steady::now() - t0).count();

  ThreadTrainingHost host;
  // No test set: the accuracy checks are the schedule's work, not the host's overhead.
  host.send(SetData{shared(train), nullptr});
  host.send(Start{1, config, Network({784, 200, 10}, 1)});
  Seen seen;
  REQUIRE(poll_until(host, seen, [](const Seen& s) { return s.samples() > 0; }));
  const size_t first = seen.samples();
  const auto t1 = Steady::now();
  poll_until(host, seen,
             [&](const Seen&) { return Steady::now() - t1 > std::chrono::milliseconds(700); });
  const double host_rate = static_cast<double>(seen.samples() - first) /
                           std::chrono::duration<double>(Steady::now() - t1).count();
  host.send(Stop{});
  MESSAGE("784-200-10 samples/s: Trainer alone " << alone_rate << ", thread host (20 snapshots/s) "
                                                 << host_rate << " = " << host_rate / alone_rate
                                                 << "x");
  CHECK(host_rate > 0);
}

TEST_CASE("what a weight snapshot costs to copy") {
  for (int hidden : {200, 512}) {
    const Network net({784, hidden, 10}, 1);
    constexpr int kCopies = 200;
    WeightSnapshot s;
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < kCopies; ++i) {
      // The runner's copy (publish_snapshot) into a new buffer each time, as it does.
      WeightSnapshot fresh;
      fresh.weights = net.weights();
      fresh.biases = net.biases();
      s = std::move(fresh);
    }
    const double us =
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() /
        kCopies;
    CHECK(s.weights == net.weights());
    MESSAGE("784-" << hidden << "-10: " << net.weights().size() * sizeof(float) / 1024
                   << " KiB, snapshot copy " << us << " us (" << us * 20 / 1e4
                   << "% of a core at 20 snapshots/s)");
  }
}

// The app keeps the model when epochs_done rises: the weights of that epoch's end must have
// arrived by then. Snapshots on the clock are off here (one a day), so only the epoch's own count.
TEST_CASE("the weights an epoch ended with leave with that epoch's Progress") {
  const Dataset train = bands(200), test = bands(50);
  const TrainingConfig config = digitlab_test::run_config(0.2f, 3, true, 3);
  Network reference({784, 16, 10}, 1);
  std::vector<Network> at_epoch{reference};
  Trainer trainer(reference, train, config);
  while (!trainer.stats().finished) {
    trainer.step(1);
    if (trainer.epoch_just_ended()) at_epoch.push_back(reference);
  }

  FakeClock clock;
  RunnerOptions options;
  options.snapshot_seconds = 86400;
  MainThreadTrainingHost host(std::ref(clock), options);
  host.send(SetData{shared(train), shared(test)});
  host.send(Start{4, config, Network({784, 16, 10}, 1)});
  Seen seen;
  int epochs = 0, checked = 0;
  run_polling(host, seen, 0.01, [&](const TrainingOutput& out) {
    for (const TrainingEvent& e : out.events) {
      const Progress* p = std::get_if<Progress>(&e);
      if (!p || p->epochs_done <= epochs) continue;
      epochs = p->epochs_done;
      CAPTURE(epochs);
      REQUIRE(out.snapshot.has_value());
      CHECK(out.snapshot->epochs_done == epochs);
      CHECK(out.snapshot->samples == static_cast<size_t>(epochs) * 200);
      CHECK(out.snapshot->weights == at_epoch[static_cast<size_t>(epochs)].weights());
      ++checked;
    }
  });
  REQUIRE(seen.ended.size() == 1);
  CHECK(checked == 3);
}

// A whole test pass trains nothing: no snapshot repeats the same weights meanwhile.
TEST_CASE("snapshots come only when the samples moved, besides the ones at a run's end") {
  const Dataset train = bands(200), test = bands(3000);  // a pass of several pieces
  FakeClock clock;
  RunnerOptions options;
  options.snapshot_seconds = 0.001;  // due at every look at the clock
  MainThreadTrainingHost host(std::ref(clock), options);
  host.send(SetData{shared(train), shared(test)});
  host.send(Start{5, digitlab_test::run_config(0.2f, 2, true, 3), Network({784, 16, 10}, 1)});
  Seen seen;
  bool start_pass_done = false;
  int testing_after_start = 0;
  run_polling(host, seen, 0.0001, [&](const TrainingOutput& out) {
    // Until the pass before training is in, nothing has trained: no snapshot.
    if (!start_pass_done) CHECK_FALSE(out.snapshot.has_value());
    for (const TrainingEvent& e : out.events) {
      const Progress* p = std::get_if<Progress>(&e);
      if (!p) continue;
      // Progress says when a whole pass is under way (the panel's "testing"): from the start
      // until its pass is in, then again at each epoch's end.
      if (!start_pass_done) CHECK(p->testing == p->accuracy.empty());
      if (start_pass_done && p->testing) ++testing_after_start;
      if (!p->accuracy.empty()) start_pass_done = true;
    }
  });
  REQUIRE(seen.ended.size() == 1);
  CHECK(testing_after_start >= 2);  // the passes at the two epochs' ends
  REQUIRE(seen.snapshots.size() >= 3);
  // Each one new weights; the last (the run's end) may repeat the epoch end's.
  for (size_t i = 1; i + 1 < seen.snapshots.size(); ++i)
    CHECK(seen.snapshots[i].samples > seen.snapshots[i - 1].samples);
  CHECK(seen.snapshots.back().samples == 400);
}

// The time a run spends on its accuracy checks is counted apart (Progress::test_seconds), so a
// benchmark can set the rest beside a trainer that does not test: every test piece's clock time
// and nothing else. The clock moves 1 ms per read, and a budget under 1 ms is one piece per
// update: a test piece counts 1 ms.
TEST_CASE("a run counts the seconds its accuracy checks take, and only those") {
  const Dataset train = bands(200), test = bands(3000);
  for (const bool with_test : {true, false}) {
    CAPTURE(with_test);
    FakeClock clock;
    MainThreadTrainingHost host(std::ref(clock), {});
    host.send(SetData{shared(train), shared(with_test ? test : Dataset{})});
    host.send(Start{6, digitlab_test::run_config(0.2f, 2, true, 3), Network({784, 16, 10}, 1)});
    Seen seen;
    run_polling(host, seen, 0.0001, [](const TrainingOutput&) {});
    REQUIRE(seen.ended.size() == 1);
    REQUIRE_FALSE(seen.progress.empty());
    for (size_t i = 1; i < seen.progress.size(); ++i)
      CHECK(seen.progress[i].test_seconds >= seen.progress[i - 1].test_seconds);
    // Pieces of 500 images: the pass before training (6), then per epoch nine checks of 1000
    // images (2 each) and a whole pass (6); two epochs: 54 pieces. The last one ends the run,
    // after the last Progress: 53 counted.
    CHECK(seen.progress.back().test_seconds ==
          doctest::Approx(with_test ? 0.053 : 0).epsilon(1e-9));
  }
}

// Paused, the UI changed the model (the Step tab): Resume hands the runner those weights and
// the run goes on from them, as a Trainer whose network was changed at the same point would.
TEST_CASE("a resume with changed weights goes on from them") {
  const Dataset train = bands(200), test = bands(50);
  const TrainingConfig config = digitlab_test::run_config(0.2f, 2, true, 3);
  FakeClock clock;
  MainThreadTrainingHost host(std::ref(clock));
  host.send(SetData{shared(train), shared(test)});
  host.send(Start{6, config, Network({784, 16, 10}, 1)});
  Seen seen;
  while (seen.samples() < 150) {
    host.update(0.005);
    TrainingOutput out;
    host.poll(out);
    seen.add(std::move(out));
  }
  host.send(Pause{});
  TrainingOutput out;
  host.poll(out);
  seen.add(std::move(out));
  REQUIRE(seen.ended.empty());
  const WeightSnapshot paused = seen.snapshots.back();
  const size_t at = paused.samples;
  REQUIRE(at < 400);

  Resume changed{paused.weights, paused.biases};
  for (float& w : changed.weights) w *= 0.5f;
  changed.biases.assign(changed.biases.size(), 0.25f);
  host.send(changed);
  run_polling(host, seen, 0.005, [](const TrainingOutput&) {});
  REQUIRE(seen.ended.size() == 1);
  CHECK(seen.ended[0].how == RunEnd::Finished);

  Network reference({784, 16, 10}, 1);
  Trainer trainer(reference, train, config);
  while (trainer.stats().samples_seen < at) trainer.step(at - trainer.stats().samples_seen);
  REQUIRE(reference.weights() == paused.weights);  // guard: the same point of the same run
  std::copy(changed.weights.begin(), changed.weights.end(), reference.weights().begin());
  std::copy(changed.biases.begin(), changed.biases.end(), reference.biases().begin());
  while (!trainer.stats().finished) trainer.step(1000);
  CHECK(seen.snapshots.back().weights == reference.weights());
  CHECK(seen.snapshots.back().biases == reference.biases());
  CHECK(seen.samples() == 400);  // the run's counts went on from where it paused
}

TEST_CASE("the runner refuses a network without ten outputs and test images of another size") {
  // What the worker's messages may say and the runner's evaluations could not hold: matrices
  // are kClasses wide, and test images are read as the training images' size.
  FakeClock clock;
  MainThreadTrainingHost host(std::ref(clock));
  Seen seen;
  host.send(SetData{shared(bands(20)), shared(bands(10))});
  host.send(Start{1, digitlab_test::run_config(0.1f, 1), Network({784, 8, 3}, 1)});
  Dataset small = bands(10);
  small.rows = 4;
  small.cols = 7;
  small.pixels.assign(10 * 28, 9);
  host.send(SetData{shared(bands(20)), shared(small)});
  host.send(Start{2, digitlab_test::run_config(0.1f, 1), Network({784, 8, 10}, 1)});
  TrainingOutput out;
  host.poll(out);
  seen.add(std::move(out));
  REQUIRE(seen.refused.size() == 2);
  CHECK(seen.refused[0].message.find("one output per digit") != std::string::npos);
  CHECK(seen.refused[1].message.find("not the size of the training images") != std::string::npos);
  CHECK(seen.ended.empty());
  CHECK(seen.progress.empty());  // neither run began
}
