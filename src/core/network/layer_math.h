// The math every engine shares, in one place: the book's input scaling, the targets a loss
// trains towards, the activations with their derivatives, and the error each loss sends back from
// the output. network.cpp (the reference), the sparse per-sample engine and the batch engine all
// call these, so a change here changes every path alike.
//
// Sign convention, the book's: an "error" is the direction the weights move in, minus the
// gradient. At the output the book's e = t - o; a layer's delta is e ⊙ f'(o), and the update is
// W += lr · delta · o_prevᵀ.
#pragma once
#include <cstddef>
#include <cstdint>

#include "kernels/kernels.h"

namespace digitlab {

// ---- inputs: the book's scaling x = pixel/255·0.99 + 0.01, for every network ----
// Split as x = x' + kInputOffset, x' = input_value(pixel), which is 0 for background pixels: the
// sparse engines use the split, and x' + kInputOffset rounds to exactly scale_input's x
// (tests/test_kernels.cpp checks all 256 pixel values).
constexpr float kInputOffset = 0.01f;
inline float input_value(uint8_t pixel) {
  return static_cast<float>(pixel) / 255.0f * 0.99f;
}
// out is (n).
inline void scale_input(float* out, const uint8_t* pixels, size_t n) {
  for (size_t i = 0; i < n; ++i) out[i] = pixels[i] / 255.0f * 0.99f + 0.01f;
}

// ---- activations ----
// Stored in model files (data/model_file.h): the numbers are part of the format.
enum class Activation : uint32_t {
  Sigmoid = 1,    // the book: 1/(1+e^-x)
  Tanh = 2,       // 2·sigmoid(2x) - 1, from the same exp as the sigmoid
  Relu = 3,       // max(0, x)
  LeakyRelu = 4,  // x, or kLeakySlope·x below 0
  Softmax = 5,    // the output layer only, and only with the softmax-CE loss
};
constexpr float kLeakySlope = 0.01f;

// The name people and the CLI use ("sigmoid", "tanh", "relu", "leaky-relu", "softmax").
const char* activation_name(Activation a);
// True for a known activation (a model file's number may be anything).
bool is_known(Activation a);

// x[i] = f(x[i]) for i < n. Softmax normalises the n values together (n is one sample's layer).
void activate(Activation a, float* x, int n);

// e · f'(x), f' written with the output y = f(x), which is all the engines keep: sigmoid
// y(1-y) (multiplied as e·y·(1-y), left to right, the book's order, which the pinned weight
// hashes depend on), tanh 1-y², ReLU 1 or 0, leaky ReLU 1 or kLeakySlope. Softmax's derivative
// is only used folded into the cross-entropy's output error, so it returns e unchanged.
inline float apply_derivative(Activation a, float e, float y) {
  switch (a) {
    case Activation::Sigmoid:
      return e * y * (1.0f - y);
    case Activation::Tanh:
      return e * (1.0f - y * y);
    case Activation::Relu:
      return y > 0.0f ? e : 0.0f;
    case Activation::LeakyRelu:
      return y > 0.0f ? e : e * kLeakySlope;
    case Activation::Softmax:
      break;
  }
  return e;
}

// ---- losses ----
enum class Loss : uint32_t {
  Book = 1,                 // ½Σ(t-o)² on sigmoid outputs, hidden errors split back as Wᵀ·e
  Mse = 2,                  // the same loss, its true gradient: hidden errors are Wᵀ·delta
  SoftmaxCrossEntropy = 3,  // softmax outputs, -log o_label, one-hot targets
};
const char* loss_name(Loss l);  // "book", "mse", "softmax-ce"
bool is_known(Loss l);

// The output layer's activation a loss needs: softmax for softmax-CE, else the book's sigmoid.
Activation output_activation(Loss l);

// The target a loss trains towards: the book's 0.01 everywhere and 0.99 for the label; for
// softmax-CE the one-hot 0 and 1 (a distribution). out is (classes).
inline float target_value(Loss l, bool is_label) {
  if (l == Loss::SoftmaxCrossEntropy) return is_label ? 1.0f : 0.0f;
  return is_label ? 0.99f : 0.01f;
}
inline void make_target(float* out, int label, int classes, Loss l = Loss::Book) {
  for (int k = 0; k < classes; ++k) out[k] = target_value(l, k == label);
}

// For outputs o (n, the output activation already applied) and targets t (make_target with the
// same loss): writes e = t - o into e and returns the sample's loss: ½Σ(t-o)² for book and mse,
// -Σ t·log(o) for softmax-CE (each o floored at 1e-30, so a saturated output gives a large finite
// loss rather than infinity). For every loss the output layer's delta (minus dL/dz) is
// then apply_derivative(output activation, e, o): for softmax-CE that is e itself, t - o.
float output_error(Loss l, const float* o, const float* t, int n, float* e);

// What a layer passes down to the one below (whose error is Wᵀ·that): the book passes its raw
// error e, before the derivative (the book's "errors split by weight"); the true gradients (mse,
// softmax-CE) pass the delta, e ⊙ f'(o).
inline bool splits_raw_error(Loss l) {
  return l == Loss::Book;
}

}  // namespace digitlab
