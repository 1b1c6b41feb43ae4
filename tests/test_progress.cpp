// The CLI's number formatting (src/cli/progress.cpp): rates and durations that are not numbers
// (nothing trained, no time measured) print as "-" and "-:--", never "inf" or "-nan".
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "progress.h"

using namespace digitlab::cli;

TEST_CASE("format_rate: a whole number per second, or '-' when there is none") {
  CHECK(format_rate(1000, 2) == "500");
  CHECK(format_rate(0, 2) == "0");
  CHECK(format_rate(1000, 0) == "-");  // no time measured: formerly "inf"
  CHECK(format_rate(0, 0) == "-");     // nothing in no time: formerly "-nan"
  CHECK(format_rate(1000, -1) == "-");
  CHECK(format_rate(std::nan(""), 1) == "-");
  CHECK(format_rate(1, std::numeric_limits<double>::infinity()) == "-");
  CHECK(format_rate(1e300, 1e-300) == "-");  // overflows to infinity
}

TEST_CASE("format_duration: m:ss, or '-:--' for a time that is not one") {
  CHECK(format_duration(0) == "0:00");
  CHECK(format_duration(61.4) == "1:01");
  CHECK(format_duration(3600) == "60:00");
  CHECK(format_duration(-1) == "-:--");  // an ETA with no rate yet
  CHECK(format_duration(std::nan("")) == "-:--");
  CHECK(format_duration(std::numeric_limits<double>::infinity()) == "-:--");
  CHECK(format_duration(1e300) == "-:--");  // would overflow a cast to an integer
}
