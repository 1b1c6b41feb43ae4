#include "assets.h"

#include "data/formats.h"

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

}  // namespace digitlab
