// From key points to the points a pointer reports: a smooth curve through the key points (sharp
// at corners), then samples along it at the pen's speed, as a mouse or a finger reports its
// position every few pixels while it moves.
#pragma once
#include <vector>

#include "digit_paths.h"
#include "draw_pad.h"  // PadPoint
#include "network/rng.h"

namespace digitlab::drawn {

// The curve through a stroke's key points as a fine polyline: centripetal Catmull-Rom between
// corners (no overshoot or self-loops where key points bunch up), straight lines between two
// corners. `per_span` points per span between key points.
std::vector<PadPoint> smooth_path(const KeyStroke& keys, int per_span = 24);

// Points along a polyline `spacing` apart on average, each step varying by up to
// `spacing_jitter` (a fraction) as a hand speeds up and slows down: the first point, then one
// per step, then the last point (which replaces the step before it when that is closer than
// half a step). spacing > 0, 0 <= spacing_jitter < 1.
std::vector<PadPoint> sample_pen(const std::vector<PadPoint>& path, float spacing,
                                 float spacing_jitter, Rng& rng);

}  // namespace digitlab::drawn
