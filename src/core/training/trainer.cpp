#include "training/trainer.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "image/training_sample.h"

namespace digitlab {

Network make_network(const TrainingConfig& config) {
  return Network(config.architecture, config.seed, config.init);
}

Trainer::Trainer(Network& net, const Dataset& data, TrainingConfig config, EngineChoice choice)
    : net_(net), data_(data), config_(std::move(config)), shuffle_rng_(config_.seed) {
  config_.architecture = net.architecture();  // the network trained is net, whatever made it
  assert(net.input_size() == static_cast<int>(data.pixels_per_image()));
  // The caller validates what a user typed (validate_config); here only what would break the
  // engines, so the tests can force a divergence with a learning rate no user may give.
  assert(check_architecture(config_.architecture).ok());
  assert(validate_batch_size(config_.batch_size, config_.architecture.sizes).ok());
  const AugmentConfig& augment = config_.augment;
  augmenting_ = augment.any() || augment.copies() > 1;
  epoch_size_ = data.size() * static_cast<size_t>(augment.copies());
  assert(!augmenting_ || (data.rows == kImageSide && data.cols == kImageSide));
  const bool reference = choice == EngineChoice::Reference;
  const bool per_sample_sgd = config_.batch_size == 1 && config_.optimizer == Optimizer::Sgd &&
                              config_.schedule == Schedule::Constant &&
                              config_.weight_decay == 0.0f;
  if (reference && per_sample_sgd)
    engine_ = std::make_unique<ReferenceEngine>(config_.learning_rate);
  else if (uses_book_rule(config_) && config_.batch_size == 1)
    engine_ = std::make_unique<SparseEngine>(net, config_.learning_rate);
  else
    engine_ = std::make_unique<BatchEngine>(net, config_, epoch_size_ * size_t(config_.epochs),
                                            reference);
  stats_.finished = data.size() == 0 || config_.epochs <= 0;
  if (!stats_.finished) start_epoch();
}

void Trainer::start_epoch() {
  order_.resize(data_.size());
  std::iota(order_.begin(), order_.end(), 0u);
  if (config_.shuffle)  // Fisher-Yates with the explicit RNG: reproducible everywhere
    for (size_t i = order_.size(); i > 1; --i)
      std::swap(order_[i - 1], order_[shuffle_rng_.below(static_cast<uint32_t>(i))]);
  stats_.index_in_epoch = 0;
  stats_.epoch_loss_sum = 0.0;
}

size_t Trainer::step(size_t budget) {
  epoch_ended_ = false;
  if (stats_.finished || budget == 0) return 0;
  const size_t batch = static_cast<size_t>(config_.batch_size);
  // An augmented step makes its samples first: at most kAugmentPiece of them (whole batches).
  if (augmenting_) budget = std::min(budget, std::max<size_t>(1, kAugmentPiece / batch) * batch);
  if (batch > 1) budget = std::max(batch, budget / batch * batch);
  const size_t end = std::min(epoch_size_, stats_.index_in_epoch + budget);
  const size_t done = end - stats_.index_in_epoch;
  const RunResult run = train_range(stats_.index_in_epoch, end);
  const double loss = run.loss;
  // Divergence: the engine left the network as it was before this step. Stop with a message.
  if (!run.finite) {
    stats_.finished = true;
    stats_.error = "training diverged (weights became infinite or NaN) at learning rate " +
                   learning_rate_text(config_.learning_rate) +
                   "; the network was restored to its state before this step";
    return 0;
  }
  stats_.index_in_epoch = end;
  stats_.samples_seen += done;
  stats_.epoch_loss_sum += loss;
  stats_.last_step_loss = loss / static_cast<double>(done);
  if (end == epoch_size_) {
    epoch_ended_ = true;
    stats_.epoch += 1;
    if (stats_.epoch >= config_.epochs)
      stats_.finished = true;
    else
      start_epoch();
  }
  return done;
}

RunResult Trainer::train_range(size_t begin, size_t end) {
  const size_t first_index = stats_.samples_seen;
  if (!augmenting_) return engine_->train(net_, data_, &order_[begin], end - begin, first_index);
  const size_t count = end - begin, copies = static_cast<size_t>(config_.augment.copies());
  const size_t pixels = data_.pixels_per_image();
  made_.rows = data_.rows;
  made_.cols = data_.cols;
  made_.pixels.resize(count * pixels);
  made_.labels.resize(count);
  made_order_.resize(count);
  for (size_t k = 0; k < count; ++k) {
    // Position p of the epoch is version p % copies of image order_[p / copies]: each image
    // and then its copies, as the book trains them.
    const size_t p = begin + k;
    const uint32_t image = order_[p / copies];
    training_sample(data_.image(image), made_.pixels.data() + k * pixels, data_.rows,
                    config_.augment, static_cast<int>(p % copies), config_.seed, first_index + k);
    made_.labels[k] = data_.labels[image];
    made_order_[k] = static_cast<uint32_t>(k);
  }
  return engine_->train(net_, made_, made_order_.data(), count, first_index);
}

}  // namespace digitlab
