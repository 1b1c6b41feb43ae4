// digitlab back-query: each class's picture (src/core/inside/class_picture.h) as DIR/0.png to
// DIR/9.png: the book's back query for sigmoid networks without biases, gradient ascent on the
// class's logit for every other network.
#include <cstdio>
#include <filesystem>
#include <system_error>

#include "args.h"
#include "commands.h"
#include "data/dataset.h"
#include "data/formats.h"
#include "inside/class_picture.h"
#include "inside/colour_map.h"
#include "model_args.h"
#include "output_paths.h"
#include "png_writer.h"

namespace digitlab::cli {
namespace {

const CommandSpec kSpec{
    "back-query",
    "Draw the picture the network associates with each class, as DIR/0.png ... DIR/9.png\n"
    "(white ink on black). Sigmoid networks without biases run the book's back query (the\n"
    "network backwards); others climb the class's logit by gradient ascent from a blank image.",
    {
        {"model", "FILE", "the model file (.dlm) (required)"},
        {"out", "DIR", "the folder to write into, made if missing (required)"},
        {"zoom", "N", "pixels per input pixel, 1 to 20 (default 10)"},
    }};

}  // namespace

int back_query_command(int argc, char** argv) {
  Result<Args> args = Args::parse(kSpec, argc, argv, 2);
  if (!args) return report_usage_error("back-query", args.error());
  if (args->has("help")) return std::fputs(usage(kSpec).c_str(), stdout), 0;
  if (!args->has("model") || !args->has("out"))
    return report_usage_error("back-query", "--model FILE and --out DIR are required");
  const auto zoom = args->get_int("zoom", 10, 1, 20);
  if (!zoom) return report_usage_error("back-query", zoom.error());
  const std::string dir = args->get("out");
  std::vector<NamedPath> outputs;
  for (int k = 0; k < kClasses; ++k)
    outputs.push_back({"--out", (std::filesystem::path(dir) / (std::to_string(k) + ".png"))});
  if (Status s = check_output_paths(given_paths(*args, {"model"}), outputs); !s)
    return report_usage_error("back-query", s.error());
  Result<Model> model = load_model_file(args->get("model"));
  if (!model) return report_error("back-query", model.error());

  const Network& net = model->network;
  const int side = kImageSide * static_cast<int>(*zoom);
  std::vector<FileToWrite> files;
  for (int k = 0; k < kClasses; ++k) {
    const std::vector<float> values = class_picture(net, k);
    RgbImage picture(side, side);
    draw_tile(picture, 0, 0, values.data(), kImageSide, static_cast<int>(*zoom), [](float v) {
      const uint8_t p = input_pixel(v);
      return Rgb{p, p, p};
    });
    Result<std::vector<uint8_t>> png = encode_png(picture);
    if (!png) return report_error("back-query", png.error());
    files.push_back({outputs[k].path, std::move(*png)});
  }
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error)
    return report_error("back-query", dir + ": cannot make the folder: " + error.message());
  if (Status s = write_files(files); !s) return report_error("back-query", s.error());
  std::printf("wrote %s/0.png ... 9.png (%dx%d): %s\n", dir.c_str(), side, side,
              fits_back_query(net.architecture()) ? "the book's back query"
                                                  : "gradient ascent on each class's logit");
  return 0;
}

}  // namespace digitlab::cli
