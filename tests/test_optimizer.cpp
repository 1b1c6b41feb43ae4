// The optimisers, schedules and the training config: each optimiser's step against the same
// step written out by hand, the fused loops against their naive twin, the schedules' rates, the
// config's limits and names, and every combination learning real digits.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "mnist_slice.h"
#include "network/evaluate.h"
#include "training/optimizer.h"
#include "training/trainer.h"
#include "training/training_config.h"

using namespace digitlab;

TEST_CASE("one step of each optimiser, written out by hand") {
  // Two weights, two steps, with weight decay: w = (1, -2), g = (0.5, 0.25) then (-1, 2).
  const float lr = 0.1f, decay = 0.01f;
  const float g1[2] = {0.5f, 0.25f}, g2[2] = {-1.0f, 2.0f};
  for (Optimizer kind :
       {Optimizer::Sgd, Optimizer::Momentum, Optimizer::Nesterov, Optimizer::Adam}) {
    CAPTURE(optimizer_name(kind));
    OptimizerState state;
    state.kind = kind;
    float w[2] = {1.0f, -2.0f};
    double expect[2] = {1.0, -2.0}, v[2] = {0, 0}, m[2] = {0, 0}, s[2] = {0, 0};
    for (int step = 1; step <= 2; ++step) {
      const float* g = step == 1 ? g1 : g2;
      float scratch[2] = {g[0], g[1]};
      begin_step(state);
      apply_update(state, 0, w, scratch, 2, lr, decay);
      for (int i = 0; i < 2; ++i) {
        const double gi = g[i] + 0.01 * expect[i];
        if (kind == Optimizer::Sgd) {
          expect[i] -= 0.1 * gi;
        } else if (kind == Optimizer::Momentum) {
          v[i] = 0.9 * v[i] + gi;
          expect[i] -= 0.1 * v[i];
        } else if (kind == Optimizer::Nesterov) {
          v[i] = 0.9 * v[i] + gi;
          expect[i] -= 0.1 * (gi + 0.9 * v[i]);
        } else {
          m[i] = 0.9 * m[i] + 0.1 * gi;
          s[i] = 0.999 * s[i] + 0.001 * gi * gi;
          const double m_hat = m[i] / (1 - std::pow(0.9, step));
          const double s_hat = s[i] / (1 - std::pow(0.999, step));
          expect[i] -= 0.1 * m_hat / (std::sqrt(s_hat) + 1e-8);
        }
        CAPTURE(step);
        CAPTURE(i);
        CHECK(w[i] == doctest::Approx(expect[i]).epsilon(1e-6));
      }
    }
  }
  // Adam's first step moves every weight by about lr, whatever the gradient's size.
  OptimizerState adam;
  adam.kind = Optimizer::Adam;
  float w[3] = {0, 0, 0}, g[3] = {1e-4f, 3.0f, -50.0f};
  begin_step(adam);
  apply_update(adam, 0, w, g, 3, 0.001f, 0.0f);
  CHECK(w[0] == doctest::Approx(-0.001f).epsilon(1e-3));
  CHECK(w[1] == doctest::Approx(-0.001f).epsilon(1e-3));
  CHECK(w[2] == doctest::Approx(0.001f).epsilon(1e-3));
}

// The same, through the whole engine on a tiny net: a 2x3-pixel, 3-hidden, 2-output network with
// biases, two batches of 4 per optimiser, against the step written out by hand from the mean of
// Network::gradient over each batch (with weight decay on the weights, none on the biases).
TEST_CASE("two batches of each optimiser on a tiny net, against the steps by hand") {
  Dataset data;
  data.rows = 2;
  data.cols = 3;
  Rng pixels(12);
  for (int i = 0; i < 8; ++i) {
    for (int p = 0; p < 6; ++p)
      data.pixels.push_back(pixels.uniform() < 0.4 ? 0 : static_cast<uint8_t>(pixels.below(256)));
    data.labels.push_back(static_cast<uint8_t>(i % 2));
  }
  for (Optimizer kind :
       {Optimizer::Sgd, Optimizer::Momentum, Optimizer::Nesterov, Optimizer::Adam}) {
    CAPTURE(std::string(optimizer_name(kind)));
    TrainingConfig c;
    c.architecture.sizes = {6, 3, 2};
    c.architecture.hidden = Activation::Tanh;
    c.architecture.loss = Loss::SoftmaxCrossEntropy;
    c.architecture.bias = true;
    c.init = Init::Glorot;
    c.optimizer = kind;
    c.learning_rate = 0.05f;
    c.batch_size = 4;
    c.weight_decay = 0.01f;
    c.epochs = 1;
    Network net = make_network(c);
    for (float& b : net.biases()) b = 0.1f;  // not 0, so a wrong bias step shows
    const size_t nw = net.weights().size(), nb = net.biases().size();
    // The hand state: weights and biases in one list, their decays, velocities and moments.
    std::vector<double> w(net.weights().begin(), net.weights().end());
    w.insert(w.end(), net.biases().begin(), net.biases().end());
    std::vector<double> v(w.size()), m(w.size()), sq(w.size());
    Trainer trainer(net, data, c);
    for (int step = 1; step <= 2; ++step) {
      // The mean gradient over this batch, at the weights the step starts from.
      Network at(net.architecture(), std::vector<float>(w.begin(), w.begin() + nw),
                 std::vector<float>(w.begin() + nw, w.end()));
      std::vector<double> g(w.size());
      std::vector<float> input(6), target(2), gw, gb;
      for (int s = 0; s < 4; ++s) {
        const size_t sample = static_cast<size_t>((step - 1) * 4 + s);
        scale_input(input.data(), data.image(sample), 6);
        make_target(target.data(), data.labels[sample], 2, c.architecture.loss);
        at.gradient(gw, gb, input.data(), target.data());
        for (size_t i = 0; i < nw; ++i) g[i] += gw[i] / 4.0;
        for (size_t i = 0; i < nb; ++i) g[nw + i] += gb[i] / 4.0;
      }
      for (size_t i = 0; i < w.size(); ++i) {
        const double gi = g[i] + (i < nw ? 0.01 * w[i] : 0.0);
        if (kind == Optimizer::Sgd) {
          w[i] -= 0.05 * gi;
        } else if (kind == Optimizer::Momentum) {
          v[i] = 0.9 * v[i] + gi;
          w[i] -= 0.05 * v[i];
        } else if (kind == Optimizer::Nesterov) {
          v[i] = 0.9 * v[i] + gi;
          w[i] -= 0.05 * (gi + 0.9 * v[i]);
        } else {
          m[i] = 0.9 * m[i] + 0.1 * gi;
          sq[i] = 0.999 * sq[i] + 0.001 * gi * gi;
          const double m_hat = m[i] / (1 - std::pow(0.9, step));
          const double s_hat = sq[i] / (1 - std::pow(0.999, step));
          w[i] -= 0.05 * m_hat / (std::sqrt(s_hat) + 1e-8);
        }
      }
      REQUIRE(trainer.step(4) == 4);
      CAPTURE(step);
      for (size_t i = 0; i < nw; ++i)
        CHECK(net.weights()[i] == doctest::Approx(w[i]).epsilon(1e-4));
      for (size_t i = 0; i < nb; ++i)
        CHECK(net.biases()[i] == doctest::Approx(w[nw + i]).epsilon(1e-4));
    }
  }
}

TEST_CASE("the fused update agrees with its naive twin over many steps and buffers") {
  Rng rng(3);
  for (Optimizer kind :
       {Optimizer::Sgd, Optimizer::Momentum, Optimizer::Nesterov, Optimizer::Adam}) {
    CAPTURE(optimizer_name(kind));
    OptimizerState fast, naive;
    fast.kind = naive.kind = kind;
    std::vector<float> wf(37), wn, gb(5), wbf(5), wbn;
    for (float& x : wf) x = static_cast<float>(rng.normal());
    for (float& x : wbf) x = static_cast<float>(rng.normal());
    wn = wf;
    wbn = wbf;
    for (int step = 0; step < 20; ++step) {
      std::vector<float> g(37);
      for (float& x : g) x = static_cast<float>(rng.normal());
      for (float& x : gb) x = static_cast<float>(rng.normal());
      std::vector<float> g_copy = g, gb_copy = gb;
      begin_step(fast);
      begin_step(naive);
      apply_update(fast, 0, wf.data(), g_copy.data(), g.size(), 0.01f, 0.001f);
      apply_update_naive(naive, 0, wn.data(), g.data(), g.size(), 0.01f, 0.001f);
      apply_update(fast, 1, wbf.data(), gb_copy.data(), gb.size(), 0.01f, 0.0f);
      apply_update_naive(naive, 1, wbn.data(), gb.data(), gb.size(), 0.01f, 0.0f);
    }
    for (size_t i = 0; i < wf.size(); ++i) CHECK(wf[i] == doctest::Approx(wn[i]).epsilon(1e-5));
    for (size_t i = 0; i < wbf.size(); ++i) CHECK(wbf[i] == doctest::Approx(wbn[i]).epsilon(1e-5));
  }
}

TEST_CASE("schedules: constant, halving by thirds, cosine down to zero") {
  TrainingConfig c;
  c.learning_rate = 0.8f;
  CHECK(scheduled_rate(c, 500, 900) == 0.8f);
  c.schedule = Schedule::Step;
  CHECK(scheduled_rate(c, 0, 900) == 0.8f);
  CHECK(scheduled_rate(c, 299, 900) == 0.8f);
  CHECK(scheduled_rate(c, 300, 900) == 0.4f);
  CHECK(scheduled_rate(c, 899, 900) == 0.2f);
  c.schedule = Schedule::Cosine;
  CHECK(scheduled_rate(c, 0, 900) == doctest::Approx(0.8f));
  CHECK(scheduled_rate(c, 450, 900) == doctest::Approx(0.4f));
  CHECK(scheduled_rate(c, 900, 900) == doctest::Approx(0.0f));
  CHECK(scheduled_rate(c, 225, 900) > scheduled_rate(c, 675, 900));
}

TEST_CASE("validate_config: the same limits for every caller, each message naming its field") {
  TrainingConfig c;
  CHECK(validate_config(c).ok());
  auto message = [](TrainingConfig bad) { return validate_config(bad).error(); };
  TrainingConfig t = c;
  t.epochs = kMaxEpochs + 1;
  CHECK(message(t) == "epochs must be 1 to 1000, got 1001");
  t = c;
  t.learning_rate = 0.0f;
  CHECK(message(t).find("learning rate") != std::string::npos);
  t = c;
  t.weight_decay = -1.0f;
  CHECK(message(t).find("weight decay") != std::string::npos);
  t = c;
  t.batch_size = 513;
  CHECK(message(t).find("batch size must be 1 to 512") != std::string::npos);
  t = c;
  t.architecture.sizes = {784, 10, 10, 10, 10, 10, 10};  // five hidden layers
  CHECK(message(t) == "at most 4 hidden layers, got 5");
  t = c;
  t.architecture.hidden = Activation::Softmax;
  CHECK(message(t).find("hidden layers' activation") != std::string::npos);
  t = c;
  t.optimizer = static_cast<Optimizer>(9);
  CHECK(message(t).find("optimizer") != std::string::npos);
  t = c;
  t.schedule = static_cast<Schedule>(0);
  CHECK(message(t).find("schedule") != std::string::npos);
  t = c;
  t.init = static_cast<Init>(4);
  CHECK(message(t).find("initialisation") != std::string::npos);
}

TEST_CASE("names: every kind's name reads back, unknown names list the known ones") {
  for (uint32_t code = 1; code <= 4; ++code) {
    const Activation a = static_cast<Activation>(code);
    CHECK(*activation_from_name(activation_name(a)) == a);
    const Optimizer o = static_cast<Optimizer>(code);
    CHECK(*optimizer_from_name(optimizer_name(o)) == o);
  }
  for (uint32_t code = 1; code <= 3; ++code) {
    CHECK(*loss_from_name(loss_name(static_cast<Loss>(code))) == static_cast<Loss>(code));
    CHECK(*init_from_name(init_name(static_cast<Init>(code))) == static_cast<Init>(code));
    CHECK(*schedule_from_name(schedule_name(static_cast<Schedule>(code))) ==
          static_cast<Schedule>(code));
  }
  CHECK(activation_from_name("swish").error() ==
        "unknown activation 'swish' (one of: sigmoid, tanh, relu, leaky-relu)");
  CHECK(activation_from_name("softmax").error().find("--loss softmax-ce") != std::string::npos);
  CHECK(loss_from_name("ce").error() == "unknown loss 'ce' (one of: book, mse, softmax-ce)");
  CHECK(preset_config("huge").error() ==
        "unknown preset 'huge' (one of: book-100, book-200, modern, strong, deep-elastic)");
}

TEST_CASE("continued_config: the model's architecture, the run's settings, the model's init") {
  Architecture deep;
  deep.sizes = {784, 8, 8, 8, 8, 8, 10};  // deeper than a new run may be
  TrainingConfig run = *preset_config("modern");
  Result<TrainingConfig> c = continued_config(deep, run);
  REQUIRE(c.ok());
  CHECK(c->architecture == deep);
  CHECK(c->optimizer == Optimizer::Adam);
  run.batch_size = 0;
  CHECK(continued_config(deep, run).error().find("batch size") != std::string::npos);

  TrainingConfig first = *preset_config("book-200");
  first.init = Init::Glorot;
  first.seed = 99;
  const TrainingConfig recorded = recorded_config(first, *preset_config("modern"));
  CHECK(recorded.init == Init::Glorot);
  CHECK(recorded.seed == 99);
  CHECK(recorded.optimizer == Optimizer::Adam);
}

TEST_CASE("presets: valid, the book's are the book's rule, modern is ReLU + softmax-CE + Adam") {
  for (const Preset& p : presets()) {
    CAPTURE(p.name);
    CHECK(validate_config(p.config).ok());
  }
  CHECK(uses_book_rule(*preset_config("book-200")));
  CHECK(preset_config("book-100")->architecture.sizes == std::vector<int>{784, 100, 10});
  const TrainingConfig modern = *preset_config("modern");
  CHECK_FALSE(uses_book_rule(modern));
  CHECK(modern.architecture.hidden == Activation::Relu);
  CHECK(modern.architecture.loss == Loss::SoftmaxCrossEntropy);
  CHECK(modern.optimizer == Optimizer::Adam);
  CHECK(describe(modern) ==
        "784-256-128-10 relu, softmax-ce, biases; adam lr 0.001, batch 32, cosine, he init, "
        "shuffled");
  CHECK(describe(TrainingConfig{}) == "784-200-10; sgd lr 0.1");
}

// 2,000 real digits, 784-32-10 per sample for two epochs (4,000 updates), or 784-32-16-10 in
// batches of 32 for four (250 updates): every hidden activation with every loss, then every
// optimiser with every schedule, must pass 75% on 1,000 test digits (untrained: about 10%; seen:
// 79-87%).
TEST_CASE("every combination learns 2,000 MNIST samples") {
  const Dataset train = mnist_test::first_images("train", 2000);
  const Dataset test = mnist_test::first_images("t10k", 1000);
  struct Run {
    TrainingConfig config;
    double bar;
  };
  std::vector<Run> runs;
  for (Loss loss : {Loss::Book, Loss::Mse, Loss::SoftmaxCrossEntropy})
    for (Activation hidden :
         {Activation::Sigmoid, Activation::Tanh, Activation::Relu, Activation::LeakyRelu}) {
      TrainingConfig c;
      c.architecture.sizes = {784, 32, 10};
      c.architecture.hidden = hidden;
      c.architecture.loss = loss;
      c.architecture.bias = loss != Loss::Book;
      c.init = hidden == Activation::Sigmoid ? Init::Book : Init::He;
      c.learning_rate = loss == Loss::SoftmaxCrossEntropy ? 0.05f : 0.1f;
      c.epochs = 2;
      c.seed = 11;
      runs.push_back({c, 0.75});
    }
  for (Optimizer kind : {Optimizer::Momentum, Optimizer::Nesterov, Optimizer::Adam})
    for (Schedule schedule : {Schedule::Constant, Schedule::Step, Schedule::Cosine}) {
      TrainingConfig c = *preset_config("modern");
      c.architecture.sizes = {784, 32, 16, 10};
      c.optimizer = kind;
      c.schedule = schedule;
      c.learning_rate = kind == Optimizer::Adam ? 0.002f : 0.05f;
      c.weight_decay = 1e-4f;
      c.epochs = 4;  // batches of 32: 250 updates
      c.seed = 11;
      runs.push_back({c, 0.75});
    }
  for (const Run& run : runs) {
    CAPTURE(describe(run.config));
    REQUIRE(validate_config(run.config).ok());
    Network net = make_network(run.config);
    Trainer trainer(net, train, run.config);
    while (!trainer.stats().finished) trainer.step(1000);
    REQUIRE(trainer.stats().error.empty());
    const double accuracy = evaluate(net, test).accuracy();
    MESSAGE(describe(run.config) << ": " << accuracy);
    CHECK(accuracy > run.bar);
  }
}
