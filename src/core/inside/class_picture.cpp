// Back query for every network: see class_picture.h.
#include "inside/class_picture.h"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "inside/input_gradient.h"

namespace digitlab {

std::vector<float> blank_input(const Network& net) {
  return std::vector<float>(net.input_size(), kInputOffset);
}

std::vector<float> ascend_class(const Network& net, int k, std::vector<float> start,
                                const AscentSettings& settings) {
  assert(static_cast<int>(start.size()) == net.input_size());
  // rate · decay < 1, or the pull back would overshoot blank and make the picture flicker.
  assert(settings.steps >= 0 && settings.rate > 0.0f && settings.decay >= 0.0f &&
         settings.rate * settings.decay < 1.0f);
  std::vector<float>& x = start;
  for (float& v : x) v = std::clamp(v, kInputOffset, kInputMax);
  // The best picture so far: a fixed step can overshoot a peak or jitter on a plateau, and the
  // answer should never be worse than where the climb began.
  std::vector<float> best = x;
  float best_score = class_score(net, x.data(), k, ClassScore::Logit);
  for (int step = 0; step < settings.steps; ++step) {
    const std::vector<float> g = input_gradient(net, x.data(), k, ClassScore::Logit);
    float largest = 0.0f;
    for (float v : g) largest = std::max(largest, std::fabs(v));
    if (!(largest > 0.0f)) break;  // nothing moves the score (or a NaN): stop where it is
    for (size_t i = 0; i < x.size(); ++i) {
      const float direction = g[i] / largest - settings.decay * (x[i] - kInputOffset);
      x[i] = std::clamp(x[i] + settings.rate * direction, kInputOffset, kInputMax);
    }
    const float score = class_score(net, x.data(), k, ClassScore::Logit);
    if (score > best_score) {
      best_score = score;
      best = x;
    }
  }
  return best;
}

bool fits_back_query(const Architecture& arch) {
  return arch.effective_hidden() == Activation::Sigmoid &&
         output_activation(arch.loss) == Activation::Sigmoid && !arch.bias;
}

std::vector<float> class_picture(const Network& net, int k) {
  assert(k >= 0 && k < net.output_size());
  if (fits_back_query(net.architecture())) return net.back_query(k);
  return ascend_class(net, k, blank_input(net));
}

}  // namespace digitlab
