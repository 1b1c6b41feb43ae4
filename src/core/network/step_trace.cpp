// trace_step follows Network::train line by line (network.cpp) on a const network, keeping what
// train overwrites in its scratch: any change to train's order of operations must be made here
// too, and tests/test_step_trace.cpp fails if the two differ by a bit.
#include "network/step_trace.h"

#include <cassert>

#include "kernels/kernels.h"
#include "network/layer_math.h"

namespace digitlab {

StepTrace trace_step(const Network& net, const float* input, int label, float lr) {
  assert(label >= 0 && label < net.output_size());
  const std::vector<int>& sizes = net.sizes();
  const Architecture& arch = net.architecture();
  const int last = net.layer_count() - 1;
  StepTrace t;
  t.learning_rate = lr;
  t.target.resize(net.output_size());
  make_target(t.target.data(), label, net.output_size(), arch.loss);
  // The same forward_layer calls as train's.
  t.activations = net.query(input);
  t.output_error.resize(sizes[last]);
  t.loss = output_error(arch.loss, t.activations[last].data(), t.target.data(), sizes[last],
                        t.output_error.data());
  t.layers.resize(last);
  t.layers[last - 1].error = t.output_error;
  const bool raw = splits_raw_error(arch.loss);
  for (int l = last - 1; l >= 0; --l) {
    LayerStep& s = t.layers[l];
    const std::vector<float>& o = t.activations[l + 1];
    const Activation f = net.activation(l);
    const int n = sizes[l + 1];
    s.delta.resize(n);
    s.step.resize(n);
    for (int j = 0; j < n; ++j) s.delta[j] = apply_derivative(f, s.error[j], o[j]);
    // What the layer below receives, through W_l as it is before the step.
    const std::vector<float>& passed = raw ? s.error : s.delta;
    if (l > 0) {
      t.layers[l - 1].error.resize(sizes[l]);
      kernels::matvec_t(t.layers[l - 1].error.data(), net.layer_weights(l), passed.data(), n,
                        sizes[l]);
    }
    // train's rounding: the book scales the error before the derivative, the true gradients
    // scale the delta.
    for (int j = 0; j < n; ++j)
      s.step[j] = raw ? apply_derivative(f, lr * s.error[j], o[j]) : s.delta[j] * lr;
    s.weight_change.resize(static_cast<size_t>(n) * sizes[l]);
    const std::vector<float>& below = t.activations[l];
    for (int j = 0; j < n; ++j)
      for (int i = 0; i < sizes[l]; ++i)
        s.weight_change[static_cast<size_t>(j) * sizes[l] + i] = s.step[j] * below[i];
    if (net.has_bias()) s.bias_change = s.step;
  }
  Network after = net;
  apply_step(after, t);
  t.activations_after = after.query(input);
  return t;
}

StepTrace trace_step(const Network& net, const uint8_t* pixels, int label, float lr) {
  std::vector<float> input(net.input_size());
  scale_input(input.data(), pixels, input.size());
  return trace_step(net, input.data(), label, lr);
}

void apply_step(Network& net, const StepTrace& trace) {
  assert(static_cast<int>(trace.layers.size()) + 1 == net.layer_count());
  for (int l = 0; l + 1 < net.layer_count(); ++l) {
    const LayerStep& s = trace.layers[l];
    float* w = net.layer_weights(l);
    assert(s.weight_change.size() == static_cast<size_t>(net.sizes()[l]) * net.sizes()[l + 1]);
    // w + (step·o_prev), the sum add_outer makes in train.
    for (size_t k = 0; k < s.weight_change.size(); ++k) w[k] += s.weight_change[k];
    if (float* b = net.layer_biases(l)) {
      assert(s.bias_change.size() == static_cast<size_t>(net.sizes()[l + 1]));
      for (size_t j = 0; j < s.bias_change.size(); ++j) b[j] += s.bias_change[j];
    }
  }
}

}  // namespace digitlab
