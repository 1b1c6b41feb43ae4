#include "idle_gate.h"

#include <imgui.h>

#include <algorithm>

#include "app.h"

namespace digitlab {

void IdleGate::drew(const FrameSigns& signs, double now) {
  last_draw_ = now;
  if (signs.input || signs.busy || signs.ui) last_sign_ = now;
}

bool IdleGate::awake(double now) const {
  return !enabled_ || now - last_sign_ < kAwakeSeconds;
}

bool IdleGate::should_draw(double now) const {
  return awake(now) || now - last_draw_ >= kIdleSeconds;
}

double IdleGate::wait_seconds(double now) const {
  if (awake(now)) return 0;
  return std::max(0.0, last_draw_ + kIdleSeconds - now);
}

bool app_is_busy(const App& app, bool run_draws_on_news) {
  const TrainingPanel& panel = app.training();
  const TrainingSession& session = panel.session();
  // A paused run changes nothing on screen: running(), not active(). The run's own test
  // passes (evaluating()) advance only while it runs; evaluate_now's also outside a run.
  // A run on the caller's thread needs every frame; one on a worker whose every message draws
  // a frame (the page's, wake_signal.h's draw_next_frame) needs none between them.
  const bool run_needs_frames =
      session.running() && (session.wants_frame_time() || !run_draws_on_news);
  return run_needs_frames || session.evaluating_now() || panel.fetching() ||
         panel.files_waiting() || !app.model_menu().fetching().empty();
}

bool ui_wants_frames() {
  const ImGuiIO& io = ImGui::GetIO();
  bool button_down = false;
  for (bool down : io.MouseDown) button_down = button_down || down;
  return ImGui::IsAnyItemActive() || io.WantTextInput || button_down;
}

FrameSigns frame_signs(const App& app, bool input, bool run_draws_on_news) {
  FrameSigns signs;
  signs.input = input;
  signs.busy = app_is_busy(app, run_draws_on_news);
  signs.ui = ui_wants_frames();
  return signs;
}

}  // namespace digitlab
