// Axis ticks for the training curves, without ImGui: "nice" steps (1, 2 or 5 times a power of
// ten) covering a range in at most a given number of ticks, and their labels, so an axis reads
// 0, 0.5, 1 or 0%, 50%, 100% rather than 0, 0.3333, 0.6667. chart.cpp draws with them.
#pragma once
#include <string>
#include <vector>

namespace digitlab {

struct AxisTicks {
  double lo = 0, hi = 1;  // the axis's range: whole steps that cover the data's
  double step = 1;
  std::vector<double> values;  // lo, lo + step, ..., hi
};

// Ticks covering [lo, hi] with at most max_ticks values (at least 2). An empty range (lo == hi)
// is widened around its value; non-finite bounds give the range 0..1.
AxisTicks nice_ticks(double lo, double hi, int max_ticks);

// A tick's label with as many decimals as the step needs: 0.5 -> "0.5", 20 -> "20".
// percent: the value is a fraction shown as a percentage (0.25 -> "25%").
std::string tick_label(double value, double step, bool percent = false);

}  // namespace digitlab
