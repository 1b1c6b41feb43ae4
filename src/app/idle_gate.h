// When the app may stop redrawing: the one decision both shells follow (hello_imgui's idling).
// Awake (a frame each display refresh) while something changes: input, a training run, an
// evaluation, a fetch or an upload in flight, an ImGui item held; for kAwakeSeconds after the
// last such sign (so a tooltip's delay, a hover and the frame after a click still play out);
// then idle, a frame every kIdleSeconds only. The desktop waits for events that long
// (glfwWaitEventsTimeout); the page skips its animation frames. Either wakes at once on input
// or on wake() (a file or a fetch arrived, a test asked for frames).
#pragma once

namespace digitlab {

class App;

// What one frame saw; any of them keeps the app awake.
struct FrameSigns {
  bool input = false;  // an event from the window system since the last frame
  bool busy = false;   // work in flight that will change the screen (app_is_busy)
  bool ui = false;     // ImGui in the middle of something (ui_wants_frames)
};

class IdleGate {
 public:
  static constexpr double kAwakeSeconds = 1.0;
  static constexpr double kIdleSeconds = 0.5;

  // Off: awake always (digitlab-app --no-idle, the page's ?idle=off, frame-counted runs).
  void set_enabled(bool enabled) { enabled_ = enabled; }
  bool enabled() const { return enabled_; }

  // Something outside the frame changed; now is in seconds on any steady clock.
  void wake(double now) { last_sign_ = now; }
  // After a frame drawn at now: what it saw.
  void drew(const FrameSigns& signs, double now);

  bool awake(double now) const;
  bool should_draw(double now) const;  // awake, or the idle frame is due
  // How long the desktop may wait for events before the next frame is due (0: draw now).
  double wait_seconds(double now) const;

 private:
  bool enabled_ = true;
  double last_sign_ = -1e300;  // long ago: a gate nobody woke is idle
  double last_draw_ = -1e300;
};

// Work in flight that changes the screen without input: a run (not a paused one), an
// evaluation, a fetch, files being read. run_draws_on_news: the shell draws a frame for each
// message of a host with its own thread or worker (the page does), so such a run needs no
// frames between them; the desktop, whose thread only posts an empty event, leaves it false. A
// state change the gate does not see here still shows within kIdleSeconds.
bool app_is_busy(const App& app, bool run_draws_on_news = false);
// ImGui's own reasons for more frames (call between NewFrame and Render, or after Render):
// an item held (a slider dragged, the pad drawn on), text being typed, a button held down.
bool ui_wants_frames();
// The signs after a frame the shell drew (input: the shell's wake-up raised before it).
FrameSigns frame_signs(const App& app, bool input, bool run_draws_on_news = false);

}  // namespace digitlab
