#include "number_text.h"

#include <cstdio>
#include <cstdlib>

namespace digitlab {

std::string number_text(float x) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", static_cast<double>(x));
  // %g keeps 6 digits: enough for every value typed in a field, not for every float (the
  // settings' text must give back the same bits: a model file's config is compared whole).
  if (std::strtof(text, nullptr) != x)
    std::snprintf(text, sizeof text, "%.9g", static_cast<double>(x));
  return text;
}

}  // namespace digitlab
