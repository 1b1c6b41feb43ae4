// The desktop shell's file glue for the training panel: files dropped onto the window arrive
// as one batch, the bundled MNIST is read from its folder, the panel's path fields open and
// save (they need nothing from here), "back to pre-trained" reads the assets' model, and the
// last model is kept in data_dir across restarts (desktop_kept_model.h).
#pragma once
#include <string>
#include <vector>

#include "app.h"

struct GLFWwindow;

namespace digitlab {

// After ImGui_ImplGlfw_InitForOpenGL (whose callbacks do not include drops) and the assets.
// data_dir "" keeps nothing.
void install_desktop_files(GLFWwindow* window, App& app, const std::string& assets_dir,
                           const std::string& mnist_dir, const std::string& data_dir);

// What a drop does, for --open: reads the files at paths and hands them to the panel.
void open_files(App& app, const std::vector<std::string>& paths);

}  // namespace digitlab
