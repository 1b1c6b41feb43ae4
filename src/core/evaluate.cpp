#include "evaluate.h"

#include <algorithm>
#include <cassert>
#include <vector>

namespace digitlab {

int argmax(const float* values, int n) {
  assert(n >= 1);
  return static_cast<int>(std::max_element(values, values + n) - values);
}

void evaluate_range(Evaluation& eval, const Network& net, const Dataset& data, size_t begin,
                    size_t end) {
  assert(net.input_size() == static_cast<int>(data.pixels_per_image()));
  assert(net.output_size() == kClasses);
  std::vector<float> input(data.pixels_per_image()), output(kClasses);
  for (size_t i = begin; i < end && i < data.size(); ++i) {
    scale_input(input.data(), data.image(i), input.size());
    net.query_outputs(output.data(), input.data());
    const int predicted = argmax(output.data(), kClasses);
    const int actual = data.labels[i];
    eval.confusion[actual][predicted] += 1;
    eval.correct += predicted == actual;
    eval.total += 1;
  }
}

Evaluation evaluate(const Network& net, const Dataset& data) {
  Evaluation eval;
  evaluate_range(eval, net, data, 0, data.size());
  return eval;
}

}  // namespace digitlab
