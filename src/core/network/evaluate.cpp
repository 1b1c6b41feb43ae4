#include "network/evaluate.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <string>
#include <vector>

#include "network/mistakes.h"
#include "training/engines.h"

namespace digitlab {

int argmax(const float* values, int n) {
  assert(n >= 1);
  return static_cast<int>(std::max_element(values, values + n) - values);
}

Status check_outputs(const float* outputs, int n) {
  for (int k = 0; k < n; ++k)
    if (!std::isfinite(outputs[k]))
      return fail("the network's output " + std::to_string(k) +
                  " is not a finite number: its weights are broken (too large?), so it has no "
                  "answer");
  return Status::success();
}

void evaluate_range(Evaluation& eval, const Network& net, const Dataset& data, size_t begin,
                    size_t end, EvaluationDetails* details) {
  assert(net.input_size() == static_cast<int>(data.pixels_per_image()));
  assert(net.output_size() == kClasses);
  // The sparse path (background pixels handled algebraically) is equal in math to
  // net.query_outputs on scale_input'ed pixels; setting it up transposes the first layer once.
  SparseQuery query(net);
  std::vector<float> output(kClasses);
  for (size_t i = begin; i < end && i < data.size(); ++i) {
    query.outputs(output.data(), data.image(i));
    if (!check_outputs(output.data(), kClasses)) {
      eval.non_finite += 1;
      eval.total += 1;
      continue;
    }
    for (int k = 0; k < kClasses; ++k) {
      eval.output_low[k] = std::min(eval.output_low[k], output[k]);
      eval.output_high[k] = std::max(eval.output_high[k], output[k]);
    }
    const int predicted = argmax(output.data(), kClasses);
    const int actual = data.labels[i];
    eval.confusion[actual][predicted] += 1;
    eval.correct += predicted == actual;
    eval.total += 1;
    if (details) details->add(i, actual, predicted, output.data());
  }
}

Evaluation evaluate(const Network& net, const Dataset& data, EvaluationDetails* details) {
  Evaluation eval;
  evaluate_range(eval, net, data, 0, data.size(), details);
  return eval;
}

}  // namespace digitlab
