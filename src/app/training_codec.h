// The training protocol's messages as bytes, for a host that cannot share memory with the UI:
// the page's Web Worker (src/platform/worker_training_host.h, web/training_worker.js) gets its
// commands and sends its events and snapshots back as ArrayBuffers. Platform-free: the native
// tests round-trip every message. Decoding checks every length and value and refuses damaged
// bytes with a message (a Result, never a crash or a half-built message).
//
// Layout (little-endian; f32/f64 IEEE-754 bit for bit; str = u32 length + UTF-8 bytes):
//   every message   u32 magic "DLTP", u8 version 2, u8 kind, then the kind's body; no trailing
//   bytes 1 SetData       dataset? train, dataset? test   (dataset? = u8 present, then u32 rows,
//                   u32 cols, u64 n, rows·cols·n pixel bytes, n label bytes 0..9)
//   2 Start         u32 run, u64 n, n bytes of the model file (data/model_file.h: the network
//                   and the whole TrainingConfig, augmentation included, checked by load_model
//                   with WeightBound::kFiniteOnly: any finite weights, not the file's bound;
//                   config.architecture arrives as the network's, the one a run trains)
//   3 Pause, 5 Stop no body
//   4 Resume        u64 n, n × f32 weights, u64 m, m × f32 biases (n = 0: unchanged)
//   16 Events       u32 count, then per event a u8 kind and its body:
//                     1 Progress    u32 run, u64 samples, u64 samples_total, i32 epochs_done,
//                                   u32 n, n × (u64 samples, f64 loss), u32 m, m × point
//                                   (point = u64 samples, evaluation, u8 full, i32 epoch,
//                                   str warning, u64 fingerprint, u8 details?, details),
//                                   u8 testing, f64 test_seconds (finite, >= 0)
//                     2 RunEnded    u32 run, u8 how (0 finished, 1 stopped, 2 failed), str message
//                     3 Refused     u32 run, str message
//                     4 HostNote    str message
//   32 Snapshot     u32 run, u64 samples, i32 epochs_done, u64 n, n × f32 weights, u64 m,
//                   m × f32 biases
// An evaluation is u64 total, correct, non_finite, 100 × u32 confusion, 10 × f32 low, 10 × f32
// high (checked: the cells and non_finite add up to total, the diagonal to correct); details
// are u64 kept, per cell (actual-major) u64 n, n × u64 image, n × f32 confidence, then u32 k,
// k × (u64 image, u8 actual, u8 predicted, 10 × f32 outputs), rebuilt by
// EvaluationDetails::from_parts and checked against the evaluation's cells. Every u64 count or
// index must fit the reader's size_t (32 bits in WebAssembly); epoch counts (i32) are >= 0.
// Image indices are not checked against a test set here (the codec does not know it): the
// Evaluation view skips any beyond the test set it shows.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "result.h"
#include "training_protocol.h"

namespace digitlab {

std::vector<uint8_t> encode_command(const TrainingCommand& command);
Result<TrainingCommand> decode_command(const uint8_t* data, size_t size);

// Events go in batches: what a worker has gathered between two posts.
std::vector<uint8_t> encode_events(const std::vector<TrainingEvent>& events);
Result<std::vector<TrainingEvent>> decode_events(const uint8_t* data, size_t size);

std::vector<uint8_t> encode_snapshot(const WeightSnapshot& snapshot);
Result<WeightSnapshot> decode_snapshot(const uint8_t* data, size_t size);

}  // namespace digitlab
