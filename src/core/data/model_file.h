// Model files (.dlm): a small versioned binary format, little-endian throughout.
//
//   offset  field
//   0       magic "DLMD" (4 bytes)
//   4       u32 version (1)
//   8       u32 activation (1 = sigmoid)
//   12      u32 layer count L, then L × u32 layer sizes
//   ...     f32 learning rate, u32 epochs seen, u64 seed, u64 samples seen
//   ...     u64 weight count, then that many f32 weights (Network::weights() order)
//   end-4   u32 CRC-32 of every byte before it
//
// Loading checks all of it and returns either a whole model or a message; never half a model.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "network/network.h"
#include "result.h"

namespace digitlab {

struct TrainingSettings {
  float learning_rate = 0.1f;
  uint32_t epochs = 0;        // whole epochs trained so far
  uint64_t seed = 0;          // the initialisation seed
  uint64_t samples_seen = 0;  // per-sample steps taken so far
};

struct Model {
  Network network;
  TrainingSettings settings;
};

// The largest weight magnitude a model may have. Honest training stays far below it (the
// book's network has |w| < 3 after 5 epochs at lr 0.1; even lr 100, the most the trainer
// accepts, saturates at a few hundred), while weights near float's limit make the forward
// pass overflow to infinity and NaN. Under the bound, with sigmoid activations in 0..1, every
// sum a layer makes stays finite (at most kMaxLayerWidth x 1e6), so a loaded model's outputs are
// numbers.
constexpr float kMaxWeightMagnitude = 1e6f;

// Every weight finite and within kMaxWeightMagnitude, or a message naming the first that is not.
// load_model checks it; whoever writes a model for a user (CLI --out, the app's keep,
// download and save) checks it before save_model, so no file is written that would not load.
Status check_model_weights(const Network& net);

// The longest file save_model can write: kMaxLayers layer sizes and kMaxWeights weights (the
// layout above). A file that starts like a model but is longer cannot load, so whoever only
// needs to know (the desktop's Save question) need not read it whole.
constexpr uint64_t kMaxModelFileBytes =
    4 + 4 + 4 + 4 + 4 * uint64_t(kMaxLayers) + 4 + 4 + 8 + 8 + 8 + 4 * kMaxWeights + 4;

std::vector<uint8_t> save_model(const Model& model);
Result<Model> load_model(const uint8_t* data, size_t size);
// Whether the bytes start like a model file ("DLMD"); load_model() checks the rest.
bool has_model_magic(const uint8_t* data, size_t size);

}  // namespace digitlab

namespace digitlab {
// A model that loaded fine may still be the wrong shape for the data at hand.
Status check_model_shape(const Network& net, int inputs, int outputs);
}  // namespace digitlab
