// The Inside section's Diagram tab: the network as columns of nodes lit by the drawing, the
// strongest edges coloured and thickened by weight, and hidden units a click switches off
// (ablation), with the outputs as the network gives them beside those with the units off.
// What is shown (sampling, edges, slots) is decided in src/core/inside/diagram_layout.h; the
// outputs without units come from src/core/inside/ablation.h. Switching units off changes only
// this tab's outputs, never the model.
#pragma once
#include <cstdint>
#include <vector>

#include "inside/ablation.h"
#include "inside_context.h"

namespace digitlab {

class DiagramTab {
 public:
  // The tab's contents at the cursor, width x height. Notes each hidden node as "node:L:U" and
  // the restore button as "restore" in ctx.rects.
  void draw(const InsideContext& ctx, float width, float height);

  // The switched-off units, in the order they were switched off.
  const std::vector<UnitRef>& ablated() const { return off_; }
  // The outputs with those units off for the drawing at the last frame drawn (empty without
  // a drawing).
  const std::vector<float>& ablated_outputs() const { return ablated_outputs_; }
  // The first hidden layer's most active unit for that drawing (layer 0 if none: no drawing or
  // no hidden layer), which the tests switch off.
  UnitRef most_active() const { return most_active_; }
  void restore_all() { off_.clear(); }

 private:
  std::vector<UnitRef> off_;
  std::vector<int> sizes_;  // the shape off_ refers to: a new shape starts with all units on
  std::vector<float> ablated_outputs_;
  UnitRef most_active_{0, 0};
  uint64_t scale_fingerprint_ = 0;
  std::vector<float> scales_;  // weight_scale of each layer's incoming weights (index = layer)
};

}  // namespace digitlab
