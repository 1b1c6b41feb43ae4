// The step-through view's figures: see step_view.h.
#include "inside/step_view.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace digitlab {

float step_learning_rate(const TrainingConfig& made_with) {
  if (made_with.optimizer == Optimizer::Sgd && validate_learning_rate(made_with.learning_rate))
    return made_with.learning_rate;
  return usual_learning_rate(Optimizer::Sgd);
}

std::vector<int> units_by_change(const LayerStep& s) {
  const size_t units = s.step.size();
  const size_t inputs = units ? s.weight_change.size() / units : 0;
  std::vector<double> total(units, 0.0);
  for (size_t j = 0; j < units; ++j)
    for (size_t i = 0; i < inputs; ++i) total[j] += std::fabs(s.weight_change[j * inputs + i]);
  std::vector<int> order(units);
  std::iota(order.begin(), order.end(), 0);
  // NaN sorts last and the index breaks ties, so the order is strict and the same every frame.
  const auto key = [&](int j) { return std::isnan(total[j]) ? -1.0 : total[j]; };
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    const double ka = key(a), kb = key(b);
    return ka > kb || (ka == kb && a < b);
  });
  return order;
}

float largest_magnitude(const float* values, size_t n) {
  float top = 0.0f;
  for (size_t i = 0; i < n; ++i)
    if (std::fabs(values[i]) > top) top = std::fabs(values[i]);
  return top > 0.0f ? top : 1.0f;
}

}  // namespace digitlab
