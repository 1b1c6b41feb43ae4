// number_text: the one way numbers are written in messages and settings' text.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <limits>

#include "number_text.h"

using digitlab::number_text;

TEST_CASE("number_text: short where %g is exact, all the digits a float needs otherwise") {
  CHECK(number_text(0.1f) == "0.1");
  CHECK(number_text(1000.0f) == "1000");
  CHECK(number_text(1e30f) == "1e+30");
  CHECK(number_text(-2.5f) == "-2.5");
  CHECK(number_text(std::numeric_limits<float>::quiet_NaN()) == "nan");
  CHECK(number_text(std::numeric_limits<float>::infinity()) == "inf");
  // 1/3 has no short form: the text must still give back the same float.
  const float third = 1.0f / 3.0f;
  CHECK(number_text(third).size() > 8);
  CHECK(std::strtof(number_text(third).c_str(), nullptr) == third);
  // Every float in a stretch of bit patterns reads back exactly.
  float x = 0.7f;
  for (int i = 0; i < 1000; ++i, x = std::nextafter(x, 1.0f))
    CHECK(std::strtof(number_text(x).c_str(), nullptr) == x);
}
