#include "training/trainer.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace digitlab {

std::string learning_rate_text(float lr) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", static_cast<double>(lr));  // 1000, not 1000.000000
  return text;
}

Status validate_learning_rate(float lr) {
  if (!std::isfinite(lr) || lr <= 0.0f || lr > 100.0f)
    return fail("learning rate must be a number in (0, 100], got " + learning_rate_text(lr));
  return Status::success();
}

Status validate_batch_size(int batch, const std::vector<int>& sizes) {
  if (batch < 1) return fail("the batch size must be 1 or more, got " + std::to_string(batch));
  uint64_t nodes = 0;
  for (int s : sizes) nodes += static_cast<uint64_t>(s);
  if (uint64_t(batch) * nodes > kMaxBatchValues)
    return fail("a batch of " + std::to_string(batch) + " on a network of " +
                std::to_string(nodes) + " nodes would hold " + std::to_string(batch * nodes) +
                " values; at most " + std::to_string(kMaxBatchValues) + " (batch " +
                std::to_string(nodes > 0 ? kMaxBatchValues / nodes : 0) + " here)");
  return Status::success();
}

Trainer::Trainer(Network& net, const Dataset& data, TrainerConfig config)
    : net_(net), data_(data), config_(config), shuffle_rng_(config.shuffle_seed) {
  assert(net.input_size() == static_cast<int>(data.pixels_per_image()));
  assert(validate_batch_size(config.batch_size, net.sizes()).ok());
  const bool reference = config.engine == EngineChoice::Reference;
  if (config.batch_size > 1)
    engine_ = std::make_unique<BatchEngine>(net, config.batch_size, reference);
  else if (reference)
    engine_ = std::make_unique<ReferenceEngine>();
  else
    engine_ = std::make_unique<SparseEngine>(net);
  stats_.finished = data.size() == 0 || config.epochs <= 0;
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
  if (batch > 1) budget = std::max(batch, budget / batch * batch);
  const size_t end = std::min(data_.size(), stats_.index_in_epoch + budget);
  const size_t done = end - stats_.index_in_epoch;
  const RunResult run = engine_->train(net_, data_, &order_[stats_.index_in_epoch], done,
                                       config_.learning_rate, stats_.samples_seen);
  const double loss = run.loss;
  // Divergence: the engine left the network as it was before this step. Stop with a message.
  if (!run.finite) {
    stats_.finished = true;
    stats_.error = "training diverged (weights became infinite or NaN) at learning rate " +
                   std::to_string(config_.learning_rate) +
                   "; the network was restored to its state before this step";
    return 0;
  }
  stats_.index_in_epoch = end;
  stats_.samples_seen += done;
  stats_.epoch_loss_sum += loss;
  stats_.last_step_loss = loss / static_cast<double>(done);
  if (end == data_.size()) {
    epoch_ended_ = true;
    stats_.epoch += 1;
    if (stats_.epoch >= config_.epochs)
      stats_.finished = true;
    else
      start_epoch();
  }
  return done;
}

}  // namespace digitlab
