#include "app_frame.h"

// GLES3 in the browser; natively glfw3.h brings the system's GL 1.x header, enough for the few
// calls made here (the ImGui backend loads the GL 3 functions it needs itself).
#ifdef __EMSCRIPTEN__
#define GLFW_INCLUDE_ES3
#endif
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include "app.h"
#include "key_taps.h"

namespace digitlab {

FramebufferSize draw_app_frame(App& app, GLFWwindow* window, float scale) {
  // A new scale rebuilt the font atlas; NewFrame re-creates the GL objects, font texture included.
  if (app.set_ui_scale(scale)) ImGui_ImplOpenGL3_DestroyDeviceObjects();

  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  release_held_back_keys();
  app.frame();
  ImGui::Render();

  FramebufferSize size;
  glfwGetFramebufferSize(window, &size.width, &size.height);
  glViewport(0, 0, size.width, size.height);
  // The background: the app's root window draws none of its own (app.cpp).
  const ImVec4 background = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  glClearColor(background.x, background.y, background.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  return size;
}

}  // namespace digitlab
