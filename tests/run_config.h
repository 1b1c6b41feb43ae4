// A TrainingConfig written like the old positional TrainerConfig, for the engine tests:
// learning rate, epochs, shuffle, seed (also the shuffle's), batch size. The network's own
// architecture is the one trained (Trainer takes it from the network).
#pragma once
#include <cstdint>

#include "training/training_config.h"

namespace digitlab_test {

inline digitlab::TrainingConfig run_config(float lr, int epochs, bool shuffle = false,
                                           uint64_t seed = 1, int batch = 1) {
  digitlab::TrainingConfig c;
  c.learning_rate = lr;
  c.epochs = epochs;
  c.shuffle = shuffle;
  c.seed = seed;
  c.batch_size = batch;
  return c;
}

}  // namespace digitlab_test
