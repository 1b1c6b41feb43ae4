#include "assets.h"

#include "data/formats.h"
#include "data/model_manifest.h"

namespace digitlab {

std::vector<std::string> load_assets(App& app, const std::string& dir) {
  std::vector<std::string> problems;
  const auto model = read_file(dir + "/" + kModelFile);
  if (!model) {
    problems.push_back(model.error());
  } else if (Status s = app.load_model_bytes(model->data(), model->size()); !s) {
    problems.push_back(s.error());
  }

  const auto images = read_file(dir + "/" + kSampleImagesFile);
  const auto labels = read_file(dir + "/" + kSampleLabelsFile);
  if (!images || !labels) {
    problems.push_back(!images ? images.error() : labels.error());
  } else if (Status s =
                 app.load_samples(images->data(), images->size(), labels->data(), labels->size());
             !s) {
    problems.push_back(s.error());
  }
  // A later success clears the app's message, so show every problem once all are known.
  if (!problems.empty()) {
    std::string all;
    for (const std::string& p : problems) all += (all.empty() ? "" : "\n") + p;
    app.show_error(all);
  }
  return problems;
}

std::string install_model_menu(App& app, const std::string& dir, FetchModel fetch,
                               const std::string& start_choice) {
  ModelMenu& menu = app.model_menu();
  const auto manifest = read_file(dir + "/" + kModelManifestFile);
  if (!manifest) {
    if (!start_choice.empty())
      app.show_error("There are no bundled models to choose '" + start_choice + "' from.");
    return manifest.error();
  }
  Result<std::vector<BundledModel>> models =
      parse_model_manifest(manifest->data(), manifest->size());
  if (!models) {
    app.show_error("Cannot offer the bundled models: " + models.error());
    return models.error();
  }
  const BundledModel first = models->front();
  menu.set_models(std::move(*models), std::move(fetch));
  if (const auto bytes = read_file(dir + "/" + first.file); bytes)
    menu.know(first.name, bytes->data(), bytes->size());
  menu.choose_at_start(start_choice);
  return "";
}

}  // namespace digitlab
