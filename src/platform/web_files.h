// The web shell's file glue for the training panel (web/files.js is its page half): uploads
// and drops, the bundled MNIST fetched on demand, downloads, the model kept in IndexedDB
// (IDBFS at /persist). web_main.cpp calls install_web_files.
#pragma once
#include <string>

#include "app.h"

namespace digitlab {

// After the assets are loaded: hooks the panel up to the page, remembers the pre-trained
// model for "back to pre-trained" and switches to a model kept from an earlier visit.
void install_web_files(App& app, const std::string& assets_dir);

}  // namespace digitlab
