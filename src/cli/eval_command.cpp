// digitlab eval: test accuracy and the confusion matrix of a model file.
#include <chrono>
#include <cstdio>

#include "args.h"
#include "commands.h"
#include "data_args.h"
#include "kernels/kernels.h"
#include "model_args.h"
#include "network/evaluate.h"
#include "progress.h"

namespace digitlab::cli {
namespace {

const CommandSpec kSpec{
    "eval",
    "Classify a test set with a model file; print the accuracy, the confusion matrix\n"
    "(rows: true label, columns: predicted) and the classification's speed.\n"
    "Last line: test_accuracy=0.9751",
    {
        {"model", "FILE", "the model file (.dlm) to evaluate (required)"},
        {"test", "FILE", "test data: CSV, or IDX images (with --test-labels); default MNIST"},
        {"test-labels", "FILE", "IDX labels for --test"},
        {"test-limit", "N", "use only the first N test images"},
    }};

void print_confusion(const Evaluation& eval) {
  std::printf("confusion matrix (rows: true label, columns: predicted)\n      ");
  for (int p = 0; p < kClasses; ++p) std::printf("%6d", p);
  std::printf("\n");
  for (int a = 0; a < kClasses; ++a) {
    std::printf("%6d", a);
    for (int p = 0; p < kClasses; ++p) std::printf("%6u", eval.confusion[a][p]);
    std::printf("\n");
  }
}

}  // namespace

int eval_command(int argc, char** argv) {
  Result<Args> args = Args::parse(kSpec, argc, argv, 2);
  if (!args) return report_usage_error("eval", args.error());
  if (args->has("help")) return std::fputs(usage(kSpec).c_str(), stdout), 0;
  if (!args->has("model")) return report_usage_error("eval", "--model FILE is required");
  if (Status s = check_dataset_options(*args, "test", "test-labels"); !s)
    return report_usage_error("eval", s.error());
  auto limit = args->get_int("test-limit", 0, 0, 1ll << 40);
  if (!limit) return report_usage_error("eval", limit.error());
  Result<Model> model = load_model_file(args->get("model"));
  if (!model) return report_error("eval", model.error());
  Result<Dataset> test =
      load_dataset(args->get("test"), args->get("test-labels"), MnistPart::Test, "test data");
  if (!test) return report_error("eval", test.error());
  truncate_dataset(*test, static_cast<size_t>(*limit));

  // Timed around the classification alone (not the file reading): the benchmark's queries/s.
  const auto start = std::chrono::steady_clock::now();
  const Evaluation eval = evaluate(model->network, *test);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (eval.non_finite > 0)
    return report_error("eval", std::to_string(eval.non_finite) + " of " +
                                    std::to_string(eval.total) +
                                    " test images gave outputs that are not finite numbers: the "
                                    "model's weights are broken (too large?), it has no answers");
  std::printf("%zu of %zu test images correct\n", eval.correct, eval.total);
  print_confusion(eval);
  std::printf("classified %zu images in %.3f s (%s images/s); %d-float vectors\n", eval.total,
              seconds, format_rate(static_cast<double>(eval.total), seconds).c_str(),
              kernels::vector_floats());
  std::printf("test_accuracy=%.4f\n", eval.accuracy());
  return 0;
}

}  // namespace digitlab::cli
