// The JSON text the web page's state() is built from (src/platform/json_text.h, header-only and
// free of any browser API): numbers that are not numbers become null, so JSON.parse never
// throws on "nan" or "inf".
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>

#include "../src/platform/json_text.h"

using namespace digitlab;

TEST_CASE("json_number writes finite numbers and null for NaN and infinity") {
  CHECK(json_number(0.5) == "0.5");
  CHECK(json_number(97.25) == "97.25");
  CHECK(json_number(-3) == "-3");
  CHECK(json_number(0.123456789, 3) == "0.123");
  CHECK(json_number(1e300) == "1e+300");  // JSON allows the exponent form
  CHECK(json_number(std::nan("")) == "null");
  CHECK(json_number(-std::nan("")) == "null");  // printf would say "-nan"
  CHECK(json_number(std::numeric_limits<double>::infinity()) == "null");
  CHECK(json_number(-std::numeric_limits<double>::infinity()) == "null");
}

TEST_CASE("json_numbers writes an array; json_string escapes") {
  const float values[4] = {0.25f, std::nanf(""), 1.0f, -std::numeric_limits<float>::infinity()};
  std::string out;
  json_numbers(out, values, 4);
  CHECK(out == "[0.25,null,1,null]");
  out.clear();
  json_numbers(out, values, 0);
  CHECK(out == "[]");
  out.clear();
  json_string(out, "a \"b\"\\\n");
  CHECK(out == "\"a \\\"b\\\"\\\\\\u000a\"");
}
