// The App training on the desktop's host, a ThreadTrainingHost: frames of the real UI (headless)
// while a std::thread trains; the model's weights and the drawing's answer follow the snapshots;
// pause, resume and stop read at once and leave the weights the runner had; a diverging run is
// rolled back and said. Its own target (app_thread_tests), so that tests/run.sh runs it under
// ASan+UBSan and ThreadSanitizer without building the rest of the app's tests there.
// The last case is a measurement, skipped unless asked for (tests/bench/app_thread_speed.sh).
#include <doctest/doctest.h>
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "app.h"
#include "data/formats.h"
#include "headless_app.h"
#include "idle_gate.h"
#include "mnist_slice.h"
#include "thread_training_host.h"
#include "training/trainer.h"
#include "training_fixtures.h"
#include "weights_hash.h"

using namespace digitlab;
using training_test::bands;

namespace {

using SteadyClock = std::chrono::steady_clock;

double seconds_since(SteadyClock::time_point t) {
  return std::chrono::duration<double>(SteadyClock::now() - t).count();
}

// An App with a model, bands to train on, a digit in the pad, and the thread host.
struct ThreadApp {
  headless_test::HeadlessImGui imgui;
  App app;
  std::vector<std::vector<uint8_t>> kept;  // what the platform was asked to keep, in order

  explicit ThreadApp(const std::vector<uint8_t>& model, size_t images = 2000) {
    headless_test::HeadlessImGui::build_fonts();
    REQUIRE_MESSAGE(app.load_model_bytes(model.data(), model.size()).ok(), app.last_error());
    app.use_training_host(std::make_unique<ThreadTrainingHost>());
    PlatformFiles files;
    files.keep_model = [this](const std::vector<uint8_t>& bytes) {
      kept.push_back(bytes);
      return Status::success();
    };
    app.training().set_platform(files);
    const Dataset d = bands(images);
    app.training().receive_files({{"i", write_idx_images(d)}, {"l", write_idx_labels(d)}});
    REQUIRE_MESSAGE(app.last_error().empty(), app.last_error());
    app.show_image(d.image(3), d.labels[3]);
    TrainSettings& s = app.training().settings();
    s.config = TrainingConfig{};  // the book's rule
    s.config.architecture.sizes = {784, 32, 10};
    s.config.learning_rate = 0.1f;
    s.config.epochs = 500;  // far longer than the test: it stops the run itself
  }
  const TrainingSession& session() const { return app.training().session(); }
  uint64_t weights() const { return weights_hash(app.model()->network); }

  // A frame of the UI, then a short wait, as a display's refresh paces the real app.
  void frame() {
    headless_test::run_frames(app, 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(3));
  }
  // Frames until done() holds, or 30 s pass (a sanitizer build is slow): false then.
  bool frames_until(const std::function<bool()>& done) {
    const auto start = SteadyClock::now();
    while (seconds_since(start) < 30) {
      frame();
      if (done()) return true;
    }
    return false;
  }
  // Frames until the weights have held still for `still` seconds: false if they never do.
  bool frames_until_still(double still) {
    uint64_t last = weights();
    auto since = SteadyClock::now();
    return frames_until([&] {
      if (weights() != last) {
        last = weights();
        since = SteadyClock::now();
      }
      return seconds_since(since) >= still;
    });
  }
  // The answer on screen is the model's own for the pad's input, with the weights as they are.
  void check_answer_follows_model() const {
    REQUIRE(!app.activations().empty());
    const std::vector<std::vector<float>> q =
        app.model()->network.query(app.activations()[0].data());
    const std::vector<float> shown(app.outputs().begin(), app.outputs().end());
    CHECK(q.back() == shown);
  }
};

}  // namespace

TEST_CASE("the app trains on a thread: weights and answer follow; pause, resume and stop") {
  ThreadApp t(training_test::model_bytes({784, 32, 10}, 2));
  const TrainingSession& session = t.session();
  CHECK_FALSE(session.wants_frame_time());  // the frame gives the thread no budget
  REQUIRE(t.app.training().start().ok());
  CHECK(session.running());
  REQUIRE(t.frames_until([&] { return session.samples_seen() > 0; }));

  // The weights change frame to frame while it runs (snapshots at 20/s), and so does the
  // drawing's answer, which is always the current weights' answer.
  int weight_changes = 0, answer_changes = 0;
  uint64_t last = t.weights();
  std::array<float, kClasses> last_answer = t.app.outputs();
  REQUIRE(t.frames_until([&] {
    t.check_answer_follows_model();
    if (t.weights() != last) ++weight_changes;
    if (t.app.outputs() != last_answer) ++answer_changes;
    last = t.weights();
    last_answer = t.app.outputs();
    return weight_changes >= 5 && answer_changes >= 5;
  }));
  CHECK(t.app.model()->progress.samples > 0);  // the model says what its weights have seen
  CHECK(app_is_busy(t.app));

  // Pause reads at once; the pause's snapshot arrives, then nothing moves and the app idles.
  t.app.training().pause();
  CHECK(session.phase() == RunPhase::Paused);
  REQUIRE(t.frames_until_still(0.3));
  const uint64_t paused = t.weights();
  const size_t paused_samples = session.samples_seen();
  for (int i = 0; i < 30; ++i) t.frame();
  CHECK(t.weights() == paused);
  CHECK(session.samples_seen() == paused_samples);
  // What is kept is the model as it paused, not as the UI had it when Pause was pressed.
  REQUIRE(!t.kept.empty());
  CHECK(t.kept.back() == save_model(*t.app.model()));
  CHECK_FALSE(app_is_busy(t.app));
  CHECK(progress_text(session).find("paused") != std::string::npos);

  t.app.training().resume();
  CHECK(session.running());
  REQUIRE(t.frames_until([&] { return t.weights() != paused; }));
  CHECK(session.samples_seen() > paused_samples);

  // Stop: the run stays active until the thread sends the weights it stopped with.
  t.app.training().stop();
  CHECK((session.stopping() || session.phase() == RunPhase::Stopped));
  REQUIRE(t.frames_until([&] { return !session.active(); }));
  CHECK(session.phase() == RunPhase::Stopped);
  const Model& model = *t.app.model();
  const size_t trained = session.samples_seen();
  CHECK(model.progress.samples == trained);
  // They are the weights of exactly that many samples of this run: the Trainer alone, stepped
  // to the same count from the same start, gives the same bits.
  Network reference = make_network(session.config());
  Trainer trainer(reference, session.data().train, session.config());
  while (trainer.stats().samples_seen < trained)
    trainer.step(trained - trainer.stats().samples_seen);
  REQUIRE(trainer.stats().samples_seen == trained);
  CHECK(reference.weights() == model.network.weights());
  CHECK(t.kept.back() == save_model(model));  // kept as it stopped
  t.check_answer_follows_model();
  const uint64_t stopped = t.weights();
  for (int i = 0; i < 20; ++i) t.frame();
  CHECK(t.weights() == stopped);  // silence after the end
}

TEST_CASE("a diverging run on the thread puts the model back and says why") {
  ThreadApp t(training_test::model_bytes({784, 16, 10}, 2));
  const Model before = *t.app.model();
  // A fresh leaky-ReLU network under softmax-CE at a learning rate of 100 (the most a run may
  // ask): its weights overflow within the first hundred samples.
  TrainSettings& s = t.app.training().settings();
  s.config.architecture.hidden = Activation::LeakyRelu;
  s.config.architecture.loss = Loss::SoftmaxCrossEntropy;
  s.config.init = Init::He;
  s.config.learning_rate = 100.0f;
  REQUIRE(t.app.training().start().ok());
  REQUIRE(t.frames_until([&] { return !t.session().active(); }));
  CHECK(t.session().phase() == RunPhase::Failed);
  CHECK(t.app.last_error().find("diverged") != std::string::npos);
  CHECK(t.app.last_error().find("learning rate 100") != std::string::npos);
  // The user's model from before the run, whole (not the fresh network the run trained).
  CHECK(t.app.model()->network.weights() == before.network.weights());
  CHECK(t.app.model()->network.architecture() == before.network.architecture());
  CHECK(t.app.model()->progress.samples == before.progress.samples);
  CHECK(progress_text(t.session()).find("failed") != std::string::npos);
  t.check_answer_follows_model();
}

// Not a timed test: figures for the README (tests/bench/app_thread_speed.sh runs it). The book
// network (784-200-10) on MNIST's 60,000 training images, the App's frames paced as a 60 Hz
// display paces the desktop app (each frame ends at the next 16.7 ms tick), 6 s on the thread host
// and on the main-thread host (FramePacer's slices), beside the Trainer alone in a loop.
TEST_CASE("bench: the book network's samples/s on the thread and on the main thread" *
          doctest::skip()) {
  const Dataset train = mnist_test::first_images("train", 60000);
  const Dataset test = mnist_test::first_images("t10k", 10000);
  constexpr double kSeconds = 6.0;
  constexpr double kRefresh = 1.0 / 60.0;
  struct Figures {
    double rate = 0;    // samples/s
    double p95_ms = 0;  // the app's own frame (UI and any training slice), 95th percentile
  };
  auto measure = [&](bool thread) {
    headless_test::HeadlessImGui imgui;
    headless_test::HeadlessImGui::build_fonts();
    App app;
    if (thread) app.use_training_host(std::make_unique<ThreadTrainingHost>());
    app.training().receive_files({{"train-images-idx3-ubyte", write_idx_images(train)},
                                  {"train-labels-idx1-ubyte", write_idx_labels(train)},
                                  {"t10k-images-idx3-ubyte", write_idx_images(test)},
                                  {"t10k-labels-idx1-ubyte", write_idx_labels(test)}});
    REQUIRE_MESSAGE(app.last_error().empty(), app.last_error());
    TrainSettings& s = app.training().settings();
    s.config = TrainingConfig{};
    s.config.architecture.sizes = {784, 200, 10};
    s.config.learning_rate = 0.1f;
    s.config.epochs = 100;  // longer than the measurement
    REQUIRE(app.training().start().ok());
    const TrainingSession& session = app.training().session();
    // From the first trained sample: the start's whole test pass is not training time.
    auto start = SteadyClock::now();
    size_t first = 0;
    bool started = false;
    std::vector<double> frame_ms;
    auto next_tick = SteadyClock::now();
    while (!started || seconds_since(start) < kSeconds) {
      const auto frame_start = SteadyClock::now();
      headless_test::run_frames(app, 1);
      app.end_frame(seconds_since(frame_start));
      if (started) frame_ms.push_back(seconds_since(frame_start) * 1000.0);
      if (!started && session.samples_seen() > 0) {
        started = true;
        first = session.samples_seen();
        start = SteadyClock::now();
      }
      while (next_tick <= SteadyClock::now())
        next_tick += std::chrono::duration_cast<SteadyClock::duration>(
            std::chrono::duration<double>(kRefresh));
      std::this_thread::sleep_until(next_tick);
      REQUIRE(session.active());
    }
    Figures f;
    f.rate = static_cast<double>(session.samples_seen() - first) / seconds_since(start);
    std::sort(frame_ms.begin(), frame_ms.end());
    f.p95_ms = frame_ms.empty() ? 0 : frame_ms[frame_ms.size() * 95 / 100];
    app.training().stop();
    return f;
  };
  auto best = [](Figures a, Figures b) { return a.rate >= b.rate ? a : b; };
  // Alternated, the best of two each: this machine's other work comes and goes.
  Figures on_thread = measure(true), on_main = measure(false);
  on_main = best(on_main, measure(false));
  on_thread = best(on_thread, measure(true));
  Network net({784, 200, 10}, 1);
  TrainingConfig config;
  config.architecture.sizes = {784, 200, 10};
  config.learning_rate = 0.1f;
  config.epochs = 100;
  Trainer trainer(net, train, config);
  const auto start = SteadyClock::now();
  while (seconds_since(start) < kSeconds) trainer.step(1000);
  const double alone = static_cast<double>(trainer.stats().samples_seen) / seconds_since(start);
  MESSAGE("book network, 60 Hz frames: thread host "
          << on_thread.rate << " samples/s (frames p95 " << on_thread.p95_ms
          << " ms), main-thread host " << on_main.rate << " samples/s (frames p95 "
          << on_main.p95_ms << " ms), Trainer alone " << alone << " samples/s");
  std::printf(
      "app_train_speed thread=%.0f main=%.0f alone=%.0f thread_vs_main=%.2f "
      "thread_frame_p95_ms=%.1f main_frame_p95_ms=%.1f\n",
      on_thread.rate, on_main.rate, alone, on_thread.rate / on_main.rate, on_thread.p95_ms,
      on_main.p95_ms);
}
