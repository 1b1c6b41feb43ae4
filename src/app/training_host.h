// TrainingHost: where a TrainingRunner runs, behind one interface the app talks to: send()
// commands, poll() for what came back. ThreadTrainingHost (thread_training_host.h) runs it on a
// std::thread; a Web Worker host will run it in the page; MainThreadTrainingHost (below) runs it
// in slices between frames: the fallback, and the tests' deterministic host.
#pragma once
#include "training_protocol.h"
#include "training_runner.h"

namespace digitlab {

class TrainingHost {
 public:
  virtual ~TrainingHost() = default;
  virtual void send(TrainingCommand command) = 0;
  // Moves the events and the newest snapshot since the last poll into out.
  virtual void poll(TrainingOutput& out) = 0;
  // Gives the runner time if it runs on the caller's thread (budget_seconds of it); a host
  // with its own thread ignores it.
  virtual void update(double budget_seconds) = 0;
  // Whether the runner works only inside update(), on the caller's thread: the app then gives
  // it a share of each frame (FramePacer); a host with its own thread or worker needs none.
  virtual bool runs_on_caller() const = 0;
};

class MainThreadTrainingHost final : public TrainingHost {
 public:
  explicit MainThreadTrainingHost(TrainingRunner::Clock clock, RunnerOptions options = {})
      : runner_(std::move(clock), options) {}
  void send(TrainingCommand command) override { runner_.handle(std::move(command)); }
  void poll(TrainingOutput& out) override { runner_.take(out); }
  void update(double budget_seconds) override {
    if (runner_.busy()) runner_.work(budget_seconds);
  }
  bool runs_on_caller() const override { return true; }

 private:
  TrainingRunner runner_;
};

}  // namespace digitlab
