// The About window: what the app is, the book it follows with its formulas in the book's
// words, the model in use, and where the data and the code come from.
#pragma once

#include "data/model_file.h"

namespace digitlab {

class AboutPanel {
 public:
  // Opens the window at the next frame.
  void open() { opening_ = true; }
  bool is_open() const { return open_; }
  // The window, when open: over the app, closed by its button or Escape.
  // model: the one in use, or null.
  void draw(const Model* model);

 private:
  bool opening_ = false;
  bool open_ = false;
};

}  // namespace digitlab
