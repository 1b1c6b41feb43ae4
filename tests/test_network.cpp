// Network: forward pass by hand, the book's update by hand, backprop against central
// differences, back-query, and initialisation that is seeded and platform-independent.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>

#include "network/network.h"
#include "weights_hash.h"

// The sanitizer build is where the asserts in src/ must fire (CMakeLists.txt undefines NDEBUG).
#if defined(DIGITLAB_SANITIZE_BUILD) && defined(NDEBUG)
#error "the ASan + UBSan build compiles its asserts out: it must not define NDEBUG"
#endif

using namespace digitlab;

namespace {
double sig(double x) {
  return 1.0 / (1.0 + std::exp(-x));
}

}  // namespace

TEST_CASE("forward pass of a 2-2-1 net matches values worked out by hand") {
  // W1 = [[0.5, -0.5], [1.0, 0.25]], W2 = [[1, -1]], input (1, 0.5):
  // hidden x = (0.25, 1.125), o = (0.5621765, 0.7549150); output x = -0.1927385, o = 0.4519640.
  Network net({2, 2, 1}, std::vector<float>{0.5f, -0.5f, 1.0f, 0.25f, 1.0f, -1.0f});
  const float input[2] = {1.0f, 0.5f};
  const auto acts = net.query(input);
  REQUIRE(acts.size() == 3);
  CHECK(acts[0][1] == 0.5f);
  CHECK(acts[1][0] == doctest::Approx(0.5621765008857981).epsilon(1e-6));
  CHECK(acts[1][1] == doctest::Approx(0.7549149868676283).epsilon(1e-6));
  CHECK(acts[2][0] == doctest::Approx(0.45196399048774044).epsilon(1e-6));
  float out = 0;
  net.query_outputs(&out, input);
  CHECK(out == acts[2][0]);
}

TEST_CASE("one training step equals the book's update written out by hand (3-2-2)") {
  const std::vector<float> w0 = {0.9f, 0.3f, 0.4f, 0.2f, 0.8f, 0.2f,  // wih (2x3)
                                 0.3f, 0.7f, 0.6f, 0.5f};             // who (2x2)
  Network net({3, 2, 2}, w0);
  const double in[3] = {0.9, 0.1, 0.8}, t[2] = {0.99, 0.01}, lr = 0.3;
  // The book, scalar by scalar, in double:
  double h[2], o[2], eo[2], eh[2];
  for (int j = 0; j < 2; ++j)
    h[j] = sig(w0[j * 3] * in[0] + w0[j * 3 + 1] * in[1] + w0[j * 3 + 2] * in[2]);
  for (int k = 0; k < 2; ++k) o[k] = sig(w0[6 + k * 2] * h[0] + w0[6 + k * 2 + 1] * h[1]);
  for (int k = 0; k < 2; ++k) eo[k] = t[k] - o[k];
  // hidden_errors = who.T · output_errors (with who before the update)
  for (int j = 0; j < 2; ++j) eh[j] = w0[6 + j] * eo[0] + w0[6 + 2 + j] * eo[1];
  double expected[10];
  for (int k = 0; k < 2; ++k)
    for (int j = 0; j < 2; ++j)
      expected[6 + k * 2 + j] = w0[6 + k * 2 + j] + lr * eo[k] * o[k] * (1 - o[k]) * h[j];
  for (int j = 0; j < 2; ++j)
    for (int i = 0; i < 3; ++i)
      expected[j * 3 + i] = w0[j * 3 + i] + lr * eh[j] * h[j] * (1 - h[j]) * in[i];

  const float inf[3] = {0.9f, 0.1f, 0.8f}, tf[2] = {0.99f, 0.01f};
  const float loss = net.train(inf, tf, 0.3f);
  CHECK(loss == doctest::Approx(0.5 * (eo[0] * eo[0] + eo[1] * eo[1])).epsilon(1e-5));
  for (int i = 0; i < 10; ++i) {
    CAPTURE(i);
    CHECK(net.weights()[i] != w0[i]);  // every weight moved
    CHECK(net.weights()[i] == doctest::Approx(expected[i]).epsilon(1e-6));
  }
}

TEST_CASE("backprop's gradient matches central differences") {
  Architecture arch = book_architecture({5, 4, 3, 2});
  arch.loss = Loss::Mse;  // the book's loss has no true gradient: mse is its loss's
  Network net(arch, 99, Init::Book);
  const float input[5] = {0.2f, 0.9f, 0.01f, 0.5f, 0.7f}, target[2] = {0.99f, 0.01f};
  std::vector<float> grad, grad_bias;
  net.gradient(grad, grad_bias, input, target);
  REQUIRE(grad.size() == net.weights().size());
  double max_abs = 0;
  for (float g : grad) max_abs = std::max(max_abs, std::fabs(static_cast<double>(g)));
  CHECK(max_abs > 1e-3);  // guard: an all-zero gradient would pass the comparison trivially

  std::vector<float> scratch;
  const float eps = 1e-2f;
  for (size_t i = 0; i < net.weights().size(); ++i) {
    const float w = net.weights()[i];
    net.weights()[i] = w + eps;
    const double up = net.gradient(scratch, grad_bias, input, target);
    net.weights()[i] = w - eps;
    const double down = net.gradient(scratch, grad_bias, input, target);
    net.weights()[i] = w;
    const double numeric = (up - down) / (2 * eps);
    CAPTURE(i);
    CHECK(std::fabs(numeric - grad[i]) < 1e-4 + 2e-2 * std::fabs(numeric));
  }
}

TEST_CASE("the book's update of the last layer is exactly a gradient step") {
  Network net({4, 3, 2}, 5);
  const float input[4] = {0.3f, 0.6f, 0.9f, 0.01f}, target[2] = {0.01f, 0.99f};
  Architecture mse = net.architecture();
  mse.loss = Loss::Mse;  // the true gradient, which the book's last layer follows
  std::vector<float> grad, grad_bias;
  Network(mse, net.weights(), {}).gradient(grad, grad_bias, input, target);
  const std::vector<float> before = net.weights();
  net.train(input, target, 0.5f);
  const size_t last = 4 * 3;  // the 2x3 output matrix starts after the 3x4 one
  for (size_t i = last; i < before.size(); ++i)
    CHECK(net.weights()[i] - before[i] == doctest::Approx(-0.5f * grad[i]).epsilon(1e-4));
}

TEST_CASE("initialisation: seeded, σ = 1/sqrt(inputs), and identical on every platform") {
  Network a({784, 200, 10}, 42), b({784, 200, 10}, 42), c({784, 200, 10}, 43);
  CHECK(a.weights() == b.weights());
  CHECK(a.weights() != c.weights());
  // Spread per layer follows the book's 1/sqrt(incoming links).
  for (int l = 0; l < 2; ++l) {
    const int n = a.sizes()[l] * a.sizes()[l + 1];
    double sum2 = 0;
    for (int i = 0; i < n; ++i) sum2 += double(a.layer_weights(l)[i]) * a.layer_weights(l)[i];
    CHECK(std::sqrt(sum2 / n) == doctest::Approx(1.0 / std::sqrt(a.sizes()[l])).epsilon(0.05));
  }
  // The same test binary runs natively and as WebAssembly in Node (tests/run.sh): both must
  // reproduce this hash of the weights' bits, so the two platforms agree bit for bit.
  CHECK(weights_hash(a) == 7023237780917233603ull);
}

TEST_CASE("back_query returns a 28x28 picture in 0.01..0.99 that differs by label") {
  Network net({784, 50, 10}, 3);
  const std::vector<float> three = net.back_query(3), seven = net.back_query(7);
  REQUIRE(three.size() == 784);
  float lo = 1, hi = 0;
  for (float v : three) lo = std::min(lo, v), hi = std::max(hi, v);
  CHECK(lo == doctest::Approx(0.01f));
  CHECK(hi == doctest::Approx(0.99f));
  CHECK(three != seven);
}

TEST_CASE("back_query follows the book's steps, written out by hand (3-2-2)") {
  const std::vector<float> w = {0.9f, 0.3f, 0.4f, 0.2f, 0.8f, 0.2f,  // wih (2x3)
                                0.3f, 0.7f, 0.6f, 0.5f};             // who (2x2)
  const Network net({3, 2, 2}, w);
  auto logit = [](double y) { return std::log(y / (1 - y)); };
  auto rescale = [](double* v, int n) {  // the book: -= min, /= max, *= 0.98, += 0.01
    double lo = v[0], hi = v[0];
    for (int i = 0; i < n; ++i) lo = std::min(lo, v[i]), hi = std::max(hi, v[i]);
    for (int i = 0; i < n; ++i) v[i] = (v[i] - lo) / (hi - lo) * 0.98 + 0.01;
  };
  // Label 1: targets (0.01, 0.99) -> final_inputs = logit(targets)
  const double fi[2] = {logit(0.01), logit(0.99)};
  double ho[2];  // hidden_outputs = who.T · final_inputs
  for (int j = 0; j < 2; ++j) ho[j] = w[6 + j] * fi[0] + w[6 + 2 + j] * fi[1];
  rescale(ho, 2);
  const double hi[2] = {logit(ho[0]), logit(ho[1])};
  double in[3];  // inputs = wih.T · hidden_inputs
  for (int i = 0; i < 3; ++i) in[i] = w[i] * hi[0] + w[3 + i] * hi[1];
  rescale(in, 3);
  const std::vector<float> got = net.back_query(1);
  REQUIRE(got.size() == 3);
  for (int i = 0; i < 3; ++i) CHECK(got[i] == doctest::Approx(in[i]).epsilon(1e-5));
}

TEST_CASE("check_network_shape: the caps on a network's shape, each named in its message") {
  CHECK(check_network_shape({784, 200, 10}).ok());
  // Exactly at each cap: accepted (validated on the sizes only: nothing is allocated).
  CHECK(check_network_shape({1024, kMaxLayerWidth}).ok());  // 2^24 weights
  CHECK(check_network_shape(std::vector<int>(kMaxLayers, 10)).ok());
  // One over: refused, the message naming the size asked for and the cap.
  const Status wide = check_network_shape({784, kMaxLayerWidth + 1, 10});
  REQUIRE_FALSE(wide.ok());
  CHECK(wide.error().find("16385") != std::string::npos);
  CHECK(wide.error().find("16384") != std::string::npos);
  const Status heavy = check_network_shape({1025, kMaxLayerWidth});
  REQUIRE_FALSE(heavy.ok());
  CHECK(heavy.error().find("16793600 weights") != std::string::npos);
  CHECK(heavy.error().find("16777216") != std::string::npos);
  const Status deep = check_network_shape(std::vector<int>(kMaxLayers + 1, 10));
  REQUIRE_FALSE(deep.ok());
  CHECK(deep.error().find("17 layers") != std::string::npos);
  CHECK_FALSE(check_network_shape({784}).ok());
  CHECK_FALSE(check_network_shape({784, 0, 10}).ok());
  CHECK_FALSE(check_network_shape({784, -5, 10}).ok());
  // Widths whose product overflows 32 bits are still counted right (64-bit sums).
  CHECK_FALSE(check_network_shape({kMaxLayerWidth, kMaxLayerWidth}).ok());
}

TEST_CASE("activations_fit: query's result for this network's shape, nothing else") {
  const digitlab::Network net({784, 20, 10}, 1);
  std::vector<float> input(784, 0.5f);
  auto acts = net.query(input.data());
  CHECK(digitlab::activations_fit(net, acts));
  CHECK_FALSE(digitlab::activations_fit(net, {}));
  const digitlab::Network wider({784, 30, 10}, 1);
  CHECK_FALSE(digitlab::activations_fit(wider, acts));  // same layer count, another width
  acts.pop_back();
  CHECK_FALSE(digitlab::activations_fit(net, acts));
}

TEST_CASE("layer_name names the input, the hidden layers and the output") {
  CHECK(digitlab::layer_name(0, 4) == "input");
  CHECK(digitlab::layer_name(1, 4) == "hidden 1");
  CHECK(digitlab::layer_name(2, 4) == "hidden 2");
  CHECK(digitlab::layer_name(3, 4) == "output");
  CHECK(digitlab::layer_name(1, 2) == "output");
  CHECK(digitlab::layer_name(1, 3) == "hidden");  // the book's one hidden layer
}
