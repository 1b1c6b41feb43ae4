// The page's training worker: a TrainingRunner in a Web Worker's own WebAssembly instance
// (digitlab_trainer.js, loaded by web/training_worker.js). The script hands each command's bytes
// to digitlab_trainer_command, calls digitlab_trainer_work in pieces between turns of its event
// loop, and posts what digitlab_trainer_flush says is ready. No ImGui, no GL: the core, the
// runner and the codec only.
//
// What goes back, and how often: the runner flushes its progress after every piece, but a post
// per piece would be 60-100 messages a second for the main thread to handle. Progress is held
// here (merged, TrainingOutput::append) and goes out with the next snapshot (13 a second while
// training) or any other event (a run's end, a refusal), so the main thread gets about 13
// messages a second.
#include <emscripten.h>

#include <cstdint>
#include <vector>

#include "training_codec.h"
#include "training_runner.h"

namespace {

using namespace digitlab;

// Every snapshot redraws the page once (draw_next_frame), and in a browser without a GPU a
// frame is drawn on the same cores this worker trains on: about 13 snapshots a second while it
// trains (the issue asks at least 10; none during a whole test pass, which moves no weight),
// not the 20 the desktop's thread gives.
RunnerOptions worker_options() {
  RunnerOptions options;
  options.snapshot_seconds = 0.075;
  return options;
}

struct Worker {
  TrainingRunner runner{[] { return emscripten_get_now() / 1e3; }, worker_options()};
  TrainingOutput held;                    // taken from the runner, not yet posted
  std::vector<uint8_t> events, snapshot;  // the bytes of the last flush, for the script to copy
};
Worker g_worker;

void take_output() {
  g_worker.runner.take(g_worker.held);
}

}  // namespace

extern "C" {

// One command's bytes (encode_command). Damaged bytes are refused, as the runner refuses.
EMSCRIPTEN_KEEPALIVE void digitlab_trainer_command(const uint8_t* data, int size) {
  Result<TrainingCommand> command = decode_command(data, static_cast<size_t>(size));
  if (!command)
    g_worker.held.events.push_back(Refused{command.error()});
  else
    g_worker.runner.handle(std::move(*command));
  take_output();
}

// Trains for about budget_seconds; returns whether there is more to do (a run, not paused).
EMSCRIPTEN_KEEPALIVE int digitlab_trainer_work(double budget_seconds) {
  if (g_worker.runner.busy()) g_worker.runner.work(budget_seconds);
  take_output();
  return g_worker.runner.busy() ? 1 : 0;
}

// Encodes what is due for posting: bit 0 events (digitlab_trainer_events_*), bit 1 a snapshot
// (digitlab_trainer_snapshot_*); 0 while only progress waits for the next snapshot.
EMSCRIPTEN_KEEPALIVE int digitlab_trainer_flush() {
  TrainingOutput& held = g_worker.held;
  bool other_than_progress = false;
  for (const TrainingEvent& e : held.events)
    other_than_progress = other_than_progress || !std::holds_alternative<Progress>(e);
  if (!held.snapshot && !other_than_progress) return 0;
  int ready = 0;
  g_worker.events.clear();
  g_worker.snapshot.clear();
  if (!held.events.empty()) {
    g_worker.events = encode_events(held.events);
    ready |= 1;
  }
  if (held.snapshot) {
    g_worker.snapshot = encode_snapshot(*held.snapshot);
    ready |= 2;
  }
  held = {};
  return ready;
}

EMSCRIPTEN_KEEPALIVE const uint8_t* digitlab_trainer_events_data() {
  return g_worker.events.data();
}
EMSCRIPTEN_KEEPALIVE int digitlab_trainer_events_size() {
  return static_cast<int>(g_worker.events.size());
}
EMSCRIPTEN_KEEPALIVE const uint8_t* digitlab_trainer_snapshot_data() {
  return g_worker.snapshot.data();
}
EMSCRIPTEN_KEEPALIVE int digitlab_trainer_snapshot_size() {
  return static_cast<int>(g_worker.snapshot.size());
}

}  // extern "C"
