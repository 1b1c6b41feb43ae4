#include "model_args.h"

#include "data/dataset.h"
#include "data/formats.h"

namespace digitlab::cli {

Result<Model> load_model_file(const std::string& path) {
  if (path.empty()) return fail("--model FILE is required");
  Result<std::vector<uint8_t>> bytes = read_file(path);
  if (!bytes) return fail(bytes.error());
  Result<Model> model = load_model(bytes->data(), bytes->size());
  if (!model) return fail(path + ": " + model.error());
  if (Status s = check_model_shape(model->network, kImagePixels, kClasses); !s)
    return fail(path + ": " + s.error());
  return model;
}

}  // namespace digitlab::cli
