// What an evaluation shows beyond its accuracy: each class's accuracy, the test images behind
// each cell of the confusion matrix, and the mistakes the network was surest of. The images are
// collected during the evaluation's own pass (evaluate_range's optional details), so the
// classification has one home and the lists always agree with the matrix.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "network/evaluate.h"
#include "result.h"

namespace digitlab {

// One true label's row of the confusion matrix: its images and how many were classified right.
struct ClassAccuracy {
  uint32_t correct = 0;
  uint32_t total = 0;
  // correct / total; 0 for a class with no test images (check total before showing it).
  double accuracy() const { return total ? static_cast<double>(correct) / total : 0.0; }
};
// From the confusion matrix: [actual] = {its diagonal cell, its row's sum}.
std::array<ClassAccuracy, kClasses> per_class_accuracy(const Evaluation& eval);

// A wrongly classified test image and the outputs that made the network pick another class.
struct Mistake {
  size_t index = 0;  // in the dataset evaluated
  int actual = 0;
  int predicted = 0;
  std::array<float, kClasses> outputs{};
  float confidence() const { return outputs[predicted]; }  // the winning output's value
};

// The collector evaluate_range fills alongside the confusion matrix.
class EvaluationDetails {
 public:
  // Keeps the `most_confident` mistakes with the highest winning output (0 keeps none).
  explicit EvaluationDetails(size_t most_confident = 0) : keep_(most_confident) {}

  // One classified image with finite outputs (kClasses of them).
  void add(size_t index, int actual, int predicted, const float* outputs);

  // The indices of the images with this true label classified as `predicted`, in the order they
  // were evaluated: cell(a, p).size() == eval.confusion[a][p].
  const std::vector<size_t>& cell(int actual, int predicted) const {
    return cells_[actual][predicted];
  }
  // The winning output (outputs[predicted]) of each image in cell(actual, predicted), in the
  // same order: how sure the network was, for a gallery of the cell's images.
  const std::vector<float>& cell_confidences(int actual, int predicted) const {
    return confidences_[actual][predicted];
  }
  // At most most_confident mistakes, surest first (ties by index, so the order does not depend
  // on how the evaluation was sliced).
  const std::vector<Mistake>& most_confident_mistakes() const { return mistakes_; }
  size_t most_confident() const { return keep_; }  // the constructor's limit

  // Details collected elsewhere (another thread or a Web Worker, sent as bytes), rebuilt from
  // the parts the accessors above give: cells[a][p] and confidences[a][p] of equal lengths, at
  // most most_confident mistakes in most_confident_mistakes()'s order, each wrong and its
  // labels 0..9. Anything else (damaged bytes) is refused with a message.
  using Cells = std::array<std::array<std::vector<size_t>, kClasses>, kClasses>;
  using CellConfidences = std::array<std::array<std::vector<float>, kClasses>, kClasses>;
  static Result<EvaluationDetails> from_parts(size_t most_confident, Cells cells,
                                              CellConfidences confidences,
                                              std::vector<Mistake> mistakes);

 private:
  size_t keep_;
  Cells cells_;
  CellConfidences confidences_;
  std::vector<Mistake> mistakes_;  // sorted, surest first
};

}  // namespace digitlab
