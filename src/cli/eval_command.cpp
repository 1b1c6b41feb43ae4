// digitlab eval: test accuracy, the confusion matrix and each class's accuracy of a model
// file; with --mistakes-png, a gallery of the mistakes it was surest of.
#include <array>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "args.h"
#include "commands.h"
#include "data/formats.h"
#include "data_args.h"
#include "kernels/kernels.h"
#include "mistakes_gallery.h"
#include "model_args.h"
#include "network/evaluate.h"
#include "network/mistakes.h"
#include "png_writer.h"
#include "progress.h"

namespace digitlab::cli {
namespace {

const CommandSpec kSpec{
    "eval",
    "Classify a test set with a model file; print the accuracy, the confusion matrix\n"
    "(rows: true label, columns: predicted), each class's accuracy and the classification's\n"
    "speed.\n"
    "Last line: test_accuracy=0.9751",
    {
        {"model", "FILE", "the model file (.dlm) to evaluate (required)"},
        {"test", "FILE", "test data: CSV, or IDX images (with --test-labels); default MNIST"},
        {"test-labels", "FILE", "IDX labels for --test"},
        {"test-limit", "N", "use only the first N test images"},
        {"mistakes-png", "FILE", "save the surest mistakes as a PNG grid (listed in the output)"},
        {"mistakes", "N", "how many --mistakes-png shows, surest first (default 36, max 1000)"},
    }};

constexpr long long kDefaultMistakes = 36;
constexpr long long kMaxMistakes = 1000;

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

void print_class_accuracy(const Evaluation& eval) {
  std::printf("accuracy per true label\n");
  const std::array<ClassAccuracy, kClasses> classes = per_class_accuracy(eval);
  for (int a = 0; a < kClasses; ++a) {
    if (classes[a].total == 0) {
      std::printf("  %d: no test images\n", a);
      continue;
    }
    std::printf("  %d: %.4f (%u of %u)\n", a, classes[a].accuracy(), classes[a].correct,
                classes[a].total);
  }
}

// The gallery's PNG through write_file, and the list that says which tile is which image.
Status save_mistakes(const std::string& path, const Dataset& test,
                     const std::vector<Mistake>& mistakes) {
  if (mistakes.empty()) {
    std::printf("no mistakes to show: %s not written\n", path.c_str());
    return Status::success();
  }
  const GreyPicture picture = mistakes_gallery(test, mistakes);
  Result<std::vector<uint8_t>> png = encode_png_grey(picture.pixels, picture.width, picture.height);
  if (!png) return fail(png.error());
  if (Status s = write_file(path, *png); !s) return s;
  std::printf(
      "saved the %zu surest mistakes to %s (row by row: image, true label -> predicted "
      "(winning output))\n",
      mistakes.size(), path.c_str());
  for (const Mistake& m : mistakes)
    std::printf("  image %zu: %d -> %d (%.4f)\n", m.index, m.actual, m.predicted,
                static_cast<double>(m.confidence()));
  return Status::success();
}

}  // namespace

int eval_command(int argc, char** argv) {
  Result<Args> args = Args::parse(kSpec, argc, argv, 2);
  if (!args) return report_usage_error("eval", args.error());
  if (args->has("help")) return std::fputs(usage(kSpec).c_str(), stdout), 0;
  if (!args->has("model")) return report_usage_error("eval", "--model FILE is required");
  if (Status s = check_dataset_options(*args, "test", "test-labels"); !s)
    return report_usage_error("eval", s.error());
  std::vector<NamedPath> inputs = dataset_inputs(*args, "test", "test-labels", MnistPart::Test);
  for (NamedPath& p : given_paths(*args, {"model"})) inputs.push_back(p);
  if (Status s = check_output_paths(inputs, given_paths(*args, {"mistakes-png"})); !s)
    return report_usage_error("eval", s.error());
  auto limit = args->get_int("test-limit", 0, 0, 1ll << 40);
  if (!limit) return report_usage_error("eval", limit.error());
  auto mistakes = args->get_int("mistakes", kDefaultMistakes, 1, kMaxMistakes);
  if (!mistakes) return report_usage_error("eval", mistakes.error());
  if (args->has("mistakes") && !args->has("mistakes-png"))
    return report_usage_error("eval", "--mistakes N is for --mistakes-png FILE, which is missing");
  Result<Model> model = load_model_file(args->get("model"));
  if (!model) return report_error("eval", model.error());
  Result<Dataset> test =
      load_dataset(args->get("test"), args->get("test-labels"), MnistPart::Test, "test data");
  if (!test) return report_error("eval", test.error());
  truncate_dataset(*test, static_cast<size_t>(*limit));

  // Timed around the classification alone (not the file reading): the benchmark's queries/s.
  const auto start = std::chrono::steady_clock::now();
  EvaluationDetails details(args->has("mistakes-png") ? static_cast<size_t>(*mistakes) : 0);
  const Evaluation eval = evaluate(model->network, *test, &details);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (eval.non_finite > 0)
    return report_error("eval", std::to_string(eval.non_finite) + " of " +
                                    std::to_string(eval.total) +
                                    " test images gave outputs that are not finite numbers: the "
                                    "model's weights are broken (too large?), it has no answers");
  std::printf("%zu of %zu test images correct\n", eval.correct, eval.total);
  print_confusion(eval);
  print_class_accuracy(eval);
  std::printf("classified %zu images in %.3f s (%s images/s); %d-float vectors (%s)\n", eval.total,
              seconds, format_rate(static_cast<double>(eval.total), seconds).c_str(),
              kernels::vector_floats(), kernels::vector_level_name(kernels::vector_level()));
  if (args->has("mistakes-png"))
    if (Status s =
            save_mistakes(args->get("mistakes-png"), *test, details.most_confident_mistakes());
        !s)
      return report_error("eval", s.error());
  std::printf("test_accuracy=%.4f\n", eval.accuracy());
  return 0;
}

}  // namespace digitlab::cli
