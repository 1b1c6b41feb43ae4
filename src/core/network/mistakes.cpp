#include "network/mistakes.h"

#include <algorithm>
#include <cassert>

namespace digitlab {

std::array<ClassAccuracy, kClasses> per_class_accuracy(const Evaluation& eval) {
  std::array<ClassAccuracy, kClasses> out{};
  for (int a = 0; a < kClasses; ++a) {
    out[a].correct = eval.confusion[a][a];
    for (int p = 0; p < kClasses; ++p) out[a].total += eval.confusion[a][p];
  }
  return out;
}

namespace {

// Surest first; equal confidence by the earlier image.
bool surer(const Mistake& a, const Mistake& b) {
  if (a.confidence() != b.confidence()) return a.confidence() > b.confidence();
  return a.index < b.index;
}

}  // namespace

void EvaluationDetails::add(size_t index, int actual, int predicted, const float* outputs) {
  assert(actual >= 0 && actual < kClasses && predicted >= 0 && predicted < kClasses);
  cells_[actual][predicted].push_back(index);
  confidences_[actual][predicted].push_back(outputs[predicted]);
  if (actual == predicted || keep_ == 0) return;
  Mistake m;
  m.index = index;
  m.actual = actual;
  m.predicted = predicted;
  std::copy(outputs, outputs + kClasses, m.outputs.begin());
  // A sorted list of at most keep_: an insertion costs O(keep_), and only mistakes surer than
  // the last kept one are inserted once the list is full.
  if (mistakes_.size() == keep_ && !surer(m, mistakes_.back())) return;
  mistakes_.insert(std::upper_bound(mistakes_.begin(), mistakes_.end(), m, surer), m);
  if (mistakes_.size() > keep_) mistakes_.pop_back();
}

Result<EvaluationDetails> EvaluationDetails::from_parts(size_t most_confident, Cells cells,
                                                        CellConfidences confidences,
                                                        std::vector<Mistake> mistakes) {
  for (int a = 0; a < kClasses; ++a)
    for (int p = 0; p < kClasses; ++p)
      if (cells[a][p].size() != confidences[a][p].size())
        return fail("evaluation details: a cell's images and confidences differ in number");
  if (mistakes.size() > most_confident)
    return fail("evaluation details: more mistakes than were kept");
  for (size_t i = 0; i < mistakes.size(); ++i) {
    const Mistake& m = mistakes[i];
    if (m.actual < 0 || m.actual >= kClasses || m.predicted < 0 || m.predicted >= kClasses ||
        m.actual == m.predicted)
      return fail("evaluation details: a mistake with impossible labels");
    if (i > 0 && !surer(mistakes[i - 1], m))
      return fail("evaluation details: the mistakes are not surest first");
  }
  EvaluationDetails d(most_confident);
  d.cells_ = std::move(cells);
  d.confidences_ = std::move(confidences);
  d.mistakes_ = std::move(mistakes);
  return d;
}

}  // namespace digitlab
