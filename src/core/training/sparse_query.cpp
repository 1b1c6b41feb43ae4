// SparseQuery: queries by image with the first layer split as in SparseEngine (training/engines.h).
#include <algorithm>

#include "kernels/kernels.h"
#include "network/layer_math.h"
#include "training/engines.h"

namespace digitlab {

SparseQuery::SparseQuery(const Network& net) : net_(net) {
  const int in = net.input_size(), hidden = net.sizes()[1];
  v_.resize(static_cast<size_t>(in) * hidden);
  kernels::transpose(v_.data(), net.layer_weights(0), hidden, in);
  vsum_.assign(hidden, 0.0f);
  for (int i = 0; i < in; ++i)
    for (int j = 0; j < hidden; ++j) vsum_[j] += v_[static_cast<size_t>(i) * hidden + j];
  at_.resize(in);
  val_.resize(in);
  act_.resize(net.sizes().size());
  for (size_t l = 1; l < act_.size(); ++l) act_[l].resize(net.sizes()[l]);
  for (int p = 0; p < 256; ++p) pixel_value_[p] = input_value(static_cast<uint8_t>(p));
}

void SparseQuery::outputs(float* out, const uint8_t* pixels) {
  const std::vector<int>& sizes = net_.sizes();
  const int in = sizes[0], first = sizes[1], last = net_.layer_count() - 1;
  const int nnz = kernels::nonzero_pixels(at_.data(), val_.data(), pixels, pixel_value_, in, first);
  std::vector<float>& h = act_[1];
  kernels::gather_rows(h.data(), v_.data(), at_.data(), val_.data(), nnz, first);
  for (int j = 0; j < first; ++j) h[j] += kInputOffset * vsum_[j];
  if (const float* b = net_.layer_biases(0))
    for (int j = 0; j < first; ++j) h[j] += b[j];
  activate(net_.activation(0), h.data(), first);
  for (int l = 1; l < last; ++l) net_.forward_layer(l, act_[l + 1].data(), act_[l].data());
  std::copy(act_[last].begin(), act_[last].end(), out);
}

}  // namespace digitlab
