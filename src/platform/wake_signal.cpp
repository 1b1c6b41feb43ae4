#include "wake_signal.h"

#ifdef __EMSCRIPTEN__
#define GLFW_INCLUDE_ES3
#endif
#include <GLFW/glfw3.h>

namespace digitlab {
namespace {

bool g_woken = false;
bool g_draw_requested = false;  // draw_next_frame: one frame, no awake second

// The callbacks found at install time, called on from ours.
GLFWcursorposfun g_cursor_pos = nullptr;
GLFWmousebuttonfun g_mouse_button = nullptr;
GLFWscrollfun g_scroll = nullptr;
GLFWkeyfun g_key = nullptr;
GLFWcharfun g_char = nullptr;
GLFWdropfun g_drop = nullptr;
GLFWwindowsizefun g_window_size = nullptr;
GLFWwindowfocusfun g_focus = nullptr;
GLFWcursorenterfun g_cursor_enter = nullptr;

void on_cursor_pos(GLFWwindow* w, double x, double y) {
  g_woken = true;
  if (g_cursor_pos) g_cursor_pos(w, x, y);
}
void on_mouse_button(GLFWwindow* w, int button, int action, int mods) {
  g_woken = true;
  if (g_mouse_button) g_mouse_button(w, button, action, mods);
}
void on_scroll(GLFWwindow* w, double x, double y) {
  g_woken = true;
  if (g_scroll) g_scroll(w, x, y);
}
void on_key(GLFWwindow* w, int key, int scancode, int action, int mods) {
  g_woken = true;
  if (g_key) g_key(w, key, scancode, action, mods);
}
void on_char(GLFWwindow* w, unsigned int c) {
  g_woken = true;
  if (g_char) g_char(w, c);
}
void on_drop(GLFWwindow* w, int count, const char** paths) {
  g_woken = true;
  if (g_drop) g_drop(w, count, paths);
}
void on_window_size(GLFWwindow* w, int width, int height) {
  g_woken = true;
  if (g_window_size) g_window_size(w, width, height);
}
void on_focus(GLFWwindow* w, int focused) {
  g_woken = true;
  if (g_focus) g_focus(w, focused);
}
void on_cursor_enter(GLFWwindow* w, int entered) {
  g_woken = true;
  if (g_cursor_enter) g_cursor_enter(w, entered);
}

}  // namespace

void install_wake_on_input(GLFWwindow* window) {
  g_cursor_pos = glfwSetCursorPosCallback(window, on_cursor_pos);
  g_mouse_button = glfwSetMouseButtonCallback(window, on_mouse_button);
  g_scroll = glfwSetScrollCallback(window, on_scroll);
  g_key = glfwSetKeyCallback(window, on_key);
  g_char = glfwSetCharCallback(window, on_char);
  g_drop = glfwSetDropCallback(window, on_drop);
  g_window_size = glfwSetWindowSizeCallback(window, on_window_size);
  g_focus = glfwSetWindowFocusCallback(window, on_focus);
  g_cursor_enter = glfwSetCursorEnterCallback(window, on_cursor_enter);
}

void wake_next_frame() {
  g_woken = true;
}

bool take_wake() {
  const bool woken = g_woken;
  g_woken = false;
  return woken;
}

void draw_next_frame() {
  g_draw_requested = true;
}

bool take_draw_request() {
  const bool requested = g_draw_requested;
  g_draw_requested = false;
  return requested;
}

}  // namespace digitlab
