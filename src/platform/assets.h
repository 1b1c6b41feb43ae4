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

// The bundled models' menu (model_menu.h) from dir's manifest (models.txt), after
// load_assets: the default model is known from its file in dir, and fetch reads the others'.
// Then the start-up choice (?model=NAME, --model NAME; "" for none) is made. Returns the
// problem, "" when none: a damaged manifest is also shown in the app; a missing one (an
// assets folder from an older build) only leaves the menu out.
std::string install_model_menu(App& app, const std::string& dir, FetchModel fetch,
                               const std::string& start_choice);

}  // namespace digitlab
