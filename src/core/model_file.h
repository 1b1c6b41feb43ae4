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

#include "network.h"
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

std::vector<uint8_t> save_model(const Model& model);
Result<Model> load_model(const uint8_t* data, size_t size);
// Whether the bytes start like a model file ("DLMD"); load_model() checks the rest.
bool has_model_magic(const uint8_t* data, size_t size);

}  // namespace digitlab

namespace digitlab {
// A model that loaded fine may still be the wrong shape for the data at hand.
Status check_model_shape(const Network& net, int inputs, int outputs);
}  // namespace digitlab
