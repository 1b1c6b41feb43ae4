// digitlab predict: the ten outputs for a PNG drawing or for one image of a dataset.
#include <cstdio>
#include <utility>

#include "args.h"
#include "commands.h"
#include "data/formats.h"
#include "data_args.h"
#include "image/preprocess.h"
#include "model_args.h"
#include "network/evaluate.h"
#include "network/layer_math.h"
#include "png_reader.h"

namespace digitlab::cli {
namespace {

const CommandSpec kSpec{
    "predict",
    "Classify one digit: a PNG/JPEG/BMP drawing of any size (preprocessed like MNIST: cropped,\n"
    "scaled to 20 px, centred by mass in 28x28) or image --index of a dataset. Prints the ten\n"
    "output activations and the answer.",
    {
        {"model", "FILE", "the model file (.dlm) (required)"},
        {"png", "FILE", "a drawing: white on black or black on white"},
        {"index", "N", "an image of --images (default: the MNIST test set)"},
        {"images", "FILE", "CSV, or IDX images (with --labels)"},
        {"labels", "FILE", "IDX labels for --images"},
    }};

// A drawing as the 28x28 input, bytes 0..255.
Result<std::vector<uint8_t>> drawing_pixels(const std::string& path) {
  Result<GreyImage> drawing = read_drawing(path);
  if (!drawing) return fail(drawing.error());
  Preprocessed p = preprocess_drawing(*drawing);
  if (p.empty) return fail(path + ": the image is empty (no ink to classify)");
  return p.pixels;
}

}  // namespace

int predict_command(int argc, char** argv) {
  Result<Args> args = Args::parse(kSpec, argc, argv, 2);
  if (!args) return report_usage_error("predict", args.error());
  if (args->has("help")) return std::fputs(usage(kSpec).c_str(), stdout), 0;
  if (!args->has("model")) return report_usage_error("predict", "--model FILE is required");
  if (args->has("png") == args->has("index"))
    return report_usage_error("predict", "give either --png FILE or --index N");
  if (args->has("png") && (args->has("images") || args->has("labels")))
    return report_usage_error("predict", "--images and --labels go with --index, not --png");
  if (Status s = check_dataset_options(*args, "images", "labels"); !s)
    return report_usage_error("predict", s.error());
  // The syntax now; the range once the dataset's size is known.
  auto index = args->get_int("index", 0, 0, static_cast<long long>(kMaxDatasetImages) - 1);
  if (!index) return report_usage_error("predict", index.error());
  Result<Model> model = load_model_file(args->get("model"));
  if (!model) return report_error("predict", model.error());

  int label = -1;
  std::vector<uint8_t> pixels;  // the 28x28 input, bytes 0..255
  if (args->has("png")) {
    Result<std::vector<uint8_t>> drawing = drawing_pixels(args->get("png"));
    if (!drawing) return report_error("predict", drawing.error());
    pixels = std::move(*drawing);
  } else {
    Result<Dataset> data =
        load_dataset(args->get("images"), args->get("labels"), MnistPart::Test, "images");
    if (!data) return report_error("predict", data.error());
    const size_t i = static_cast<size_t>(*index);
    if (i >= data->size())
      return report_usage_error(
          "predict", "--index must be from 0 to " + std::to_string(data->size() - 1) + " (" +
                         std::to_string(data->size()) + " images), got " + std::to_string(i));
    label = data->labels[i];
    pixels.assign(data->image(i), data->image(i) + data->pixels_per_image());
  }

  std::vector<float> input(pixels.size()), output(kClasses);
  scale_input(input.data(), pixels.data(), input.size());
  model->network.query_outputs(output.data(), input.data());
  if (Status s = check_outputs(output.data(), kClasses); !s)
    return report_error("predict", s.error());
  for (int k = 0; k < kClasses; ++k)
    std::printf("%d  %.4f  %s\n", k, static_cast<double>(output[k]),
                std::string(static_cast<size_t>(output[k] * 40 + 0.5f), '#').c_str());
  const int answer = argmax(output.data(), kClasses);
  if (label >= 0) std::printf("label=%d\n", label);
  std::printf("prediction=%d\n", answer);
  return 0;
}

}  // namespace digitlab::cli
