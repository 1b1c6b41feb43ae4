// Axis ticks of the training curves: nice steps, whole covers of the data, readable labels.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "chart_axes.h"

using digitlab::nice_ticks;
using digitlab::tick_label;

TEST_CASE("ticks are 1, 2 or 5 times a power of ten, cover the data, and keep to the limit") {
  const auto t = nice_ticks(0, 1, 3);
  CHECK(t.values == std::vector<double>{0, 0.5, 1});
  const auto loss = nice_ticks(0, 0.0873, 4);  // a loss curve: 0, 0.05, 0.1 (not 0.0291...)
  CHECK(loss.step == doctest::Approx(0.05));
  CHECK(loss.lo == 0);
  CHECK(loss.hi == doctest::Approx(0.1));
  const auto epochs = nice_ticks(0, 5, 6);
  CHECK(epochs.values == std::vector<double>{0, 1, 2, 3, 4, 5});
  const auto acc = nice_ticks(0.113, 0.9432, 3);  // 11% .. 94%: 0, 50%, 100%
  CHECK(acc.values == std::vector<double>{0, 0.5, 1});
  for (int most = 2; most <= 9; ++most) {
    for (const double hi : {0.37, 3.0, 17.5, 123.0, 60000.0}) {
      const auto r = nice_ticks(0.02, hi, most);
      CHECK(r.values.size() <= static_cast<size_t>(most));
      CHECK(r.values.size() >= 2);
      CHECK(r.lo <= 0.02);
      CHECK(r.hi >= hi - 1e-9);
      const double mantissa = r.step / std::pow(10.0, std::floor(std::log10(r.step)));
      CHECK((std::abs(mantissa - 1) < 1e-9 || std::abs(mantissa - 2) < 1e-9 ||
             std::abs(mantissa - 5) < 1e-9));
    }
  }
}

TEST_CASE("an empty or broken range still gives an axis") {
  const auto flat = nice_ticks(0.5, 0.5, 4);
  CHECK(flat.lo <= 0.5);
  CHECK(flat.hi > 0.5);
  const auto zero = nice_ticks(0, 0, 4);
  CHECK(zero.lo == 0);
  CHECK(zero.hi > 0);
  const auto nan = nice_ticks(std::numeric_limits<double>::quiet_NaN(), 1, 4);
  CHECK(nan.values.front() == 0);
  CHECK(nan.values.back() == 1);
}

TEST_CASE("tick labels have the decimals their step needs") {
  CHECK(tick_label(0.5, 0.5) == "0.5");
  CHECK(tick_label(0.05, 0.05) == "0.05");
  CHECK(tick_label(2, 1) == "2");
  CHECK(tick_label(0, 0.2) == "0.0");
  CHECK(tick_label(0.1, 0.05) == "0.10");
  CHECK(tick_label(0.5, 0.5, true) == "50%");
  CHECK(tick_label(0.96, 0.02, true) == "96%");
  CHECK(tick_label(0.955, 0.005, true) == "95.5%");
}
