// WorkerTrainingHost: the worker's start and messages (the JavaScript below), the bytes in both
// directions, and the fall back to the main thread.
#include "worker_training_host.h"

#include <emscripten.h>

#include <cstdint>
#include <vector>

#include "training_codec.h"
#include "wake_signal.h"

namespace digitlab {
namespace {

WorkerTrainingHost* g_host = nullptr;  // the page's one host, for the worker's callbacks
std::vector<uint8_t> g_inbox;          // bytes the JavaScript side copies in for C++ to read

double now_seconds() {
  return emscripten_get_now() / 1e3;
}

// clang-format off
// Starts web/training_worker.js (beside the page) and listens to it; 0 if this browser cannot
// create it. Its messages: {events, snapshot} (ArrayBuffers or null), {ready}, {failed: why}.
// Events are handed to C++ at once (decoded and merged there); only the newest snapshot is kept.
EM_JS(int, worker_js_start, (), {
  if (typeof Worker === 'undefined') return 0;
  var worker;
  try {
    worker = new Worker('training_worker.js');
  } catch (e) {
    return 0;
  }
  Module['trainingWorker'] = worker;
  Module['trainingSnapshot'] = null;
  var toInbox = function(bytes) {
    var pointer = _digitlab_worker_inbox(bytes.length);
    HEAPU8.set(bytes, pointer);  // after the call: the inbox may have grown the memory
    return bytes.length;
  };
  var fail = function(why) {
    if (Module['trainingWorker'] !== worker) return;  // already given up
    worker.terminate();
    Module['trainingWorker'] = null;
    _digitlab_worker_failed(toInbox(new TextEncoder().encode(String(why))));
  };
  worker.onmessage = function(event) {
    var m = event.data;
    if (Module['trainingWorker'] !== worker) return;
    if (m.failed !== undefined) return fail(m.failed);
    if (m.ready) return _digitlab_worker_ready();
    if (m.snapshot) Module['trainingSnapshot'] = m.snapshot;
    _digitlab_worker_events(m.events ? toInbox(new Uint8Array(m.events)) : 0);
  };
  worker.onerror = function(event) {
    event.preventDefault();
    fail(event.message || 'its script could not be loaded');
  };
  return 1;
});

// Sends one command's bytes, transferred (no copy kept here).
EM_JS(void, worker_js_post, (const uint8_t* data, size_t size), {
  var worker = Module['trainingWorker'];
  if (!worker) return;
  var bytes = HEAPU8.slice(data, data + size);
  worker.postMessage(bytes.buffer, [bytes.buffer]);
});

// The newest snapshot's bytes into the inbox: their size, 0 without one.
EM_JS(int, worker_js_take_snapshot, (), {
  var snapshot = Module['trainingSnapshot'];
  if (!snapshot) return 0;
  Module['trainingSnapshot'] = null;
  var bytes = new Uint8Array(snapshot);
  var pointer = _digitlab_worker_inbox(bytes.length);
  HEAPU8.set(bytes, pointer);
  return bytes.length;
});

EM_JS(void, worker_js_drop_snapshot, (), { Module['trainingSnapshot'] = null; });

// Ends the worker; a snapshot it sent before stays for the next poll.
EM_JS(void, worker_js_stop, (), {
  if (Module['trainingWorker']) Module['trainingWorker'].terminate();
  Module['trainingWorker'] = null;
});
// clang-format on

}  // namespace

WorkerTrainingHost::WorkerTrainingHost(bool use_worker) {
  g_host = this;
  if (!use_worker) {
    fallback_ = std::make_unique<MainThreadTrainingHost>(now_seconds);
    return;
  }
  if (!worker_js_start())
    fall_back("the worker could not start (this browser could not create it)");
}

WorkerTrainingHost::~WorkerTrainingHost() {
  if (!fallback_) worker_js_stop();
  if (g_host == this) g_host = nullptr;
}

void WorkerTrainingHost::send(TrainingCommand command) {
  if (const SetData* data = std::get_if<SetData>(&command)) last_data_ = *data;  // shared, no copy
  if (fallback_) {
    fallback_->send(std::move(command));
    return;
  }
  if (const Start* start = std::get_if<Start>(&command)) {
    running_ = start->run;
    run_progressed_ = false;
  }
  const std::vector<uint8_t> bytes = encode_command(command);
  worker_js_post(bytes.data(), bytes.size());
}

void WorkerTrainingHost::poll(TrainingOutput& out) {
  // The worker's events, then its newest snapshot (kept by the JavaScript side), then, once
  // the worker is given up, the main thread's output.
  if (const int size = worker_js_take_snapshot(); size > 0) {
    Result<WeightSnapshot> snapshot = decode_snapshot(g_inbox.data(), static_cast<size_t>(size));
    if (snapshot) {
      TrainingOutput later;
      later.snapshot = std::move(*snapshot);
      waiting_.append(std::move(later));
    } else {
      worker_failed(snapshot.error());
    }
  }
  out.append(std::move(waiting_));
  waiting_ = {};
  if (fallback_) fallback_->poll(out);
}

void WorkerTrainingHost::update(double budget_seconds) {
  if (fallback_) fallback_->update(budget_seconds);
}

void WorkerTrainingHost::receive_events(const uint8_t* data, size_t size) {
  draw_next_frame();      // the page draws what came: a frame per message, no more
  if (size == 0) return;  // a snapshot alone
  Result<std::vector<TrainingEvent>> events = decode_events(data, size);
  if (!events) {
    worker_failed(events.error());
    return;
  }
  TrainingOutput later;
  for (TrainingEvent& e : *events) {
    if (const Progress* p = std::get_if<Progress>(&e); p && running_ == p->run)
      run_progressed_ = true;
    if (const RunEnded* r = std::get_if<RunEnded>(&e); r && running_ == r->run) running_.reset();
    // A refused start: the run never began.
    if (std::holds_alternative<Refused>(e) && running_ && !run_progressed_) running_.reset();
    later.events.push_back(std::move(e));
  }
  waiting_.append(std::move(later));
}

void WorkerTrainingHost::worker_failed(const std::string& why) {
  if (fallback_) return;
  worker_js_stop();  // ended (damaged bytes from a live worker end it too): nothing more from it
  if (running_) {
    // Its snapshots so far are dropped: the session puts back the model from before the run.
    worker_js_drop_snapshot();
    waiting_.snapshot.reset();
    TrainingOutput failed;
    failed.events.push_back(RunEnded{
        *running_, RunEnd::Failed,
        "The training worker stopped (" + why +
            "), so this run was undone: the model is as it was before it. Press Start training "
            "to run it again: training now runs on the page's main thread."});
    waiting_.append(std::move(failed));
    running_.reset();
  }
  fall_back((worker_ready_ ? "the worker stopped (" : "the worker could not start (") + why + ")");
}

void WorkerTrainingHost::fall_back(const std::string& why) {
  fallback_ = std::make_unique<MainThreadTrainingHost>(now_seconds);
  if (last_data_) fallback_->send(*last_data_);
  TrainingOutput said;
  said.events.push_back(HostNote{"Training runs on the page's main thread: " + why + "."});
  waiting_.append(std::move(said));
  wake_next_frame();
}

}  // namespace digitlab

// The worker's callbacks (worker_js_start's JavaScript).
extern "C" {

// Room for size bytes the JavaScript side is about to copy in.
EMSCRIPTEN_KEEPALIVE uint8_t* digitlab_worker_inbox(int size) {
  digitlab::g_inbox.resize(static_cast<size_t>(size > 0 ? size : 0));
  return digitlab::g_inbox.data();
}

// A message from the worker: size bytes of events in the inbox (0: a snapshot alone).
EMSCRIPTEN_KEEPALIVE void digitlab_worker_events(int size) {
  if (digitlab::g_host)
    digitlab::g_host->receive_events(digitlab::g_inbox.data(), static_cast<size_t>(size));
}

EMSCRIPTEN_KEEPALIVE void digitlab_worker_ready() {
  if (digitlab::g_host) digitlab::g_host->worker_ready();
}

// The worker failed: size bytes of why (UTF-8) in the inbox.
EMSCRIPTEN_KEEPALIVE void digitlab_worker_failed(int size) {
  if (digitlab::g_host)
    digitlab::g_host->worker_failed(
        std::string(digitlab::g_inbox.begin(), digitlab::g_inbox.begin() + size));
}

}  // extern "C"
