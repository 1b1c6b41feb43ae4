// The modern configuration's benchmark (issue 9): one epoch of 784-800-10, ReLU, biases, He
// init, softmax + cross-entropy, Adam at lr 0.001, batch 32, shuffled — the core's Trainer on
// the batch engine, driven directly (not through the CLI, whose flags for this may differ).
// Built natively (target modern_bench) and for Node (modern-bench-node.js, emscripten.cmake);
// tests/bench/run.sh runs both beside PyTorch's torch_modern.py with the same configuration.
//
//   modern_bench [--mnist DIR] [--hidden N] [--limit N] [--test-limit N] [--seed N]
//                [--naive]  (the naive matrix product: EngineChoice::Reference)
// Prints one JSON line, like tests/bench/mnist_idx.py's report: samples/s is training only (the
// images are loaded before the clock starts), queries/s the test set's evaluation.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "data/formats.h"
#include "network/evaluate.h"
#include "training/trainer.h"
#include "training/training_config.h"

namespace {

using digitlab::Dataset;

struct Options {
  std::string mnist = DIGITLAB_MNIST_DIR;
  int hidden = 800;
  size_t limit = 0, test_limit = 0;
  uint64_t seed = 1;
  bool naive = false;
};

bool parse(Options& o, int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--naive") {
      o.naive = true;
    } else if (a == "--mnist" && has_value) {
      o.mnist = argv[++i];
    } else if (a == "--hidden" && has_value) {
      o.hidden = std::atoi(argv[++i]);
    } else if (a == "--limit" && has_value) {
      o.limit = static_cast<size_t>(std::strtoull(argv[++i], nullptr, 10));
    } else if (a == "--test-limit" && has_value) {
      o.test_limit = static_cast<size_t>(std::strtoull(argv[++i], nullptr, 10));
    } else if (a == "--seed" && has_value) {
      o.seed = std::strtoull(argv[++i], nullptr, 10);
    } else {
      std::fprintf(stderr, "modern_bench: unknown or incomplete option %s\n", a.c_str());
      return false;
    }
  }
  return o.hidden > 0;
}

// MNIST's images and labels from the folder, the first `limit` of them (0: all).
bool load(Dataset& out, const std::string& dir, const char* part, size_t limit) {
  const auto images = digitlab::read_file(dir + "/" + part + "-images-idx3-ubyte");
  const auto labels = digitlab::read_file(dir + "/" + part + "-labels-idx1-ubyte");
  if (!images.ok() || !labels.ok()) {
    std::fprintf(stderr, "modern_bench: cannot read MNIST's %s files in %s\n", part, dir.c_str());
    return false;
  }
  auto data = digitlab::parse_idx(images.value().data(), images.value().size(),
                                  labels.value().data(), labels.value().size());
  if (!data.ok()) {
    std::fprintf(stderr, "modern_bench: %s\n", data.error().c_str());
    return false;
  }
  out = std::move(data.value());
  if (limit && limit < out.size()) {
    out.labels.resize(limit);
    out.pixels.resize(limit * out.pixels_per_image());
  }
  return true;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!parse(o, argc, argv)) return 2;
  Dataset train, test;
  if (!load(train, o.mnist, "train", o.limit) || !load(test, o.mnist, "t10k", o.test_limit))
    return 1;

  digitlab::TrainingConfig config;
  config.architecture.sizes = {784, o.hidden, 10};
  config.architecture.hidden = digitlab::Activation::Relu;
  config.architecture.loss = digitlab::Loss::SoftmaxCrossEntropy;
  config.architecture.bias = true;
  config.init = digitlab::Init::He;
  config.seed = o.seed;
  config.optimizer = digitlab::Optimizer::Adam;
  config.learning_rate = 0.001f;
  config.batch_size = 32;
  config.schedule = digitlab::Schedule::Constant;
  config.epochs = 1;
  config.shuffle = true;
  const digitlab::Status valid = digitlab::validate_config(config);
  if (!valid.ok()) {
    std::fprintf(stderr, "modern_bench: %s\n", valid.error().c_str());
    return 2;
  }

  digitlab::Network net = digitlab::make_network(config);
  digitlab::Trainer trainer(
      net, train, config,
      o.naive ? digitlab::EngineChoice::Reference : digitlab::EngineChoice::Fast);
  const auto start = std::chrono::steady_clock::now();
  // Steps of 1,024 samples, as a caller that reports progress would take them.
  while (!trainer.stats().finished) trainer.step(1024);
  const double train_seconds = seconds_since(start);
  if (!trainer.stats().error.empty()) {
    std::fprintf(stderr, "modern_bench: %s\n", trainer.stats().error.c_str());
    return 1;
  }

  const auto query_start = std::chrono::steady_clock::now();
  const digitlab::Evaluation eval = digitlab::evaluate(net, test);
  const double query_seconds = seconds_since(query_start);

  const double samples = static_cast<double>(trainer.stats().samples_seen);
  std::printf(
      "{\"name\": \"digitlab-modern\", \"config\": \"%s\", \"samples\": %zu, "
      "\"train_seconds\": %.3f, \"samples_per_s\": %.1f, \"queries\": %zu, "
      "\"query_seconds\": %.3f, \"queries_per_s\": %.1f, \"accuracy\": %.4f, "
      "\"mean_loss\": %.5f}\n",
      digitlab::describe(config).c_str(), trainer.stats().samples_seen, train_seconds,
      samples / train_seconds, eval.total, query_seconds,
      static_cast<double>(eval.total) / query_seconds, eval.accuracy(),
      trainer.stats().epoch_loss_sum / samples);
  return 0;
}
