// Outputs with hidden units switched off: see ablation.h.
#include "inside/ablation.h"

#include <cassert>

namespace digitlab {

std::vector<std::vector<float>> activations_without(const Network& net, const float* input,
                                                    const std::vector<UnitRef>& off) {
  for (const UnitRef& u : off) {
    assert(u.layer >= 1 && u.layer + 1 < net.layer_count());
    assert(u.unit >= 0 && u.unit < net.sizes()[u.layer]);
    (void)u;
  }
  std::vector<std::vector<float>> acts(static_cast<size_t>(net.layer_count()));
  acts[0].assign(input, input + net.input_size());
  for (int l = 0; l + 1 < net.layer_count(); ++l) {
    std::vector<float>& b = acts[static_cast<size_t>(l) + 1];
    b.resize(net.sizes()[l + 1]);
    net.forward_layer(l, b.data(), acts[static_cast<size_t>(l)].data());
    for (const UnitRef& u : off)
      if (u.layer == l + 1) b[u.unit] = 0.0f;
  }
  return acts;
}

std::vector<float> outputs_without(const Network& net, const float* input,
                                   const std::vector<UnitRef>& off) {
  return activations_without(net, input, off).back();
}

}  // namespace digitlab
