// App: adding the drawing to my digits, by its buttons under the pad or a digit key.
#include <imgui.h>

#include "app.h"

namespace digitlab {

Status App::add_to_my_digits(int label) {
  const Preprocessed& pre = preprocessed();
  if (pre.empty) {
    show_error("Draw a digit first, then press its key (or its button) to add it to my digits.");
    return fail(last_error_);
  }
  // The pixels the network classifies (classify() scales these same bytes).
  Status s = my_digits_.add(pre.pixels.data(), label);
  if (!s) {
    show_error(s.error());
    return s;
  }
  // The message line says it was taken ("Added a 7: 12 digits."), as it does for a load.
  last_error_.clear();
  training_.show_notice(my_digits_.notice());
  return s;
}

void App::handle_digit_keys() {
  // Typed characters rather than key codes: "7" is a 7 whatever the keyboard layout (and the
  // number pad's keys type digits too). Ctrl or Alt with a digit is some other shortcut.
  const ImGuiIO& io = ImGui::GetIO();
  if (io.KeyCtrl || io.KeyAlt || io.KeySuper) return;
  for (const ImWchar c : io.InputQueueCharacters) {
    if (c >= '0' && c <= '9') add_to_my_digits(c - '0');
  }
}

}  // namespace digitlab
