// The "Inside the network" section under the network column: what the network's weights look
// for, why it answers as it does and how it learns, in tabs, live with the drawing and with
// training.
//   Weights  - the first layer's units as 28x28 tiles of their incoming weights (weight_tiles.h)
//   Why      - the drawing's attribution map for a chosen class (input_gradient.h)
//   Pictures - each class's picture: back query or gradient ascent (class_picture.h)
//   Diagram  - layers as columns of nodes, hidden units to switch off (inside_diagram.h)
//   Step     - one training step, step by step (inside_step.h)
//   Evaluation - the test set's confusion matrix, its images, the surest mistakes
//                (inside_evaluation.h)
//   My digits - the user's own labelled drawings (my_digits_view.h)
//   Compare  - the current model beside the pre-trained one or a pinned copy (inside_compare.h)
// Every number here comes from the core; this only turns it into pixels. Collapsed by default,
// so the first screen is as it was.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "inside/weight_tiles.h"
#include "inside_compare.h"
#include "inside_context.h"
#include "inside_diagram.h"
#include "inside_evaluation.h"
#include "inside_step.h"
#include "network/fingerprint.h"
#include "network/network.h"

namespace digitlab {

class InsideView {
 public:
  enum class Tab { Weights, Why, Pictures, Diagram, Step, Evaluation, MyDigits, Compare };
  // A tab by its name in lower case with '-' for spaces ("weights", "why", "my-digits"), as
  // the desktop's --inside flag takes it; nullopt for no tab.
  static std::optional<Tab> tab_named(const std::string& name);
  // The label of the tab shown in the last frame ("Weights"), "" while the section is closed.
  const char* shown_tab_label() const;

  // Opens the section on a tab at the next frame (tests; a link could use it too).
  void show(Tab tab) {
    open_ = true;
    requested_ = tab;
    has_request_ = true;
  }
  bool open() const { return open_; }
  // The height draw_header() takes, so the column can leave room for it.
  static float collapsed_height();

  // The section's header at the cursor ("Inside the network", collapsed by default); returns
  // whether it is open. The body goes elsewhere: below the columns, where it has room.
  bool draw_header();
  // The open section's tabs at the cursor, width x height (inside_context.h: what they see).
  // Scrolls itself into view when just opened.
  void draw_body(const InsideContext& ctx, float width, float height);

  // Read-only, for tests: the Why tab's class (-1 until drawn) and its map (empty without ink).
  int why_class() const { return why_shown_; }
  const std::vector<float>& why_map() const { return why_map_; }
  // How many times the class pictures were computed (they follow the weights, not the frames).
  int pictures_computed() const { return pictures_computed_; }
  const CompareTab& compare() const { return compare_; }
  CompareTab& compare() { return compare_; }
  // The Diagram tab: its switched-off units and the outputs without them.
  const DiagramTab& diagram() const { return diagram_; }
  DiagramTab& diagram() { return diagram_; }
  // The Evaluation tab (its open cell and gallery, for tests and state()).
  const EvaluationTab& evaluation() const { return evaluation_; }
  EvaluationTab& evaluation() { return evaluation_; }
  // The Step tab (its stage, label and applied steps), and applying its step (tests).
  const StepTab& step() const { return step_; }
  StepTab& step() { return step_; }
  // Where its named items were drawn in the last frame (the tabs as "tab:Weights", ...).
  const ItemRects& item_rects() const { return rects_; }
  ItemRects& item_rects() { return rects_; }

 private:
  void draw_tab_bar();      // a wide screen's tabs
  void draw_tab_buttons();  // a narrow screen's
  void draw_tab(Tab tab, const InsideContext& ctx, float width, float height);
  void draw_weights(const Network& net, const std::vector<std::vector<float>>& activations,
                    float width, float height);
  // A deeper weight layer (layer 2..layer_count()-1, into that layer) as a heat map.
  void draw_weight_matrix(const Network& net, int layer, float width, float height);
  void draw_unit_detail(const Network& net, const std::vector<std::vector<float>>& activations,
                        int unit, float width);
  void draw_why(const Network& net, const std::vector<std::vector<float>>& activations,
                float width);
  void draw_pictures(const Network& net, float width);

  bool open_ = false;
  bool just_opened_ = false;
  Tab requested_ = Tab::Weights;
  bool has_request_ = false;
  ItemRects rects_;
  std::optional<Tab> shown_;  // the tab drawn in the last frame
  Tab selected_ = Tab::Weights;
  bool tab_bar_shown_ = false;  // the last frame drew the tab bar, not the narrow buttons
  float content_height_ = 0;    // the open section's content in the last frame
  // Weights tab.
  bool sort_by_activation_ = false;
  int selected_unit_ = -1;  // clicked; hover shows another unit while the mouse is on it
  uint64_t scale_fingerprint_ = 0;
  float tile_scale_ = 1, out_scale_ = 1;
  int weights_layer_ = 1;  // the weight layer shown, counted by the layer it feeds
  uint64_t matrix_fingerprint_ = 0;
  int matrix_layer_ = 0, matrix_max_rows_ = 0, matrix_max_cols_ = 0;
  WeightMatrixMap matrix_;
  // Why tab.
  int why_choice_ = -1;  // -1: follow the network's answer
  int why_shown_ = -1;
  std::vector<float> why_map_;
  // Pictures tab.
  uint64_t pictures_fingerprint_ = 0;
  double pictures_time_ = -1e9;
  int pictures_computed_ = 0;
  std::array<std::vector<float>, 10> pictures_;
  CompareTab compare_;
  DiagramTab diagram_;
  EvaluationTab evaluation_;
  StepTab step_;
};

}  // namespace digitlab
