// The desktop shell's file glue for the training panel: files dropped onto the window arrive
// as one batch, the bundled MNIST is read from its folder, the panel's path field loads and
// saves (it needs nothing from here), and "back to pre-trained" reads the assets' model.
#pragma once
#include <string>
#include <vector>

#include "app.h"

struct GLFWwindow;

namespace digitlab {

// After ImGui_ImplGlfw_InitForOpenGL (whose callbacks do not include drops) and the assets.
void install_desktop_files(GLFWwindow* window, App& app, const std::string& assets_dir,
                           const std::string& mnist_dir);

// What a drop does, for --open: reads the files at paths and hands them to the panel.
void open_files(App& app, const std::vector<std::string>& paths);

}  // namespace digitlab
