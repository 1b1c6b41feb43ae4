// The idle gate (src/app/idle_gate.h): when the shells may stop redrawing, and what keeps the
// app awake. Times are seconds on a made-up clock.
#include <doctest/doctest.h>
#include <imgui.h>

#include <memory>

#include "app.h"
#include "data/formats.h"
#include "headless_app.h"
#include "idle_gate.h"
#include "training_fixtures.h"
#include "training_host.h"

using namespace digitlab;

TEST_CASE("idle gate: a quiet app draws a frame every kIdleSeconds, and sleeps in between") {
  IdleGate gate;
  CHECK(gate.should_draw(0.0));  // the first frame is always due
  gate.drew(FrameSigns{}, 0.0);
  CHECK_FALSE(gate.awake(0.0));
  CHECK_FALSE(gate.should_draw(0.1));
  CHECK(gate.wait_seconds(0.1) == doctest::Approx(IdleGate::kIdleSeconds - 0.1));
  CHECK(gate.should_draw(IdleGate::kIdleSeconds));
  CHECK(gate.wait_seconds(IdleGate::kIdleSeconds + 1) == 0);  // late: at once, never negative
  // Idle frames are few: over 10 s at 60 refreshes a second, 20 of 600.
  IdleGate quiet;
  int drawn = 0;
  for (int i = 0; i < 600; ++i) {
    const double now = i / 60.0;
    if (!quiet.should_draw(now)) continue;
    ++drawn;
    quiet.drew(FrameSigns{}, now);
  }
  CHECK(drawn == 20);
}

TEST_CASE("idle gate: input, work in flight or a held item keep it awake for kAwakeSeconds") {
  for (const FrameSigns signs : {FrameSigns{true, false, false}, FrameSigns{false, true, false},
                                 FrameSigns{false, false, true}}) {
    IdleGate gate;
    gate.drew(signs, 10.0);
    CHECK(gate.awake(10.0 + IdleGate::kAwakeSeconds - 0.01));
    CHECK(gate.should_draw(10.1));
    CHECK(gate.wait_seconds(10.1) == 0);
    CHECK_FALSE(gate.awake(10.0 + IdleGate::kAwakeSeconds));
    // A quiet frame afterwards does not extend it.
    gate.drew(FrameSigns{}, 10.5);
    CHECK_FALSE(gate.awake(10.0 + IdleGate::kAwakeSeconds));
  }
}

TEST_CASE("idle gate: wake() from outside the frame draws the next one; disabled, always") {
  IdleGate gate;
  gate.drew(FrameSigns{}, 5.0);
  CHECK_FALSE(gate.should_draw(5.1));
  gate.wake(5.1);  // a file arrived, a test read state()
  CHECK(gate.should_draw(5.1));
  CHECK(gate.wait_seconds(5.1) == 0);

  IdleGate off;
  off.set_enabled(false);
  off.drew(FrameSigns{}, 0.0);
  CHECK(off.should_draw(0.01));
  CHECK(off.wait_seconds(0.01) == 0);
}

namespace {

// A host whose runner lives elsewhere (a worker, a thread) and has said nothing yet.
struct FarHost final : TrainingHost {
  int commands = 0;
  void send(TrainingCommand) override { ++commands; }
  void poll(TrainingOutput&) override {}
  void update(double) override {}
  bool runs_on_caller() const override { return false; }
};

}  // namespace

// The page's worker wakes the shell for a frame per message (wake_signal.h's draw_next_frame):
// between them, its run needs no frames. The desktop's thread only posts an empty event, so
// there a run keeps the app busy as before.
TEST_CASE("idle gate: a worker's run needs no frames where each message draws one") {
  headless_test::HeadlessImGui imgui;
  headless_test::HeadlessImGui::build_fonts();
  App app;
  auto host = std::make_unique<FarHost>();
  FarHost* far = host.get();
  app.use_training_host(std::move(host));
  const std::vector<uint8_t> model = training_test::model_bytes({784, 16, 10}, 3);
  REQUIRE(app.load_model_bytes(model.data(), model.size()).ok());
  app.training().settings().config.architecture.sizes = {784, 16, 10};
  const Dataset d = training_test::bands(100);
  app.training().queue_files({{"i", write_idx_images(d)}, {"l", write_idx_labels(d)}});
  for (int i = 0; i < 1000 && app_is_busy(app); ++i) headless_test::run_frames(app, 1);
  REQUIRE(app.training().start().ok());
  CHECK(far->commands > 0);  // the run went to the far host
  CHECK(app.training().session().running());
  CHECK_FALSE(app_is_busy(app, /*run_draws_on_news=*/true));
  CHECK_FALSE(frame_signs(app, false, true).busy);
  CHECK(app_is_busy(app));  // the desktop's way
}

TEST_CASE("idle gate: queued files and a training run make the app busy; a held button too") {
  headless_test::HeadlessImGui imgui;
  headless_test::HeadlessImGui::build_fonts();
  App app;
  const std::vector<uint8_t> model = training_test::model_bytes({784, 16, 10}, 3);
  REQUIRE(app.load_model_bytes(model.data(), model.size()).ok());
  app.training().settings().config.architecture.sizes = {784, 16, 10};
  app.training().settings().config.epochs = 1;
  app.training().frame_budget_seconds = 1e-4;
  headless_test::run_frames(app, 2);
  CHECK_FALSE(app_is_busy(app));
  CHECK_FALSE(frame_signs(app, false).busy);

  const Dataset d = training_test::bands(100);
  app.training().queue_files({{"i", write_idx_images(d)}, {"l", write_idx_labels(d)}});
  CHECK(app_is_busy(app));  // read in a coming frame: the screen will change
  for (int i = 0; i < 1000 && app_is_busy(app); ++i) headless_test::run_frames(app, 1);
  REQUIRE_MESSAGE(app.last_error().empty(), app.last_error());
  CHECK(app.training().session().has_data());
  CHECK_FALSE(app_is_busy(app));

  REQUIRE(app.training().start().ok());
  CHECK(app_is_busy(app));
  CHECK(frame_signs(app, false).busy);
  app.training().pause();  // a paused run holds still: idle
  CHECK_FALSE(app_is_busy(app));
  app.training().resume();
  CHECK(app_is_busy(app));
  for (int i = 0; i < 100000 && app.training().session().active(); ++i) app.training().update();
  CHECK(app.training().session().phase() == RunPhase::Finished);
  CHECK_FALSE(app_is_busy(app));

  // The mouse button held over the window: a drag or a stroke on the pad in progress.
  CHECK_FALSE(ui_wants_frames());
  ImGui::GetIO().MousePos = ImVec2(300, 300);
  ImGui::GetIO().MouseDown[0] = true;
  headless_test::run_frames(app, 1);
  CHECK(ui_wants_frames());
  CHECK(frame_signs(app, true).input);
  ImGui::GetIO().MouseDown[0] = false;
  headless_test::run_frames(app, 2);
  CHECK_FALSE(ui_wants_frames());
}
