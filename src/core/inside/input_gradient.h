// How the network's answer for class k depends on each input pixel: the gradient of a class
// score with respect to the input, by backpropagation through the network's own weights (any
// architecture, activation and biases), and the attribution map built on it.
//
//   score:       z_k, the output layer's pre-activation ("logit"), or o_k, its output
//   gradient:    ∂score/∂x = W_0ᵀ·(f_0'(z_0) ⊙ … W_Lᵀ·∂score/∂z_L), the same backward pass as
//                Network::gradient with the loss's error replaced by the score's seed
//   attribution: x ⊙ ∂z_k/∂x ("input × gradient"): each pixel's share of the class's evidence,
//                positive where ink (or the 0.01 background) pushes towards class k
//
// The attribution uses the logit: it is the class's own evidence, not its share against the
// other classes (a softmax output also rises when the other classes' logits fall, which would
// paint their evidence into k's map), and a saturated sigmoid output (0.99) has a vanishing
// gradient while its logit does not. For sigmoid outputs the two maps differ only by the positive
// factor σ'(z_k), so their pattern is the same.
#pragma once
#include <vector>

#include "network/network.h"

namespace digitlab {

enum class ClassScore { Logit, Output };

// The score of class k for input (sizes[0]): z_k or o_k.
float class_score(const Network& net, const float* input, int k, ClassScore score);

// ∂score_k/∂x for input (sizes[0]); the result is (sizes[0]).
std::vector<float> input_gradient(const Network& net, const float* input, int k,
                                  ClassScore score = ClassScore::Logit);

// Each input value's contribution to class k's logit: input[i] · ∂z_k/∂x_i, (sizes[0]).
// input is already scaled (scale_input: 0.01..1.0).
std::vector<float> attribution(const Network& net, const float* input, int k);

}  // namespace digitlab
