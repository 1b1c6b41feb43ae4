// Network: a fully connected network, a list of dense layers each followed by an activation,
// float32, all weights in one owned buffer and the optional biases in another. The default is
// Rashid's ("Make Your Own Neural Network", 2016): sigmoid everywhere, no biases, the book's
// per-sample rule; the math of the other choices is in layer_math.h.
//
//   query:      X = W·I (+ b), O = f(X), layer by layer
//   train:      one per-sample step of the architecture's loss at a plain learning rate; for the
//               book: e_o = t - o, e_prev = Wᵀ·e (pre-update W), ΔW = lr · (e ⊙ o ⊙ (1-o)) ·
//               o_prevᵀ
//   back_query: the book's backwards run: logit of the targets, multiply by Wᵀ, rescale each
//               layer to 0.01..0.99, down to a 28x28 picture (sigmoid networks only)
//   gradient:   the direction a step moves against: the true gradient for mse and softmax-CE;
//               for the book's loss, minus the book's update (which is not a true gradient)
//
// This is the plain dense reference; the fast engines (training/engines.h) are tested against it.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "network/layer_math.h"
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

// How the first weights are drawn: normal, mean 0, with σ = 1/√fan_in (the book), √(2/fan_in)
// (He, for ReLU) or √(2/(fan_in + fan_out)) (Glorot). Biases start at 0. Stored in model files.
enum class Init : uint32_t { Book = 1, He = 2, Glorot = 3 };
const char* init_name(Init i);  // "book", "he", "glorot"
bool is_known(Init i);

// What a network is, apart from its weights.
struct Architecture {
  std::vector<int> sizes = {784, 200, 10};  // nodes per layer, input first
  Activation hidden = Activation::Sigmoid;  // every hidden layer's activation
  Loss loss = Loss::Book;                   // fixes the output's activation and the targets
  bool bias = false;                        // a bias per node after the input (the book: none)

  int weight_layers() const { return static_cast<int>(sizes.size()) - 1; }
  // Weight layer l's activation (l = 0 maps the input to the first hidden layer).
  Activation activation(int l) const {
    return l + 1 == weight_layers() ? output_activation(loss) : hidden;
  }
  // The book's network: sigmoid, no biases, the book's loss.
  bool is_book() const {
    return effective_hidden() == Activation::Sigmoid && loss == Loss::Book && !bias;
  }
  // hidden, or the book's sigmoid when there is no hidden layer for it to act on: a 784-10
  // network is the same whatever `hidden` says (and model files do not store it).
  Activation effective_hidden() const { return weight_layers() > 1 ? hidden : Activation::Sigmoid; }
  bool operator==(const Architecture& o) const {
    return sizes == o.sizes && effective_hidden() == o.effective_hidden() && loss == o.loss &&
           bias == o.bias;
  }
  bool operator!=(const Architecture& o) const { return !(*this == o); }
};

// The book's architecture with these sizes.
Architecture book_architecture(std::vector<int> sizes);
// check_network_shape, and known activation and loss (softmax only as softmax-CE's output).
Status check_architecture(const Architecture& arch);
// "784-200-10", with ", relu, softmax-ce, biases" after it for anything that is not the book's.
std::string describe(const Architecture& arch);

// A layer's name for a user, layer counted as query() counts them in a network of
// layer_count layers: "input", "hidden 1", ..., "output" ("hidden" when it is the only one).
std::string layer_name(int layer, int layer_count);

class Network {
 public:
  Network() = default;
  // The book's network; weights drawn from a normal with σ = 1/√(incoming links).
  // check_network_shape(sizes) must hold (asserted).
  Network(std::vector<int> sizes, uint64_t seed);
  // Any architecture (check_architecture must hold), weights drawn as init says, biases 0.
  Network(Architecture arch, uint64_t seed, Init init);
  // Adopt existing weights (a model file); weights.size() must equal param_count(sizes), and
  // biases.size() bias_count(sizes) with arch.bias, else 0.
  Network(std::vector<int> sizes, std::vector<float> weights);
  Network(Architecture arch, std::vector<float> weights, std::vector<float> biases);

  static size_t param_count(const std::vector<int>& sizes);  // weights, biases not counted
  static size_t bias_count(const std::vector<int>& sizes);   // nodes after the input

  const Architecture& architecture() const { return arch_; }
  const std::vector<int>& sizes() const { return arch_.sizes; }
  int layer_count() const { return static_cast<int>(arch_.sizes.size()); }
  int input_size() const { return arch_.sizes.front(); }
  int output_size() const { return arch_.sizes.back(); }
  Activation activation(int l) const { return arch_.activation(l); }
  bool has_bias() const { return arch_.bias; }

  // The one parameter buffer; layer l's matrix W_l (sizes[l+1], sizes[l]) is a view into it.
  const std::vector<float>& weights() const { return weights_; }
  std::vector<float>& weights() { return weights_; }
  float* layer_weights(int l) { return weights_.data() + offsets_[l]; }
  const float* layer_weights(int l) const { return weights_.data() + offsets_[l]; }
  // The biases, layer 1's first: empty without biases. layer_biases(l) is (sizes[l+1]) or null.
  const std::vector<float>& biases() const { return biases_; }
  std::vector<float>& biases() { return biases_; }
  float* layer_biases(int l) { return arch_.bias ? biases_.data() + bias_offsets_[l] : nullptr; }
  const float* layer_biases(int l) const {
    return arch_.bias ? biases_.data() + bias_offsets_[l] : nullptr;
  }

  // Activations of every layer, input first: result[0] is the input, result.back() the outputs.
  // input is (sizes[0]).
  std::vector<std::vector<float>> query(const float* input) const;
  // z = W_l·in (+ b_l), then layer l's activation, into out (sizes[l+1]); in is (sizes[l]).
  void forward_layer(int l, float* out, const float* in) const;
  // Outputs only, into out (sizes.back()); allocation-free after the first call per thread.
  void query_outputs(float* out, const float* input) const;

  // One per-sample step of plain gradient descent on the architecture's loss (for the book's
  // loss, the book's rule). input is (sizes[0]), target (sizes.back(), make_target with the
  // loss). Returns the loss of the forward pass it made (before the update).
  float train(const float* input, const float* target, float lr);

  // The book's back-query for a class label: the input picture (sizes[0]) the network
  // associates with that label, values in 0.01..0.99.
  std::vector<float> back_query(int label) const;

  // dL/dW into grad (same layout as weights()) and dL/db into grad_bias (as biases(); left
  // empty without biases), for the architecture's loss; for the book's loss minus the book's
  // update at learning rate 1. Returns L.
  float gradient(std::vector<float>& grad, std::vector<float>& grad_bias, const float* input,
                 const float* target) const;

 private:
  void compute_offsets();

  Architecture arch_;
  std::vector<size_t> offsets_;       // start of each W_l in weights_
  std::vector<size_t> bias_offsets_;  // start of each b_l in biases_
  std::vector<float> weights_, biases_;
  // Scratch for train(): activations and errors of every layer, reused between samples.
  std::vector<std::vector<float>> act_, err_;
};

// Whether activations (query()'s result) have exactly net's layer sizes: what a view checks
// before it reads them beside that network's weights.
bool activations_fit(const Network& net, const std::vector<std::vector<float>>& activations);

}  // namespace digitlab
