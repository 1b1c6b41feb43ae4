// How strongly the Evaluation view colours each cell of a confusion matrix: one home for the
// scale, so the app's matrix and any picture of it agree.
#pragma once
#include <array>

#include "network/evaluate.h"

namespace digitlab {

// shade[actual][predicted] in 0..1. A diagonal cell: its count over its row's (the class's
// accuracy), so a class read right every time is full. Any other cell: the square root of its
// count over the largest count off the diagonal, so the worst confusion is full and a single
// mistake beside it still shows. An empty cell, or a row with no images, is 0.
using ConfusionShades = std::array<std::array<float, kClasses>, kClasses>;
ConfusionShades confusion_shades(const Evaluation& eval);

}  // namespace digitlab
