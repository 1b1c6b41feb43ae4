// The step-through view's figures (inside/step_view.h): the rate a step starts at, the units
// whose weights a step changes most, and the bars' scale.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "inside/step_view.h"
#include "inside/weight_tiles.h"
#include "network/step_trace.h"
#include "network_fixtures.h"
#include "training/training_config.h"

using namespace digitlab;
using namespace network_test;

TEST_CASE("a step starts at the model's own SGD rate, else the book's usual one") {
  TrainingConfig c;
  c.optimizer = Optimizer::Sgd;
  c.learning_rate = 0.3f;
  CHECK(step_learning_rate(c) == 0.3f);
  // Adam's rate is for Adam: a plain step at 0.001 would hardly move.
  c.optimizer = Optimizer::Adam;
  c.learning_rate = 0.001f;
  CHECK(step_learning_rate(c) == usual_learning_rate(Optimizer::Sgd));
  CHECK(step_learning_rate(c) == 0.1f);
  // A rate validate_learning_rate refuses (an odd file) is not taken either.
  c.optimizer = Optimizer::Sgd;
  for (float bad : {0.0f, -1.0f, 1000.0f, std::numeric_limits<float>::quiet_NaN()}) {
    c.learning_rate = bad;
    CHECK(step_learning_rate(c) == 0.1f);
  }
}

TEST_CASE("units by change: the rows of ΔW by Σ|ΔW|, largest first, ties and NaN in order") {
  // ΔW = step · o_prevᵀ with o_prev = (1, 2): row sums 3·|step|.
  const auto layer = [](std::vector<float> step) {
    LayerStep s;
    s.step = step;
    for (float d : step)
      for (float o : {1.0f, 2.0f}) s.weight_change.push_back(d * o);
    return s;
  };
  CHECK(units_by_change(layer({0.1f, -0.5f, 0.2f})) == std::vector<int>{1, 2, 0});
  CHECK(units_by_change(layer({0.2f, -0.2f, 0.3f, 0.2f})) == std::vector<int>{2, 0, 1, 3});
  const float nan = std::numeric_limits<float>::quiet_NaN();
  CHECK(units_by_change(layer({nan, 0.0f, 0.1f})) == std::vector<int>{2, 1, 0});
  CHECK(units_by_change(LayerStep{}).empty());

  // On a real step the first layer's ΔW is rank one, so its rows rank as |step| does.
  const Network net =
      random_network(arch_of({30, 12, 10}, Activation::Sigmoid, Loss::Book, false), 3);
  std::vector<float> input(30);
  for (size_t i = 0; i < input.size(); ++i) input[i] = 0.01f + 0.03f * static_cast<float>(i);
  const StepTrace t = trace_step(net, input.data(), 4, 0.1f);
  const std::vector<int> order = units_by_change(t.layers[0]);
  REQUIRE(order.size() == 12);
  for (size_t k = 1; k < order.size(); ++k) {
    CAPTURE(k);
    CHECK(std::fabs(t.layers[0].step[order[k - 1]]) >=
          std::fabs(t.layers[0].step[order[k]]) * (1.0f - 1e-5f));
  }
}

TEST_CASE("the bars' scale is the largest magnitude, 1 for nothing to show") {
  const float v[3] = {0.5f, -2.0f, 1.0f};
  CHECK(largest_magnitude(v, 3) == 2.0f);
  const float zeros[2] = {0.0f, -0.0f};
  CHECK(largest_magnitude(zeros, 2) == 1.0f);
  CHECK(largest_magnitude(nullptr, 0) == 1.0f);
}

TEST_CASE("a step's deeper dW maps as the weights do: block means, the cells' own scale") {
  // 4 x 6 values 0..23; at most 2 x 3 cells: blocks of 2 x 2, each the mean of its four.
  std::vector<float> dw(24);
  for (size_t i = 0; i < dw.size(); ++i) dw[i] = static_cast<float>(i);
  const WeightMatrixMap m = matrix_map(dw.data(), 4, 6, 2, 3);
  CHECK(m.rows == 2);
  CHECK(m.cols == 3);
  CHECK(m.row_block == 2);
  CHECK(m.col_block == 2);
  CHECK(m.cells == std::vector<float>{3.5f, 5.5f, 7.5f, 15.5f, 17.5f, 19.5f});
  CHECK(m.scale == symmetric_scale(m.cells.data(), m.cells.size()));
  // weight_matrix_map is the same on a layer's weights.
  const Network net =
      random_network(arch_of({30, 12, 10}, Activation::Sigmoid, Loss::Book, false), 4);
  const WeightMatrixMap a = weight_matrix_map(net, 2, 5, 4);
  const WeightMatrixMap b = matrix_map(net.layer_weights(1), 10, 12, 5, 4);
  CHECK(a.cells == b.cells);
  CHECK(a.scale == b.scale);
}
