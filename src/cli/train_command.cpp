// digitlab train: per-sample training with a progress bar and test accuracy after each epoch.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>

#include "args.h"
#include "commands.h"
#include "data/formats.h"
#include "data/model_file.h"
#include "data_args.h"
#include "kernels/kernels.h"
#include "network/evaluate.h"
#include "progress.h"
#include "training/trainer.h"
#include "training/training_health.h"

namespace digitlab::cli {
namespace {

// Samples per Trainer::step between progress updates: ~20 ms of the book's network here, so
// the progress line stays live, while each step's end (the fast engine writes the weights back
// into the network, a 636 KB copy) costs under 0.5% of the time (1.7% at steps of 1,000).
constexpr size_t kStepSamples = 5000;

const CommandSpec kSpec{
    "train",
    "Train the book's sigmoid network per sample and save it. Prints the test accuracy after\n"
    "each epoch; the last line is machine-readable: test_accuracy=0.9751\n"
    "If an epoch leaves the network saturated (accuracy at chance, every output stuck: too\n"
    "large a learning rate), a warning says so on stderr; the run goes on and exits 0.\n"
    "Exits 1 if training diverges or the model cannot be saved.",
    {
        {"train", "FILE", "training data: CSV, or IDX images (with --train-labels)"},
        {"train-labels", "FILE", "IDX labels for --train"},
        {"test", "FILE", "test data: CSV, or IDX images (with --test-labels)"},
        {"test-labels", "FILE", "IDX labels for --test"},
        {"hidden", "N[,N...]", "hidden layer sizes (default 200)"},
        {"lr", "RATE", "learning rate (default 0.1)"},
        {"epochs", "N", "passes over the training data (default 5)"},
        {"seed", "N", "seed of the initial weights (default 1)"},
        {"shuffle", "", "shuffle each epoch (the book does not)"},
        {"batch", "N",
         "samples per update (default 1, the book); N > 1: the mean of their updates"},
        {"limit", "N", "use only the first N training images"},
        {"test-limit", "N", "use only the first N test images"},
        {"out", "FILE", "save the trained model here (.dlm)"},
        {"quiet", "", "no progress output, only the final line"},
    }};

struct Options {
  std::vector<int> hidden;
  float lr = 0.1f;
  int epochs = 5;
  uint64_t seed = 1;
  int batch = 1;
  size_t limit = 0, test_limit = 0;
};

Result<Options> read_options(const Args& args) {
  Options o;
  auto hidden = args.get_int_list("hidden", {200});
  if (!hidden) return fail(hidden.error());
  o.hidden = *hidden;
  auto lr = args.get_float("lr", 0.1f);
  if (!lr) return fail(lr.error());
  if (Status s = validate_learning_rate(*lr); !s) return fail(s.error());
  o.lr = *lr;
  auto epochs = args.get_int("epochs", 5, 1, kMaxEpochs);
  if (!epochs) return fail(epochs.error());
  o.epochs = static_cast<int>(*epochs);
  auto seed = args.get_int("seed", 1, 0, (1ll << 62));
  if (!seed) return fail(seed.error());
  o.seed = static_cast<uint64_t>(*seed);
  // The upper bound is the core's (validate_batch_size, once the network's sizes are known).
  auto batch = args.get_int("batch", 1, 1, static_cast<long long>(kMaxBatchValues));
  if (!batch) return fail(batch.error());
  o.batch = static_cast<int>(*batch);
  auto limit = args.get_int("limit", 0, 0, 1ll << 40);
  auto test_limit = args.get_int("test-limit", 0, 0, 1ll << 40);
  if (!limit) return fail(limit.error());
  if (!test_limit) return fail(test_limit.error());
  o.limit = static_cast<size_t>(*limit);
  o.test_limit = static_cast<size_t>(*test_limit);
  return o;
}

}  // namespace

int train_command(int argc, char** argv) {
  Result<Args> args = Args::parse(kSpec, argc, argv, 2);
  if (!args) return report_usage_error("train", args.error());
  if (args->has("help")) return std::fputs(usage(kSpec).c_str(), stdout), 0;
  for (const auto& [images, labels] : {std::pair{"train", "train-labels"}, {"test", "test-labels"}})
    if (Status s = check_dataset_options(*args, images, labels); !s)
      return report_usage_error("train", s.error());
  std::vector<NamedPath> inputs = dataset_inputs(*args, "train", "train-labels", MnistPart::Train);
  for (NamedPath& p : dataset_inputs(*args, "test", "test-labels", MnistPart::Test))
    inputs.push_back(p);
  if (Status s = check_output_paths(inputs, given_paths(*args, {"out"})); !s)
    return report_usage_error("train", s.error());
  Result<Options> opt = read_options(*args);
  if (!opt) return report_usage_error("train", opt.error());

  Result<Dataset> train = load_dataset(args->get("train"), args->get("train-labels"),
                                       MnistPart::Train, "training data");
  if (!train) return report_error("train", train.error());
  Result<Dataset> test =
      load_dataset(args->get("test"), args->get("test-labels"), MnistPart::Test, "test data");
  if (!test) return report_error("train", test.error());
  truncate_dataset(*train, opt->limit);
  truncate_dataset(*test, opt->test_limit);

  std::vector<int> sizes{static_cast<int>(train->pixels_per_image())};
  sizes.insert(sizes.end(), opt->hidden.begin(), opt->hidden.end());
  sizes.push_back(kClasses);
  // The core's caps, before any allocation: a network it could not load again is refused.
  if (Status s = check_network_shape(sizes); !s) return report_usage_error("train", s.error());
  if (Status s = validate_batch_size(opt->batch, sizes); !s)
    return report_usage_error("train", s.error());
  Model model{Network(sizes, opt->seed), {}};
  model.settings.learning_rate = opt->lr;
  model.settings.seed = opt->seed;

  const bool quiet = args->has("quiet");
  if (!quiet) {
    std::string shape;
    for (int s : sizes) shape += (shape.empty() ? "" : "-") + std::to_string(s);
    std::printf("network %s, lr %g, %d epoch(s), seed %llu; %zu training, %zu test images\n",
                shape.c_str(), static_cast<double>(opt->lr), opt->epochs,
                static_cast<unsigned long long>(opt->seed), train->size(), test->size());
    std::fflush(stdout);
  }
  TrainingConfig config;
  config.architecture = model.network.architecture();
  config.learning_rate = opt->lr;
  config.epochs = opt->epochs;
  config.shuffle = args->has("shuffle");
  config.seed = opt->seed;
  config.batch_size = opt->batch;
  Trainer trainer(model.network, *train, config);
  Progress progress(train->size() * static_cast<size_t>(opt->epochs), isatty(2) != 0);
  Evaluation eval;
  double train_seconds = 0.0;
  while (!trainer.stats().finished) {
    const auto step_start = std::chrono::steady_clock::now();
    trainer.step(kStepSamples);
    train_seconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - step_start).count();
    const TrainerStats& st = trainer.stats();
    const std::string label = "epoch " + std::to_string(st.epoch + (st.finished ? 0 : 1)) + "/" +
                              std::to_string(opt->epochs);
    if (!quiet) progress.update(st.samples_seen, label);
    if (trainer.epoch_just_ended()) {
      if (!quiet) progress.finish_line();
      eval = evaluate(model.network, *test);
      if (eval.non_finite > 0)  // the trainer keeps weights finite; this is a last guard
        return report_error("train", "the network's outputs are not finite numbers after epoch " +
                                         std::to_string(st.epoch) + "; nothing was saved");
      if (!quiet)
        std::printf("epoch %d/%d: test accuracy %.4f (%zu/%zu), %s elapsed\n", st.epoch,
                    opt->epochs, eval.accuracy(), eval.correct, eval.total,
                    format_duration(progress.seconds()).c_str());
      std::fflush(stdout);
      // A warning, not an error: the run and its model are what was asked for (even --quiet).
      if (std::optional<std::string> w = saturation_warning(eval, opt->lr))
        std::fprintf(stderr, "digitlab train: warning after epoch %d: %s\n", st.epoch, w->c_str());
    }
  }
  if (!trainer.stats().error.empty()) return report_error("train", trainer.stats().error);
  model.settings.epochs = static_cast<uint32_t>(trainer.stats().epoch);
  model.settings.samples_seen = trainer.stats().samples_seen;

  if (args->has("out")) {
    // A model the loader would refuse is never written (model_file.h).
    if (Status s = check_model_weights(model.network); !s)
      return report_error("train", "the model was not saved: " + s.error());
    if (Status s = write_file(args->get("out"), save_model(model)); !s)
      return report_error("train", s.error());
    if (!quiet) std::printf("saved %s\n", args->get("out").c_str());
  }
  if (!quiet)
    std::printf(
        "trained %zu samples in %.1f s (%s samples/s); %.1f s in all with testing; "
        "%d-float vectors\n",
        trainer.stats().samples_seen, train_seconds,
        format_rate(static_cast<double>(trainer.stats().samples_seen), train_seconds).c_str(),
        progress.seconds(), kernels::vector_floats());
  std::printf("test_accuracy=%.4f\n", eval.accuracy());
  return 0;
}

}  // namespace digitlab::cli
