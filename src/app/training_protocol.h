// The training protocol: the plain messages between the UI and a training runner, the same for
// every host (a std::thread on the desktop, a Web Worker in the page, the main thread as the
// fallback), so the app speaks to all of them alike and no platform #ifdef is needed here.
//
//   UI -> runner (TrainingCommand)    SetData (once per dataset, not per run), Start (the
//                                     config and the network to train), Pause, Resume, Stop
//   runner -> UI (TrainingEvent)      Progress (samples, epochs, new loss and accuracy points),
//                                     RunEnded (finished, stopped, failed + why), Refused
//   runner -> UI (WeightSnapshot)     the weights as they are, at a steady rate while running
//                                     and once at every end; only the newest unread one is kept
//
// Run-schedule constants (how many checks, loss points) live here too: TrainingSession and
// TrainingRunner draw the same curves.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "data/dataset.h"
#include "network/evaluate.h"
#include "network/mistakes.h"
#include "network/network.h"
#include "training/training_config.h"

namespace digitlab {

// What a run's curves are made of, for every trainer the app runs.
struct RunSchedule {
  static constexpr int kChecksPerEpoch = 10;    // mid-epoch points on the test-accuracy curve
  static constexpr size_t kCheckImages = 1000;  // each on the first this-many test images
  static constexpr size_t kLossPoints = 400;    // about this many loss-curve points per run
  // The surest mistakes a whole pass keeps (EvaluationDetails) for the Evaluation view's
  // gallery: a gallery's worth, a few hundred bytes each.
  static constexpr size_t kKeptMistakes = 24;
};

// Why a start or new data is refused: one text each for the session (which checks first) and
// the runner (which checks again, for any client).
struct Refusals {
  static constexpr const char* kNoData =
      "load training data first (the bundled MNIST or your own files)";
  static constexpr const char* kRunUnderWay = "a training run is under way: stop it first";
  static constexpr const char* kDataDuringRun = "stop the training run before loading new data";
};

// ---- commands ----
// The datasets every later run trains and tests on. Shared and read-only: a thread reads the
// same bytes as the UI (no copy); a worker gets them copied once when this is sent.
struct SetData {
  std::shared_ptr<const Dataset> train;
  std::shared_ptr<const Dataset> test;  // may be null or empty: no accuracy checks
};
// A run: config is already checked (run_config in training_session.h), network is the model to
// train (a fresh one or a copy of the current model), run an id the app picks, echoed back.
struct Start {
  uint32_t run = 0;
  TrainingConfig config;
  Network network;
};
struct Pause {};
// Goes on from where the run paused; with weights, from those instead: the UI changed the
// model while paused (the Step tab's "Apply this step"). Network::weights and biases, same
// layout; none (empty: a network always has weights) to go on from the runner's own. The runner
// copies them into its network in place, so the trainer goes on with them; its optimiser state
// (momentum, Adam's moments) and the run's counts stay as they were.
struct Resume {
  std::vector<float> weights, biases;
  bool changed() const { return !weights.empty(); }
};
struct Stop {};
using TrainingCommand = std::variant<SetData, Start, Pause, Resume, Stop>;

// ---- events ----
struct LossPoint {
  size_t samples = 0;  // samples trained in the run when it was taken
  double loss = 0;     // mean loss of the samples since the previous point
};
struct AccuracyPoint {
  size_t samples = 0;
  Evaluation eval;      // on the first kCheckImages test images, or the whole set when full
  bool full = false;    // a whole test pass: the run's start (epoch 0) or an epoch's end
  int epoch = 0;        // whole epochs trained when it was taken
  std::string warning;  // a full pass after training: why the network looks saturated, or ""
  // A full pass only: its confusion cells' images and surest mistakes (for the Evaluation view),
  // and network_fingerprint of the weights it evaluated. Null / 0 for a mid-epoch check.
  std::shared_ptr<const EvaluationDetails> details;
  uint64_t fingerprint = 0;
};
// What happened since the previous Progress: points are new ones only (append them).
struct Progress {
  uint32_t run = 0;
  size_t samples = 0;        // samples trained in the run so far
  size_t samples_total = 0;  // epochs x samples per epoch
  int epochs_done = 0;
  std::vector<LossPoint> loss;
  std::vector<AccuracyPoint> accuracy;
  // A whole test pass (the run's start, an epoch's end) is under way: the panel says "testing".
  bool testing = false;
  // Seconds the run has spent on its accuracy checks so far: a benchmark compares the rest
  // with a trainer that does not test while it trains (the CLI's samples/s).
  double test_seconds = 0;
};
enum class RunEnd { Finished, Stopped, Failed };
struct RunEnded {
  uint32_t run = 0;
  RunEnd how = RunEnd::Finished;
  std::string message;  // why it failed
};
// A command that could not be carried out (start without data, new data during a run).
struct Refused {
  std::string message;
  uint32_t run = 0;  // the refused Start's id; 0 for any other command
};
// From the host itself, not the runner: e.g. the page's worker could not start or died, and
// training goes on on the main thread. The UI shows it; no run state changes by it.
struct HostNote {
  std::string message;
};
using TrainingEvent = std::variant<Progress, RunEnded, Refused, HostNote>;

// The run's network's parameters (Network::weights and biases, same layout), and the training
// those very weights have had (the model is labelled with these, not with Progress's figures,
// which may be newer). Taken at a steady rate while the samples move, at each epoch's end
// (before that epoch's Progress leaves), and at a pause, a stop, a failure and the end.
struct WeightSnapshot {
  uint32_t run = 0;
  std::vector<float> weights, biases;
  size_t samples = 0;  // samples trained in the run when taken
  int epochs_done = 0;
};

// What a host hands the UI each time it is polled: events in order, then the newest snapshot.
// A rolled-back run's snapshot is the model from before the run, followed by its RunEnded.
struct TrainingOutput {
  std::vector<TrainingEvent> events;
  std::optional<WeightSnapshot> snapshot;
  bool empty() const { return events.empty() && !snapshot; }
  // Appends later output: its events after these, its snapshot replacing an unread one.
  void append(TrainingOutput&& later);
};

// The message a run that diverged ends with (the one text for every trainer in the app).
std::string divergence_message(float learning_rate, int epoch);

}  // namespace digitlab
