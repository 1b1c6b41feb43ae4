// The latency of one drawn-digit query natively: the core's MNIST preprocessing of a 280x280
// drawing (the pad's canvas size) plus the forward pass of the book's 784-200-10 network, as
// the app does for the drawing pad. The drawing is a 7 painted with the pad's own brush along
// the strokes tests/bench/page_bench.mjs draws in the page, so both figures time the same work.
// Prints one JSON line: medians over 1000 runs, in ms.
//   g++ -std=c++17 -O2 -DNDEBUG -Isrc/core tests/bench/query_latency.cpp src/core/*.cpp
// (page_bench.mjs builds and runs it; the weights are seeded random: timing does not depend
// on their values).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "data/dataset.h"
#include "image/brush.h"
#include "image/preprocess.h"
#include "network/layer_math.h"
#include "network/network.h"

namespace {

using namespace digitlab;

double now_ms() {
  using namespace std::chrono;
  return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

double median(std::vector<double> v) {
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main() {
  constexpr int kSide = 280;                // DrawPad::kCanvasSide
  constexpr float kRadius = kSide / 28.0f;  // DrawPad::kBrushRadius
  constexpr int kRuns = 1000;
  GreyImage drawing = blank_image(kSide, kSide);  // the 7 of page_bench.mjs, in pad units
  const float stroke[3][2] = {{0.25f, 0.2f}, {0.75f, 0.2f}, {0.45f, 0.85f}};
  for (int i = 0; i + 1 < 3; ++i)
    paint_segment(drawing, stroke[i][0] * kSide, stroke[i][1] * kSide, stroke[i + 1][0] * kSide,
                  stroke[i + 1][1] * kSide, kRadius);

  const Network net({kImagePixels, 200, kClasses}, 1);
  std::vector<float> input(kImagePixels), out(kClasses);
  std::vector<double> pre_ms, fwd_ms, all_ms;
  float sink = 0;  // keeps the work observable
  for (int run = 0; run < kRuns; ++run) {
    const double t0 = now_ms();
    const Preprocessed pre = preprocess_drawing(drawing);
    const double t1 = now_ms();
    scale_input(input.data(), pre.pixels.data(), input.size());
    net.query_outputs(out.data(), input.data());
    const double t2 = now_ms();
    sink += out[7];
    pre_ms.push_back(t1 - t0);
    fwd_ms.push_back(t2 - t1);
    all_ms.push_back(t2 - t0);
  }
  std::printf(
      "{\"runs\":%d,\"queryMs\":%.4f,\"preprocessMs\":%.4f,\"forwardMs\":%.4f,\"check\":%.3f}\n",
      kRuns, median(all_ms), median(pre_ms), median(fwd_ms), static_cast<double>(sink / kRuns));
  return 0;
}
