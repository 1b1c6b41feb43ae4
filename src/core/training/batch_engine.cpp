// The engines that train the network's weights in place, keeping a copy to restore on
// divergence (see training/engines.h): ReferenceEngine, and BatchEngine on matrix products. For a
// batch of B samples, one row each: A_0 = X (B, in); forward A_{l+1} = σ(A_l·W_lᵀ); E_last = T - O;
// backward E_l = E_{l+1}·W_l with the weights from before the update, as the book splits its
// errors; update W_l += Dᵀ·A_l with D = (lr/B)·E_{l+1} ⊙ O ⊙ (1-O): the mean of the per-sample
// updates.
#include <algorithm>
#include <cassert>
#include <cmath>

#include "kernels/kernels.h"
#include "kernels/kernels_gemm.h"
#include "training/engines.h"

namespace digitlab {
namespace {

// Runs train() on net, then checks the loss and every weight; restores backup's copy if any is
// not finite.
template <typename Train>
RunResult in_place(Network& net, std::vector<float>& backup, Train train) {
  backup = net.weights();  // one copy per run: cheap next to the run's training
  RunResult result;
  result.loss = train();
  result.finite = std::isfinite(result.loss) && all_finite(net.weights());
  if (!result.finite) net.weights() = backup;
  return result;
}

}  // namespace

RunResult ReferenceEngine::train(Network& net, const Dataset& data, const uint32_t* order,
                                 size_t count, float lr, size_t /*first_index*/) {
  input_.resize(data.pixels_per_image());
  target_.resize(net.output_size());
  return in_place(net, backup_, [&] {
    double loss = 0.0;
    for (size_t i = 0; i < count; ++i) {
      scale_input(input_.data(), data.image(order[i]), input_.size());
      make_target(target_.data(), data.labels[order[i]], net.output_size());
      loss += net.train(input_.data(), target_.data(), lr);
    }
    return loss;
  });
}

BatchEngine::BatchEngine(const Network& net, int batch_size, bool naive)
    : batch_(batch_size), naive_(naive) {
  assert(batch_size >= 1);
  const std::vector<int>& sizes = net.sizes();
  act_.resize(sizes.size());
  err_.resize(sizes.size());
  for (size_t l = 0; l < sizes.size(); ++l) {
    act_[l].resize(static_cast<size_t>(batch_size) * sizes[l]);
    if (l > 0) err_[l].resize(act_[l].size());
  }
}

RunResult BatchEngine::train(Network& net, const Dataset& data, const uint32_t* order, size_t count,
                             float lr, size_t /*first_index*/) {
  return in_place(net, backup_, [&] {
    double total = 0.0;
    for (size_t s = 0; s < count; s += static_cast<size_t>(batch_)) {
      const size_t b = std::min(static_cast<size_t>(batch_), count - s);
      total += train_batch(net, data, order + s, static_cast<int>(b), lr);
    }
    return total;
  });
}

double BatchEngine::train_batch(Network& net, const Dataset& data, const uint32_t* order, int count,
                                float lr) {
  const auto product = naive_ ? kernels::gemm_naive : kernels::gemm;
  const std::vector<int>& sizes = net.sizes();
  const int last = net.layer_count() - 1;
  const size_t in = data.pixels_per_image();
  for (int b = 0; b < count; ++b)
    scale_input(act_[0].data() + static_cast<size_t>(b) * in, data.image(order[b]), in);

  // Forward: A_{l+1} (B, out) = σ(A_l (B, in) · W_lᵀ), W_l being (out, in).
  for (int l = 0; l < last; ++l) {
    float* z = act_[l + 1].data();
    product(z, act_[l].data(), net.layer_weights(l), count, sizes[l + 1], sizes[l], false, true,
            false);
    for (size_t i = 0; i < static_cast<size_t>(count) * sizes[l + 1]; ++i)
      z[i] = kernels::sigmoid(z[i]);
  }

  // E_last = T - O, and the loss of each sample.
  double total = 0.0;
  for (int b = 0; b < count; ++b) {
    const float* o = act_[last].data() + static_cast<size_t>(b) * sizes[last];
    float* e = err_[last].data() + static_cast<size_t>(b) * sizes[last];
    float loss = 0.0f;
    for (int k = 0; k < sizes[last]; ++k) {
      e[k] = (k == data.labels[order[b]] ? 0.99f : 0.01f) - o[k];  // make_target (dataset.h)
      loss += 0.5f * e[k] * e[k];
    }
    total += loss;
  }

  const float scale = lr / static_cast<float>(count);
  for (int l = last - 1; l >= 0; --l) {
    // E_l (B, in) = E_{l+1} (B, out) · W_l (out, in), before W_l changes.
    if (l > 0)
      product(err_[l].data(), err_[l + 1].data(), net.layer_weights(l), count, sizes[l],
              sizes[l + 1], false, false, false);
    // D = (lr/B)·E ⊙ O ⊙ (1 - O), over E; then W_l (out, in) += Dᵀ (out, B) · A_l (B, in).
    float* d = err_[l + 1].data();
    const float* o = act_[l + 1].data();
    for (size_t i = 0; i < static_cast<size_t>(count) * sizes[l + 1]; ++i)
      d[i] = scale * d[i] * o[i] * (1.0f - o[i]);
    product(net.layer_weights(l), d, act_[l].data(), sizes[l + 1], sizes[l], count, true, false,
            true);
  }
  return total;
}

}  // namespace digitlab
