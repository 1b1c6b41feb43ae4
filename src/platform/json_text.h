// JSON text for window.digitlab.state(): the web shell's pieces build one object by hand.
#pragma once
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <string>

namespace digitlab {

// Appends text as a JSON string literal: quotes, backslashes and control characters escaped.
inline void json_string(std::string& out, const std::string& text) {
  out += '"';
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      out += escaped;
    } else {
      out += c;
    }
  }
  out += '"';
}

// A number as JSON text: the shortest of up to `digits` significant digits, or null for NaN
// and infinity, which JSON cannot hold (printf's "nan" / "inf" would make the page's
// JSON.parse throw, and state() with it). E.g. a rate not measured yet, an empty mean.
inline std::string json_number(double value, int digits = 9) {
  if (!std::isfinite(value)) return "null";
  char text[40];
  std::snprintf(text, sizeof text, "%.*g", digits, value);
  return text;
}

// Appends values as a JSON array of numbers (json_number each).
template <typename T>
void json_numbers(std::string& out, const T* values, size_t n) {
  out += '[';
  for (size_t i = 0; i < n; ++i) {
    if (i) out += ',';
    out += json_number(static_cast<double>(values[i]));
  }
  out += ']';
}

}  // namespace digitlab
