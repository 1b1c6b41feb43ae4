// DrawPad: the drawing pad. Its ink lives in a fixed-size canvas (a GreyImage of kCanvasSide
// pixels, independent of the screen) painted with the core's round brush, and goes through the
// core's MNIST preprocessing whenever it changes. The state half needs no ImGui, so tests drive
// it directly; draw_widget() is the ImGui half: the pad on screen, painted with the mouse.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "image/preprocess.h"

struct ImDrawList;

namespace digitlab {

struct PadPoint {
  float x = 0;
  float y = 0;
};

// A rectangle in ImGui's display coordinates (the framebuffer's pixels in both shells).
struct PadRect {
  float x = 0, y = 0, width = 0, height = 0;
};

class DrawPad {
 public:
  static constexpr int kCanvasSide = 280;  // 10x MNIST's 28, so a loaded digit maps exactly
  // A stroke 1/14 of the pad wide (radius 1/28): after cropping and scaling to MNIST's 20 px
  // box it comes out about 1.5-3 px wide, like MNIST's pen. Measured on the pre-trained
  // network: strokes 1.4x wider start to blur 2 into 8 and 7 into 8.
  static constexpr float kBrushRadius = kCanvasSide / 28.0f;

  DrawPad();

  // Extends the current stroke to (x, y) in canvas pixels, or starts one there (a dot).
  void stroke_to(float x, float y);
  void end_stroke() { stroking_ = false; }
  void clear();
  // Replaces the drawing with a side x side greyscale image (0..255, e.g. an MNIST test digit),
  // scaled up by whole blocks so that preprocessing gives the original image back.
  void load_image(const uint8_t* pixels, int side);

  bool empty() const { return !has_ink_; }
  const GreyImage& canvas() const { return canvas_; }
  // Bumped by every change, so callers can tell whether the drawing is still the one they saw.
  uint64_t version() const { return version_; }
  // The MNIST preprocessing of the canvas, redone only after a change.
  const Preprocessed& preprocessed();

  // The ImGui widget: the pad as a side x side square at the cursor, white ink on black,
  // painted while the left mouse button is held on it. Returns true when the ink changed.
  bool draw_widget(float side);
  // Where draw_widget() last put the pad; all zero before the first frame.
  PadRect rect() const { return rect_; }

 private:
  void changed();  // after every edit of the canvas
  void draw_ink(ImDrawList* draw, float x, float y, float scale) const;

  GreyImage canvas_;
  std::vector<std::vector<PadPoint>> strokes_;  // for display: the canvas holds the truth
  std::vector<uint8_t> image_;                  // a loaded image under the strokes, or empty
  int image_side_ = 0;
  bool stroking_ = false;
  bool has_ink_ = false;
  uint64_t version_ = 0;
  uint64_t preprocessed_version_ = ~uint64_t{0};
  Preprocessed preprocessed_;
  PadRect rect_;
};

}  // namespace digitlab
