// SparseEngine: the book's per-sample step with the first layer as V + u·1ᵀ (see
// training/engines.h). Index: transpose_add · all_finite · load/publish · rebase · one image's
// sparse input · train.
#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstring>

#include "kernels/kernels.h"
#include "network/layer_math.h"
#include "training/engines.h"

namespace digitlab {
namespace {

// scale_input's offset (layer_math.h): x = x' + kOffset.
constexpr float kOffset = kInputOffset;

// Rows of the bands transpose_add walks, as kernels::transpose does.
constexpr int kTile = 16;

// w = vᵀ + u·1ᵀ. v is (cols, rows), u is (rows), w is (rows, cols).
void transpose_add(float* w, const float* v, const float* u, int rows, int cols) {
  for (int r0 = 0; r0 < rows; r0 += kTile) {
    const int r1 = std::min(rows, r0 + kTile);
    for (int c = 0; c < cols; ++c)
      for (int r = r0; r < r1; ++r)
        w[static_cast<size_t>(r) * cols + c] = v[static_cast<size_t>(c) * rows + r] + u[r];
  }
}

}  // namespace

bool all_finite(const std::vector<float>& v) {
  bool finite = true;  // one flag for the whole buffer: no early exit, so the loop vectorises
  for (float x : v) finite &= std::fabs(x) <= 3.4028235e38f;
  return finite;
}

SparseEngine::SparseEngine(const Network& net, float lr)
    : sizes_(net.sizes()), lr_(lr), in_(net.sizes()[0]), hidden_(net.sizes()[1]) {
  assert(net.architecture().is_book());
  v_.resize(static_cast<size_t>(in_) * hidden_);
  u_.resize(hidden_);
  vsum_.resize(hidden_);
  size_t at = 0;
  rest_offsets_.assign(sizes_.size() - 1, 0);
  for (size_t l = 1; l + 1 < sizes_.size(); ++l) {
    rest_offsets_[l] = at;
    at += static_cast<size_t>(sizes_[l]) * sizes_[l + 1];
  }
  rest_.resize(at);
  for (SparseInput* input : {&input_, &next_}) {
    input->at.resize(in_);
    input->val.resize(in_);
    input->gather.resize(hidden_);
  }
  act_.resize(sizes_.size());
  err_.resize(sizes_.size());
  delta_.resize(sizes_.size());
  for (size_t l = 1; l < sizes_.size(); ++l) {
    act_[l].resize(sizes_[l]);
    err_[l].resize(sizes_[l]);
    delta_[l].resize(sizes_[l]);
  }
  target_.resize(sizes_.back());
  for (int p = 0; p < 256; ++p) pixel_value_[p] = input_value(static_cast<uint8_t>(p));
}

bool SparseEngine::in_sync(const Network& net) const {
  const std::vector<float>& w = net.weights();
  return !published_.empty() && w.size() == published_.size() &&
         std::memcmp(w.data(), published_.data(), w.size() * sizeof(float)) == 0;
}

void SparseEngine::load(const Network& net) {
  assert(net.sizes() == sizes_);
  kernels::transpose(v_.data(), net.layer_weights(0), hidden_, in_);
  std::fill(u_.begin(), u_.end(), 0.0f);
  rebase();  // sums V·1
  const float* rest = net.weights().data() + static_cast<size_t>(in_) * hidden_;
  std::copy(rest, rest + rest_.size(), rest_.begin());
}

bool SparseEngine::publish(Network& net) {
  published_.resize(net.weights().size());
  transpose_add(published_.data(), v_.data(), u_.data(), hidden_, in_);
  std::copy(rest_.begin(), rest_.end(), published_.data() + v_.size());
  if (!all_finite(published_)) {
    published_.clear();  // net keeps its weights; the next step starts again from them
    return false;
  }
  net.weights() = published_;
  return true;
}

void SparseEngine::rebase() {
  std::fill(vsum_.begin(), vsum_.end(), 0.0f);
  for (int i = 0; i < in_; ++i) {
    float* row = v_.data() + static_cast<size_t>(i) * hidden_;
    for (int j = 0; j < hidden_; ++j) {
      row[j] += u_[j];
      vsum_[j] += row[j];
    }
  }
  std::fill(u_.begin(), u_.end(), 0.0f);
}

void SparseEngine::load_input(SparseInput& input, const uint8_t* pixels) const {
  input.nnz = kernels::nonzero_pixels(input.at.data(), input.val.data(), pixels, pixel_value_, in_,
                                      hidden_);
  float sum = 0.0f;  // Σx' over the non-zero pixels: the same bits as over all of them
  for (int k = 0; k < input.nnz; ++k) sum += input.val[k];
  input.sum = sum;
}

RunResult SparseEngine::train(Network& net, const Dataset& data, const uint32_t* order,
                              size_t count, size_t first_index) {
  if (!in_sync(net)) load(net);
  RunResult result;
  result.loss = train_samples(data, order, count, lr_, first_index);
  // The network changes only here, and only to finite weights: nothing to undo on divergence.
  result.finite = std::isfinite(result.loss) && publish(net);
  return result;
}

double SparseEngine::train_samples(const Dataset& data, const uint32_t* order, size_t count,
                                   float lr, size_t first_index) {
  assert(data.pixels_per_image() == static_cast<size_t>(in_));
  const int last = static_cast<int>(sizes_.size()) - 1;
  std::vector<float>& hidden = act_[1];
  bool gathered = false;  // next_.gather already holds V·x' for sample s (see below)
  double total = 0.0;
  for (size_t s = 0; s < count; ++s) {
    const uint32_t sample = order[s];
    if (gathered) {
      std::swap(input_, next_);
    } else {
      if ((first_index + s) % kRebaseEvery == 0) rebase();
      load_input(input_, data.image(sample));
      kernels::gather_rows(input_.gather.data(), v_.data(), input_.at.data(), input_.val.data(),
                           input_.nnz, hidden_);
    }

    // Layer 1: W₁·x = V·x' + 0.01·(V·1) + u·Σx, with Σx = 0.01·in + Σx'.
    const float sum_x = kOffset * static_cast<float>(in_) + input_.sum;
    for (int j = 0; j < hidden_; ++j)
      hidden[j] = input_.gather[j] + kOffset * vsum_[j] + u_[j] * sum_x;
    kernels::sigmoid_all(hidden.data(), hidden_);
    for (int l = 1; l < last; ++l) {
      kernels::matvec(act_[l + 1].data(), layer(l), act_[l].data(), sizes_[l + 1], sizes_[l]);
      kernels::sigmoid_all(act_[l + 1].data(), sizes_[l + 1]);
    }

    // e_o = t - o.
    make_target(target_.data(), data.labels[sample], sizes_[last], Loss::Book);
    total += output_error(Loss::Book, act_[last].data(), target_.data(), sizes_[last],
                          err_[last].data());
    for (int l = last - 1; l >= 0; --l) {
      // d = lr · e ⊙ o ⊙ (1 - o)
      const std::vector<float>& e = err_[l + 1];
      const std::vector<float>& o = act_[l + 1];
      std::vector<float>& d = delta_[l + 1];
      for (int j = 0; j < sizes_[l + 1]; ++j)
        d[j] = apply_derivative(Activation::Sigmoid, lr * e[j], o[j]);
      if (l > 0) {
        // The book's split e_prev = Wᵀ·e with the weights before the update, then W += d·xᵀ,
        // in one pass over W.
        kernels::matvec_t_add_outer(err_[l].data(), layer(l), e.data(), d.data(), act_[l].data(),
                                    sizes_[l + 1], sizes_[l]);
        continue;
      }
      // W₁ += d·xᵀ = d·x'ᵀ + 0.01·d·1ᵀ. The V part shares one sweep with the next sample's
      // V·x' (the same bits as one after the other) unless this is the run's last sample or
      // the next one starts with a rebase.
      gathered = s + 1 < count && (first_index + s + 1) % kRebaseEvery != 0;
      if (gathered) {
        load_input(next_, data.image(order[s + 1]));
        kernels::scatter_gather_rows(v_.data(), input_.at.data(), input_.val.data(), input_.nnz,
                                     d.data(), next_.gather.data(), next_.at.data(),
                                     next_.val.data(), next_.nnz, hidden_, reverse_sweep_);
        reverse_sweep_ = !reverse_sweep_;
      } else {
        kernels::scatter_rows(v_.data(), input_.at.data(), input_.val.data(), input_.nnz, d.data(),
                              hidden_);
      }
      for (int j = 0; j < hidden_; ++j) {
        u_[j] += kOffset * d[j];
        vsum_[j] += input_.sum * d[j];
      }
    }
  }
  return total;
}

}  // namespace digitlab
