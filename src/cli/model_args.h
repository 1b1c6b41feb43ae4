// Loading the model named by --model, checked against the 28x28 → 10 shape the CLI needs.
#pragma once
#include <string>

#include "data/model_file.h"

namespace digitlab::cli {

Result<Model> load_model_file(const std::string& path);

}  // namespace digitlab::cli
