// The engines that train the network's weights in place, keeping a copy to restore on
// divergence (see engines.h): ReferenceEngine, and BatchEngine on matrix products. For a batch
// of B samples, one row each: A_0 = X (B, in); forward A_{l+1} = f(A_l·W_lᵀ + b_l); E_last =
// T - O; backward, from the top, D = E ⊙ f'(O) and the layer below's E = (E or D)·W_l with the
// weights from before the update (layer_math.h's splits_raw_error); the mean gradient is
// -(1/B)·Dᵀ·A_l for W_l and -(1/B)·Σ_rows D for b_l. Plain SGD without decay folds lr/B into D
// and adds Dᵀ·A_l straight into W_l (the book's batch mode, with its bits); every other
// optimiser gets the gradient (optimizer.h), the first layer's on its sparse path (engines.h):
// sparse_forward and sparse_update at the end of this file.
#include <algorithm>
#include <cassert>
#include <cmath>

#include "kernels/kernels.h"
#include "kernels/kernels_gemm.h"
#include "network/layer_math.h"
#include "training/engines.h"

namespace digitlab {
namespace {

// Runs train() on net, then checks the loss and every weight and bias; restores the copies if
// any is not finite.
template <typename Train>
RunResult in_place(Network& net, std::vector<float>& backup, std::vector<float>& backup_bias,
                   Train train) {
  backup = net.weights();  // one copy per run: cheap next to the run's training
  backup_bias = net.biases();
  RunResult result;
  result.loss = train();
  result.finite =
      std::isfinite(result.loss) && all_finite(net.weights()) && all_finite(net.biases());
  if (!result.finite) {
    net.weights() = backup;
    net.biases() = backup_bias;
  }
  return result;
}

// sum += row, for V·1: train() and sparse_update add V's rows in the same order with this, so
// V·1 has the same bits whether the batch before was in this run or the last.
void add_row(float* sum, const float* row, int n) {
  for (int j = 0; j < n; ++j) sum[j] += row[j];
}

}  // namespace

RunResult ReferenceEngine::train(Network& net, const Dataset& data, const uint32_t* order,
                                 size_t count, size_t /*first_index*/) {
  input_.resize(data.pixels_per_image());
  target_.resize(net.output_size());
  return in_place(net, backup_, backup_bias_, [&] {
    double loss = 0.0;
    for (size_t i = 0; i < count; ++i) {
      scale_input(input_.data(), data.image(order[i]), input_.size());
      make_target(target_.data(), data.labels[order[i]], net.output_size(),
                  net.architecture().loss);
      loss += net.train(input_.data(), target_.data(), lr_);
    }
    return loss;
  });
}

BatchEngine::BatchEngine(const Network& net, const TrainingConfig& config, size_t total_samples,
                         bool naive)
    : config_(config), total_samples_(total_samples), naive_(naive) {
  fused_sgd_ = config.optimizer == Optimizer::Sgd && config.weight_decay == 0.0f;
  optimizer_.kind = config.optimizer;
  const std::vector<int>& sizes = net.sizes();
  const size_t batch = static_cast<size_t>(config.batch_size);
  act_.resize(sizes.size());
  err_.resize(sizes.size());
  for (size_t l = 0; l < sizes.size(); ++l) {
    act_[l].resize(batch * sizes[l]);
    if (l > 0) err_[l].resize(act_[l].size());
  }
  target_.resize(batch * sizes.back());
  sparse_first_ = !naive && !fused_sgd_;
  if (sparse_first_) {
    const size_t in = static_cast<size_t>(sizes[0]), hidden = static_cast<size_t>(sizes[1]);
    v_.resize(in * hidden);
    grad_row_.resize(hidden);
    pixel_start_.resize(in + 1);
    by_pixel_at_.resize(batch * in);
    by_pixel_val_.resize(batch * in);
    vsum_.resize(hidden);
    grad_sum_.resize(hidden);
    offset_.resize(hidden);
    at_.resize(batch * in);
    val_.resize(batch * in);
    nnz_.resize(batch);
    for (int p = 0; p < 256; ++p) pixel_value_[p] = input_value(static_cast<uint8_t>(p));
    act_[0].clear();  // the inputs stay sparse
  }
  if (!fused_sgd_) {
    grad_.resize(net.weights().size());
    grad_bias_.resize(net.biases().size());
  }
}

RunResult BatchEngine::train(Network& net, const Dataset& data, const uint32_t* order, size_t count,
                             size_t first_index) {
  const int in = net.sizes()[0], hidden = net.sizes()[1];
  return in_place(net, backup_, backup_bias_, [&] {
    // V = W₁ᵀ (exact) and V·1 summed in row order, as sparse_update sums it after each batch.
    if (sparse_first_) {
      kernels::transpose(v_.data(), net.layer_weights(0), hidden, in);
      std::fill(vsum_.begin(), vsum_.end(), 0.0f);
      for (int i = 0; i < in; ++i) add_row(vsum_.data(), v_.data() + size_t(i) * hidden, hidden);
    }
    double total = 0.0;
    const size_t batch = static_cast<size_t>(config_.batch_size);
    for (size_t s = 0; s < count; s += batch) {
      const size_t b = std::min(batch, count - s);
      const float lr = scheduled_rate(config_, first_index + s, total_samples_);
      total += train_batch(net, data, order + s, static_cast<int>(b), lr);
    }
    if (sparse_first_) kernels::transpose(net.layer_weights(0), v_.data(), in, hidden);
    return total;
  });
}

double BatchEngine::train_batch(Network& net, const Dataset& data, const uint32_t* order, int count,
                                float lr) {
  const auto product = naive_ ? kernels::gemm_naive : kernels::gemm;
  const std::vector<int>& sizes = net.sizes();
  const Loss loss_kind = net.architecture().loss;
  const int last = net.layer_count() - 1;
  const size_t in = data.pixels_per_image();
  const size_t rows = static_cast<size_t>(count);
  if (!sparse_first_)
    for (int b = 0; b < count; ++b)
      scale_input(act_[0].data() + static_cast<size_t>(b) * in, data.image(order[b]), in);

  // Forward: A_{l+1} (B, out) = f(A_l (B, in) · W_lᵀ + b_l), W_l being (out, in).
  for (int l = 0; l < last; ++l) {
    const int out = sizes[l + 1];
    float* z = act_[l + 1].data();
    if (l == 0 && sparse_first_) {
      sparse_forward(net, data, order, count);
    } else {
      product(z, act_[l].data(), net.layer_weights(l), count, out, sizes[l], false, true, false);
      if (const float* bias = net.layer_biases(l))
        for (size_t r = 0; r < rows; ++r)
          for (int j = 0; j < out; ++j) z[r * out + j] += bias[j];
    }
    if (net.activation(l) == Activation::Softmax)
      for (size_t r = 0; r < rows; ++r) activate(Activation::Softmax, z + r * out, out);
    else
      activate(net.activation(l), z, count * out);
  }

  // E_last = T - O, and the loss of each sample.
  double total = 0.0;
  const int outputs = sizes[last];
  for (int b = 0; b < count; ++b) {
    const size_t row = static_cast<size_t>(b) * outputs;
    make_target(target_.data() + row, data.labels[order[b]], outputs, loss_kind);
    total += output_error(loss_kind, act_[last].data() + row, target_.data() + row, outputs,
                          err_[last].data() + row);
  }

  // D's scale: lr/B when the update is added straight into W, else -1/B (the mean gradient).
  const float scale =
      fused_sgd_ ? lr / static_cast<float>(count) : -1.0f / static_cast<float>(count);
  const bool raw = splits_raw_error(loss_kind);
  if (!fused_sgd_) begin_step(optimizer_);
  for (int l = last - 1; l >= 0; --l) {
    const int out = sizes[l + 1];
    const size_t n = rows * out;
    float* d = err_[l + 1].data();  // E, then D in its place
    const float* o = act_[l + 1].data();
    const Activation f = net.activation(l);
    // E_l (B, in) = (E or D) (B, out) · W_l (out, in), before W_l changes.
    auto pass_down = [&] {
      if (l > 0)
        product(err_[l].data(), d, net.layer_weights(l), count, sizes[l], out, false, false, false);
    };
    if (raw) {
      pass_down();
      for (size_t i = 0; i < n; ++i) d[i] = apply_derivative(f, scale * d[i], o[i]);
    } else {
      for (size_t i = 0; i < n; ++i) d[i] = apply_derivative(f, d[i], o[i]);
      pass_down();
      for (size_t i = 0; i < n; ++i) d[i] *= scale;
    }
    if (l == 0 && sparse_first_) {
      sparse_update(net, d, count, lr);
      continue;
    }
    float* bias = net.layer_biases(l);
    if (fused_sgd_) {
      // W_l (out, in) += Dᵀ (out, B) · A_l (B, in); b_l += Σ_rows D.
      product(net.layer_weights(l), d, act_[l].data(), out, sizes[l], count, true, false, true);
      if (bias)
        for (size_t r = 0; r < rows; ++r)
          for (int j = 0; j < out; ++j) bias[j] += d[r * out + j];
      continue;
    }
    float* g = grad_.data() + (net.layer_weights(l) - net.weights().data());
    product(g, d, act_[l].data(), out, sizes[l], count, true, false, false);
    const size_t weights = static_cast<size_t>(out) * sizes[l];
    apply_update(optimizer_, 2 * l, net.layer_weights(l), g, weights, lr, config_.weight_decay);
    if (bias) {
      float* gb = grad_bias_.data() + (bias - net.biases().data());
      std::fill(gb, gb + out, 0.0f);
      for (size_t r = 0; r < rows; ++r)
        for (int j = 0; j < out; ++j) gb[j] += d[r * out + j];
      apply_update(optimizer_, 2 * l + 1, bias, gb, static_cast<size_t>(out), lr, 0.0f);
    }
  }
  return total;
}

// Z₁ (B, hidden) = X'·V + 0.01·1·(V·1)ᵀ (+ b₁): each sample's non-zero pixels, then their rows of
// V.
void BatchEngine::sparse_forward(const Network& net, const Dataset& data, const uint32_t* order,
                                 int count) {
  const int in = net.sizes()[0], hidden = net.sizes()[1];
  const float* bias = net.layer_biases(0);
  for (int b = 0; b < count; ++b) {
    const size_t row = static_cast<size_t>(b);
    int* at = at_.data() + row * in;
    float* val = val_.data() + row * in;
    nnz_[b] = kernels::nonzero_pixels(at, val, data.image(order[b]), pixel_value_, in, hidden);
    float* z = act_[1].data() + row * hidden;
    kernels::gather_rows(z, v_.data(), at, val, nnz_[b], hidden);
    for (int j = 0; j < hidden; ++j) z[j] += kInputOffset * vsum_[j];
    if (bias)
      for (int j = 0; j < hidden; ++j) z[j] += bias[j];
  }
}

// The mean gradient of V's row i is Σ_s x'_s[i]·d_s, over the samples where pixel i is lit, plus
// 0.01·Σ_s d_s for every row; Σ_s d_s is also b₁'s gradient. The samples' pixel lists are sorted
// by pixel (samples in order within one), then each row's gradient is gathered from D's rows
// (kernels::gather_rows, L1-sized) right before the optimiser updates that row: one pass over V
// and its moments, and no (in, hidden) gradient buffer to fill and clear.
void BatchEngine::sparse_update(Network& net, const float* d, int count, float lr) {
  const int in = net.sizes()[0], hidden = net.sizes()[1];
  std::fill(grad_sum_.begin(), grad_sum_.end(), 0.0f);
  for (int b = 0; b < count; ++b)
    for (int j = 0; j < hidden; ++j) grad_sum_[j] += d[static_cast<size_t>(b) * hidden + j];
  for (int j = 0; j < hidden; ++j) offset_[j] = kInputOffset * grad_sum_[j];

  // Counting sort of the (sample, x') pairs by pixel: pixel i's are [pixel_start_[i],
  // pixel_start_[i + 1]) of by_pixel_at_ (D's row of the sample, kernels.h's at) and _val_.
  std::fill(pixel_start_.begin(), pixel_start_.end(), 0);
  for (int b = 0; b < count; ++b) {
    const int* at = at_.data() + static_cast<size_t>(b) * in;
    for (int k = 0; k < nnz_[b]; ++k) pixel_start_[at[k] / hidden + 1] += 1;
  }
  for (int i = 0; i < in; ++i) pixel_start_[i + 1] += pixel_start_[i];
  cursor_.assign(pixel_start_.begin(), pixel_start_.end() - 1);
  for (int b = 0; b < count; ++b) {
    const size_t row = static_cast<size_t>(b) * in;
    for (int k = 0; k < nnz_[b]; ++k) {
      const int at = cursor_[at_[row + k] / hidden]++;
      by_pixel_at_[at] = b * hidden;
      by_pixel_val_[at] = val_[row + k];
    }
  }

  const RowUpdate update(optimizer_, 0, static_cast<size_t>(in), static_cast<size_t>(hidden), lr,
                         config_.weight_decay);
  std::fill(vsum_.begin(), vsum_.end(), 0.0f);
  for (int i = 0; i < in; ++i) {
    float* v = v_.data() + static_cast<size_t>(i) * hidden;
    const int begin = pixel_start_[i];
    kernels::gather_rows(grad_row_.data(), d, by_pixel_at_.data() + begin,
                         by_pixel_val_.data() + begin, pixel_start_[i + 1] - begin, hidden);
    update.apply(static_cast<size_t>(i), v, grad_row_.data(), offset_.data());
    add_row(vsum_.data(), v, hidden);  // V·1 for the next batch, the row still in L1
  }
  if (float* bias = net.layer_biases(0))
    apply_update(optimizer_, 1, bias, grad_sum_.data(), static_cast<size_t>(hidden), lr, 0.0f);
}

}  // namespace digitlab
