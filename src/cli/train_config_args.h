// The train command's choices of network and training: one TrainingConfig (the core's, shared
// with the app) filled from a preset and the flags given over it, then checked by the core's
// validate_config. The names, the allowed values and the limits are the core's; this file only
// maps flags onto fields.
#pragma once
#include <string>
#include <vector>

#include "args.h"
#include "result.h"
#include "training/training_config.h"

namespace digitlab::cli {

// What train does without --preset: the book's 784-200-10 for 5 epochs.
constexpr const char* kDefaultPreset = "book-200";

// The options (--layers, --activation, ... --preset), with the allowed values in their help.
std::vector<OptionSpec> training_options();
// A few lines for train's --help: each preset and what it is.
std::string presets_help();

// The run the flags ask for: the preset (or kDefaultPreset), then every flag given over it.
// To continue a model, pass its architecture as `model`: the architecture then starts as the
// model's, and the result must still be the model's (else a message naming both); --init,
// which only draws new weights, is refused. Every error is a usage error.
Result<TrainingConfig> read_training_config(const Args& args, const Architecture* model);

}  // namespace digitlab::cli
