// Brush: round, anti-aliased, max-combined strokes.
#include <doctest/doctest.h>

#include <cmath>

#include "image/brush.h"

using namespace digitlab;

TEST_CASE("a dot is round with full ink inside and a soft edge") {
  GreyImage c = blank_image(40, 40);
  paint_segment(c, 19.5f, 19.5f, 19.5f, 19.5f, 6);  // the centre of pixel (19, 19)
  CHECK(c.at(19, 19) == 1.0f);                      // centre
  CHECK(c.at(19 + 4, 19) == 1.0f);                  // inside the radius
  CHECK(c.at(19 + 8, 19) == 0.0f);                  // outside
  CHECK(c.at(19 + 4, 19 + 4) > 0.0f);               // 5.66 px from centre: on the soft edge
  CHECK(c.at(19 + 4, 19 + 4) < 1.0f);
  // Round, not square: the corner of the bounding square stays empty.
  CHECK(c.at(19 + 5, 19 + 5) == 0.0f);
  float sum = 0;
  for (float v : c.pixels) sum += v;
  CHECK(sum == doctest::Approx(3.14159f * 36).epsilon(0.05));  // area of the disc
}

TEST_CASE("a segment paints a band of the brush's width and ink does not pile up") {
  GreyImage c = blank_image(50, 50);
  paint_segment(c, 10, 25, 40, 25, 3);
  paint_segment(c, 10, 25, 40, 25, 3);  // again: max, not sum
  for (int x = 12; x < 38; ++x) {
    CHECK(c.at(x, 24) == 1.0f);
    CHECK(c.at(x, 20) == 0.0f);
  }
  for (float v : c.pixels) CHECK(v <= 1.0f);
}

TEST_CASE("strokes near the edge are clipped, not written out of bounds") {
  GreyImage c = blank_image(10, 10);
  paint_segment(c, -5, -5, 15, 15, 2);
  CHECK(c.at(0, 0) == 1.0f);
  CHECK(c.at(9, 9) == 1.0f);
}
