// A number as a person reads it in a message or a setting's text: "0.1", "1e+30", "nan", and
// never more digits than it takes to read back the same float ("0.3", not "0.300000012").
#pragma once
#include <string>

namespace digitlab {

// The shortest of %g and %.9g that reads back (strtof) as exactly x.
std::string number_text(float x);

}  // namespace digitlab
