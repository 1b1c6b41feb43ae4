// Quick key taps for ImGui 1.86, shared by both shells. That ImGui reads keys as a down/up
// state once per frame (its input event queue came in 1.87), so a key pressed and released
// between two frames - a tap during a slow frame, common in the browser - was never seen.
// This holds such a release back until a frame has seen the press.
#pragma once

struct GLFWwindow;

namespace digitlab {

// After ImGui_ImplGlfw_InitForOpenGL(window, true): puts a filter in front of its key callback.
void hold_back_quick_key_releases(GLFWwindow* window);

// Right after ImGui::NewFrame(), which has now seen the presses: lets the held releases through.
void release_held_back_keys();

}  // namespace digitlab
