#include "widgets.h"

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>

#include "text_format.h"

namespace digitlab {

constexpr ImU32 kBarColor = IM_COL32(92, 122, 168, 255);

void digit_image(const uint8_t* pixels, int side, float cell_px) {
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float extent = cell_px * static_cast<float>(side);
  ImGui::Dummy(ImVec2(extent, extent));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(origin, ImVec2(origin.x + extent, origin.y + extent), IM_COL32(0, 0, 0, 255));
  // A one-pixel gap between big cells shows the 28x28 grid the network actually sees.
  const float gap = cell_px >= 8.0f ? 1.0f : 0.0f;
  for (int y = 0; y < side; ++y) {
    for (int x = 0; x < side; ++x) {
      // Background cells stay dark grey rather than black so the grid stays visible.
      const int v = std::max<int>(pixels[y * side + x], 24);
      const ImVec2 a(origin.x + static_cast<float>(x) * cell_px,
                     origin.y + static_cast<float>(y) * cell_px);
      draw->AddRectFilled(a, ImVec2(a.x + cell_px - gap, a.y + cell_px - gap),
                          IM_COL32(v, v, v, 255));
    }
  }
}

void tight_text(ImFont* font, const char* text, ImU32 color) {
  if (!font) font = ImGui::GetFont();
  float top = font->FontSize, bottom = 0.0f;
  for (const char* c = text; *c; ++c) {
    if (const ImFontGlyph* glyph = font->FindGlyph(static_cast<ImWchar>(*c))) {
      top = std::min(top, glyph->Y0);
      bottom = std::max(bottom, glyph->Y1);
    }
  }
  if (bottom <= top) top = 0.0f, bottom = font->FontSize;
  const ImVec2 size = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, text);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(size.x, bottom - top));
  ImGui::GetWindowDrawList()->AddText(font, font->FontSize, ImVec2(p.x, p.y - top), color, text);
}

void text_one_line(const std::string& text, ImU32 color) {
  const float avail = std::max(ImGui::GetContentRegionAvail().x, 1.0f);
  std::string shown = text;
  const bool cut = ImGui::CalcTextSize(text.c_str()).x > avail;
  if (cut) {
    const float room = avail - ImGui::CalcTextSize("...").x;
    shown = fitting_prefix(text,
                           [room](const char* begin, const char* end) {
                             return ImGui::CalcTextSize(begin, end).x <= room;
                           }) +
            "...";
  }
  if (color) ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::TextUnformatted(shown.c_str());
  if (color) ImGui::PopStyleColor();
  if (cut) whole_text_on_hover(text);
}

void whole_text_on_hover(const std::string& text) {
  if (!ImGui::IsItemHovered()) return;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 40.0f);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

void activation_bars(const float* values, int n, int highlight, int marked, float width,
                     float row_height) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float row = std::floor(row_height);
  const float label_w = ImGui::CalcTextSize("0").x + style.ItemInnerSpacing.x * 2.0f;
  const float value_w = ImGui::CalcTextSize("0.000").x + style.ItemInnerSpacing.x * 2.0f;
  const float bar_w = std::max(width - label_w - value_w, row);
  const float text_dy = (row - ImGui::GetTextLineHeight()) * 0.5f;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
  const ImU32 track = IM_COL32(38, 42, 51, 255);

  for (int i = 0; i < n; ++i) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(label_w + bar_w + value_w, row));
    const float v = std::clamp(values[i], 0.0f, 1.0f);
    char label[12], value[16];
    std::snprintf(label, sizeof label, "%d", i);
    std::snprintf(value, sizeof value, "%.3f", static_cast<double>(values[i]));

    draw->AddText(ImVec2(p.x + style.ItemInnerSpacing.x, p.y + text_dy),
                  i == marked ? kTrueLabelColor : text, label);
    const float inset = std::floor(row * 0.12f);
    const ImVec2 bar0(p.x + label_w, p.y + inset);
    const ImVec2 bar1(bar0.x + bar_w, p.y + row - inset);
    draw->AddRectFilled(bar0, bar1, track, style.FrameRounding);
    // Rounded to whole pixels so the bar edge stays crisp.
    const float fill = std::round(bar_w * v);
    if (fill > 0.0f)
      draw->AddRectFilled(bar0, ImVec2(bar0.x + fill, bar1.y),
                          i == highlight ? kAccentColor : kBarColor, style.FrameRounding);
    draw->AddText(ImVec2(bar1.x + style.ItemInnerSpacing.x, p.y + text_dy),
                  i == highlight ? kAccentColor : text, value);
  }
}

void heading(const char* text) {
  ImGui::Spacing();
  ImGui::PushStyleColor(ImGuiCol_Text, kAccentColor);
  ImGui::TextUnformatted(text);
  ImGui::PopStyleColor();
}

void flow(const char* label) {
  flow_item(ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2);
}

void flow_item(float width) {
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + width <= right)
    ImGui::SameLine();
}

void blank_line() {
  ImGui::Dummy(ImVec2(0.0f, ImGui::GetTextLineHeight()));
}

void help_marker(const char* text) {
  ImGui::SameLine();
  ImGui::TextDisabled("(?)");
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

}  // namespace digitlab
