// "My digits" in the UI: the quick row under the pad that adds the drawing with a label, and the
// Inside section's tab with the gallery (each digit with its label and the network's answer now),
// the model's accuracy on them beside MNIST's, the exports, "use as test set", "mix into
// training" and "clear all". What is computed comes from the core (check_my_digits); the store
// (my_digits_store.h) keeps the collection.
#pragma once
#include <cstdint>
#include <vector>

#include "data/my_digits.h"
#include "item_rects.h"
#include "my_digits_store.h"

namespace digitlab {

struct InsideContext;

class MyDigitsView {
 public:
  explicit MyDigitsView(MyDigitsStore& store) : store_(store) {}

  // Under the pad: "Add to my digits" and a button per digit, enabled while there is ink.
  // Returns the label pressed, or -1. Clears the item rects (drawn first in every frame).
  int draw_add_row(bool has_ink);
  // The Inside section's tab, in the width available.
  void draw_tab(const InsideContext& ctx, float width);

  // Read-only, for tests: the last check of my digits (answers and accuracy), and where the
  // named items were drawn in the last frame: "mydigit:add:N", "mydigit:remove:i",
  // "mydigit:csv", "mydigit:idx", "mydigit:clear", "mydigit:mix", "mydigit:test".
  const MyDigitsCheck& check() const { return check_; }
  const ItemRects& item_rects() const { return rects_; }

 private:
  void refresh_check(const InsideContext& ctx);
  void draw_actions(const InsideContext& ctx);
  void draw_gallery(const InsideContext& ctx, float width);

  MyDigitsStore& store_;
  ItemRects rects_;
  MyDigitsCheck check_;
  uint64_t checked_network_ = 0, checked_version_ = ~uint64_t{0};
  double checked_time_ = -1e9;
  double checked_cost_ = 0;  // seconds the last check took
  bool asking_clear_ = false;
  std::vector<float> scratch_;  // one digit's scaled input, for input_picture
};

}  // namespace digitlab
