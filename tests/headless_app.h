// The app's real UI code run headless in the app tests (tests/test_app_headless.cpp and the
// tabs' own test files): an ImGui context sized like the desktop window, frames of the App, and
// clicks on named items as a person makes them.
#pragma once
#include <doctest/doctest.h>
#include <imgui.h>

#include <string>

#include "app.h"

namespace headless_test {

// A context sized like the desktop window, torn down with the test.
struct HeadlessImGui {
  HeadlessImGui() {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(1100, 720);
    io.IniFilename = nullptr;
  }
  ~HeadlessImGui() { ImGui::DestroyContext(); }
  HeadlessImGui(const HeadlessImGui&) = delete;
  HeadlessImGui& operator=(const HeadlessImGui&) = delete;

  // What a renderer backend does at its first frame: build the atlas (NewFrame checks it).
  static void build_fonts() {
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    REQUIRE(pixels != nullptr);
  }
};

// count frames of the App at 60 a second, each one drawing something valid.
inline void run_frames(digitlab::App& app, int count) {
  for (int i = 0; i < count; ++i) {
    ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
    ImGui::NewFrame();
    app.frame();
    ImGui::Render();
    const ImDrawData* draw = ImGui::GetDrawData();
    REQUIRE(draw != nullptr);
    CHECK(draw->Valid);
    CHECK(draw->TotalVtxCount > 0);
  }
}

// Where a named item (the Inside section's, the my-digits view's, the App's own, the training
// panel's) was drawn, wholly on screen, in the last frame; null if it was not.
inline const digitlab::ButtonRect* item_rect(const digitlab::App& app, const std::string& name) {
  for (const digitlab::ItemRects* rects :
       {&app.inside().item_rects(), &app.my_digits_view().item_rects(), &app.item_rects()}) {
    const auto it = rects->all().find(name);
    if (it != rects->all().end()) return &it->second;
  }
  const auto it = app.training().button_rects().find(name);
  return it == app.training().button_rects().end() ? nullptr : &it->second;
}

// Scrolls the training panel with the mouse wheel over it, as a person would (down, then back
// up), until the named item is wholly on screen; false if it never is.
inline bool scroll_panel_to(digitlab::App& app, const std::string& name) {
  ImGuiIO& io = ImGui::GetIO();
  for (int i = 0; !item_rect(app, name) && i < 200; ++i) {
    const digitlab::ButtonRect* panel = item_rect(app, "panel");
    if (!panel) return false;
    io.MousePos = ImVec2(panel->x + panel->width / 2, panel->y + panel->height / 2);
    io.MouseWheel = i < 100 ? -1.0f : 1.0f;
    run_frames(app, 1);
    io.MouseWheel = 0;
    run_frames(app, 1);
  }
  io.MousePos = ImVec2(-1, -1);
  return item_rect(app, name) != nullptr;
}

// A left click at the centre of a named item, a frame apart at each step as a hand makes it
// (ImGui reads the mouse once per frame); then the pointer leaves, so nothing stays hovered.
inline void click_item(digitlab::App& app, const std::string& name) {
  const digitlab::ButtonRect* r = item_rect(app, name);
  REQUIRE_MESSAGE(r != nullptr, name << " is not (wholly) on screen");
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(r->x + r->width / 2, r->y + r->height / 2);
  run_frames(app, 1);
  io.MouseDown[0] = true;
  run_frames(app, 1);
  io.MouseDown[0] = false;
  run_frames(app, 2);
  io.MousePos = ImVec2(-1, -1);
}

}  // namespace headless_test
