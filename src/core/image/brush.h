// Brush: anti-aliased round strokes onto a GreyImage, for the drawing pad. Ink combines by
// maximum, so crossing strokes do not darken past full ink, as with a pen.
#pragma once
#include "image/preprocess.h"

namespace digitlab {

// Paint a segment (x0,y0)→(x1,y1) in pixel coordinates (pixel i covers [i, i+1)) with a round
// brush of the given radius; the edge fades over one pixel so strokes are anti-aliased.
// A zero-length segment paints a dot.
void paint_segment(GreyImage& canvas, float x0, float y0, float x1, float y1, float radius);

}  // namespace digitlab
