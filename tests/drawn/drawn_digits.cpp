// drawn_digits: writes the drawn-digit test set (drawn_set.h) as an IDX pair that
// `digitlab eval --test ... --test-labels ...` reads, and its strokes as JSON for the browser
// test; with --model, each item's offline answer in the JSON too.
//   build/native/drawn_digits --out build/native/drawn [--per-class 60] [--seed 1]
//                             [--pad-brush] [--model build/native/assets/pretrained.dlm]
// Exit status: 0 done, 1 a file could not be read or written, 2 a wrong command line.
#include <climits>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "args.h"
#include "data/formats.h"
#include "drawn_json.h"
#include "drawn_set.h"
#include "model_args.h"

namespace {

using namespace digitlab;
using namespace digitlab::drawn;

const cli::CommandSpec kSpec{
    "drawn_digits",
    "Generate the drawn-digit test set: scripted pen strokes with seeded variation, painted with\n"
    "the pad's brush and preprocessed as the page does. Writes DIR/drawn-images.idx,\n"
    "DIR/drawn-labels.idx (for digitlab eval) and DIR/drawn-strokes.json (the strokes in pad\n"
    "pixels, for the browser test).",
    {
        {"out", "DIR", "the folder to write the three files into (made if missing; required)"},
        {"per-class", "N", "items of each class (default 60, at most 10000)"},
        {"seed", "N", "the random seed (default 1): the same seed gives the same bytes"},
        {"pad-brush", "", "every item with the pad's own brush radius (as the page draws)"},
        {"model", "FILE", "also write each item's answer by this model (.dlm) into the JSON"},
    }};

int usage_error(const std::string& message) {
  std::fprintf(stderr, "drawn_digits: %s (see drawn_digits --help)\n", message.c_str());
  return 2;
}

int failed(const std::string& message) {
  std::fprintf(stderr, "drawn_digits: %s\n", message.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  Result<cli::Args> args = cli::Args::parse(kSpec, argc, argv, 1);
  if (!args) return usage_error(args.error());
  if (args->has("help")) {
    // The CLI's usage text, less its "digitlab " (this tool is not one of its commands).
    std::string text = cli::usage(kSpec);
    if (const size_t at = text.find("digitlab "); at != std::string::npos) text.erase(at, 9);
    return std::fputs(text.c_str(), stdout), 0;
  }
  if (!args->has("out")) return usage_error("--out DIR is required");
  Result<long long> per_class = args->get_int("per-class", 60, 1, kMaxPerClass);
  if (!per_class) return usage_error(per_class.error());
  Result<long long> seed = args->get_int("seed", 1, 0, LLONG_MAX);
  if (!seed) return usage_error(seed.error());

  DrawnSetConfig config;
  config.seed = static_cast<uint64_t>(*seed);
  config.per_class = static_cast<int>(*per_class);
  config.pad_brush = args->has("pad-brush");

  // The model first: a wrong path fails before anything is written.
  std::vector<OfflineAnswer> answers;
  JsonModel json_model;
  Result<Model> model = Error{};
  if (args->has("model")) {
    model = cli::load_model_file(args->get("model"));
    if (!model) return failed(model.error());
    json_model = {args->get("model"), model->network.sizes()};
  }

  const std::vector<DrawnItem> items = drawn_set(config);
  const Dataset data = drawn_dataset(items);
  size_t correct = 0;
  if (model) {
    for (size_t i = 0; i < items.size(); ++i) {
      answers.push_back(offline_answer(model->network, data.image(i)));
      correct += answers.back().answer == items[i].label;
    }
  }
  const std::string json = drawn_set_json(config, items, answers, json_model);

  const std::filesystem::path dir = args->get("out");
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) return failed("cannot make the folder " + dir.string() + ": " + error.message());
  const std::string images = (dir / "drawn-images.idx").string();
  const std::string labels = (dir / "drawn-labels.idx").string();
  const std::string strokes = (dir / "drawn-strokes.json").string();
  if (Status s = write_files({{images, write_idx_images(data)},
                              {labels, write_idx_labels(data)},
                              {strokes, std::vector<uint8_t>(json.begin(), json.end())}});
      !s)
    return failed(s.error());
  std::printf("wrote %zu drawn digits (%d per class, seed %llu%s): %s %s %s\n", items.size(),
              config.per_class, static_cast<unsigned long long>(config.seed),
              config.pad_brush ? ", the pad's brush" : "", images.c_str(), labels.c_str(),
              strokes.c_str());
  if (model)
    std::printf("offline_accuracy=%.4f (%zu of %zu, %s)\n",
                static_cast<double>(correct) / static_cast<double>(items.size()), correct,
                items.size(), args->get("model").c_str());
  return 0;
}
