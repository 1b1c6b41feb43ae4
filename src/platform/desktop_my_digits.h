// The desktop keeps my digits as the page does in IndexedDB: one file beside the kept model,
//   <data folder>/my-digits.dlmy      (desktop_kept_model.h: $XDG_DATA_HOME/digitlab, ...)
// written after every change, read at start-up. Exports are written into the same folder.
// A kept file that does not load is moved aside to my-digits.dlmy.damaged (so the next change
// does not write over what may still be rescued), and the app starts with none.
// No GLFW here, so the headless tests run it.
#pragma once
#include <string>

#include "app.h"

namespace digitlab {

// dir's my-digits.dlmy.
std::string my_digits_path(const std::string& data_dir);

// Hooks the App's my digits up to data_dir ("" keeps nothing and exports nowhere), then
// restores what was kept there; a damaged file's message goes to the App's error line.
void install_desktop_my_digits(App& app, const std::string& data_dir);

}  // namespace digitlab
