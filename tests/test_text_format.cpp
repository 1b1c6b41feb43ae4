// The panels' small text formats (src/app/text_format.h).
#include <doctest/doctest.h>

#include <string>

#include "text_format.h"

using namespace digitlab;

TEST_CASE("fitting_prefix cuts between UTF-8 characters, never inside one") {
  // Three bytes a character fit: "é" is two bytes, "€" three.
  const auto three_bytes = [](const char* begin, const char* end) { return end - begin <= 3; };
  CHECK(fitting_prefix("abcdef", three_bytes) == "abc");
  CHECK(fitting_prefix("ab\xc3\xa9z", three_bytes) == "ab");   // not "ab\xc3"
  CHECK(fitting_prefix("a\xe2\x82\xac", three_bytes) == "a");  // not "a\xe2\x82"
  CHECK(fitting_prefix("\xe2\x82\xac"
                       "b",
                       three_bytes) == "\xe2\x82\xac");
  CHECK(fitting_prefix("abc", three_bytes) == "abc");
  CHECK(fitting_prefix("", three_bytes).empty());
  const auto nothing = [](const char*, const char*) { return false; };
  CHECK(fitting_prefix("abc", nothing).empty());
}
