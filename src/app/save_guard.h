// The desktop's Save never writes a model over a file the user made without asking: a
// dataset, a picture, any file that is not a digitlab model gets "Overwrite it?", an existing
// model gets a calmer "Replace it?". What a file is comes from the core (file_kind.h).
// Folders and names only: the panel decides when to ask, ImGui asks (training_panel_draw.cpp).
#pragma once
#include <string>

#include "result.h"

namespace digitlab {

// What is at a path a model is about to be saved to.
struct SaveTarget {
  bool exists = false;       // false: save without asking
  bool holds_model = false;  // a digitlab model that loads: replacing it is routine
  std::string question;      // when exists: what to ask, naming the file and what it is
};

// Fails when the path cannot be looked at (a folder, an unreadable file): nothing to save to.
Result<SaveTarget> check_save_target(const std::string& path);

// The first of digitlab-model.dlm, digitlab-model-2.dlm, ... that does not exist in folder
// ("" = the current folder), so a default Save makes a new file and replaces nothing.
std::string free_model_path(const std::string& folder = "");

}  // namespace digitlab
