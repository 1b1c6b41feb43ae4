// Model files (.dlm): a network, the training settings that made it and how far it has trained,
// in a small versioned binary format. Little-endian throughout; f32 is IEEE-754 binary32, stored
// bit for bit. The codes of the kinds (activation, loss, init, optimizer, schedule) are the
// enums' values in network/layer_math.h, network/network.h and training/training_config.h.
//
// Version 2, what save_model writes. L is the layer count (input and output included), W the
// weight count, B the bias count; H = 16 + 16·(L-1) is where the training settings start.
//
//   offset  bytes  field
//   0       4      magic "DLMD"
//   4       4      u32 version: 2
//   8       4      u32 L: 2 to kMaxLayers
//   12      4      u32 input size: 1 to kMaxLayerWidth
//   16      16     one record per weight layer, the input's side first (L-1 records):
//                    +0  u32 layer kind: 1 = dense, z = W·a (+ b) (the only kind so far)
//                    +4  u32 nodes: 1 to kMaxLayerWidth
//                    +8  u32 activation: 1 sigmoid, 2 tanh, 3 relu, 4 leaky relu, 5 softmax
//                    +12 u32 bias: 0 = none, 1 = one per node
//   H       4      u32 loss: 1 book, 2 mse, 3 softmax-ce
//   H+4     4      u32 init: 1 book, 2 he, 3 glorot
//   H+8     8      u64 seed (the initial weights' and the shuffle's)
//   H+16    4      u32 optimizer: 1 sgd, 2 momentum, 3 nesterov, 4 adam
//   H+20    4      f32 learning rate
//   H+24    4      u32 batch size
//   H+28    4      u32 schedule: 1 constant, 2 step, 3 cosine
//   H+32    4      f32 weight decay
//   H+36    4      u32 epochs of the run
//   H+40    4      u32 shuffle: 0 or 1
//   H+44    4      u32 epochs seen (whole epochs, over every run that trained the model)
//   H+48    8      u64 samples seen (per-sample steps, likewise)
//   H+56    8      u64 W: Σ sizes[l]·sizes[l+1]
//   H+64    8      u64 B: Σ sizes[l+1] with biases, else 0
//   H+72    4·W    f32 weights, Network::weights() order: W_0 row-major (sizes[1] rows of
//                  sizes[0]), then W_1, ...
//   ...     4·B    f32 biases, Network::biases() order: b_0 (sizes[1]), then b_1, ...
//   end-4   4      u32 CRC-32 (zlib's) of every byte before it
//
// Version 3, what save_model writes for a model trained with augmentation (a model without
// keeps version 2's bytes, which digitlabs before issue 11 read): version 2 with the version
// field 3 and, between the shuffle flag (H+40) and the epochs seen, 36 bytes of its settings
// (image/augment.h), so every later field moves down by 36:
//   H+44    4·8    f32 rotate degrees, scale, shear, shift pixels, elastic alpha, elastic
//                  sigma, thickness, copies degrees
//   H+76    4      u32 centre: 0 or 1
// A version-3 file whose settings are all the defaults is refused: that model's one file is
// version 2.
//
// A digitlab network has one activation for all hidden layers, the output's is the one its loss
// needs (softmax for softmax-ce, else sigmoid), and biases on every layer or none: a file that
// says otherwise is refused, so each model has exactly one file (flags are 0 or 1, nothing
// else). With no hidden layer the hidden activation is not stored (it loads as sigmoid).
//
// Version 1 (digitlab before issue 9; still read, never written): the book's network only.
//
//   0       4      magic "DLMD"
//   4       4      u32 version: 1
//   8       4      u32 activation: 1 (sigmoid, the only one)
//   12      4      u32 L, then L × u32 layer sizes, input first
//   16+4L   4      f32 learning rate
//   20+4L   4      u32 epochs seen
//   24+4L   8      u64 seed
//   32+4L   8      u64 samples seen
//   40+4L   8      u64 W, then W × f32 weights (as in version 2)
//   end-4   4      u32 CRC-32 of every byte before it
//
// It loads as the book's architecture (sigmoid, the book's loss, no biases) with the book's
// training settings (init, plain SGD, batch 1, constant rate, no decay, file order) and the
// file's learning rate and seed; the run's epochs are taken to be the epochs seen (at least 1,
// at most kMaxEpochs), which is what the CLI and the app wrote for a model trained in one run.
//
// Why save_model always writes version 2, even for the book's network: one writer and one layout
// to test and fuzz, and a book model saved again keeps the settings it was trained with (v1
// would drop the batch size and the shuffle). The cost is that a digitlab from before issue 9
// cannot read the new files.
//
// Loading checks all of it (unknown version or codes, inconsistent header, settings out of
// validate_training's limits, counts that do not match the sizes, truncation, trailing bytes,
// the CRC, weights and biases beyond kMaxWeightMagnitude) and returns a whole model or a message
// naming the problem; never half a model. The shape is checked against the core's caps
// (check_network_shape) before anything is allocated for the weights.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "network/network.h"
#include "result.h"
#include "training/training_config.h"

namespace digitlab {

// How far training has taken a model, over all the runs that trained it.
struct TrainingProgress {
  uint32_t epochs = 0;   // whole epochs
  uint64_t samples = 0;  // per-sample steps
};

struct Model {
  Network network;
  // The run that made the model (for a model trained further, its latest run, with the seed it
  // was first drawn from). config.architecture is the network's: save_model writes the network's
  // and load_model sets both.
  TrainingConfig config;
  TrainingProgress progress;
};

// The largest weight or bias magnitude a model may have. Honest training stays far below it (the
// book's network has |w| < 3 after 5 epochs at lr 0.1; even lr 100, the most the trainer
// accepts, saturates at a few hundred), while values near float's limit make the forward pass
// overflow to infinity and NaN. Under the bound, with bounded hidden activations (sigmoid, tanh:
// |a| ≤ 1), every sum a layer makes stays finite (at most kMaxLayerWidth x 1e6 + 1e6). ReLU
// layers are unbounded: a deep ReLU network near the bound can still overflow, which
// check_outputs (network/evaluate.h) reports.
constexpr float kMaxWeightMagnitude = 1e6f;

// What a model's values are checked against. kModelFile: finite and within kMaxWeightMagnitude,
// for files a user keeps and loads. kFiniteOnly: finite, for a model that is not a file but the
// network of a run in transit (the page's training worker gets its Start as a model's bytes,
// training_codec.h): a run may start from any network the other hosts would train, and the
// bound is the file's decision, taken when the result is kept or saved.
enum class WeightBound { kModelFile, kFiniteOnly };

// Every weight and bias finite and (kModelFile) within kMaxWeightMagnitude, or a message naming
// the first that is not. load_model checks it; whoever writes a model for a user (CLI --out, the
// app's keep, download and save) checks it before save_model, so no file is written that would
// not load.
Status check_model_weights(const Network& net, WeightBound bound = WeightBound::kModelFile);

// The longest file save_model can write: the version-3 layout with kMaxLayers layers,
// kMaxWeights weights and a bias for each node of kMaxLayers - 1 layers of kMaxLayerWidth (more
// than any one network can have with the weights at their cap, so a true bound). Version-1 files
// are shorter still. A file that starts like a model but is longer cannot load, so whoever only
// needs to know (the desktop's Save question) need not read it whole.
constexpr uint64_t kMaxModelFileBytes = 16 + 16 * uint64_t(kMaxLayers - 1) + 72 + 36 +
                                        4 * kMaxWeights +
                                        4 * uint64_t(kMaxLayers - 1) * kMaxLayerWidth + 4;

// The bytes of a model (the layout above): version 2, or version 3 if it was trained with
// augmentation.
std::vector<uint8_t> save_model(const Model& model);
// A model from a version-1, 2 or 3 file, or a message naming what is wrong with it. Its values
// are checked against `bound` (kModelFile for every file; kFiniteOnly for the training codec).
Result<Model> load_model(const uint8_t* data, size_t size,
                         WeightBound bound = WeightBound::kModelFile);
// Whether the bytes start like a model file ("DLMD"); load_model() checks the rest.
bool has_model_magic(const uint8_t* data, size_t size);

// A model that loaded fine may still be the wrong shape for the data at hand.
Status check_model_shape(const Network& net, int inputs, int outputs);

// The one loader for models that classify digits (the CLI, the app, uploads): load_model, then
// check_model_shape against 28x28 inputs (kImagePixels) and kClasses outputs.
Result<Model> load_digit_model(const uint8_t* data, size_t size);

}  // namespace digitlab
