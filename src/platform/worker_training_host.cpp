// WorkerTrainingHost: the worker's start and messages (the JavaScript below), the bytes in both
// directions, and the fall back to the main thread.
#include "worker_training_host.h"

#include <emscripten.h>

#include <cstdint>
#include <map>
#include <vector>

#include "training_codec.h"
#include "wake_signal.h"

namespace digitlab {
namespace {

// The live hosts by id, for the worker's callbacks: a page may hold two for a moment (a new
// host is made before the old one is destroyed), and each hears only its own worker.
std::map<int, WorkerTrainingHost*>& hosts() {
  static std::map<int, WorkerTrainingHost*> live;
  return live;
}
int g_next_id = 1;
std::vector<uint8_t> g_inbox;  // bytes the JavaScript side copies in for C++ to read

double now_seconds() {
  return emscripten_get_now() / 1e3;
}

// clang-format off
// Starts web/training_worker.js (beside the page) for host `id` and listens to it; 0 if this
// browser cannot create it. Each host's worker and newest snapshot have their own slot
// (Module.trainingWorkers[id], Module.trainingSnapshots[id]): ending one never ends another.
// Its messages: {events, snapshot} (ArrayBuffers or null), {ready}, {failed: why}. Events are
// handed to C++ at once (decoded and merged there); only the newest snapshot is kept.
EM_JS(int, worker_js_start, (int id), {
  if (typeof Worker === 'undefined') return 0;
  var worker;
  try {
    worker = new Worker('training_worker.js');
  } catch (e) {
    return 0;
  }
  var workers = Module['trainingWorkers'] = Module['trainingWorkers'] || {};
  var snapshots = Module['trainingSnapshots'] = Module['trainingSnapshots'] || {};
  workers[id] = worker;
  snapshots[id] = null;
  var toInbox = function(bytes) {
    var pointer = _digitlab_worker_inbox(bytes.length);
    HEAPU8.set(bytes, pointer);  // after the call: the inbox may have grown the memory
    return bytes.length;
  };
  var fail = function(why) {
    if (workers[id] !== worker) return;  // already given up
    worker.terminate();
    delete workers[id];
    _digitlab_worker_failed(id, toInbox(new TextEncoder().encode(String(why))));
  };
  worker.onmessage = function(event) {
    var m = event.data;
    if (workers[id] !== worker) return;
    if (m.failed !== undefined) return fail(m.failed);
    if (m.ready) return _digitlab_worker_ready(id);
    if (m.snapshot) snapshots[id] = m.snapshot;
    _digitlab_worker_events(id, m.events ? toInbox(new Uint8Array(m.events)) : 0,
                            m.snapshot ? 1 : 0);
  };
  worker.onerror = function(event) {
    event.preventDefault();
    fail(event.message || 'its script could not be loaded');
  };
  return 1;
});

// Sends one command's bytes to host id's worker, transferred (no copy kept here).
EM_JS(void, worker_js_post, (int id, const uint8_t* data, size_t size), {
  var worker = (Module['trainingWorkers'] || {})[id];
  if (!worker) return;
  var bytes = HEAPU8.slice(data, data + size);
  worker.postMessage(bytes.buffer, [bytes.buffer]);
});

// Host id's newest snapshot's bytes into the inbox: their size, 0 without one.
EM_JS(int, worker_js_take_snapshot, (int id), {
  var snapshots = Module['trainingSnapshots'] || {};
  var snapshot = snapshots[id];
  if (!snapshot) return 0;
  snapshots[id] = null;
  var bytes = new Uint8Array(snapshot);
  var pointer = _digitlab_worker_inbox(bytes.length);
  HEAPU8.set(bytes, pointer);
  return bytes.length;
});

EM_JS(void, worker_js_drop_snapshot, (int id), {
  if (Module['trainingSnapshots']) Module['trainingSnapshots'][id] = null;
});

// Ends host id's worker (no other); a snapshot it sent before stays for the next poll.
EM_JS(void, worker_js_stop, (int id), {
  var workers = Module['trainingWorkers'] || {};
  if (workers[id]) workers[id].terminate();
  delete workers[id];
});

// Forgets host id's snapshot slot: the host is gone.
EM_JS(void, worker_js_forget, (int id), {
  if (Module['trainingSnapshots']) delete Module['trainingSnapshots'][id];
});
// clang-format on

WorkerTrainingHost* host_of(int id) {
  const auto it = hosts().find(id);
  return it == hosts().end() ? nullptr : it->second;
}

}  // namespace

WorkerTrainingHost::WorkerTrainingHost(bool use_worker) : id_(g_next_id++) {
  hosts()[id_] = this;
  if (!use_worker) fallback_ = std::make_unique<MainThreadTrainingHost>(now_seconds);
}

void WorkerTrainingHost::start_worker() {
  worker_started_ = true;
  if (!worker_js_start(id_))
    fall_back("the worker could not start (this browser could not create it)");
}

WorkerTrainingHost::~WorkerTrainingHost() {
  if (!fallback_) worker_js_stop(id_);
  worker_js_forget(id_);
  hosts().erase(id_);
}

void WorkerTrainingHost::send(TrainingCommand command) {
  if (!fallback_ && !worker_started_) start_worker();
  if (const SetData* data = std::get_if<SetData>(&command)) last_data_ = *data;  // shared, no copy
  if (fallback_) {
    fallback_->send(std::move(command));
    return;
  }
  if (const Start* start = std::get_if<Start>(&command)) {
    running_ = start->run;
    last_start_ = *start;  // sent again to the fallback if the worker dies before it is heard
    run_heard_ = false;
    paused_ = false;
    stopping_ = false;
  }
  if (std::holds_alternative<Pause>(command)) paused_ = true;
  if (std::holds_alternative<Resume>(command)) paused_ = false;
  if (std::holds_alternative<Stop>(command) && running_) stopping_ = true;
  const std::vector<uint8_t> bytes = encode_command(command);
  worker_js_post(id_, bytes.data(), bytes.size());
}

void WorkerTrainingHost::poll(TrainingOutput& out) {
  // The worker's events, then its newest snapshot (kept by the JavaScript side), then, once
  // the worker is given up, the main thread's output.
  take_snapshot();
  out.append(std::move(waiting_));
  waiting_ = {};
  if (fallback_) fallback_->poll(out);
}

void WorkerTrainingHost::take_snapshot() {
  if (const int size = worker_js_take_snapshot(id_); size > 0) {
    Result<WeightSnapshot> snapshot = decode_snapshot(g_inbox.data(), static_cast<size_t>(size));
    if (snapshot) {
      TrainingOutput later;
      later.snapshot = std::move(*snapshot);
      waiting_.append(std::move(later));
    } else {
      worker_failed(snapshot.error());
    }
  }
}

void WorkerTrainingHost::update(double budget_seconds) {
  if (fallback_) fallback_->update(budget_seconds);
}

void WorkerTrainingHost::receive_events(const uint8_t* data, size_t size, bool with_snapshot) {
  draw_next_frame();  // the page draws what came: a frame per message, no more
  if (with_snapshot && running_) run_heard_ = true;
  if (size == 0) return;  // a snapshot alone
  Result<std::vector<TrainingEvent>> events = decode_events(data, size);
  if (!events) {
    worker_failed(events.error());
    return;
  }
  TrainingOutput later;
  for (TrainingEvent& e : *events) {
    if (const Progress* p = std::get_if<Progress>(&e); p && running_ == p->run) run_heard_ = true;
    if (const RunEnded* r = std::get_if<RunEnded>(&e); r && running_ == r->run) running_.reset();
    // A refused start (it names its run): the run never began.
    if (const Refused* f = std::get_if<Refused>(&e); f && running_ == f->run) running_.reset();
    later.events.push_back(std::move(e));
  }
  waiting_.append(std::move(later));
}

void WorkerTrainingHost::worker_failed(const std::string& why) {
  if (fallback_) return;
  // Ended (damaged bytes from a live worker end it too): nothing more from it, but a snapshot
  // it sent before stays with the JavaScript side until it is taken or dropped below.
  worker_js_stop(id_);
  std::optional<Start> again;
  if (running_ && stopping_) {
    // The user asked to stop and keep what the run had: it ends Stopped with the newest
    // snapshot the worker sent (what the page has shown), not rolled back.
    take_snapshot();
    TrainingOutput stopped;
    stopped.events.push_back(RunEnded{*running_, RunEnd::Stopped, ""});
    waiting_.append(std::move(stopped));
  } else if (running_ && !run_heard_) {
    // Nothing of the run has arrived (the worker's engine never loaded, or it died at once):
    // the main thread starts it instead, and nobody saw a curve to redraw.
    worker_js_drop_snapshot(id_);
    again = std::move(last_start_);
  } else if (running_) {
    // Its snapshots so far are dropped: the session puts back the model from before the run.
    worker_js_drop_snapshot(id_);
    waiting_.snapshot.reset();
    TrainingOutput failed;
    failed.events.push_back(RunEnded{
        *running_, RunEnd::Failed,
        "The training worker stopped (" + why +
            "), so this run was undone: the model is as it was before it. Press Start training "
            "to run it again: training now runs on the page's main thread."});
    waiting_.append(std::move(failed));
  }
  running_.reset();
  last_start_.reset();
  fall_back((worker_ready_ ? "the worker stopped (" : "the worker could not start (") + why + ")");
  if (again) {
    fallback_->send(std::move(*again));
    if (paused_) fallback_->send(Pause{});
  }
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

// The worker's callbacks (worker_js_start's JavaScript), each for the host that started it.
extern "C" {

// Room for size bytes the JavaScript side is about to copy in.
EMSCRIPTEN_KEEPALIVE uint8_t* digitlab_worker_inbox(int size) {
  digitlab::g_inbox.resize(static_cast<size_t>(size > 0 ? size : 0));
  return digitlab::g_inbox.data();
}

// A message from host id's worker: size bytes of events in the inbox (0: a snapshot alone),
// with_snapshot 1 if it brought a snapshot.
EMSCRIPTEN_KEEPALIVE void digitlab_worker_events(int id, int size, int with_snapshot) {
  if (digitlab::WorkerTrainingHost* host = digitlab::host_of(id))
    host->receive_events(digitlab::g_inbox.data(), static_cast<size_t>(size), with_snapshot != 0);
}

EMSCRIPTEN_KEEPALIVE void digitlab_worker_ready(int id) {
  if (digitlab::WorkerTrainingHost* host = digitlab::host_of(id)) host->worker_ready();
}

// Host id's worker failed: size bytes of why (UTF-8) in the inbox.
EMSCRIPTEN_KEEPALIVE void digitlab_worker_failed(int id, int size) {
  if (digitlab::WorkerTrainingHost* host = digitlab::host_of(id))
    host->worker_failed(std::string(digitlab::g_inbox.begin(), digitlab::g_inbox.begin() + size));
}

}  // extern "C"
