// Where named widgets were drawn in the last frame, in ImGui's display pixels: the page's test
// hook (window.digitlab.buttonRect) clicks them as a person would, wherever the layout put them.
#pragma once
#include <map>
#include <string>

namespace digitlab {

struct ButtonRect {
  float x = 0, y = 0, width = 0, height = 0;
};

class ItemRects {
 public:
  void clear() { rects_.clear(); }
  // The last ImGui item under `name`, only if it is wholly visible: a click on a
  // half-scrolled-away item could miss.
  void note_last_item(const std::string& name);
  void set(const std::string& name, ButtonRect rect) { rects_[name] = rect; }
  const std::map<std::string, ButtonRect>& all() const { return rects_; }

 private:
  std::map<std::string, ButtonRect> rects_;
};

}  // namespace digitlab
