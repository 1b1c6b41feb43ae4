// The web page's window.digitlab.state(): what the browser tests and benchmarks read to see
// what is on screen, as one JSON object. Built here from the App and a few facts only the shell
// knows, with no browser API, so the native tests check it (tests/test_page_state.cpp).
#pragma once
#include <string>
#include <vector>

#include "app.h"

namespace digitlab {

// Frame lengths as the web shell measures them around its frame callback.
class FrameTimes {
 public:
  static constexpr double kSlowFrameMs = 50;  // the frame pacer's ceiling (training_session.h)
  void note(double ms);
  double max_ms() const { return max_ms_; }   // the longest since the last reset_max()
  long slow_frames() const { return slow_; }  // frames over kSlowFrameMs since the page loaded
  void reset_max() { max_ms_ = 0; }
  // The frames' lengths since the last call (at most kKeptFrames, the newest), for the page
  // benchmark's percentiles (window.digitlab.frameTimes()).
  static constexpr size_t kKeptFrames = 4096;
  std::vector<double> take_recent();

 private:
  double max_ms_ = 0;
  long slow_ = 0;
  std::vector<double> recent_;  // a ring of at most kKeptFrames lengths
  size_t oldest_ = 0;           // where the oldest is once the ring is full
};

// What the shell knows that the App does not.
struct ShellFacts {
  long frames = 0;                          // frames drawn since the page loaded
  int canvas_width = 0, canvas_height = 0;  // the framebuffer, in device pixels
  bool keyboard_nav = false;                // ImGui's keyboard navigation has the arrow keys
  double frame_ms_max = 0;                  // FrameTimes::max_ms() since the previous state()
  long slow_frames = 0;                     // FrameTimes::slow_frames()
  const char* trainer = "main";             // where runs train: "worker" or "main" (the page)
};

// The object, with these fields:
//   frames, canvas [w, h], scrollY (the app's, canvas pixels), keyboardNav
//   layers (the model's sizes, [] without one), prediction (null for an empty pad), outputs,
//   samples, index, label (of the test digit in the pad, -1 for none), lastError,
//   query {forwardMs, forwardMedianMs, forwards, preprocessMs, preprocessMedianMs, preprocesses}
//   training {running, phase, epoch, epochs, samplesSeen, samplesTotal, testAccuracy,
//             evaluating, accuracies (before training, then per epoch)}
//   data {train, test, source}, fetch {active, fraction}, notice, kept, myDigits (how many),
//   bundledModel (the menu's model in use, null for another), modelFetching, modelQuestion,
//   bundledModels (names, the default first),
//   augment {open, fields {rotate, scale, shear, shift, elastic, sigma, thickness, copies,
//            centre}, config (the CLI's --augment text), message,
//            preview {source, count, seed, computed, fingerprint}},
//   frameMsMax, slowFrames, trainer ("worker": a Web Worker trains; "main": the main thread),
//   hostNote (the training host's news, e.g. why the worker was given up; "" without)
// Numbers that are not finite are null (json_text.h), so JSON.parse never throws.
std::string page_state_json(const App& app, const ShellFacts& shell);

// window.digitlab.buttonRect's source: {"name": [x, y, width, height], ...} for the panel's
// named items (the panel's buttons, TrainingPanel::button_rects, the Inside section's,
// InsideView::item_rects, and my digits', MyDigitsView::item_rects), in framebuffer pixels: ImGui's
// display pixels times the framebuffer scale.
std::string button_rects_json(const App& app, float scale_x, float scale_y);

}  // namespace digitlab
