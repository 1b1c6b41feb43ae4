// The app's start-up files, read the same way by both shells: the desktop from its assets
// folder, the web build from the folder Emscripten preloads into its virtual FS.
#pragma once
#include <string>
#include <vector>

#include "app.h"

namespace digitlab {

constexpr const char* kModelFile = "pretrained.dlm";
constexpr const char* kSampleImagesFile = "samples-images.idx";
constexpr const char* kSampleLabelsFile = "samples-labels.idx";

// Loads the model and the samples from dir into app. Returns the problems, one message each
// (empty when all went well), which the app also shows.
std::vector<std::string> load_assets(App& app, const std::string& dir);

}  // namespace digitlab
