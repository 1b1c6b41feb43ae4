// Training health: what a test evaluation after an epoch says about the run, for the CLI's
// train and the app's training panel alike (one diagnosis, one wording).
//
// Saturation: a learning rate far too large (e.g. 50 for the book's network) drives every
// sigmoid to 0 or 1 within the first few hundred samples; from then on each output is the same
// for every image, the gradients vanish, and the network answers one class for everything:
// test accuracy at chance (~10%) and no error from the trainer, since the weights stay finite.
#pragma once
#include <optional>
#include <string>

#include "network/evaluate.h"
#include "training/training_config.h"

namespace digitlab {

// Accuracy below this is "at chance" for ten classes (chance is 10%; a network that learnt
// anything at all is well above 20% after one epoch).
constexpr double kChanceAccuracy = 0.2;
// An output whose range over the test images is narrower than this is stuck.
constexpr float kStuckSpread = 0.01f;
// ... or a network that gives one answer for at least this share of the test images.
constexpr double kOneAnswerShare = 0.9;
// Fewer test images than this say nothing about outputs being the same for every image.
constexpr size_t kMinImagesToDiagnose = 10;

// A warning for the user when eval (a whole test pass after an epoch of training at
// learning_rate) shows a saturated network: accuracy at chance, and every output stuck or
// one answer for (nearly) every image.
// Nothing for a healthy run, or one with too few test images to tell.
// The advice names the optimiser's usual rate (usual_learning_rate) when the rate is above it.
std::optional<std::string> saturation_warning(const Evaluation& eval, float learning_rate,
                                              Optimizer optimizer = Optimizer::Sgd);

}  // namespace digitlab
