// ImGui's IM_ASSERT in the app tests' checked ImGui build (src/app/imgui_test_config.h):
// a failed assert is a doctest failure, unless a test expects it (the hook's own test).
#include <doctest/doctest.h>

#include <string>

namespace digitlab_test {

int g_assert_count = 0;
bool g_expect_asserts = false;

void imgui_assert_failed(const char* expr, const char* file, int line) {
  ++g_assert_count;
  if (!g_expect_asserts) ADD_FAIL_AT(file, line, "ImGui assert failed: " << std::string(expr));
}

}  // namespace digitlab_test
