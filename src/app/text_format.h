// Small text formats the panels share: 60000 -> "60,000", 83 s -> "1:23", "784-200-10",
// "1 epoch".
#pragma once
#include <cstdint>
#include <functional>
#include <string>

#include "network/network.h"

namespace digitlab {

// A network's layer sizes: "784-200-10" (or with another separator, e.g. " - ").
inline std::string layer_sizes_text(const Network& net, const char* separator = "-") {
  std::string s;
  for (int size : net.sizes()) s += (s.empty() ? "" : separator) + std::to_string(size);
  return s;
}

inline std::string thousands_text(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// "1 epoch", "5 epochs", "0 epochs": a count and a noun made plural with an s.
inline std::string count_text(uint64_t n, const char* noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

// m:ss, or h:mm:ss from an hour on.
inline std::string duration_text(double seconds) {
  const auto s = static_cast<uint64_t>(seconds < 0 ? 0 : seconds + 0.5);
  const auto two = [](uint64_t v) { return (v < 10 ? "0" : "") + std::to_string(v); };
  if (s >= 3600) return std::to_string(s / 3600) + ":" + two(s / 60 % 60) + ":" + two(s % 60);
  return std::to_string(s / 60) + ":" + two(s % 60);
}

// The longest start of `text` that `fits` (e.g. in a width), cut only between UTF-8 characters,
// never inside one (a path may hold any), so what is shown is always valid text.
inline std::string fitting_prefix(const std::string& text,
                                  const std::function<bool(const char*, const char*)>& fits) {
  size_t n = text.size();
  const auto inside_character = [&text](size_t i) {
    return i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80;
  };
  while (n > 0 && (inside_character(n) || !fits(text.data(), text.data() + n))) --n;
  return text.substr(0, n);
}

}  // namespace digitlab
