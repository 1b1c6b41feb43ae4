// WorkerTrainingHost: the page's TrainingHost. The runner lives in a Web Worker
// (web/training_worker.js, with its own WebAssembly instance of the engine); commands go to it
// as bytes (src/app/training_codec.h), its events and snapshots come back as bytes.
//
// While the main thread does not poll (a hidden tab draws no frames) nothing piles up: each
// batch of events is decoded when it arrives and merged into what waits (TrainingOutput::append
// merges a run's progress into one event), and the JavaScript side keeps only the newest
// snapshot's bytes, decoded at poll().
//
// Fallback: if the worker cannot be created, its script or engine fails to load, or it dies,
// the host says so with a HostNote and trains on the main thread from then on (a
// MainThreadTrainingHost inside it, given time by update()): it sends that host the last
// datasets again, and a run that was under way ends one of three ways:
//   - nothing of it had arrived (no progress, no snapshot: a worker whose engine never loaded
//     holds the Start it was sent): the main thread starts it, paused if it was; the user sees
//     only the note
//   - it was stopping (Stop sent, not yet answered): it ends Stopped with the newest snapshot
//     the worker sent, which is what the user asked to keep
//   - otherwise it ends Failed, with a message, so the session puts back the model from before
//     the run (its snapshots so far are dropped). Restarting it by itself instead would redraw
//     curves the user already saw from zero on a slower trainer; the user presses Train again.
// The worker is created at the first command (the first datasets), not with the host: a page
// that is only drawn on never loads it, and its engine's download and compiling stay out of
// the page's start-up.
// Each host has its own worker (an id per host): a page may hold two hosts for a moment (the
// new one is made before the old one is destroyed), and ending one never ends the other's.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "training_host.h"

namespace digitlab {

class WorkerTrainingHost final : public TrainingHost {
 public:
  // use_worker false (the page's ?worker=off) trains on the main thread from the start.
  explicit WorkerTrainingHost(bool use_worker);
  ~WorkerTrainingHost() override;
  WorkerTrainingHost(const WorkerTrainingHost&) = delete;
  WorkerTrainingHost& operator=(const WorkerTrainingHost&) = delete;

  void send(TrainingCommand command) override;
  void poll(TrainingOutput& out) override;
  void update(double budget_seconds) override;  // the main-thread fallback's time
  bool runs_on_caller() const override { return fallback_ != nullptr; }

  // Where training runs now: "worker" or "main" (window.digitlab.state().trainer).
  const char* trainer() const { return fallback_ ? "main" : "worker"; }

  // From the worker's messages (worker_training_host.cpp's JavaScript): a batch of events'
  // bytes, and the worker's failure.
  void receive_events(const uint8_t* data, size_t size, bool with_snapshot);
  void worker_failed(const std::string& why);
  void worker_ready() { worker_ready_ = true; }

 private:
  void start_worker();                     // at the first command
  void fall_back(const std::string& why);  // why: "the worker could not start (...)"
  void take_snapshot();                    // the worker's newest snapshot into waiting_

  const int id_;  // this host's worker's slot in JavaScript

  std::unique_ptr<MainThreadTrainingHost> fallback_;  // set once the worker is given up
  std::optional<SetData> last_data_;                  // sent again to the fallback
  std::optional<uint32_t> running_;  // a run started and not yet ended, as far as we know
  std::optional<Start> last_start_;  // running_'s Start, for the fallback if nothing was heard
  bool run_heard_ = false;     // running_'s progress or a snapshot has come (a later refusal is not
                               // its start's, and a worker's death is the run's failure)
  bool paused_ = false;        // a Pause was sent to running_ and no Resume since
  bool stopping_ = false;      // a Stop was sent to running_
  bool worker_ready_ = false;  // its engine loaded (a failure after is "stopped")
  bool worker_started_ = false;  // created (the first command creates it)
  TrainingOutput waiting_;       // decoded events, not yet polled
};

}  // namespace digitlab
