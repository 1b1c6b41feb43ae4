// DrawPad (see draw_pad.h): the canvas and its strokes, then the ImGui widget.
#include "draw_pad.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "image/brush.h"

namespace digitlab {

DrawPad::DrawPad() : canvas_(blank_image(kCanvasSide, kCanvasSide)) {}

void DrawPad::stroke_to(float x, float y) {
  if (!stroking_) {
    strokes_.push_back({{x, y}});
    stroking_ = true;
    paint_segment(canvas_, x, y, x, y, kBrushRadius);
  } else {
    const PadPoint last = strokes_.back().back();
    // Sub-pixel jitter adds points without adding ink.
    if (std::hypot(x - last.x, y - last.y) < 0.5f) return;
    strokes_.back().push_back({x, y});
    paint_segment(canvas_, last.x, last.y, x, y, kBrushRadius);
  }
  changed();
}

void DrawPad::clear() {
  std::fill(canvas_.pixels.begin(), canvas_.pixels.end(), 0.0f);
  strokes_.clear();
  image_.clear();
  image_side_ = 0;
  stroking_ = false;
  changed();
}

void DrawPad::load_image(const uint8_t* pixels, int side) {
  clear();
  image_.assign(pixels, pixels + static_cast<size_t>(side) * side);
  image_side_ = side;
  // Each image pixel becomes a block of whole canvas pixels (kCanvasSide / side, 10 for MNIST),
  // so cropping and area-scaling the canvas reproduce the image; a remainder stays blank.
  const int block = std::max(1, kCanvasSide / side);
  for (int y = 0; y < side * block && y < kCanvasSide; ++y) {
    for (int x = 0; x < side * block && x < kCanvasSide; ++x) {
      canvas_.pixels[static_cast<size_t>(y) * kCanvasSide + x] =
          image_[static_cast<size_t>(y / block) * side + x / block] / 255.0f;
    }
  }
  changed();
}

void DrawPad::changed() {
  ++version_;
  has_ink_ =
      std::any_of(canvas_.pixels.begin(), canvas_.pixels.end(), [](float v) { return v > 0.0f; });
}

const Preprocessed& DrawPad::preprocessed() {
  if (preprocessed_version_ != version_) {
    preprocessed_ = preprocess_drawing(canvas_);
    preprocessed_version_ = version_;
  }
  return preprocessed_;
}

bool DrawPad::draw_widget(float side) {
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  rect_ = {origin.x, origin.y, side, side};
  ImGui::InvisibleButton("##pad", ImVec2(side, side));
  const uint64_t before = version_;
  const float to_canvas = static_cast<float>(kCanvasSide) / side;
  // Active from the press on the pad until the release, even when the pointer leaves it.
  if (ImGui::IsItemActive() && ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    stroke_to((mouse.x - origin.x) * to_canvas, (mouse.y - origin.y) * to_canvas);
  } else if (stroking_) {
    end_stroke();
  }

  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 end(origin.x + side, origin.y + side);
  draw->AddRectFilled(origin, end, IM_COL32(0, 0, 0, 255));
  draw->PushClipRect(origin, end, true);
  draw_ink(draw, origin.x, origin.y, side / static_cast<float>(kCanvasSide));
  draw->PopClipRect();
  if (!has_ink_) {
    const char* hint = "draw a digit";
    const ImVec2 size = ImGui::CalcTextSize(hint);
    draw->AddText(ImVec2(std::floor(origin.x + (side - size.x) * 0.5f),
                         std::floor(origin.y + (side - size.y) * 0.5f)),
                  ImGui::GetColorU32(ImGuiCol_TextDisabled), hint);
  }
  draw->AddRect(origin, end, ImGui::GetColorU32(ImGuiCol_Border));
  return version_ != before;
}

// The ink as vector shapes: what the canvas holds, but sharp at any pad size. A round brush is
// a thick line per segment with a disc at every point (round caps and joins; a polyline's
// mitred joins would spike past the brush at sharp corners). Ink is opaque white, so overlaps
// look like the canvas's maximum. A loaded image shows as its cells underneath.
void DrawPad::draw_ink(ImDrawList* draw, float x, float y, float scale) const {
  if (image_side_ > 0) {
    const float cell = scale * static_cast<float>(std::max(1, kCanvasSide / image_side_));
    for (int row = 0; row < image_side_; ++row) {
      for (int col = 0; col < image_side_; ++col) {
        const int v = image_[static_cast<size_t>(row) * image_side_ + col];
        if (v == 0) continue;
        const ImVec2 a(x + static_cast<float>(col) * cell, y + static_cast<float>(row) * cell);
        draw->AddRectFilled(a, ImVec2(a.x + cell, a.y + cell), IM_COL32(v, v, v, 255));
      }
    }
  }
  const ImU32 white = IM_COL32(255, 255, 255, 255);
  const float radius = kBrushRadius * scale;
  for (const auto& stroke : strokes_) {
    ImVec2 previous;
    for (size_t i = 0; i < stroke.size(); ++i) {
      const ImVec2 p(x + stroke[i].x * scale, y + stroke[i].y * scale);
      if (i > 0) draw->AddLine(previous, p, white, 2.0f * radius);
      draw->AddCircleFilled(p, radius, white);
      previous = p;
    }
  }
}

}  // namespace digitlab
