// Small custom ImGui widgets drawn with the window's draw list. Each reserves its space at the
// cursor like an ordinary item, so ImGui's layout (SameLine, groups) works around them.
#pragma once
#include <imgui.h>

#include <cstdint>
#include <string>

namespace digitlab {

constexpr ImU32 kAccentColor = IM_COL32(255, 166, 48, 255);      // the prediction
constexpr ImU32 kTrueLabelColor = IM_COL32(110, 220, 120, 255);  // the true label
constexpr ImU32 kErrorColor = IM_COL32(255, 110, 100, 255);

// A side x side greyscale image (0 = background, 255 = ink) as square cells of cell_px.
void digit_image(const uint8_t* pixels, int side, float cell_px);

// Text in `font` whose item box is only its ink (glyph tops to bottoms), not the font's full
// line height: a big pixel-font digit otherwise carries a third of its height in empty space.
void tight_text(ImFont* font, const char* text, ImU32 color);

// Text on one line of the available width whatever its length, so the layout below it never
// moves: cut with "..." when too long, the whole text then shown on hover. color 0: the
// window's text colour.
void text_one_line(const std::string& text, ImU32 color = 0);
// The whole of a text that was cut, in a tooltip of readable width, while the last item is hovered.
void whole_text_on_hover(const std::string& text);

// A section's title in the accent colour, a little apart from what is above.
void heading(const char* text);
// SameLine() if a button labelled `label` still fits on the current line: rows of buttons
// that flow onto the next line in a narrow column.
void flow(const char* label);
void flow_item(float width);  // the same for any item of that width
// A line's worth of nothing, where a line of text shows at other times (so nothing below moves).
void blank_line();

// "(?)" that shows text in a tooltip while hovered, after a line's caption: how to read a view.
void help_marker(const char* text);

// One labelled horizontal bar per value (0..1, clamped), label i = "i", in rows of row_height.
// `highlight` (the prediction) gets the accent colour, `marked` (the true label) a green
// label; -1 for none.
void activation_bars(const float* values, int n, int highlight, int marked, float width,
                     float row_height);

}  // namespace digitlab
