// TrainingRunner: carries out the training protocol's commands (training_protocol.h) and
// produces its events. It owns everything a run touches (its own copy of the network, the
// Trainer, the shared read-only datasets), so whoever hosts it (a thread, a worker, the main
// thread) steps it without sharing any of its state: work() from the host's loop, handle() for
// each command, take() for what came out. No platform code, no UI; the clock is passed in so
// the tests decide time.
#pragma once
#include <functional>
#include <memory>
#include <optional>

#include "training/trainer.h"
#include "training_protocol.h"

namespace digitlab {

struct RunnerOptions {
  double snapshot_seconds = 0.05;  // 20 snapshots/s while running (the issue asks >= 10)
  double piece_seconds = 0.004;    // the longest stretch between two looks at the clock
};

class TrainingRunner {
 public:
  using Clock = std::function<double()>;  // monotonic seconds
  explicit TrainingRunner(Clock clock, RunnerOptions options = {});
  ~TrainingRunner();
  TrainingRunner(const TrainingRunner&) = delete;  // the trainer points into the runner
  TrainingRunner& operator=(const TrainingRunner&) = delete;

  void handle(TrainingCommand command);
  // A run is going and not paused: work() has something to do.
  bool busy() const { return run_ && !paused_; }
  // Trains and evaluates for about budget_seconds (at least one piece) while busy().
  void work(double budget_seconds);
  // Moves what came out since the last take() into out (after what out holds).
  void take(TrainingOutput& out);

 private:
  struct Run;
  void start(Start&& command);
  void take_weights(const Resume& changed);
  void train_piece();
  void evaluate_piece();
  void finish_evaluation();
  void publish_snapshot();
  void flush_progress();
  void end(RunEnd how, std::string message = {});

  Clock clock_;
  RunnerOptions options_;
  std::shared_ptr<const Dataset> train_, test_;
  std::unique_ptr<Run> run_;
  bool paused_ = false;
  TrainingOutput out_;
};

}  // namespace digitlab
