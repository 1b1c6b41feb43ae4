// The Inside section's Step tab: one training step, step by step, as the book's chapter walks
// through it, on the sample in the pad (a drawing with the label the user picks, or a test
// digit with its own) and the current model:
//   1 Forward     the input, each hidden layer's outputs, the outputs against the target
//   2 Output error e_o = t - o
//   3 Errors back  each hidden layer's error, split back through the weights (W^T * e)
//   4 Update       dW for every layer: the first as one 28x28 picture per unit, deeper ones as
//                  heat maps
//   5 Apply        W += dW on the model, and the outputs before and after
// Every number is the core's step trace (network/step_trace.h), which Network::train would
// apply bit for bit; the trace follows the pad, the label, the rate and the weights, recomputed
// only when one of them changes.
#pragma once
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "inside_context.h"
#include "network/step_trace.h"
#include "result.h"

namespace digitlab {

class StepTab {
 public:
  enum Stage { Forward, OutputError, ErrorsBack, Update, Apply, kStageCount };

  // The tab's contents at the cursor, width wide.
  void draw(const InsideContext& ctx, float width);

  // Applies the shown step (the last trace drawn) to the model: refused while a run is training
  // it, or when the result would not be a valid model (model_file.h's weight check), the model
  // then unchanged. The Apply button calls it.
  Status apply(const InsideContext& ctx);

  // Read-only, for tests and the page's state().
  int stage() const { return stage_; }
  int label() const { return label_; }  // the step's label when last drawn, -1 for none
  float learning_rate() const { return lr_; }
  int applied() const { return applied_; }  // steps applied since the app started
  // The last applied step's label and its output for that label before and after it (-1 and
  // NaN before the first).
  int applied_label() const { return applied_label_; }
  float applied_before() const { return applied_before_; }
  float applied_after() const { return applied_after_; }

 private:
  // The trace for the pad, label and rate on ctx.net, recomputed when one of them changed;
  // null without a drawing, a label or a valid rate.
  const StepTrace* current_trace(const InsideContext& ctx);
  void draw_sample_row(const InsideContext& ctx);
  void draw_stage_row(const InsideContext& ctx);
  void draw_forward(const InsideContext& ctx, const StepTrace& t, float width);
  void draw_output_error(const InsideContext& ctx, const StepTrace& t, float width);
  void draw_errors_back(const InsideContext& ctx, const StepTrace& t, float width);
  void draw_update(const InsideContext& ctx, const StepTrace& t, float width);
  void draw_apply(const InsideContext& ctx, const StepTrace& t, float width);

  int stage_ = Forward;
  int label_choice_ = -1;  // -1: the pad's true label
  int label_ = -1;
  float lr_ = 0.0f;
  bool lr_edited_ = false;  // else the rate follows the model's (step_learning_rate)
  // The trace and what it was made from.
  bool has_trace_ = false;
  StepTrace trace_;
  uint64_t trace_net_ = 0;
  std::vector<float> trace_input_;
  int trace_label_ = -1;
  float trace_lr_ = 0.0f;
  double trace_time_ = 0.0;  // ImGui::GetTime() when it was made
  // Figures of the trace for the Update stage: the first layer's units by change and their
  // tiles' colour scale.
  std::vector<int> units_by_change_;
  float tiles_scale_ = 1.0f;
  // Apply.
  int applied_ = 0;
  int applied_label_ = -1;
  float applied_before_ = std::numeric_limits<float>::quiet_NaN();
  float applied_after_ = std::numeric_limits<float>::quiet_NaN();
  float applied_target_ = 0.0f;
  std::vector<float> applied_outputs_before_, applied_outputs_after_;
  std::string apply_message_;
};

}  // namespace digitlab
