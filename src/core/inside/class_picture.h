// The picture a network associates with a class, for every network. The book's back query
// (Network::back_query) runs the network backwards through the inverse sigmoid, so it only fits
// networks that are sigmoid throughout and have no biases (which it has no place for). Every
// other network gets activation maximisation: a fixed number of gradient-ascent steps on the
// input that raise class k's logit z_k (input_gradient.h says why the logit), each step clamped
// to the input's range. Fixed steps and rate and no randomness, so a model always gives the
// same picture.
//
//   step:  x ← clamp(x + rate · (g / max|g| - decay · (x - kInputOffset)), kInputOffset, kInputMax)
//          with g = ∂z_k/∂x
//
// Dividing by max|g| makes `rate` the largest push of any one pixel per step, whatever the
// network's scale (a ReLU logit's gradient can be 100 times a sigmoid's); an all-zero gradient
// (every unit dead) ends the ascent where it is. The decay pulls every pixel back towards blank,
// so a pixel comes to rest near blank + (g_i / max|g|) / decay: its grey level shows how much it
// raises the class, where plain ascent would push every pixel with any positive gradient to
// white. The result is the best picture the climb passed through (by z_k), so it never scores
// below its start.
#pragma once
#include <vector>

#include "network/layer_math.h"
#include "network/network.h"

namespace digitlab {

// The largest input value: scale_input's for pixel 255 (0.99 + 0.01).
constexpr float kInputMax = 0.99f + kInputOffset;

struct AscentSettings {
  int steps = 64;      // enough for any pixel to cross the whole range three times
  float rate = 0.05f;  // the largest change of one pixel per step
  float decay = 1.0f;  // the pull back towards blank (λ)
};

// A blank picture: kInputOffset everywhere, what scale_input makes of an empty drawing.
std::vector<float> blank_input(const Network& net);

// Gradient ascent on class k's logit from start (sizes[0], e.g. blank_input or a scaled
// drawing); the result has every value in kInputOffset..kInputMax.
std::vector<float> ascend_class(const Network& net, int k, std::vector<float> start,
                                const AscentSettings& settings = {});

// True if the book's back query fits the architecture: sigmoid hidden and output layers, no
// biases.
bool fits_back_query(const Architecture& arch);

// Class k's picture (sizes[0]): Network::back_query(k) when fits_back_query, else ascend_class
// from a blank picture.
std::vector<float> class_picture(const Network& net, int k);

}  // namespace digitlab
