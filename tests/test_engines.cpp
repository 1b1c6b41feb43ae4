// The general engine: the gradient of every activation/loss combination against central
// differences, the batch engine's mean gradient against the reference, a batch of one against
// the per-sample step. (A non-book run pinned by hash on every platform is in test_kernels.cpp.)
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "mnist_slice.h"
#include "network/layer_math.h"
#include "network/network.h"
#include "network_fixtures.h"
#include "run_config.h"
#include "training/trainer.h"

using namespace digitlab;
using namespace network_test;

namespace {

// Loss of one forward pass, in double from the float outputs.
double loss_of(const Network& net, const float* input, const float* target) {
  std::vector<float> o(net.output_size()), e(net.output_size());
  net.query_outputs(o.data(), input);
  return output_error(net.architecture().loss, o.data(), target, net.output_size(), e.data());
}

// Compares analytic[i] with the central difference of the loss in buffer[i].
void check_against_differences(Network& net, std::vector<float>& buffer,
                               const std::vector<float>& analytic, const float* input,
                               const float* target) {
  REQUIRE(analytic.size() == buffer.size());
  double largest = 0;
  for (float g : analytic) largest = std::max(largest, std::fabs(double(g)));
  CHECK(largest > 1e-3);  // guard: an all-zero gradient would pass the comparison trivially
  // Small enough that no ReLU of these nets crosses its kink (every |z| here is over 1e-3),
  // large enough that the float loss's rounding stays far under the tolerance.
  const float eps = 1e-3f;
  int wrong = 0;
  for (size_t i = 0; i < buffer.size(); ++i) {
    const float w = buffer[i];
    buffer[i] = w + eps;
    const double up = loss_of(net, input, target);
    buffer[i] = w - eps;
    const double down = loss_of(net, input, target);
    buffer[i] = w;
    const double numeric = (up - down) / (2 * eps);
    if (std::fabs(numeric - analytic[i]) > 2e-3 + 3e-2 * std::fabs(numeric)) {
      ++wrong;
      CAPTURE(i);
      CAPTURE(numeric);
      CAPTURE(analytic[i]);
      if (wrong <= 3) CHECK(std::fabs(numeric - analytic[i]) <= 2e-3 + 3e-2 * std::fabs(numeric));
    }
  }
  CHECK(wrong == 0);
}

}  // namespace

TEST_CASE("the gradient of every activation and loss matches central differences") {
  const float input[6] = {0.2f, 0.9f, 0.01f, 0.5f, 0.7f, 0.33f};
  for (Loss loss : {Loss::Mse, Loss::SoftmaxCrossEntropy})
    for (Activation hidden : kHidden)
      for (bool bias : {false, true})
        for (const std::vector<int>& sizes :
             {std::vector<int>{6, 3}, std::vector<int>{6, 5, 3}, std::vector<int>{6, 5, 4, 3}}) {
          CAPTURE(std::string(loss_name(loss)));
          CAPTURE(std::string(activation_name(hidden)));
          CAPTURE(bias);
          CAPTURE(sizes.size());
          Network net = random_network(arch_of(sizes, hidden, loss, bias), 31);
          std::vector<float> target(3);
          make_target(target.data(), 1, 3, loss);
          std::vector<float> grad, grad_bias;
          net.gradient(grad, grad_bias, input, target.data());
          check_against_differences(net, net.weights(), grad, input, target.data());
          if (bias)
            check_against_differences(net, net.biases(), grad_bias, input, target.data());
          else
            CHECK(grad_bias.empty());
        }
}

TEST_CASE("the book's loss: its 'gradient' is minus its update, hidden errors split as Wᵀ·e") {
  for (Activation hidden : kHidden) {
    CAPTURE(std::string(activation_name(hidden)));
    Network net = random_network(arch_of({6, 5, 4, 3}, hidden, Loss::Book, true), 8);
    const float input[6] = {0.2f, 0.9f, 0.01f, 0.5f, 0.7f, 0.33f};
    float target[3];
    make_target(target, 2, 3, Loss::Book);
    std::vector<float> grad, grad_bias;
    net.gradient(grad, grad_bias, input, target);
    Network stepped = net;
    stepped.train(input, target, 0.5f);
    for (size_t i = 0; i < grad.size(); ++i)
      CHECK(stepped.weights()[i] - net.weights()[i] ==
            doctest::Approx(-0.5f * grad[i]).epsilon(1e-3));
    for (size_t i = 0; i < grad_bias.size(); ++i)
      CHECK(stepped.biases()[i] - net.biases()[i] ==
            doctest::Approx(-0.5f * grad_bias[i]).epsilon(1e-3));
    // Not the true gradient: the book's hidden errors skip the output's derivative.
    Architecture mse = net.architecture();
    mse.loss = Loss::Mse;
    std::vector<float> true_grad, true_bias;
    Network(mse, net.weights(), net.biases()).gradient(true_grad, true_bias, input, target);
    CHECK(true_grad != grad);
  }
}

// The batch engine with plain SGD (and decay, which takes it off the fused path) against
// w - lr·(mean of Network::gradient + λ·w), for every loss, on real digits.
TEST_CASE("a batch's update is the mean of the per-sample gradients, for every loss") {
  const Dataset data = mnist_test::first_images("train", 12);
  for (Loss loss : {Loss::Book, Loss::Mse, Loss::SoftmaxCrossEntropy})
    for (float decay : {0.0f, 0.01f}) {
      CAPTURE(std::string(loss_name(loss)));
      CAPTURE(decay);
      const Network start =
          random_network(arch_of({784, 16, 8, 10}, Activation::Tanh, loss, true), 5);
      TrainingConfig config = digitlab_test::run_config(0.2f, 1, false, 1, 12);
      config.weight_decay = decay;
      Network batched = start;
      Trainer trainer(batched, data, config);
      REQUIRE(trainer.step(12) == 12);

      std::vector<double> mean(start.weights().size()), mean_bias(start.biases().size());
      std::vector<float> input(784), target(10), grad, grad_bias;
      for (size_t s = 0; s < data.size(); ++s) {
        scale_input(input.data(), data.image(s), input.size());
        make_target(target.data(), data.labels[s], 10, loss);
        start.gradient(grad, grad_bias, input.data(), target.data());
        for (size_t i = 0; i < grad.size(); ++i) mean[i] += grad[i] / 12.0;
        for (size_t i = 0; i < grad_bias.size(); ++i) mean_bias[i] += grad_bias[i] / 12.0;
      }
      double worst = 0, moved = 0;
      for (size_t i = 0; i < mean.size(); ++i) {
        const double w = start.weights()[i];
        const double expected = w - 0.2 * (mean[i] + decay * w);
        worst = std::max(worst, std::fabs(expected - batched.weights()[i]));
        moved = std::max(moved, std::fabs(w - batched.weights()[i]));
      }
      for (size_t i = 0; i < mean_bias.size(); ++i) {
        const double expected = start.biases()[i] - 0.2 * mean_bias[i];  // no decay on biases
        worst = std::max(worst, std::fabs(expected - batched.biases()[i]));
      }
      MESSAGE("largest difference " << worst << ", largest step " << moved);
      CHECK(moved > 1e-3);
      CHECK(worst < 1e-5);
    }
}

// The batch engine at batch 1 against the reference engine (Network::train, sample by sample),
// for the book's rule as for the true gradients, with and without biases.
TEST_CASE("a batch of one equals the per-sample step") {
  const Dataset data = mnist_test::first_images("train", 30);
  std::vector<uint32_t> order(data.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<uint32_t>(i);
  for (Loss loss : {Loss::Book, Loss::Mse, Loss::SoftmaxCrossEntropy})
    for (Activation hidden : kHidden) {
      CAPTURE(std::string(loss_name(loss)));
      CAPTURE(std::string(activation_name(hidden)));
      const Architecture arch = arch_of({784, 12, 10}, hidden, loss, loss != Loss::Book);
      const Network start(arch, 3, Init::He);
      Network per_sample = start, batched = start;
      const TrainingConfig config = digitlab_test::run_config(0.05f, 1);
      ReferenceEngine reference(config.learning_rate);
      BatchEngine batch(batched, config, data.size(), false);
      REQUIRE(reference.train(per_sample, data, order.data(), order.size(), 0).finite);
      REQUIRE(batch.train(batched, data, order.data(), order.size(), 0).finite);
      double worst = 0, moved = 0;
      for (size_t i = 0; i < start.weights().size(); ++i) {
        worst = std::max(worst, double(std::fabs(per_sample.weights()[i] - batched.weights()[i])));
        moved = std::max(moved, double(std::fabs(per_sample.weights()[i] - start.weights()[i])));
      }
      for (size_t i = 0; i < start.biases().size(); ++i)
        worst = std::max(worst, double(std::fabs(per_sample.biases()[i] - batched.biases()[i])));
      MESSAGE("largest difference " << worst << " after steps of up to " << moved);
      CHECK(moved > 1e-3);
      CHECK(worst < 1e-5);
    }
}

// Without a hidden layer the hidden activation acts on nothing: 784-10 "relu" is the book's
// 784-10, trained by the same engine to the same weights.
TEST_CASE("a network without hidden layers ignores the hidden activation") {
  Architecture relu = arch_of({784, 10}, Activation::Relu, Loss::Book, false);
  CHECK(relu.is_book());
  CHECK(relu == book_architecture({784, 10}));
  CHECK_FALSE(arch_of({784, 5, 10}, Activation::Relu, Loss::Book, false).is_book());
  const Dataset data = mnist_test::first_images("train", 50);
  Network a(relu, 4, Init::Book), b({784, 10}, 4);
  Trainer ta(a, data, digitlab_test::run_config(0.1f, 1)),
      tb(b, data, digitlab_test::run_config(0.1f, 1));
  ta.step(50);
  tb.step(50);
  CHECK(a.weights() == b.weights());
}
