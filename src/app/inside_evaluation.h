// The Inside section's Evaluation tab: the last whole test-set evaluation the training session
// kept (each epoch's end, or "Evaluate now": training_session.h) as the 10x10 confusion matrix
// with each class's accuracy, then a clicked cell's test images and the surest mistakes; a
// click on any image puts it into the pad. Every number is the core's (evaluate.h,
// mistakes.h, inside/confusion_shades.h): this only draws them.
#pragma once
#include <cstdint>

#include "inside_context.h"

namespace digitlab {

class EvaluationTab {
 public:
  // A cell's images are shown this many at a time, with "N more" and paging for the rest.
  static constexpr int kPageImages = 60;

  void draw(const InsideContext& ctx, float width);

  // Opens a cell's images, as a click on the cell does; (-1, -1) closes them. Tests.
  void select_cell(int actual, int predicted);
  int selected_actual() const { return actual_; }
  int selected_predicted() const { return predicted_; }
  // How many of the open cell's images the gallery drew in the last frame (a page's worth at
  // most; 0 with no cell open or no evaluation).
  int gallery_shown() const { return shown_; }
  // The shown evaluation is of other weights than the model's now (said beside it).
  bool stale() const { return stale_; }

 private:
  void draw_status(const InsideContext& ctx, const TestEvaluation* kept);
  void draw_matrix(const InsideContext& ctx, const TestEvaluation& kept, float width);
  void draw_cell_gallery(const InsideContext& ctx, const TestEvaluation& kept, float width);
  void draw_mistakes(const InsideContext& ctx, const TestEvaluation& kept, float width);
  void draw_pad_note() const;

  int actual_ = -1, predicted_ = -1;  // the open cell
  int page_ = 0;                      // of its images
  int shown_ = 0;
  bool stale_ = false;
  uint64_t seen_id_ = 0;  // the evaluation the page is of: a new one starts at page 0
  // The test image last put into the pad from here, and its label, for a line saying so.
  long long in_pad_ = -1;
  int in_pad_label_ = -1;
};

}  // namespace digitlab
