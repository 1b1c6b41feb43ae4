// The step trace (network/step_trace.h): a 2-2-2 step written out by hand, for the book's loss
// and its true gradient; applying a trace gives Network::train's weights bit for bit and the
// Trainer's (reference engine bit for bit, the fast engines within a tolerance), for every loss.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "mnist_slice.h"
#include "network/layer_math.h"
#include "network/network.h"
#include "network/step_trace.h"
#include "network_fixtures.h"
#include "run_config.h"
#include "training/trainer.h"

using namespace digitlab;
using namespace network_test;

namespace {

// The first image of data as a one-image dataset.
Dataset first_of(const Dataset& data) {
  Dataset one;
  one.labels.assign(1, data.labels[0]);
  one.pixels.assign(data.image(0), data.image(0) + data.pixels_per_image());
  return one;
}

double largest_difference(const std::vector<float>& a, const std::vector<float>& b) {
  REQUIRE(a.size() == b.size());
  double worst = 0;
  for (size_t i = 0; i < a.size(); ++i) worst = std::max(worst, double(std::fabs(a[i] - b[i])));
  return worst;
}

void check_near(const std::vector<float>& got, const std::vector<double>& expected) {
  REQUIRE(got.size() == expected.size());
  for (size_t i = 0; i < got.size(); ++i) {
    CAPTURE(i);
    CHECK(got[i] == doctest::Approx(expected[i]).epsilon(1e-5));
  }
}

}  // namespace

// W1 = [[0.9, 0.3], [0.2, 0.8]], W2 = [[0.3, 0.7], [0.6, 0.5]], input (1, 0.5), label 0 (targets
// 0.99, 0.01), lr 0.3; the numbers worked out in double, the book's way, scalar by scalar:
//   hidden  h = σ(W1·x)       = (0.7407749, 0.6456563)
//   output  o = σ(W2·h)       = (0.6624412, 0.6829350)
//   e_o = t - o               = (0.3275588, -0.6729350)
//   delta_o = e_o·o·(1-o)     = (0.07324637, -0.1457138)
//   book:   e_h = W2ᵀ·e_o     = (0.3·0.3275588 + 0.6·-0.6729350, 0.7·0.3275588 + 0.5·-0.6729350)
//                             = (-0.3054934, -0.1071763)
//   mse:    e_h = W2ᵀ·delta_o = (-0.06545439, -0.02158446)
//   delta_h = e_h·h·(1-h); ΔW2 = lr·delta_o·hᵀ (the same for both), ΔW1 = lr·delta_h·xᵀ
TEST_CASE("a 2-2-2 step's errors, deltas and changes match the book's numbers by hand") {
  const std::vector<float> w = {0.9f, 0.3f, 0.2f, 0.8f, 0.3f, 0.7f, 0.6f, 0.5f};
  const float input[2] = {1.0f, 0.5f};
  for (Loss loss : {Loss::Book, Loss::Mse}) {
    CAPTURE(std::string(loss_name(loss)));
    Architecture arch = book_architecture({2, 2, 2});
    arch.loss = loss;
    const Network net(arch, w, {});
    const StepTrace t = trace_step(net, input, 0, 0.3f);
    REQUIRE(t.layers.size() == 2);
    check_near(t.target, {0.99, 0.01});
    check_near(t.activations[1], {0.740774899182154, 0.6456563062257954});
    check_near(t.activations[2], {0.6624411557846075, 0.6829350446346555});
    check_near(t.output_error, {0.3275588442153925, -0.6729350446346555});
    check_near(t.layers[1].error, {0.3275588442153925, -0.6729350446346555});
    check_near(t.layers[1].delta, {0.07324637354610089, -0.1457138347411006});
    check_near(t.layers[1].weight_change, {0.01627772249372138, 0.014187594896463094,
                                           -0.032382345371935156, -0.0282243168914805});
    CHECK(t.loss == doctest::Approx(0.28006818536058475).epsilon(1e-5));
    if (loss == Loss::Book) {
      check_near(t.layers[0].error, {-0.30549337351617556, -0.107176331366553});
      check_near(t.layers[0].delta, {-0.05866311287395059, -0.024520255566627847});
      check_near(t.layers[0].weight_change, {-0.017598933862185175, -0.008799466931092587,
                                             -0.0073560766699883534, -0.0036780383349941767});
    } else {
      check_near(t.layers[0].error, {-0.0654543887808301, -0.02158445588827969});
      check_near(t.layers[0].delta, {-0.012569039232996553, -0.004938183346070293});
      check_near(t.layers[0].weight_change, {-0.0037707117698989657, -0.0018853558849494829,
                                             -0.0014814550038210878, -0.0007407275019105439});
    }
    CHECK(t.layers[0].bias_change.empty());
    // The network is untouched; the outputs after the step moved towards the target.
    CHECK(net.weights() == w);
    CHECK(t.activations_after[2][0] > t.activations[2][0]);
    CHECK(t.activations_after[2][1] < t.activations[2][1]);
  }
}

TEST_CASE("applying a step's trace gives Network::train's weights bit for bit, for every loss") {
  const Dataset data = mnist_test::first_images("train", 3);
  std::vector<float> input(data.pixels_per_image());
  for (Loss loss : kLosses)
    for (Activation hidden : kHidden)
      for (bool bias : {false, true}) {
        CAPTURE(std::string(loss_name(loss)));
        CAPTURE(std::string(activation_name(hidden)));
        CAPTURE(bias);
        // Two hidden layers: an error passed down through a hidden layer as well as the output.
        const Network start = random_network(arch_of({784, 16, 12, 10}, hidden, loss, bias), 5);
        for (size_t i = 0; i < data.size(); ++i) {
          CAPTURE(i);
          scale_input(input.data(), data.image(i), input.size());
          const int label = data.labels[i];
          const StepTrace t = trace_step(start, input.data(), label, 0.1f);
          CHECK(t.activations == start.query(input.data()));
          // The pixel overload scales as scale_input does.
          CHECK(trace_step(start, data.image(i), label, 0.1f).layers[0].weight_change ==
                t.layers[0].weight_change);

          Network traced = start, trained = start;
          apply_step(traced, t);
          const float train_loss = trained.train(input.data(), t.target.data(), 0.1f);
          CHECK(t.loss == train_loss);
          CHECK(traced.weights() == trained.weights());
          CHECK(traced.biases() == trained.biases());
          CHECK(largest_difference(trained.weights(), start.weights()) > 1e-4);  // it moved
          CHECK(t.activations_after == trained.query(input.data()));
          // Every layer moved (ReLU's dead units aside, some weight of each layer changes).
          for (const LayerStep& s : t.layers)
            CHECK(*std::max_element(s.weight_change.begin(), s.weight_change.end()) >
                  *std::min_element(s.weight_change.begin(), s.weight_change.end()));
        }
      }
}

// The Trainer on one image at batch 1: the reference engine is Network::train, so bit for bit.
// The fast engines reassociate sums (the sparse engine's V·x' + 0.01·V·1, the batch engine's
// products), so theirs agree within a tolerance, measured here.
TEST_CASE("a step's trace is what the Trainer applies at batch 1") {
  const Dataset one = first_of(mnist_test::first_images("train", 1));
  const TrainingConfig config = digitlab_test::run_config(0.1f, 1);
  for (Loss loss : kLosses)
    for (bool bias : {false, true}) {
      CAPTURE(std::string(loss_name(loss)));
      CAPTURE(bias);
      const Architecture arch = arch_of({784, 20, 10}, Activation::Sigmoid, loss, bias);
      const Network start = random_network(arch, 11);
      Network traced = start;
      apply_step(traced, trace_step(start, one.image(0), one.labels[0], config.learning_rate));

      Network reference = start, fast = start;
      Trainer(reference, one, config, EngineChoice::Reference).step(1);
      CHECK(reference.weights() == traced.weights());
      CHECK(reference.biases() == traced.biases());

      Trainer(fast, one, config, EngineChoice::Fast).step(1);
      const double worst = std::max(largest_difference(fast.weights(), traced.weights()),
                                    bias ? largest_difference(fast.biases(), traced.biases()) : 0);
      const std::string engine = arch.is_book() ? "sparse" : "batch";
      MESSAGE(engine << " engine vs the trace: largest difference " << worst);
      CHECK(largest_difference(traced.weights(), start.weights()) > 1e-4);
      CHECK(worst < 1e-6);
    }
}
