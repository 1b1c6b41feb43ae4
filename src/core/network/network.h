// Network: Rashid's fully connected sigmoid network ("Make Your Own Neural Network", 2016),
// generalised to any list of layer sizes, float32, all weights in one owned buffer.
//
//   query:      X = W·I, O = sigmoid(X), layer by layer
//   train:      the book's per-sample step: e_o = t - o, e_prev = Wᵀ·e (pre-update W),
//               ΔW = lr · (e ⊙ o ⊙ (1-o)) · o_prevᵀ
//   back_query: the book's backwards run: logit of the targets, multiply by Wᵀ, rescale each
//               layer to 0.01..0.99, down to a 28x28 picture
//   gradient:   the true gradient of L = ½·Σ(t-o)² (for gradient checks and later optimisers;
//               the book's hidden-layer rule differs from it by the output sigmoid's derivative)
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "network/rng.h"
#include "result.h"

namespace digitlab {

// The largest network digitlab builds, trains or loads: the one place for these caps. The CLI's
// --hidden, the app's hidden nodes and the model loader all check check_network_shape, so
// nothing trains a model that cannot be loaded again. The book's 784-200-10 has 158,800
// weights; the cap is about 100 times that, 64 MiB of float32: the page holds several copies
// of a model at once (the model, the trainer's working and published weights, the bytes kept
// at an epoch's end) and must stay well inside WebAssembly's 2 GiB, where a failed allocation
// aborts the page rather than returning a message. 16 layers of 16,384 nodes cannot overflow
// a 32-bit count either (15 x 2^28 < 2^32).
constexpr int kMaxLayers = 16;                // input and output included
constexpr int kMaxLayerWidth = 1 << 14;       // nodes in any one layer (16,384)
constexpr uint64_t kMaxWeights = 1ull << 24;  // weights in all (16,777,216)

// Success, or a message naming the cap that `sizes` (input first) goes over: at least two
// layers, each of 1 to kMaxLayerWidth nodes, at most kMaxLayers layers and kMaxWeights weights.
Status check_network_shape(const std::vector<int>& sizes);

enum class Activation : uint32_t { Sigmoid = 1 };

class Network {
 public:
  Network() = default;
  // Weights drawn from a normal with σ = 1/√(incoming links), as the book does.
  // sizes = {784, 200, 10}: check_network_shape(sizes) must hold (asserted).
  Network(std::vector<int> sizes, uint64_t seed);
  // Adopt existing weights (a model file); weights.size() must equal param_count(sizes).
  Network(std::vector<int> sizes, std::vector<float> weights);

  static size_t param_count(const std::vector<int>& sizes);

  const std::vector<int>& sizes() const { return sizes_; }
  int layer_count() const { return static_cast<int>(sizes_.size()); }
  int input_size() const { return sizes_.front(); }
  int output_size() const { return sizes_.back(); }
  Activation activation() const { return Activation::Sigmoid; }

  // The one parameter buffer; layer l's matrix W_l (sizes[l+1], sizes[l]) is a view into it.
  const std::vector<float>& weights() const { return weights_; }
  std::vector<float>& weights() { return weights_; }
  float* layer_weights(int l) { return weights_.data() + offsets_[l]; }
  const float* layer_weights(int l) const { return weights_.data() + offsets_[l]; }

  // Activations of every layer, input first: result[0] is the input, result.back() the outputs.
  // input is (sizes[0]).
  std::vector<std::vector<float>> query(const float* input) const;
  // Outputs only, into out (sizes.back()); allocation-free after the first call per thread.
  void query_outputs(float* out, const float* input) const;

  // One per-sample step of the book's rule. input is (sizes[0]), target (sizes.back()).
  // Returns the loss ½·Σ(t-o)² of the forward pass it made (before the update).
  float train(const float* input, const float* target, float lr);

  // The book's back-query for a class label: the input picture (sizes[0]) the network
  // associates with that label, values in 0.01..0.99.
  std::vector<float> back_query(int label) const;

  // dL/dW for L = ½·Σ(t - o)², same layout as weights(). Returns L.
  float gradient(std::vector<float>& grad, const float* input, const float* target) const;

 private:
  void compute_offsets();

  std::vector<int> sizes_;
  std::vector<size_t> offsets_;  // start of each W_l in weights_
  std::vector<float> weights_;
  // Scratch for train(): activations and errors of every layer, reused between samples.
  std::vector<std::vector<float>> act_, err_;
};

}  // namespace digitlab
