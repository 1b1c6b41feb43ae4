// The Evaluation view's cell shades (inside/confusion_shades.h) on a hand-made matrix.
#include <doctest/doctest.h>

#include <cmath>

#include "inside/confusion_shades.h"

using namespace digitlab;

TEST_CASE("confusion shades: the diagonal by the class's accuracy, the rest by the worst mix-up") {
  Evaluation eval;
  eval.confusion[0][0] = 8;  // class 0: 8 right, 2 read as 1
  eval.confusion[0][1] = 2;
  eval.confusion[1][1] = 6;  // class 1: 6 right, 4 read as 7 (the worst confusion), 1 as 3
  eval.confusion[1][7] = 4;
  eval.confusion[1][3] = 1;
  eval.confusion[5][5] = 3;  // class 5: always right; class 2 has no images
  const ConfusionShades s = confusion_shades(eval);
  CHECK(s[0][0] == doctest::Approx(0.8f));
  CHECK(s[1][1] == doctest::Approx(6.0f / 11.0f));
  CHECK(s[5][5] == 1.0f);
  CHECK(s[2][2] == 0.0f);  // no images: nothing to show, not a division by zero
  CHECK(s[1][7] == 1.0f);
  CHECK(s[0][1] == doctest::Approx(std::sqrt(0.5f)));
  CHECK(s[1][3] == doctest::Approx(0.5f));  // one mistake of four: still half-shaded
  CHECK(s[1][3] < s[0][1]);
  for (int a = 0; a < kClasses; ++a)
    for (int p = 0; p < kClasses; ++p)
      if (eval.confusion[a][p] == 0) CHECK(s[a][p] == 0.0f);
}

TEST_CASE("confusion shades: an evaluation without mistakes shades only the diagonal") {
  Evaluation eval;
  for (int k = 0; k < kClasses; ++k) eval.confusion[k][k] = 10 + k;
  const ConfusionShades s = confusion_shades(eval);
  for (int a = 0; a < kClasses; ++a)
    for (int p = 0; p < kClasses; ++p) CHECK(s[a][p] == (a == p ? 1.0f : 0.0f));
}
