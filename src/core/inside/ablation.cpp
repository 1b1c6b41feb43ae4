// Outputs with hidden units switched off: see ablation.h.
#include "inside/ablation.h"

#include <cassert>

namespace digitlab {

std::vector<float> outputs_without(const Network& net, const float* input,
                                   const std::vector<UnitRef>& off) {
  for (const UnitRef& u : off) {
    assert(u.layer >= 1 && u.layer + 1 < net.layer_count());
    assert(u.unit >= 0 && u.unit < net.sizes()[u.layer]);
    (void)u;
  }
  std::vector<float> a(input, input + net.input_size()), b;
  for (int l = 0; l + 1 < net.layer_count(); ++l) {
    b.resize(net.sizes()[l + 1]);
    net.forward_layer(l, b.data(), a.data());
    for (const UnitRef& u : off)
      if (u.layer == l + 1) b[u.unit] = 0.0f;
    a.swap(b);
  }
  return a;
}

}  // namespace digitlab
