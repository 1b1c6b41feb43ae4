#include "style.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace digitlab {

float pixel_exact_scale(float requested) {
  if (!(requested > 0)) return 1.0f;  // also catches NaN from a bogus device ratio
  return std::max(1.0f, std::round(requested));
}

UiFonts apply_ui_style(float scale) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();

  // AddFontDefault's own settings for ProggyClean, which a template would otherwise reset.
  ImFontConfig cfg;
  cfg.OversampleH = cfg.OversampleV = 1;
  cfg.PixelSnapH = true;

  UiFonts fonts;
  cfg.SizePixels = 13.0f * scale;
  fonts.body = io.Fonts->AddFontDefault(&cfg);

  // Only the glyphs the big label needs: a full range at this size would bloat the atlas.
  static const ImWchar kDigits[] = {'0', '9', '?', '?', 0};
  cfg.SizePixels = 13.0f * 8.0f * scale;
  cfg.GlyphRanges = kDigits;
  fonts.big = io.Fonts->AddFontDefault(&cfg);

  ImGuiStyle style;
  ImGui::StyleColorsDark(&style);
  style.WindowRounding = 0.0f;
  style.WindowBorderSize = 0.0f;
  style.FrameRounding = 3.0f;
  style.WindowPadding = ImVec2(16, 16);
  style.ItemSpacing = ImVec2(10, 6);
  style.FramePadding = ImVec2(10, 5);
  style.Colors[ImGuiCol_WindowBg] = ImVec4(0.09f, 0.10f, 0.12f, 1.0f);
  style.ScaleAllSizes(scale);
  ImGui::GetStyle() = style;
  return fonts;
}

}  // namespace digitlab
