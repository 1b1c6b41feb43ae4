#include "chart_axes.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace digitlab {

AxisTicks nice_ticks(double lo, double hi, int max_ticks) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) lo = 0, hi = 1;
  if (hi < lo) std::swap(lo, hi);
  if (hi == lo) {
    const double pad = lo == 0 ? 1 : std::abs(lo) * 0.1;
    lo -= lo == 0 ? 0 : pad;
    hi += pad;
  }
  const int most = std::max(2, max_ticks);
  // The smallest nice step whose whole-step cover of [lo, hi] needs no more than `most` ticks.
  double step = std::pow(10.0, std::floor(std::log10((hi - lo) / (most - 1))));
  AxisTicks t;
  for (int i = 0; i < 16; ++i) {
    for (const double m : {1.0, 2.0, 5.0}) {
      const double s = step * m;
      const double a = std::floor(lo / s + 1e-9) * s, b = std::ceil(hi / s - 1e-9) * s;
      if (std::lround((b - a) / s) + 1 <= most) {
        t.lo = a;
        t.hi = b;
        t.step = s;
        for (long k = 0; k <= std::lround((b - a) / s); ++k) {
          const double v = a + static_cast<double>(k) * s;
          t.values.push_back(std::abs(v) < s * 1e-9 ? 0.0 : v);  // no "-0"
        }
        return t;
      }
    }
    step *= 10;
  }
  t.lo = lo, t.hi = hi, t.step = hi - lo, t.values = {lo, hi};
  return t;
}

std::string tick_label(double value, double step, bool percent) {
  if (percent) value *= 100, step *= 100;
  const int decimals = std::clamp(static_cast<int>(std::ceil(-std::log10(step) - 1e-9)), 0, 6);
  char text[32];
  std::snprintf(text, sizeof text, "%.*f%s", decimals, value, percent ? "%" : "");
  return text;
}

}  // namespace digitlab
