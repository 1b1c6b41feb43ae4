// The app's look: ImGui's built-in font at a pixel-exact size and a scaled dark style.
#pragma once

struct ImFont;

namespace digitlab {

struct UiFonts {
  ImFont* body = nullptr;
  ImFont* big = nullptr;  // digits only, for the prediction
};

// The scale actually used for a requested one (e.g. a devicePixelRatio of 1.5 or 2): a whole
// number >= 1, because ImGui's built-in font (ProggyClean) is a pixel font that is only sharp
// at whole multiples of its 13 px design size.
float pixel_exact_scale(float requested);

// Rebuilds the current context's font atlas and style for a scale from pixel_exact_scale().
// The caller (re)uploads the font texture afterwards.
UiFonts apply_ui_style(float scale);

}  // namespace digitlab
