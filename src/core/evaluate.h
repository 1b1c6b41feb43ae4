// Evaluation: accuracy and the confusion matrix of a network on a dataset.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>

#include "dataset.h"
#include "network.h"

namespace digitlab {

struct Evaluation {
  size_t total = 0;
  size_t correct = 0;
  // confusion[actual][predicted]
  std::array<std::array<uint32_t, kClasses>, kClasses> confusion{};
  double accuracy() const {
    return total ? static_cast<double>(correct) / static_cast<double>(total) : 0.0;
  }
};

// Index of the largest value (the first one on ties). values is (n), n >= 1.
int argmax(const float* values, int n);

// Classify images [begin, end) of data and tally them into eval (so a UI can evaluate in slices).
void evaluate_range(Evaluation& eval, const Network& net, const Dataset& data, size_t begin,
                    size_t end);
Evaluation evaluate(const Network& net, const Dataset& data);

}  // namespace digitlab
