// A line chart with axes for the training curves: y ticks and grid lines at nice values
// (chart_axes.h), x ticks in epochs along the bottom when asked, the line inside the frame.
// Its legend is the caller's, on a line of its own, so no label covers the data.
#pragma once
#include <imgui.h>

#include <vector>

#include "training_session.h"

namespace digitlab {

struct ChartAxes {
  double x_per_unit = 1;  // curve x (samples) per x-axis unit (an epoch's samples)
  double x_max = 1;       // the x axis runs 0..x_max units (the run's epochs)
  bool percent = false;   // y values are fractions, labelled as percentages
  bool from_zero = true;  // the y axis starts at 0 (a loss); else at the data's minimum
  bool x_labels = true;   // tick labels and "epoch" under the frame
  float label_width = 0;  // room for the y labels, the same for charts stacked together
};

// Draws at the cursor, width x height in all (labels included), reserving the space even
// with no points yet, so the panel does not move when a run starts.
void line_chart(const char* id, const std::vector<CurvePoint>& points, const ChartAxes& axes,
                ImU32 color, float width, float height);

}  // namespace digitlab
