// Digit shapes as people draw them with a mouse or a finger: for each class 0-9 a few stroke
// styles (pen paths in the order a hand draws them), including the shapes MNIST rarely has: a 6
// with a curled top, a 9 with a straight tail, a 1 with a flag and a base, a 7 with a bar, open
// and closed 4s, a 2 with a loop, a 3 with a flat top. The paths are key points in a unit box
// (x right, y down); drawn_set.h jitters, transforms and samples them into pad strokes.
#pragma once
#include <string>
#include <vector>

namespace digitlab::drawn {

// A key point of a pen path. The pen passes through every key point; between them it follows a
// smooth curve (pen_path.h), except at a corner, where the path turns sharply (a 7's elbow).
struct KeyPoint {
  float x = 0;
  float y = 0;
  bool corner = false;
};

// One pen-down-to-pen-up stroke.
using KeyStroke = std::vector<KeyPoint>;

struct DigitStyle {
  int label = 0;
  std::string name;  // e.g. "flag+base", shown in the strokes JSON
  std::vector<KeyStroke> strokes;
};

// Every style of every class, grouped by label (0 first); each class has at least two.
const std::vector<DigitStyle>& digit_styles();

// The styles of one label (0..9), in digit_styles()'s order.
std::vector<const DigitStyle*> styles_of(int label);

}  // namespace digitlab::drawn
