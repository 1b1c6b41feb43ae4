// The drawn-digit test set (tests/drawn) replays its strokes as the pad paints a pointer's
// positions: the app's own DrawPad, fed the same points, holds the same canvas and gives the
// network the same 28x28 image. So the set's scores are the page's on those drawings.
#include <doctest/doctest.h>

#include "draw_pad.h"
#include "drawn_set.h"

using namespace digitlab;
using namespace digitlab::drawn;

TEST_CASE("the drawn set's replay paints what the pad paints for the same pointer positions") {
  DrawnSetConfig config;
  config.per_class = 3;     // every style
  config.pad_brush = true;  // the pad has one brush
  for (const DrawnItem& item : drawn_set(config)) {
    DrawPad pad;
    for (const auto& stroke : item.strokes) {
      for (const PadPoint& p : stroke) pad.stroke_to(p.x, p.y);
      pad.end_stroke();
    }
    CAPTURE(item.label);
    CAPTURE(item.style);
    CHECK(pad.canvas().pixels == replay_on_pad(item.strokes, item.radius).pixels);
    CHECK(pad.preprocessed().pixels == drawn_dataset({item}).pixels);
  }
}
