// The desktop keeps the last model across restarts as the page does in IndexedDB: one file,
//   $XDG_DATA_HOME/digitlab/last-model.dlm   (else $HOME/.local/share/digitlab/last-model.dlm)
// written at each epoch's end, when a run ends and when a model is loaded; restored at start;
// removed by "Back to pre-trained". A file that does not load is left alone (the panel says
// why and uses the pre-trained network). No GLFW here, so the headless tests run it.
#pragma once
#include <string>

#include "training_panel.h"

namespace digitlab {

// The folder from the environment (XDG_DATA_HOME, then HOME); "" when neither gives an
// absolute path, and then nothing is kept.
std::string desktop_data_dir();
// dir's last-model.dlm.
std::string kept_model_path(const std::string& data_dir);

// Fills in files' keep_model, forget_model and kept_where for a file in data_dir.
void add_kept_model(PlatformFiles& files, const std::string& data_dir);
// At start-up, after set_platform and set_pretrained: the kept model, if there is one.
void restore_kept_model_file(TrainingPanel& panel, const std::string& data_dir);

}  // namespace digitlab
