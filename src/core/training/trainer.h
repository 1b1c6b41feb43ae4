// Trainer: per-sample training that steps, never loops (STYLE 9). step(budget) trains at most
// `budget` samples and returns; the CLI calls it in a loop, the app once per frame. Stats are a
// plain struct the caller reads. A step whose loss turns non-finite (a diverging learning rate)
// is undone and reported: the network is left as it was before that step.
//
// The work is done by an engine (training/engines.h): per sample, SparseEngine (the book's rule,
// touching only the non-background pixels); per mini-batch, BatchEngine on matrix products;
// EngineChoice::Reference picks the plain loops instead (Network::train, gemm_naive) to compare.
// With every engine the result depends only on the samples, not on how they are sliced into
// steps.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "network/network.h"
#include "result.h"
#include "training/engines.h"

namespace digitlab {

enum class EngineChoice : uint8_t {
  Fast,       // SparseEngine per sample, BatchEngine with the blocked matrix product
  Reference,  // Network::train per sample, BatchEngine with gemm_naive: the plain loops
};

struct TrainerConfig {
  float learning_rate = 0.1f;
  int epochs = 1;
  bool shuffle = false;  // the book trains in file order; shuffling is an addition
  uint64_t shuffle_seed = 1;
  // Samples per update. 1 is the book. B > 1 updates once per B samples by the MEAN of their
  // per-sample book updates, all taken at the weights of the batch's start (training/engines.h).
  int batch_size = 1;
  EngineChoice engine = EngineChoice::Fast;
};

struct TrainerStats {
  int epoch = 0;                // current epoch, 0-based; == epochs when finished
  size_t index_in_epoch = 0;    // samples done in the current epoch
  size_t samples_seen = 0;      // samples done in total
  double epoch_loss_sum = 0.0;  // Σ ½·Σ(t-o)² over this epoch so far
  double last_step_loss = 0.0;  // mean loss of the last step() call
  bool finished = false;
  std::string error;  // set if training stopped on a problem (network restored)
};

// Checks a learning rate a user typed: finite and in (0, 100].
// A learning rate as people write it: 0.1, 1000, 1e-05 (not 1000.000000).
std::string learning_rate_text(float lr);
Status validate_learning_rate(float lr);

// A mini-batch keeps every layer's activations and errors for all its samples: batch × the sum
// of the layer sizes floats, twice. Capped at 2^25 (128 MiB each), i.e. batches of up to
// 33,000 for the book's 784-200-10, so a large --batch on a wide network is a message, not a
// failed allocation.
constexpr uint64_t kMaxBatchValues = 1ull << 25;
// Epochs in one run, for the CLI and the app alike.
constexpr int kMaxEpochs = 1000;
// Checks a batch size a user typed for a network of these sizes: 1 or more, within the cap.
Status validate_batch_size(int batch, const std::vector<int>& sizes);

class Trainer {
 public:
  // net and data must outlive the trainer. data's images must match net's input size.
  Trainer(Network& net, const Dataset& data, TrainerConfig config);

  // Train up to budget samples (stopping at an epoch's end so the caller can evaluate).
  // With batch_size B > 1 that is whole batches: budget rounded down to a multiple of B, but
  // at least one batch. Returns the number of samples trained.
  size_t step(size_t budget);
  bool epoch_just_ended() const { return epoch_ended_; }
  const TrainerStats& stats() const { return stats_; }
  const TrainerConfig& config() const { return config_; }
  size_t samples_per_epoch() const { return data_.size(); }

 private:
  void start_epoch();

  Network& net_;
  const Dataset& data_;
  TrainerConfig config_;
  TrainerStats stats_;
  std::vector<uint32_t> order_;
  std::unique_ptr<Engine> engine_;
  Rng shuffle_rng_;
  bool epoch_ended_ = false;
};

}  // namespace digitlab
