#include "key_taps.h"

#include <GLFW/glfw3.h>
#include <imgui_impl_glfw.h>

#include <bitset>
#include <vector>

namespace digitlab {
namespace {

struct HeldRelease {
  int key, scancode, mods;
};

GLFWwindow* g_window = nullptr;
std::bitset<GLFW_KEY_LAST + 1> g_pressed_since_frame;
std::vector<HeldRelease> g_held;

void filter_key(GLFWwindow* window, int key, int scancode, int action, int mods) {
  if (key >= 0 && key <= GLFW_KEY_LAST) {
    if (action == GLFW_PRESS) {
      g_pressed_since_frame[key] = true;
    } else if (action == GLFW_RELEASE && g_pressed_since_frame[key]) {
      g_held.push_back({key, scancode, mods});
      return;
    }
  }
  ImGui_ImplGlfw_KeyCallback(window, key, scancode, action, mods);
}

}  // namespace

void hold_back_quick_key_releases(GLFWwindow* window) {
  g_window = window;
  glfwSetKeyCallback(window, filter_key);
}

void release_held_back_keys() {
  g_pressed_since_frame.reset();
  std::vector<HeldRelease> held;
  held.swap(g_held);
  for (const HeldRelease& r : held)
    ImGui_ImplGlfw_KeyCallback(g_window, r.key, r.scancode, GLFW_RELEASE, r.mods);
}

}  // namespace digitlab
