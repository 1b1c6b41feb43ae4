// The page's training worker (src/platform/worker_training_host.h starts it): its own
// WebAssembly instance of the engine (digitlab_trainer.js/.wasm, src/platform/
// training_worker_main.cpp) trains while the page's main thread draws.
//   in   ArrayBuffer: one command's bytes (src/app/training_codec.h), transferred
//   out  {events: ArrayBuffer|null, snapshot: ArrayBuffer|null}, both transferred;
//        {failed: "why"} if the engine could not load (the page then trains on its main thread)
// Training runs in pieces of kPieceSeconds; between two pieces the worker yields to its event
// loop through a MessageChannel (a zero-delay task: setTimeout(0) is clamped to 4 ms after a few
// nestings), so a command (pause, stop) is taken within one piece.
'use strict';

var kPieceSeconds = 0.015;
var waiting = [];  // commands that came before the engine was ready
var ready = false;
var scheduled = false;
var channel = new MessageChannel();

function failed(why) {
  self.postMessage({ failed: String(why) });
}

// Emscripten 3.1.6 leaves a failed fetch of the .wasm as an unhandled rejection (its
// instantiateAsync catches a bad response, not a network error): before the engine is ready,
// that is the engine failing to load.
self.addEventListener('unhandledrejection', function (event) {
  if (ready) return;
  var reason = event.reason;
  failed('its engine did not load: ' + (reason && reason.message ? reason.message : reason));
});

// The bytes the engine made (pointer, size) as a new ArrayBuffer of their own.
function copyOut(pointer, size) {
  return HEAPU8.slice(pointer, pointer + size).buffer;
}

function post() {
  var ready_bits = Module._digitlab_trainer_flush();
  if (!ready_bits) return;
  var message = { events: null, snapshot: null }, transfer = [];
  if (ready_bits & 1) {
    message.events = copyOut(Module._digitlab_trainer_events_data(),
                             Module._digitlab_trainer_events_size());
    transfer.push(message.events);
  }
  if (ready_bits & 2) {
    message.snapshot = copyOut(Module._digitlab_trainer_snapshot_data(),
                               Module._digitlab_trainer_snapshot_size());
    transfer.push(message.snapshot);
  }
  self.postMessage(message, transfer);
}

function schedule() {
  if (scheduled) return;
  scheduled = true;
  channel.port2.postMessage(0);
}

channel.port1.onmessage = function () {
  scheduled = false;
  var more = Module._digitlab_trainer_work(kPieceSeconds);
  post();
  if (more) schedule();
};

function command(buffer) {
  var bytes = new Uint8Array(buffer);
  var pointer = Module._malloc(Math.max(1, bytes.length));
  if (!pointer) {
    failed('out of memory for a ' + bytes.length + '-byte command');
    return;
  }
  HEAPU8.set(bytes, pointer);
  Module._digitlab_trainer_command(pointer, bytes.length);
  Module._free(pointer);
  post();
  schedule();  // a start or a resume: the next piece (nothing happens if there is no run)
}

self.onmessage = function (event) {
  if (!ready) {
    waiting.push(event.data);
    return;
  }
  command(event.data);
};

var Module = {
  onRuntimeInitialized: function () {
    ready = true;
    self.postMessage({ ready: true });
    for (var i = 0; i < waiting.length; ++i) command(waiting[i]);
    waiting = [];
  },
  onAbort: function (what) { failed(what); },
  print: function (text) { console.log('trainer: ' + text); },
  printErr: function (text) { console.warn('trainer: ' + text); },
};

try {
  importScripts('digitlab_trainer.js');
} catch (e) {
  failed('its script did not load: ' + (e && e.message ? e.message : e));
}
