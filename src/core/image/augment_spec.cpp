#include "image/augment_spec.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "number_text.h"

namespace digitlab {
namespace {

// The whole of text as a finite number, or a message naming the setting.
Result<float> number(const std::string& name, const std::string& text) {
  errno = 0;
  char* end = nullptr;
  const float v = std::strtof(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || errno != 0 || !std::isfinite(v))
    return fail("augment: " + name + " needs a number, got '" + text + "'");
  return v;
}

Status apply(AugmentConfig& c, const std::string& name, const std::string& value) {
  if (name == "centre" || name == "center") {
    if (value != "on" && value != "off")
      return fail("augment: centre is on or off, got '" + value + "'");
    c.centre = value == "on";
    return Status::success();
  }
  if (name == "elastic") {  // alpha, or alpha:sigma
    const size_t colon = value.find(':');
    Result<float> alpha = number(name, value.substr(0, colon));
    if (!alpha) return fail(alpha.error());
    c.elastic_alpha = *alpha;
    if (colon == std::string::npos) return Status::success();
    Result<float> sigma = number("elastic sigma", value.substr(colon + 1));
    if (!sigma) return fail(sigma.error());
    c.elastic_sigma = *sigma;
    return Status::success();
  }
  float* field = name == "rotate"      ? &c.rotate_degrees
                 : name == "scale"     ? &c.scale
                 : name == "shear"     ? &c.shear
                 : name == "shift"     ? &c.shift_pixels
                 : name == "thickness" ? &c.thickness
                 : name == "copies"    ? &c.copies_degrees
                                       : nullptr;
  if (!field)
    return fail("augment: unknown setting '" + name +
                "' (one of: rotate, scale, shear, shift, elastic, thickness, centre, copies; "
                "or the word book or none)");
  Result<float> v = number(name, value);
  if (!v) return fail(v.error());
  *field = *v;
  return Status::success();
}

}  // namespace

Result<AugmentConfig> parse_augment(const std::string& spec) {
  AugmentConfig c;
  if (spec == "none") return c;
  if (spec == "book") {
    c.copies_degrees = 10;
    return c;
  }
  size_t start = 0;
  while (start <= spec.size()) {
    const size_t comma = std::min(spec.find(',', start), spec.size());
    const std::string item = spec.substr(start, comma - start);
    const size_t eq = item.find('=');
    if (eq == std::string::npos)
      return fail("augment: '" + item + "' is not name=value (for example rotate=10,shear=0.3)");
    if (Status s = apply(c, item.substr(0, eq), item.substr(eq + 1)); !s) return fail(s.error());
    start = comma + 1;
  }
  if (Status s = validate_augment(c); !s) return fail("augment: " + s.error());
  return c;
}

std::string augment_text(const AugmentConfig& c) {
  const AugmentConfig d;
  std::string text;
  const auto add = [&text](const std::string& item) { text += (text.empty() ? "" : ",") + item; };
  if (c.rotate_degrees != d.rotate_degrees) add("rotate=" + number_text(c.rotate_degrees));
  if (c.scale != d.scale) add("scale=" + number_text(c.scale));
  if (c.shear != d.shear) add("shear=" + number_text(c.shear));
  if (c.shift_pixels != d.shift_pixels) add("shift=" + number_text(c.shift_pixels));
  if (c.elastic_alpha != d.elastic_alpha || c.elastic_sigma != d.elastic_sigma)
    add("elastic=" + number_text(c.elastic_alpha) + ":" + number_text(c.elastic_sigma));
  if (c.thickness != d.thickness) add("thickness=" + number_text(c.thickness));
  if (c.centre != d.centre) add(std::string("centre=") + (c.centre ? "on" : "off"));
  if (c.copies_degrees != d.copies_degrees) add("copies=" + number_text(c.copies_degrees));
  return text.empty() ? "none" : text;
}

}  // namespace digitlab
