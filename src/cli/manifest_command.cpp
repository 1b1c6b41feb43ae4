// digitlab manifest: the bundled models' manifest (data/model_manifest.h), written by the build
// after it trained them. Each model's MNIST test accuracy is measured here, on the same test set
// `digitlab eval` uses, and its one-line summary is its preset's (training_config.h), so
// neither is typed twice.
#include <cstdio>
#include <string>
#include <vector>

#include "args.h"
#include "commands.h"
#include "data/formats.h"
#include "data/model_manifest.h"
#include "data_args.h"
#include "model_args.h"
#include "network/evaluate.h"
#include "training/training_config.h"

namespace digitlab::cli {
namespace {

const CommandSpec kSpec{
    "manifest",
    "Write the bundled models' manifest (models.txt): each model's name, file, MNIST test\n"
    "accuracy (measured now) and its preset's summary. The first model is the app's default.\n"
    "Example:\n"
    "  digitlab manifest --out assets/models.txt \\\n"
    "    --models book:pretrained.dlm:book-200,strong:strong.dlm:strong",
    {
        {"out", "FILE", "the manifest to write; the model files are in its folder (required)"},
        {"models", "LIST", "NAME:FILE:PRESET,... in menu order, the default first (required)"},
        {"test", "FILE", "test data: CSV, or IDX images (with --test-labels); default MNIST"},
        {"test-labels", "FILE", "IDX labels for --test"},
    }};

struct Entry {
  std::string name, file, preset;
};

Result<std::vector<Entry>> parse_entries(const std::string& list) {
  std::vector<Entry> entries;
  size_t start = 0;
  while (start <= list.size()) {
    size_t end = list.find(',', start);
    if (end == std::string::npos) end = list.size();
    const std::string item = list.substr(start, end - start);
    const size_t a = item.find(':');
    const size_t b = a == std::string::npos ? a : item.find(':', a + 1);
    if (b == std::string::npos || item.find(':', b + 1) != std::string::npos)
      return fail("--models: '" + item + "' is not NAME:FILE:PRESET");
    entries.push_back({item.substr(0, a), item.substr(a + 1, b - a - 1), item.substr(b + 1)});
    start = end + 1;
  }
  return entries;
}

std::string folder_of(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

int manifest_command(int argc, char** argv) {
  Result<Args> args = Args::parse(kSpec, argc, argv, 2);
  if (!args) return report_usage_error("manifest", args.error());
  if (args->has("help")) return std::fputs(usage(kSpec).c_str(), stdout), 0;
  if (!args->has("out")) return report_usage_error("manifest", "--out FILE is required");
  if (!args->has("models")) return report_usage_error("manifest", "--models LIST is required");
  if (Status s = check_dataset_options(*args, "test", "test-labels"); !s)
    return report_usage_error("manifest", s.error());
  Result<std::vector<Entry>> entries = parse_entries(args->get("models"));
  if (!entries) return report_usage_error("manifest", entries.error());

  // Names, files and presets checked before any file is read.
  std::vector<BundledModel> models;
  for (const Entry& e : *entries) {
    const Preset* preset = nullptr;
    for (const Preset& p : presets())
      if (e.preset == p.name) preset = &p;
    if (!preset) return report_usage_error("manifest", preset_config(e.preset).error());
    BundledModel model{e.name, e.file, 0.0, preset->summary};
    if (Status s = check_bundled_model(model); !s) return report_usage_error("manifest", s.error());
    if (find_bundled_model(models, e.name))
      return report_usage_error("manifest", "the name '" + e.name + "' is given twice");
    models.push_back(model);
  }

  Result<Dataset> test =
      load_dataset(args->get("test"), args->get("test-labels"), MnistPart::Test, "test data");
  if (!test) return report_error("manifest", test.error());
  const std::string folder = folder_of(args->get("out"));
  for (BundledModel& m : models) {
    Result<Model> model = load_model_file(folder + "/" + m.file);
    if (!model) return report_error("manifest", model.error());
    const Evaluation eval = evaluate(model->network, *test);
    if (eval.non_finite > 0)
      return report_error("manifest", m.file + " gives outputs that are not finite numbers");
    m.accuracy = eval.accuracy();
    std::printf("%s (%s): test_accuracy=%.4f\n", m.name.c_str(), m.file.c_str(), m.accuracy);
  }
  const std::string text = format_model_manifest(models);
  if (Status s = write_file(args->get("out"), std::vector<uint8_t>(text.begin(), text.end())); !s)
    return report_error("manifest", s.error());
  return 0;
}

}  // namespace digitlab::cli
