// Evaluation: accuracy and the confusion matrix of a network on a dataset.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>

#include "data/dataset.h"
#include "network/network.h"
#include "result.h"

namespace digitlab {

// An array of ten equal values, for default member initialisers.
constexpr std::array<float, kClasses> filled(float value) {
  std::array<float, kClasses> a{};
  for (float& v : a) v = value;
  return a;
}

struct Evaluation {
  size_t total = 0;
  size_t correct = 0;
  // confusion[actual][predicted]
  std::array<std::array<uint32_t, kClasses>, kClasses> confusion{};
  // Images whose outputs were not all finite numbers (a broken network): counted in total as
  // wrong, left out of the confusion matrix. Non-zero means the evaluation is not to be shown.
  size_t non_finite = 0;
  // Each output's lowest and highest value over the images tallied with finite outputs
  // (low > high while there are none): a network whose outputs are the same for every image
  // has stopped looking at its input (training_health.h).
  std::array<float, kClasses> output_low = filled(1e30f);
  std::array<float, kClasses> output_high = filled(-1e30f);
  double accuracy() const {
    return total ? static_cast<double>(correct) / static_cast<double>(total) : 0.0;
  }
};

// Index of the largest value (the first one on ties). values is (n), n >= 1.
int argmax(const float* values, int n);

// Success if every output is a finite number. A loaded sigmoid or tanh model's always are
// (model_file.h bounds its weights and biases); a deep ReLU model near that bound can overflow,
// and a network whose outputs are not finite is broken: its answer is reported, never shown.
Status check_outputs(const float* outputs, int n);

class EvaluationDetails;  // mistakes.h: per-cell image lists, the surest mistakes

// Classify images [begin, end) of data and tally them into eval (so a UI can evaluate in slices);
// with details, also collect each image with finite outputs into it.
void evaluate_range(Evaluation& eval, const Network& net, const Dataset& data, size_t begin,
                    size_t end, EvaluationDetails* details = nullptr);
Evaluation evaluate(const Network& net, const Dataset& data, EvaluationDetails* details = nullptr);

}  // namespace digitlab
