// JSON text for window.digitlab.state(): the web shell's pieces build one object by hand.
#pragma once
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

}  // namespace digitlab
