// digitlab slice: copy a run of images from a dataset into a new IDX pair (the build uses it to
// give the app a few MNIST test digits without shipping the whole test set to the page).
#include <cstdio>

#include "args.h"
#include "commands.h"
#include "data/formats.h"
#include "data_args.h"

namespace digitlab::cli {
namespace {

const CommandSpec kSpec{
    "slice",
    "Write images [start, start+count) of a dataset as an IDX images file and labels file.",
    {
        {"images", "FILE", "CSV, or IDX images (with --labels); default: the MNIST test set"},
        {"labels", "FILE", "IDX labels for --images"},
        {"start", "N", "first image (default 0)"},
        {"count", "N", "number of images (default 100)"},
        {"images-out", "FILE", "the IDX images file to write (required)"},
        {"labels-out", "FILE", "the IDX labels file to write (required)"},
    }};

}  // namespace

int slice_command(int argc, char** argv) {
  Result<Args> args = Args::parse(kSpec, argc, argv, 2);
  if (!args) return report_usage_error("slice", args.error());
  if (args->has("help")) return std::fputs(usage(kSpec).c_str(), stdout), 0;
  if (!args->has("images-out") || !args->has("labels-out"))
    return report_usage_error("slice", "--images-out and --labels-out are required");
  if (Status s = check_dataset_options(*args, "images", "labels"); !s)
    return report_usage_error("slice", s.error());
  if (Status s = check_output_paths(dataset_inputs(*args, "images", "labels", MnistPart::Test),
                                    given_paths(*args, {"images-out", "labels-out"}));
      !s)
    return report_usage_error("slice", s.error());
  // The numbers' syntax before reading anything; their range once the dataset's size is known.
  constexpr auto kMaxImages = static_cast<long long>(kMaxDatasetImages);  // the loader's cap
  auto start = args->get_int("start", 0, 0, kMaxImages - 1);
  if (!start) return report_usage_error("slice", start.error());
  auto count = args->get_int("count", 100, 1, kMaxImages);
  if (!count) return report_usage_error("slice", count.error());
  Result<Dataset> data =
      load_dataset(args->get("images"), args->get("labels"), MnistPart::Test, "images");
  if (!data) return report_error("slice", data.error());
  const long long size = static_cast<long long>(data->size());
  if (*start >= size)
    return report_usage_error("slice", "--start must be from 0 to " + std::to_string(size - 1) +
                                           " (the dataset has " + std::to_string(size) +
                                           " images), got " + std::to_string(*start));
  if (*count > size - *start)
    return report_usage_error(
        "slice", "--count must be from 1 to " + std::to_string(size - *start) + " (images " +
                     std::to_string(*start) + " onwards), got " + std::to_string(*count));

  Dataset out;
  out.rows = data->rows;
  out.cols = data->cols;
  const size_t first = static_cast<size_t>(*start), n = static_cast<size_t>(*count);
  out.labels.assign(data->labels.begin() + first, data->labels.begin() + first + n);
  out.pixels.assign(data->image(first), data->image(first) + n * data->pixels_per_image());
  // Both files or neither: write_files prepares both before replacing either.
  if (Status s = write_files({{args->get("images-out"), write_idx_images(out)},
                              {args->get("labels-out"), write_idx_labels(out)}});
      !s)
    return report_error("slice", s.error());
  std::printf("wrote %zu images\n", n);
  return 0;
}

}  // namespace digitlab::cli
