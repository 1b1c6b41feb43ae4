// TrainingConfig's names, limits, schedule and presets (training_config.h).
#include "training/training_config.h"

#include <cmath>
#include <cstdio>

#include "data/dataset.h"
#include "image/augment_spec.h"
#include "number_text.h"

namespace digitlab {
namespace {

constexpr double kPi = 3.14159265358979323846;

// The kind whose name() is `name`, trying codes 1, 2, ... while is_known; or a message naming
// what was asked for and every name there is.
template <typename Kind, typename Name>
Result<Kind> from_name(const std::string& name, const char* what, Name kind_name) {
  std::string names;
  for (uint32_t code = 1;; ++code) {
    const Kind kind = static_cast<Kind>(code);
    if (!is_known(kind)) break;
    if (*kind_name(kind) == '\0') continue;  // a kind not offered under this name
    if (name == kind_name(kind)) return kind;
    names += (names.empty() ? "" : ", ") + std::string(kind_name(kind));
  }
  return fail("unknown " + std::string(what) + " '" + name + "' (one of: " + names + ")");
}

TrainingConfig book(int hidden, float learning_rate, int epochs) {
  TrainingConfig c;
  c.architecture.sizes = {784, hidden, 10};
  c.learning_rate = learning_rate;
  c.epochs = epochs;
  return c;
}

TrainingConfig modern() {
  TrainingConfig c;
  c.architecture.sizes = {784, 256, 128, 10};
  c.architecture.hidden = Activation::Relu;
  c.architecture.loss = Loss::SoftmaxCrossEntropy;
  c.architecture.bias = true;
  c.init = Init::He;
  c.optimizer = Optimizer::Adam;
  c.learning_rate = usual_learning_rate(Optimizer::Adam);
  c.batch_size = 32;
  c.schedule = Schedule::Cosine;
  c.epochs = 5;
  c.shuffle = true;
  return c;
}

// Chosen for reading drawings (README, "Bundled models"): a wide ReLU layer trained on digits
// turned, slanted and thickened or thinned, re-centred as drawings are. The build trains it on
// MNIST and pen-drawn digits (tests/drawn) together.
TrainingConfig strong() {
  TrainingConfig c = modern();
  c.architecture.sizes = {784, 512, 10};
  c.epochs = 12;
  c.augment.rotate_degrees = 10;
  c.augment.shear = 0.3f;
  c.augment.thickness = 1;
  return c;
}

// The strongest MLP recipe here (README, "Key figures"): two wide ReLU layers on digits distorted
// as Simard et al. (2003) did, turned, resized, slanted and made elastic, for 30 epochs.
TrainingConfig deep_elastic() {
  TrainingConfig c = modern();
  c.architecture.sizes = {784, 800, 800, 10};
  c.batch_size = 64;
  c.epochs = 30;
  c.augment.rotate_degrees = 10;
  c.augment.scale = 0.1f;
  c.augment.shear = 0.2f;
  c.augment.elastic_alpha = 20;
  c.augment.elastic_sigma = 4;
  c.augment.thickness = 0.5f;
  c.augment.centre = false;
  return c;
}

}  // namespace

const char* optimizer_name(Optimizer o) {
  switch (o) {
    case Optimizer::Sgd:
      return "sgd";
    case Optimizer::Momentum:
      return "momentum";
    case Optimizer::Nesterov:
      return "nesterov";
    case Optimizer::Adam:
      return "adam";
  }
  return "unknown";
}

const char* schedule_name(Schedule s) {
  switch (s) {
    case Schedule::Constant:
      return "constant";
    case Schedule::Step:
      return "step";
    case Schedule::Cosine:
      return "cosine";
  }
  return "unknown";
}

bool is_known(Optimizer o) {
  return o >= Optimizer::Sgd && o <= Optimizer::Adam;
}

bool is_known(Schedule s) {
  return s >= Schedule::Constant && s <= Schedule::Cosine;
}

bool TrainingConfig::operator==(const TrainingConfig& o) const {
  return architecture == o.architecture && init == o.init && seed == o.seed &&
         optimizer == o.optimizer && learning_rate == o.learning_rate &&
         batch_size == o.batch_size && schedule == o.schedule && weight_decay == o.weight_decay &&
         epochs == o.epochs && shuffle == o.shuffle && augment == o.augment;
}

bool uses_book_rule(const TrainingConfig& c) {
  return c.architecture.is_book() && c.optimizer == Optimizer::Sgd &&
         c.schedule == Schedule::Constant && c.weight_decay == 0.0f;
}

float usual_learning_rate(Optimizer o) {
  return o == Optimizer::Adam ? 0.001f : 0.1f;
}

std::string learning_rate_text(float lr) {
  return number_text(lr);  // 1000, not 1000.000000
}

Status validate_learning_rate(float lr) {
  if (!std::isfinite(lr) || lr <= 0.0f || lr > 100.0f)
    return fail("learning rate must be a number in (0, 100], got " + learning_rate_text(lr));
  return Status::success();
}

Status validate_batch_size(int batch, const std::vector<int>& sizes) {
  if (batch < 1 || batch > kMaxBatch)
    return fail("the batch size must be 1 to " + std::to_string(kMaxBatch) + ", got " +
                std::to_string(batch));
  uint64_t nodes = 0;
  for (int s : sizes) nodes += static_cast<uint64_t>(s);
  if (uint64_t(batch) * nodes > kMaxBatchValues)
    return fail("a batch of " + std::to_string(batch) + " on a network of " +
                std::to_string(nodes) + " nodes would hold " + std::to_string(batch * nodes) +
                " values; at most " + std::to_string(kMaxBatchValues) + " (batch " +
                std::to_string(nodes > 0 ? kMaxBatchValues / nodes : 0) + " here)");
  return Status::success();
}

Status validate_epochs(int epochs) {
  if (epochs < 1 || epochs > kMaxEpochs)
    return fail("epochs must be 1 to " + std::to_string(kMaxEpochs) + ", got " +
                std::to_string(epochs));
  return Status::success();
}

Status validate_config(const TrainingConfig& c) {
  const Architecture& arch = c.architecture;
  if (Status s = check_architecture(arch); !s) return s;
  if (arch.weight_layers() - 1 > kMaxHiddenLayers)
    return fail("at most " + std::to_string(kMaxHiddenLayers) + " hidden layers, got " +
                std::to_string(arch.weight_layers() - 1));
  return validate_training(c);
}

Status validate_training(const TrainingConfig& c) {
  const Architecture& arch = c.architecture;
  if (!is_known(c.init))
    return fail("unknown initialisation (code " + std::to_string(uint32_t(c.init)) + ")");
  if (!is_known(c.optimizer))
    return fail("unknown optimizer (code " + std::to_string(uint32_t(c.optimizer)) + ")");
  if (!is_known(c.schedule))
    return fail("unknown schedule (code " + std::to_string(uint32_t(c.schedule)) + ")");
  if (Status s = validate_learning_rate(c.learning_rate); !s) return s;
  if (Status s = validate_batch_size(c.batch_size, arch.sizes); !s) return s;
  if (Status s = validate_epochs(c.epochs); !s) return s;
  if (!std::isfinite(c.weight_decay) || c.weight_decay < 0.0f || c.weight_decay > kMaxWeightDecay)
    return fail("weight decay must be a number in [0, " + number_text(kMaxWeightDecay) + "], got " +
                number_text(c.weight_decay));
  if (Status s = validate_augment(c.augment); !s) return fail("augment: " + s.error());
  if ((c.augment.any() || c.augment.copies() > 1) && arch.sizes.front() != kImagePixels)
    return fail("augmentation needs 28x28 images (784 inputs)");
  return Status::success();
}

Result<TrainingConfig> continued_config(const Architecture& model_arch, TrainingConfig run) {
  run.architecture = model_arch;
  if (Status s = validate_training(run); !s) return fail(s.error());
  return run;
}

TrainingConfig recorded_config(const TrainingConfig& first_drawn, const TrainingConfig& run) {
  TrainingConfig c = run;
  c.seed = first_drawn.seed;
  c.init = first_drawn.init;
  return c;
}

float scheduled_rate(const TrainingConfig& c, size_t sample_index, size_t total_samples) {
  const float lr = c.learning_rate;
  if (c.schedule == Schedule::Constant || total_samples == 0) return lr;
  const double done = static_cast<double>(std::min(sample_index, total_samples)) /
                      static_cast<double>(total_samples);
  if (c.schedule == Schedule::Step) {
    // Halves after each third of the run: lr, lr/2, lr/4.
    const int thirds = std::min(2, static_cast<int>(done * 3.0));
    return lr / static_cast<float>(1 << thirds);
  }
  return static_cast<float>(lr * 0.5 * (1.0 + std::cos(kPi * done)));
}

const std::vector<Preset>& presets() {
  static const std::vector<Preset> list = {
      {"book-100", "the book's first network, 784-100-10 at lr 0.3 for 1 epoch (about 94.7%)",
       book(100, 0.3f, 1)},
      {"book-200", "the book's headline 784-200-10 at lr 0.1 for 5 epochs (about 97.5%)",
       book(200, 0.1f, 5)},
      {"modern", "784-256-128-10 ReLU with biases, softmax + cross-entropy, Adam 0.001, batch 32",
       modern()},
      {"strong",
       "784-512-10 ReLU, softmax + cross-entropy, Adam, on turned, slanted, thicker and thinner "
       "digits (the bundled one also on 5,000 pen-drawn digits): for reading drawings",
       strong()},
      {"deep-elastic",
       "784-800-800-10 ReLU on elastically distorted digits, 30 epochs: the strongest MLP on "
       "MNIST here, and the slowest",
       deep_elastic()},
  };
  return list;
}

Result<TrainingConfig> preset_config(const std::string& name) {
  std::string names;
  for (const Preset& p : presets()) {
    if (name == p.name) return p.config;
    names += (names.empty() ? "" : ", ") + std::string(p.name);
  }
  return fail("unknown preset '" + name + "' (one of: " + names + ")");
}

Result<Activation> activation_from_name(const std::string& name) {
  // Softmax is the output's, chosen by the loss: not a hidden layer's activation.
  if (name == activation_name(Activation::Softmax))
    return fail("softmax is the output layer's activation: choose it with --loss softmax-ce");
  auto hidden = [](Activation a) { return a == Activation::Softmax ? "" : activation_name(a); };
  return from_name<Activation>(name, "activation", hidden);
}

Result<Loss> loss_from_name(const std::string& name) {
  return from_name<Loss>(name, "loss", loss_name);
}

Result<Init> init_from_name(const std::string& name) {
  return from_name<Init>(name, "initialisation", init_name);
}

Result<Optimizer> optimizer_from_name(const std::string& name) {
  return from_name<Optimizer>(name, "optimizer", optimizer_name);
}

Result<Schedule> schedule_from_name(const std::string& name) {
  return from_name<Schedule>(name, "schedule", schedule_name);
}

std::string describe(const TrainingConfig& c) {
  std::string text = describe(c.architecture) + "; " + optimizer_name(c.optimizer) + " lr " +
                     learning_rate_text(c.learning_rate);
  if (c.batch_size > 1) text += ", batch " + std::to_string(c.batch_size);
  if (c.schedule != Schedule::Constant) text += std::string(", ") + schedule_name(c.schedule);
  if (c.weight_decay > 0.0f) text += ", weight decay " + number_text(c.weight_decay);
  if (c.init != Init::Book) text += std::string(", ") + init_name(c.init) + " init";
  if (c.shuffle) text += ", shuffled";
  if (c.augment != AugmentConfig{}) text += ", augment " + augment_text(c.augment);
  return text;
}

}  // namespace digitlab
