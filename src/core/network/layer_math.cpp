// The shared math of layer_math.h that is not one line: names, softmax, the output error.
#include "network/layer_math.h"

#include <algorithm>
#include <cmath>

namespace digitlab {

const char* activation_name(Activation a) {
  switch (a) {
    case Activation::Sigmoid:
      return "sigmoid";
    case Activation::Tanh:
      return "tanh";
    case Activation::Relu:
      return "relu";
    case Activation::LeakyRelu:
      return "leaky-relu";
    case Activation::Softmax:
      return "softmax";
  }
  return "unknown";
}

bool is_known(Activation a) {
  return a >= Activation::Sigmoid && a <= Activation::Softmax;
}

const char* loss_name(Loss l) {
  switch (l) {
    case Loss::Book:
      return "book";
    case Loss::Mse:
      return "mse";
    case Loss::SoftmaxCrossEntropy:
      return "softmax-ce";
  }
  return "unknown";
}

bool is_known(Loss l) {
  return l >= Loss::Book && l <= Loss::SoftmaxCrossEntropy;
}

Activation output_activation(Loss l) {
  return l == Loss::SoftmaxCrossEntropy ? Activation::Softmax : Activation::Sigmoid;
}

void activate(Activation a, float* x, int n) {
  switch (a) {
    case Activation::Sigmoid:
      kernels::sigmoid_all(x, n);
      return;
    case Activation::Tanh:
      // tanh(x) = 2·sigmoid(2x) - 1: the same exp on every target, so every build rounds alike.
      for (int i = 0; i < n; ++i) x[i] = 2.0f * kernels::sigmoid(2.0f * x[i]) - 1.0f;
      return;
    case Activation::Relu:
      for (int i = 0; i < n; ++i) x[i] = x[i] > 0.0f ? x[i] : 0.0f;
      return;
    case Activation::LeakyRelu:
      for (int i = 0; i < n; ++i) x[i] = x[i] > 0.0f ? x[i] : kLeakySlope * x[i];
      return;
    case Activation::Softmax: {
      // Shifted by the largest value so no exp overflows; the result is the same in math.
      const float top = *std::max_element(x, x + n);
      float sum = 0.0f;
      for (int i = 0; i < n; ++i) {
        x[i] = kernels::exp_approx<float, uint32_t>(x[i] - top);
        sum += x[i];
      }
      const float inverse = 1.0f / sum;
      for (int i = 0; i < n; ++i) x[i] *= inverse;
      return;
    }
  }
}

float output_error(Loss l, const float* o, const float* t, int n, float* e) {
  float loss = 0.0f;
  if (l == Loss::SoftmaxCrossEntropy) {
    for (int k = 0; k < n; ++k) {
      e[k] = t[k] - o[k];
      if (t[k] != 0.0f) loss -= t[k] * std::log(std::max(o[k], 1e-30f));
    }
    return loss;
  }
  for (int k = 0; k < n; ++k) {
    e[k] = t[k] - o[k];
    loss += 0.5f * e[k] * e[k];
  }
  return loss;
}

}  // namespace digitlab
