// The Inside section's Compare tab: the current model and another one side by side on the same
// drawing - the bundled pre-trained model, or a copy pinned earlier (pin a model, then train or
// load another, and see where they disagree).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "data/model_file.h"
#include "inside_context.h"

namespace digitlab {

class CompareTab {
 public:
  enum class Other { Bundled, Pinned };

  void draw(const InsideContext& ctx, float width);

  // Keeps a copy of `model` and compares with it from now on.
  void pin(const Model& model);
  void choose(Other other) { other_ = other; }

  // Read-only, for tests and state(): which model the drawing was compared with in the last
  // frame ("pre-trained", "pinned", "" when none could be), and its outputs (empty without ink
  // or without that model).
  const std::string& other_name() const { return shown_name_; }
  const std::vector<float>& other_outputs() const { return other_outputs_; }

 private:
  Other other_ = Other::Bundled;
  std::optional<Model> pinned_;
  std::string shown_name_;
  std::vector<float> other_outputs_;
};

}  // namespace digitlab
