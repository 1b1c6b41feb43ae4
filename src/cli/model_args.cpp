#include "model_args.h"

#include "data/formats.h"

namespace digitlab::cli {

Result<Model> load_model_file(const std::string& path) {
  if (path.empty()) return fail("--model FILE is required");
  Result<std::vector<uint8_t>> bytes = read_file(path);
  if (!bytes) return fail(bytes.error());
  // The core's one loader for digit models: the file's checks, then the 28x28 -> 10 shape.
  Result<Model> model = load_digit_model(bytes->data(), bytes->size());
  if (!model) return fail(path + ": " + model.error());
  return model;
}

}  // namespace digitlab::cli
