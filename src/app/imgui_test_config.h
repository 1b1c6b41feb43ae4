// ImGui configuration for the headless test build only (CMake's imgui_checked target sets
// IMGUI_USER_CONFIG to this file): ImGui's own checks, e.g. a Begin() without its End(),
// report to the test instead of vanishing under NDEBUG in a Release build.
#pragma once

namespace digitlab_test {
// Defined by tests/test_app_headless.cpp.
void imgui_assert_failed(const char* expr, const char* file, int line);
}  // namespace digitlab_test

#define IM_ASSERT(_EXPR) \
  ((_EXPR) ? (void)0 : ::digitlab_test::imgui_assert_failed(#_EXPR, __FILE__, __LINE__))
