// TrainingConfig: the one description of a training run, the network it makes and how it trains
// it. The CLI's flags and the app's training panel both fill one in, validate_config checks it
// with the same limits for both, presets name the recipes, and model files (version 2) keep the
// one that made a model. The default is the book's: 784-200-10 sigmoid, its loss, plain
// per-sample SGD at 0.1, file order.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "image/augment.h"
#include "network/network.h"
#include "result.h"

namespace digitlab {

// Stored in model files: the numbers are part of the format.
enum class Optimizer : uint32_t {
  Sgd = 1,       // w -= lr·g (the book, with its loss and batch 1)
  Momentum = 2,  // v = μ·v + g; w -= lr·v (PyTorch's form)
  Nesterov = 3,  // v = μ·v + g; w -= lr·(g + μ·v)
  Adam = 4,      // Kingma & Ba with bias correction; β1 0.9, β2 0.999, ε 1e-8
};
enum class Schedule : uint32_t {
  Constant = 1,
  Step = 2,    // the rate halves after each third of the run's epochs
  Cosine = 3,  // lr·½(1 + cos(π·done/total)), by sample, from lr down to 0 at the run's end
};
constexpr float kMomentum = 0.9f;
constexpr float kAdamBeta1 = 0.9f, kAdamBeta2 = 0.999f, kAdamEpsilon = 1e-8f;

const char* optimizer_name(Optimizer o);  // "sgd", "momentum", "nesterov", "adam"
const char* schedule_name(Schedule s);    // "constant", "step", "cosine"
bool is_known(Optimizer o);
bool is_known(Schedule s);

// Limits, the same for the CLI and the app.
constexpr int kMaxEpochs = 1000;
constexpr int kMaxBatch = 512;
constexpr int kMaxHiddenLayers = 4;
constexpr float kMaxWeightDecay = 1.0f;
// A mini-batch keeps every layer's activations and errors for all its samples: batch × the sum
// of the layer sizes floats, twice. Capped at 2^25 (128 MiB each), so a large batch on a wide
// network is a message, not a failed allocation.
constexpr uint64_t kMaxBatchValues = 1ull << 25;

struct TrainingConfig {
  // The network a run makes when it starts from scratch.
  Architecture architecture;  // the book's 784-200-10 by default
  Init init = Init::Book;
  uint64_t seed = 1;  // the initial weights' seed, and the shuffle's

  // How it trains.
  Optimizer optimizer = Optimizer::Sgd;
  float learning_rate = 0.1f;
  int batch_size = 1;  // samples per update; the update uses their mean gradient
  Schedule schedule = Schedule::Constant;
  float weight_decay = 0.0f;  // L2: adds weight_decay·w to the gradient of every weight
  int epochs = 1;
  bool shuffle = false;  // the book trains in file order; shuffling is seeded by seed
  // Each sample transformed on the fly (image/training_sample.h), drawn from seed and the
  // sample's index in the run; the book's copies make each epoch copies() times as long.
  AugmentConfig augment;

  bool operator==(const TrainingConfig& o) const;
  bool operator!=(const TrainingConfig& o) const { return !(*this == o); }
};

// True if the run is the book's rule exactly (its architecture, loss and update, plain SGD at a
// constant rate without decay), which the sparse per-sample engine and the book's batch mode run.
bool uses_book_rule(const TrainingConfig& c);

// A learning rate that usually trains well with this optimiser: Adam's 0.001 (the modern
// preset's), the book's 0.1 for the others. Presets and the saturation advice use it.
float usual_learning_rate(Optimizer o);

// A learning rate as people write it: 0.1, 1000, 1e-05 (not 1000.000000).
std::string learning_rate_text(float lr);
// Each check names the field and the allowed range.
Status validate_learning_rate(float lr);                               // finite, in (0, 100]
Status validate_batch_size(int batch, const std::vector<int>& sizes);  // 1..kMaxBatch, memory cap
Status validate_epochs(int epochs);                                    // 1..kMaxEpochs
// Everything: the architecture (check_architecture, at most kMaxHiddenLayers hidden layers), the
// known kinds, and the numbers above.
Status validate_config(const TrainingConfig& c);
// The same without the architecture's checks: how the run trains (the known init, optimizer and
// schedule, and the numbers above for c.architecture's sizes). validate_config calls it; so does
// the model loader, which checks a file's architecture itself and must keep loading models of
// more hidden layers than a run may make now (version-1 files allowed up to kMaxLayers).
Status validate_training(const TrainingConfig& c);

// Continuing a model, decided once for the CLI and the app: the run trains the model's own
// architecture (model_arch) with the run's training settings, checked by validate_training (a
// loaded model may have more hidden layers than a new run may make).
Result<TrainingConfig> continued_config(const Architecture& model_arch, TrainingConfig run);
// What a continued model's file records after the run: the run's settings, with the init and
// seed its weights were first drawn with (a seed given to continue only shuffled this run).
TrainingConfig recorded_config(const TrainingConfig& first_drawn, const TrainingConfig& run);

// The learning rate for the sample at sample_index (counted from the run's start) of a run of
// total_samples (epochs × samples per epoch), with the config's schedule.
float scheduled_rate(const TrainingConfig& c, size_t sample_index, size_t total_samples);

// Named recipes: "book-100", "book-200" (the book's 784-100-10 at lr 0.3 for 1 epoch and
// 784-200-10 at lr 0.1 for 5), "modern"
// (784-256-128-10 ReLU, biases, softmax-CE, Adam at 0.001, batch 32, He, shuffled, cosine),
// "strong" (the bundled model chosen for reading drawings: see its summary).
struct Preset {
  const char* name;
  const char* summary;  // one line for help texts and the app's tooltips
  TrainingConfig config;
};
const std::vector<Preset>& presets();
// The preset of that name, or a message listing the names.
Result<TrainingConfig> preset_config(const std::string& name);

// The kinds from the names above (and "leaky-relu", "softmax-ce" ...), or a message listing the
// names that exist.
Result<Activation> activation_from_name(const std::string& name);
Result<Loss> loss_from_name(const std::string& name);
Result<Init> init_from_name(const std::string& name);
Result<Optimizer> optimizer_from_name(const std::string& name);
Result<Schedule> schedule_from_name(const std::string& name);

// One line for a user: "784-256-128-10 relu, softmax-ce, biases; adam lr 0.001, batch 32, ...".
std::string describe(const TrainingConfig& c);

}  // namespace digitlab
