// The engines behind Trainer (trainer.h). Each trains a network on a run of samples and leaves
// its weights and biases as they were if anything turns infinite or NaN (an optimiser's moments
// are not rolled back: the trainer stops on divergence, so no step ever uses them again). Trainer
// picks one from its config:
//
// ReferenceEngine — Network::train sample by sample (plain SGD at a constant rate, any loss):
// the plain dense loops, the reference.
//
// SparseEngine — the sparse per-sample engine: the book's per-sample rule, equal in math, touching
// only the pixels that are not background. The book feeds x = 0.01 + x' where x' = pixel/255·0.99
// is zero for ~81% of MNIST's pixels. Write the first layer as W₁ = V + u·1ᵀ, with V stored by
// input (transposed, so an input's weights are one contiguous row) and u one number per hidden
// unit. Then
//   forward:  W₁·x = V·x' + 0.01·(V·1) + u·Σx         V·x' reads only the rows of non-zero x'
//   update:   W₁ += d·xᵀ  becomes  V[rows of x'] += x'ᵢ·d,  u += 0.01·d,  V·1 += (Σx')·d
// so a sample reads ~19% of the matrix twice instead of all of it three times. The update of
// V and the next sample's V·x' share one sweep over column chunks (kernels::scatter_gather_rows:
// the rows both touch, about half, are still in L1 for the second), with the same bits as one
// after the other; a run's last sample and a sample before a rebase update alone. V·1 is kept up
// to date incrementally; every kRebaseEvery samples (counted over the whole run, so the schedule
// does not depend on how the run is sliced into steps) u is folded back into V and V·1 is summed
// afresh, which bounds the drift of both. After each run publish() writes W₁ = V + u·1ᵀ into the
// network, for everything else (model files, the UI, queries) to see plain weights.
// The state persists between runs, so a run's result depends only on its samples, never on where
// the steps begin and end: training in slices gives the same bits as in one go. If the network's
// weights were changed by someone else since the last publish(), in_sync() says so and train()
// starts again from them.
//
// BatchEngine — every other configuration, on matrix products: any architecture (biases,
// activations, losses), mini-batches of 1 to kMaxBatch, every optimiser, weight decay and
// schedule. Each batch is one forward pass from the weights at its start; its gradient is the
// MEAN of the batch's per-sample gradients (B = the batch's size; the last batch of an epoch may
// be smaller), handed to the optimiser (training/optimizer.h). For the book's rule with plain SGD
// the update is fused into the product, (lr/B)·Σ_s d_s·x_sᵀ, the mean of the per-sample book
// updates, with the bits it always had.
// Every other optimiser (and SGD with decay) gets the first layer sparse, as SparseEngine does:
// with x = x' + 0.01 and W₁ held transposed as V = W₁ᵀ (in, hidden),
//   forward:   W₁·x_s = V·x'_s + 0.01·(V·1)          V·x'_s reads only the rows of non-zero x'
//   gradient:  Σ_s d_s·x_sᵀ = Σ_s d_s·x'_sᵀ + 0.01·(Σ_s d_s)·1ᵀ
// The optimiser makes one pass over V and its moments (RowUpdate, optimizer.h); each row's
// gradient is made just before its update: the sparse part gathered from the batch's errors at
// the samples where that pixel is lit, plus the rank-1 part, 0.01 × the bias gradient; the pass
// also sums V·1 for the next batch. On MNIST a sample touches ~19% of the rows, so the forward pass
// and the gradient cost about a fifth of the dense products'. V is loaded from the network at the
// start of each run and written back at its end (exact transposes, so slicing changes nothing); the
// naive choice keeps the dense products, the reference.
//
// Trainer calls an engine through the Engine interface. Besides choosing at run time, this keeps
// each engine's loop in a function of its own in WebAssembly: Binaryen inlines any function that
// has a single caller, and V8 runs a function in its baseline compiler until the call returns,
// so a sample loop merged into the CLI's main() was never optimised (60% of the speed).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "data/dataset.h"
#include "network/network.h"
#include "training/optimizer.h"
#include "training/training_config.h"

namespace digitlab {

struct RunResult {
  double loss = 0.0;   // Σ ½·Σ(t-o)² over the samples, each from its forward pass
  bool finite = true;  // false: the loss or a weight became infinite or NaN; net was restored
};

class Engine {
 public:
  virtual ~Engine() = default;
  // Trains net on samples order[0..count) of data, in that order. They are samples first_index,
  // first_index + 1, ... of the whole run (which the schedule's rate depends on).
  virtual RunResult train(Network& net, const Dataset& data, const uint32_t* order, size_t count,
                          size_t first_index) = 0;
};

// True if every value is finite.
bool all_finite(const std::vector<float>& v);

class ReferenceEngine final : public Engine {
 public:
  explicit ReferenceEngine(float learning_rate) : lr_(learning_rate) {}
  RunResult train(Network& net, const Dataset& data, const uint32_t* order, size_t count,
                  size_t first_index) override;

 private:
  float lr_;
  std::vector<float> input_, target_, backup_, backup_bias_;
};

class SparseEngine final : public Engine {
 public:
  // Samples between two folds of u into V (see above).
  static constexpr size_t kRebaseEvery = 1024;
  // net must be the book's architecture (asserted); lr is the run's constant learning rate.
  SparseEngine(const Network& net, float lr);

  // in_sync, load, then the samples, then publish: net changes only if everything is finite.
  RunResult train(Network& net, const Dataset& data, const uint32_t* order, size_t count,
                  size_t first_index) override;

  // True if net's weights are bit for bit the ones the last publish() wrote.
  bool in_sync(const Network& net) const;
  // Start from net's weights: V = W₁ᵀ, u = 0, V·1 summed; the other layers copied.
  void load(const Network& net);
  // Writes the weights into net (W₁ = V + u·1ᵀ). Returns false, leaving net untouched, if any
  // weight is not finite.
  bool publish(Network& net);

 private:
  double train_samples(const Dataset& data, const uint32_t* order, size_t count, float lr,
                       size_t first_index);
  // One image's x' as a sparse vector, its Σx', and V·x' once gathered.
  struct SparseInput {
    std::vector<int> at;  // where each non-zero pixel's row starts in V (kernels.h)
    std::vector<float> val;
    int nnz = 0;
    float sum = 0.0f;
    std::vector<float> gather;  // (hidden)
  };
  void load_input(SparseInput& input, const uint8_t* pixels) const;
  void rebase();  // V += u·1ᵀ, u = 0, V·1 summed afresh
  float* layer(int l) { return rest_.data() + rest_offsets_[l]; }  // W_l for l >= 1

  std::vector<int> sizes_;
  float lr_ = 0.1f;
  int in_ = 0, hidden_ = 0;
  std::vector<float> v_;     // V is (in, hidden): row i holds input i's weights
  std::vector<float> u_;     // (hidden)
  std::vector<float> vsum_;  // V·1, (hidden)
  std::vector<float> rest_;  // layers 1.. as in Network's buffer
  std::vector<size_t> rest_offsets_;
  std::vector<float> published_;  // what publish() last wrote; empty before the first
  // Scratch: the sample being trained and the next one (whose V·x' shares the update's sweep,
  // kernels::scatter_gather_rows), activations, errors and the updates' d = lr·e⊙o⊙(1-o).
  SparseInput input_, next_;
  bool reverse_sweep_ = false;
  std::vector<std::vector<float>> act_, err_, delta_;
  std::vector<float> target_;
  float pixel_value_[256] = {};  // x' for each pixel value
};

class BatchEngine final : public Engine {
 public:
  // config: the optimiser, rate, schedule, decay and batch size (the caller validates them);
  // total_samples: the run's length, for the schedule. naive: the reference matrix product
  // (gemm_naive) instead of the blocked one.
  BatchEngine(const Network& net, const TrainingConfig& config, size_t total_samples, bool naive);

  // Batches of batch_size from the start of order (the last one may be smaller).
  RunResult train(Network& net, const Dataset& data, const uint32_t* order, size_t count,
                  size_t first_index) override;

 private:
  double train_batch(Network& net, const Dataset& data, const uint32_t* order, int count, float lr);
  // The sparse first layer (above): its forward pass into act_[1] before the activation, and its
  // update from D = err_[1] (already scaled to the mean gradient's sign and 1/B).
  void sparse_forward(const Network& net, const Dataset& data, const uint32_t* order, int count);
  void sparse_update(Network& net, const float* d, int count, float lr);

  TrainingConfig config_;
  size_t total_samples_ = 0;
  bool naive_ = false;
  bool fused_sgd_ = false;     // plain SGD without decay: the update goes straight into W
  bool sparse_first_ = false;  // the first layer as V = W₁ᵀ, touched at non-zero pixels only
  OptimizerState optimizer_;
  std::vector<float> backup_, backup_bias_;
  // Per layer, one row per sample: activations act_[l] (B, sizes[l]), errors err_[l] likewise.
  std::vector<std::vector<float>> act_, err_;
  std::vector<float> target_;            // (B, outputs)
  std::vector<float> grad_, grad_bias_;  // the batch's mean gradient, as the network's buffers
  // The sparse first layer: V (in, hidden), V·1 (hidden), Σ_s d_s (the first layer's bias
  // gradient), 0.01·Σ_s d_s, one row's gradient (hidden each); each sample's non-zero pixels
  // (kernels.h: at, val; B rows of `in`) and their counts; the same pairs sorted by pixel, where
  // each pixel's pairs start (in + 1), and the sort's cursor (in).
  std::vector<float> v_, vsum_, grad_sum_, offset_, grad_row_;
  std::vector<int> at_, nnz_;
  std::vector<float> val_;
  std::vector<int> pixel_start_, cursor_, by_pixel_at_;
  std::vector<float> by_pixel_val_;
  float pixel_value_[256] = {};  // x' for each pixel value
};

// SparseQuery — queries of a fixed network by images, with SparseEngine's split of the first layer
// (V = W₁ᵀ, u = 0): W₁·x = V·x' + 0.01·(V·1), reading only the rows of the non-background
// pixels. Building it costs about one dense query; each query then costs about a fifth of one.
// For evaluating a test set (evaluate.h); net must outlive it and not change meanwhile.
class SparseQuery {
 public:
  explicit SparseQuery(const Network& net);
  // The output layer's activations (net.output_size()) for one image of net.input_size() pixels,
  // scaled as scale_input does: equal in math to net.query_outputs.
  void outputs(float* out, const uint8_t* pixels);

 private:
  const Network& net_;
  std::vector<float> v_, vsum_;  // V is (in, hidden); V·1 is (hidden)
  std::vector<int> at_;          // the sparse input: where each row starts in V, and x' (kernels.h)
  std::vector<float> val_;
  std::vector<std::vector<float>> act_;
  float pixel_value_[256] = {};  // x' for each pixel value
};

}  // namespace digitlab
