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
// To continue a model, pass the config it was saved with as `model`: the run then starts as the
// model's (its architecture and training), a preset's fields and the flags over it, and the
// architecture must still be the model's (else a message naming both); --init, which only draws
// new weights, is refused. With --model given, the architecture is left to that comparison
// (the loader has checked the model's), so pass nullptr first to check what was typed before
// the file is read. Every error is a usage error.
Result<TrainingConfig> read_training_config(const Args& args, const TrainingConfig* model);

}  // namespace digitlab::cli
