// digitlab train: a network as the flags or a preset describe it (or a saved model, continued),
// trained with a progress bar and the test accuracy after each epoch.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>

#include "args.h"
#include "commands.h"
#include "data/dataset_ops.h"
#include "data/formats.h"
#include "data/model_file.h"
#include "data_args.h"
#include "kernels/kernels.h"
#include "model_args.h"
#include "network/evaluate.h"
#include "progress.h"
#include "train_config_args.h"
#include "training/trainer.h"
#include "training/training_health.h"

namespace digitlab::cli {
namespace {

// Samples per Trainer::step between progress updates: ~20 ms of the book's network here, so
// the progress line stays live, while each step's end (the fast engine writes the weights back
// into the network, a 636 KB copy) costs under 0.5% of the time (1.7% at steps of 1,000).
constexpr size_t kStepSamples = 5000;

CommandSpec train_spec() {
  CommandSpec spec{
      "train",
      "Train a network and save it: by default the book's 784-200-10 sigmoid network, per\n"
      "sample, for 5 epochs; the flags or a preset choose any other stack of dense layers,\n"
      "loss and optimiser. --model continues a saved model with the settings it was trained\n"
      "with; flags may change any of them but its architecture. Prints the test accuracy after\n"
      "each epoch; the last line is machine-readable: test_accuracy=0.9751\n"
      "If an epoch leaves the network saturated (accuracy at chance, every output stuck: too\n"
      "large a learning rate), a warning says so on stderr; the run goes on and exits 0.\n"
      "Exits 1 if training diverges or the model cannot be saved, 2 for a wrong command line.\n"
      "\n" +
          presets_help(),
      {
          {"train", "FILE", "training data: CSV, or IDX images (with --train-labels)"},
          {"train-labels", "FILE", "IDX labels for --train"},
          {"add-train", "FILE",
           "more training images after --train's (CSV, or IDX with --add-train-labels), e.g. "
           "your own drawings; --limit applies to --train's alone"},
          {"add-train-labels", "FILE", "IDX labels for --add-train"},
          {"test", "FILE", "test data: CSV, or IDX images (with --test-labels)"},
          {"test-labels", "FILE", "IDX labels for --test"},
          {"limit", "N", "use only the first N training images"},
          {"test-limit", "N", "use only the first N test images"},
          {"model", "FILE", "continue this model (.dlm) instead of a new network"},
      }};
  for (OptionSpec& o : training_options()) spec.options.push_back(std::move(o));
  spec.options.push_back({"out", "FILE", "save the trained model here (.dlm)"});
  spec.options.push_back({"quiet", "", "no progress output, only the final line"});
  return spec;
}

}  // namespace

int train_command(int argc, char** argv) {
  const CommandSpec spec = train_spec();
  Result<Args> args = Args::parse(spec, argc, argv, 2);
  if (!args) return report_usage_error("train", args.error());
  if (args->has("help")) return std::fputs(usage(spec).c_str(), stdout), 0;
  for (const auto& [images, labels] : {std::pair{"train", "train-labels"},
                                       {"add-train", "add-train-labels"},
                                       {"test", "test-labels"}})
    if (Status s = check_dataset_options(*args, images, labels); !s)
      return report_usage_error("train", s.error());
  std::vector<NamedPath> inputs = dataset_inputs(*args, "train", "train-labels", MnistPart::Train);
  for (NamedPath& p : dataset_inputs(*args, "test", "test-labels", MnistPart::Test))
    inputs.push_back(p);
  for (NamedPath& p : given_paths(*args, {"model", "add-train", "add-train-labels"}))
    inputs.push_back(p);
  if (Status s = check_output_paths(inputs, given_paths(*args, {"out"})); !s)
    return report_usage_error("train", s.error());
  auto limit = args->get_int("limit", 0, 0, 1ll << 40);
  if (!limit) return report_usage_error("train", limit.error());
  auto test_limit = args->get_int("test-limit", 0, 0, 1ll << 40);
  if (!test_limit) return report_usage_error("train", test_limit.error());
  // Everything typed is checked before any file is read; with --model, again against its
  // network once that is loaded.
  Result<TrainingConfig> config = read_training_config(*args, nullptr);
  if (!config) return report_usage_error("train", config.error());

  Model model;
  const bool continuing = args->has("model");
  if (continuing) {
    Result<Model> loaded = load_model_file(args->get("model"));
    if (!loaded) return report_error("train", loaded.error());
    model = std::move(*loaded);
    config = read_training_config(*args, &model.config);
    if (!config) return report_usage_error("train", config.error());
  } else {
    model.network = make_network(*config);
  }
  const uint32_t epochs_before = model.progress.epochs;
  // The run's settings; the model keeps them (its file records the config that made it), with
  // the seed and init its weights were first drawn with (a --seed given to continue only
  // shuffles this run).
  model.config = recorded_config(continuing ? model.config : *config, *config);

  Result<Dataset> train = load_dataset(args->get("train"), args->get("train-labels"),
                                       MnistPart::Train, "training data");
  if (!train) return report_error("train", train.error());
  Result<Dataset> test =
      load_dataset(args->get("test"), args->get("test-labels"), MnistPart::Test, "test data");
  if (!test) return report_error("train", test.error());
  truncate_dataset(*train, static_cast<size_t>(*limit));
  if (args->has("add-train")) {
    Result<Dataset> more = load_dataset(args->get("add-train"), args->get("add-train-labels"),
                                        MnistPart::Train, "added training data");
    if (!more) return report_error("train", more.error());
    if (Status s = append_dataset(*train, *more); !s)
      return report_error("train", "added training data: " + s.error());
  }
  truncate_dataset(*test, static_cast<size_t>(*test_limit));

  const bool quiet = args->has("quiet");
  const int epochs = config->epochs;
  if (!quiet) {
    const std::string what = continuing ? "continuing " + args->get("model") + " (" +
                                              std::to_string(epochs_before) + " epoch(s) so far):"
                                        : "network";
    std::printf("%s %s; %d epoch(s), seed %llu; %zu training, %zu test images\n", what.c_str(),
                describe(*config).c_str(), epochs, static_cast<unsigned long long>(config->seed),
                train->size(), test->size());
    std::fflush(stdout);
  }
  Trainer trainer(model.network, *train, *config);
  Progress progress(trainer.samples_per_epoch() * static_cast<size_t>(epochs), isatty(2) != 0);
  Evaluation eval;
  double train_seconds = 0.0;
  while (!trainer.stats().finished) {
    const auto step_start = std::chrono::steady_clock::now();
    trainer.step(kStepSamples);
    train_seconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - step_start).count();
    const TrainerStats& st = trainer.stats();
    const std::string label =
        "epoch " + std::to_string(st.epoch + (st.finished ? 0 : 1)) + "/" + std::to_string(epochs);
    if (!quiet) progress.update(st.samples_seen, label);
    if (trainer.epoch_just_ended()) {
      if (!quiet) progress.finish_line();
      eval = evaluate(model.network, *test);
      if (eval.non_finite > 0)  // the trainer keeps weights finite; this is a last guard
        return report_error("train", "the network's outputs are not finite numbers after epoch " +
                                         std::to_string(st.epoch) + "; nothing was saved");
      if (!quiet)
        std::printf("epoch %d/%d: test accuracy %.4f (%zu/%zu), %s elapsed\n", st.epoch, epochs,
                    eval.accuracy(), eval.correct, eval.total,
                    format_duration(progress.seconds()).c_str());
      std::fflush(stdout);
      // A warning, not an error: the run and its model are what was asked for (even --quiet).
      if (std::optional<std::string> w =
              saturation_warning(eval, config->learning_rate, config->optimizer))
        std::fprintf(stderr, "digitlab train: warning after epoch %d: %s\n", st.epoch, w->c_str());
    }
  }
  if (!trainer.stats().error.empty()) return report_error("train", trainer.stats().error);
  model.progress.epochs += static_cast<uint32_t>(trainer.stats().epoch);
  model.progress.samples += trainer.stats().samples_seen;

  if (args->has("out")) {
    // A model the loader would refuse is never written (model_file.h).
    if (Status s = check_model_weights(model.network); !s)
      return report_error("train", "the model was not saved: " + s.error());
    if (Status s = write_file(args->get("out"), save_model(model)); !s)
      return report_error("train", s.error());
    if (!quiet)
      std::printf("saved %s (%s)\n", args->get("out").c_str(),
                  describe(model.network.architecture()).c_str());
  }
  // The benchmark reads this line (tests/bench/report.py): "trained N samples in S s (R
  // samples/s)".
  if (!quiet)
    std::printf(
        "trained %zu samples in %.1f s (%s samples/s); %.1f s in all with testing; "
        "%d-float vectors (%s)\n",
        trainer.stats().samples_seen, train_seconds,
        format_rate(static_cast<double>(trainer.stats().samples_seen), train_seconds).c_str(),
        progress.seconds(), kernels::vector_floats(),
        kernels::vector_level_name(kernels::vector_level()));
  std::printf("test_accuracy=%.4f\n", eval.accuracy());
  return 0;
}

}  // namespace digitlab::cli
