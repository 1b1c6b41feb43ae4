// Trainer: training that steps, never loops (STYLE 9). step(budget) trains at most `budget`
// samples and returns; the CLI calls it in a loop, the app once per frame. Stats are a plain
// struct the caller reads. A step whose loss turns non-finite (a diverging learning rate) is
// undone and reported: the network is left as it was before that step.
//
// The work is done by an engine (engines.h), picked from the config: the book's rule at batch 1
// runs on the sparse per-sample engine; everything else (other losses, optimisers, schedules,
// mini-batches) on the batch engine. EngineChoice::Reference picks the plain loops instead, to
// compare. With every engine the result depends only on the samples, not on how they are sliced
// into steps.
//
// With augmentation (config.augment) each step's samples are made on the fly into a small
// dataset of their own (image/training_sample.h: the book's copies, the random transforms,
// the centring), which the engine trains on; an epoch is then copies() times the data's size.
// Without it the engine reads the data directly, bit for bit as before.
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
#include "training/training_config.h"

namespace digitlab {

enum class EngineChoice : uint8_t {
  Fast,       // the sparse per-sample engine for the book's rule, else the batch engine
  Reference,  // the reference engine per sample (the book's rule at batch 1), else the batch
              // engine on the naive matrix product: the plain loops
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

// A new network as the config describes: its architecture, drawn with its init and seed.
Network make_network(const TrainingConfig& config);

class Trainer {
 public:
  // net and data must outlive the trainer. data's images must match net's input size, and
  // the caller validates config (validate_config); the network's architecture is net's own (the
  // config's architecture, init and seed are for making a network, make_network).
  Trainer(Network& net, const Dataset& data, TrainingConfig config,
          EngineChoice choice = EngineChoice::Fast);

  // Train up to budget samples (stopping at an epoch's end so the caller can evaluate; an
  // augmented run at most kAugmentPiece).
  // With batch_size B > 1 that is whole batches: budget rounded down to a multiple of B, but
  // at least one batch. Returns the number of samples trained.
  size_t step(size_t budget);
  bool epoch_just_ended() const { return epoch_ended_; }
  const TrainerStats& stats() const { return stats_; }
  const TrainingConfig& config() const { return config_; }
  size_t samples_per_epoch() const { return epoch_size_; }

 private:
  void start_epoch();
  // The most samples an augmented step makes (and trains): about 3 MB of images.
  static constexpr size_t kAugmentPiece = 4096;
  // Trains samples [begin, end) of the epoch's order, made on the fly when augmenting.
  RunResult train_range(size_t begin, size_t end);

  Network& net_;
  const Dataset& data_;
  TrainingConfig config_;
  TrainerStats stats_;
  std::vector<uint32_t> order_;
  size_t epoch_size_ = 0;  // data_.size() × the augmentation's copies
  bool augmenting_ = false;
  Dataset made_;  // the augmented samples of one step
  std::vector<uint32_t> made_order_;
  std::unique_ptr<Engine> engine_;
  Rng shuffle_rng_;
  bool epoch_ended_ = false;
};

}  // namespace digitlab
