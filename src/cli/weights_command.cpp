// digitlab weights: the first hidden layer's incoming weights as one picture, a 28x28 tile per
// unit in a grid, coloured on the layer's one symmetric scale (src/core/inside/weight_tiles.h).
#include <cmath>
#include <cstdio>

#include "args.h"
#include "commands.h"
#include "data/dataset.h"
#include "data/formats.h"
#include "inside/colour_map.h"
#include "inside/weight_tiles.h"
#include "model_args.h"
#include "output_paths.h"
#include "png_writer.h"

namespace digitlab::cli {
namespace {

const CommandSpec kSpec{
    "weights",
    "Draw what each unit of the first layer after the input looks for: its 784 incoming\n"
    "weights as a 28x28 tile, red positive, blue negative, white 0, on one scale for the whole\n"
    "layer (the 99th percentile of |w|: larger weights are drawn at full colour). Units in\n"
    "order, left to right, top to bottom.",
    {
        {"model", "FILE", "the model file (.dlm) (required)"},
        {"out", "FILE", "the PNG file to write (required)"},
        {"zoom", "N", "pixels per weight, 1 to 8 (default 2)"},
    }};

constexpr int kGap = 2;                 // pixels between tiles, and around the grid
constexpr uint8_t kGapGrey = 64;        // dark, so white (zero) tiles still show their edges
constexpr int kMaxPictureSide = 16384;  // what common PNG viewers still open

}  // namespace

int weights_command(int argc, char** argv) {
  Result<Args> args = Args::parse(kSpec, argc, argv, 2);
  if (!args) return report_usage_error("weights", args.error());
  if (args->has("help")) return std::fputs(usage(kSpec).c_str(), stdout), 0;
  if (!args->has("model") || !args->has("out"))
    return report_usage_error("weights", "--model FILE and --out FILE are required");
  const auto zoom = args->get_int("zoom", 2, 1, 8);
  if (!zoom) return report_usage_error("weights", zoom.error());
  if (Status s = check_output_paths(given_paths(*args, {"model"}), given_paths(*args, {"out"})); !s)
    return report_usage_error("weights", s.error());
  Result<Model> model = load_model_file(args->get("model"));
  if (!model) return report_error("weights", model.error());

  const Network& net = model->network;
  const int units = net.sizes()[1], tile = kImageSide * static_cast<int>(*zoom);
  const int columns = static_cast<int>(std::ceil(std::sqrt(double(units))));
  const int rows = (units + columns - 1) / columns;
  const int width = columns * (tile + kGap) + kGap, height = rows * (tile + kGap) + kGap;
  if (width > kMaxPictureSide || height > kMaxPictureSide)
    return report_error("weights", "the grid of " + std::to_string(units) + " tiles would be " +
                                       std::to_string(width) + "x" + std::to_string(height) +
                                       " pixels, over " + std::to_string(kMaxPictureSide) +
                                       ": give a smaller --zoom");
  const float scale = weight_scale(net, 1);
  RgbImage picture(width, height, kGapGrey);
  for (int j = 0; j < units; ++j) {
    const std::vector<float> w = incoming_weights(net, 1, j);
    draw_tile(picture, kGap + (j % columns) * (tile + kGap), kGap + (j / columns) * (tile + kGap),
              w.data(), kImageSide, static_cast<int>(*zoom),
              [&](float v) { return diverging_rgb(weight_colour(v, scale)); });
  }
  Result<std::vector<uint8_t>> png = encode_png(picture);
  if (!png) return report_error("weights", png.error());
  if (Status s = write_file(args->get("out"), *png); !s) return report_error("weights", s.error());
  std::printf("wrote %s: %d tiles, %dx%d pixels, colour scale ±%.4g\n", args->get("out").c_str(),
              units, width, height, static_cast<double>(scale));
  return 0;
}

}  // namespace digitlab::cli
