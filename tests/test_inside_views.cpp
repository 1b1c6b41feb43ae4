// The computations behind the "see inside" views (src/core/inside): weight tiles and their colour
// scale, the input gradient against central differences and the attribution built on it,
// switching hidden units off against a network with their outgoing weights zeroed, and the class
// pictures (gradient ascent, and the book's back query where it fits).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "inside/ablation.h"
#include "inside/class_picture.h"
#include "inside/colour_map.h"
#include "inside/input_gradient.h"
#include "inside/weight_tiles.h"
#include "network/layer_math.h"
#include "network/network.h"
#include "network_fixtures.h"

using namespace digitlab;
using namespace network_test;

namespace {

std::string name_of(const Architecture& a) {
  return describe(a) + " / " + activation_name(a.hidden);
}

}  // namespace

TEST_CASE("weight tiles: a unit's incoming and outgoing weights, read from a hand-made net") {
  // 4-3-2: W0 (3x4) holds 1..12 row by row, W1 (2x3) holds -1..-6.
  std::vector<float> w;
  for (int i = 1; i <= 12; ++i) w.push_back(float(i));
  for (int i = 1; i <= 6; ++i) w.push_back(-float(i));
  const Network net({4, 3, 2}, w);
  CHECK(incoming_weights(net, 1, 0) == std::vector<float>{1, 2, 3, 4});
  CHECK(incoming_weights(net, 1, 2) == std::vector<float>{9, 10, 11, 12});
  CHECK(incoming_weights(net, 2, 1) == std::vector<float>{-4, -5, -6});
  CHECK(outgoing_weights(net, 1, 0) == std::vector<float>{-1, -4});
  CHECK(outgoing_weights(net, 1, 2) == std::vector<float>{-3, -6});

  // On the book's shape a first-layer tile is the unit's 784 weights, the picture's pixel order.
  const Network book({784, 20, 10}, 3);
  for (int j : {0, 7, 19}) {
    const std::vector<float> tile = incoming_weights(book, 1, j);
    REQUIRE(tile.size() == 784);
    CHECK(std::equal(tile.begin(), tile.end(), book.weights().begin() + j * 784));
  }
}

TEST_CASE("weight_scale: the 99th percentile of |w|, robust to an outlier; colours symmetric") {
  // 100 weights of magnitude 1..100, alternating in sign: sorted |w|[floor(0.99·99)] = 99.
  std::vector<float> w(100);
  for (int i = 0; i < 100; ++i) w[i] = (i % 2 ? -1.0f : 1.0f) * float(i + 1);
  Network net({100, 1}, w);
  CHECK(weight_scale(net, 1) == 99.0f);
  // One huge weight in place of the 50: |w| sorted is 1..49, 51..100, 1e6, so [98] is 100.
  net.weights()[49] = -1e6f;
  const float scale = weight_scale(net, 1);
  CHECK(scale == 100.0f);

  CHECK(weight_colour(scale, scale) == 1.0f);
  CHECK(weight_colour(-scale, scale) == -1.0f);
  CHECK(weight_colour(scale / 2, scale) == 0.5f);
  CHECK(weight_colour(0.0f, scale) == 0.0f);
  CHECK(weight_colour(-1e6f, scale) == -1.0f);  // clamped
  CHECK(weight_colour(3 * scale, scale) == 1.0f);
  for (float v : {0.1f, 7.0f, 42.5f, 99.9f, 250.0f}) {
    CAPTURE(v);
    CHECK(weight_colour(-v, scale) == -weight_colour(v, scale));
    CHECK(weight_colour(v, scale) > 0.0f);
  }

  // The same decision for any signed values (an attribution map).
  CHECK(symmetric_scale(net.weights().data(), 100) == scale);
  const float few[3] = {-2.0f, 0.5f, 1.0f};  // floor(0.99·2) = 1: the middle of 0.5, 1, 2
  CHECK(symmetric_scale(few, 3) == 1.0f);
  // A layer of zeros has scale 1 and draws all neutral.
  std::fill(net.weights().begin(), net.weights().end(), 0.0f);
  CHECK(weight_scale(net, 1) == 1.0f);
  CHECK(weight_colour(net.weights()[0], weight_scale(net, 1)) == 0.0f);
}

TEST_CASE("units_by_activation: the most active first, ties in index order") {
  CHECK(units_by_activation({0.2f, 0.9f, 0.2f, -1.0f, 0.5f}) == std::vector<int>{1, 4, 0, 2, 3});
  CHECK(units_by_activation({}).empty());
  CHECK(units_by_activation({NAN, 0.1f, -2.0f, NAN, 0.3f}) == std::vector<int>{4, 1, 2, 0, 3});
  // On a real layer: a permutation, activations non-increasing along it.
  const Network net({784, 30, 10}, 4);
  const std::vector<float> input = some_input(784, 9);
  const std::vector<float> hidden = net.query(input.data())[1];
  const std::vector<int> order = units_by_activation(hidden);
  std::vector<int> sorted = order;
  std::sort(sorted.begin(), sorted.end());
  for (int i = 0; i < 30; ++i) CHECK(sorted[i] == i);
  for (int i = 1; i < 30; ++i) CHECK(hidden[order[i - 1]] >= hidden[order[i]]);
  CHECK(hidden[order.front()] > hidden[order.back()]);
}

TEST_CASE("class_score: the logit's activation is query's output") {
  for (Loss loss : kLosses) {
    const Network net = random_network(arch_of({6, 5, 4}, Activation::Tanh, loss, true), 2);
    const std::vector<float> x = some_input(6, 1);
    const std::vector<float> o = net.query(x.data()).back();
    std::vector<float> z(4);
    for (int k = 0; k < 4; ++k) {
      z[k] = class_score(net, x.data(), k, ClassScore::Logit);
      CHECK(class_score(net, x.data(), k, ClassScore::Output) == o[k]);
    }
    activate(net.activation(1), z.data(), 4);
    for (int k = 0; k < 4; ++k) CHECK(z[k] == doctest::Approx(o[k]).epsilon(1e-6));
  }
}

TEST_CASE("the input gradient matches central differences, every activation, loss and depth") {
  for (Loss loss : kLosses)
    for (Activation hidden : kHidden)
      for (bool bias : {false, true})
        for (const std::vector<int>& sizes :
             {std::vector<int>{6, 3}, std::vector<int>{6, 12, 3}, std::vector<int>{6, 12, 10, 3}})
          for (ClassScore score : {ClassScore::Logit, ClassScore::Output})
            for (int k : {0, 2}) {
              const Architecture arch = arch_of(sizes, hidden, loss, bias);
              CAPTURE(name_of(arch));
              CAPTURE(bias);
              CAPTURE(score == ClassScore::Logit);
              CAPTURE(k);
              const Network net = random_network(arch, 17);
              std::vector<float> x = some_input(6, 5);
              const std::vector<float> g = input_gradient(net, x.data(), k, score);
              REQUIRE(g.size() == 6);
              double largest = 0;
              for (float v : g) largest = std::max(largest, std::fabs(double(v)));
              CHECK(largest > 3e-3);  // guard: an all-zero gradient would match trivially
              // Small enough that no ReLU here crosses its kink, large for float rounding.
              const float eps = 1e-3f;
              for (int i = 0; i < 6; ++i) {
                const float v = x[i];
                x[i] = v + eps;
                const double up = class_score(net, x.data(), k, score);
                x[i] = v - eps;
                const double down = class_score(net, x.data(), k, score);
                x[i] = v;
                const double numeric = (up - down) / (2 * eps);
                CAPTURE(i);
                CAPTURE(numeric);
                CHECK(std::fabs(numeric - g[i]) <= 1e-4 + 2e-2 * std::fabs(numeric));
              }
            }
}

TEST_CASE("attribution: input times the logit's gradient, different for each class") {
  const Network net = random_network(arch_of({784, 16, 10}, Activation::Relu, Loss::Mse, true), 3);
  const std::vector<float> x = some_input(784, 8);
  const std::vector<float> g = input_gradient(net, x.data(), 4);
  const std::vector<float> map = attribution(net, x.data(), 4);
  REQUIRE(map.size() == 784);
  for (int i = 0; i < 784; ++i) CHECK(map[i] == x[i] * g[i]);
  CHECK(attribution(net, x.data(), 5) != map);

  // Without biases a ReLU network is positively homogeneous, so the attributions add up to the
  // logit itself (Euler): Σ x_i ∂z_k/∂x_i = z_k. Checked on a net through two hidden layers.
  const Network plain =
      random_network(arch_of({784, 16, 8, 10}, Activation::Relu, Loss::Mse, false), 6);
  for (int k : {0, 9}) {
    const std::vector<float> a = attribution(plain, x.data(), k);
    double sum = 0;
    for (float v : a) sum += v;
    const float z = class_score(plain, x.data(), k, ClassScore::Logit);
    CHECK(std::fabs(z) > 1e-2);
    CHECK(sum == doctest::Approx(z).epsilon(1e-4));
  }
}

TEST_CASE("switching a hidden unit off equals zeroing its outgoing weights, in every layer") {
  for (Activation hidden : kHidden)
    for (bool bias : {false, true}) {
      const Architecture arch = arch_of({6, 5, 4, 3}, hidden, Loss::SoftmaxCrossEntropy, bias);
      CAPTURE(name_of(arch));
      CAPTURE(bias);
      const Network net = random_network(arch, 23);
      const std::vector<float> x = some_input(6, 2);
      std::vector<float> plain(3);
      net.query_outputs(plain.data(), x.data());
      CHECK(outputs_without(net, x.data(), {}) == plain);
      int changed = 0;
      for (int layer : {1, 2})
        for (int unit = 0; unit < net.sizes()[layer]; ++unit) {
          CAPTURE(layer);
          CAPTURE(unit);
          Network cut = net;
          float* w = cut.layer_weights(layer);  // W_layer: (sizes[layer+1], sizes[layer])
          for (int k = 0; k < net.sizes()[layer + 1]; ++k) w[k * net.sizes()[layer] + unit] = 0;
          std::vector<float> expected(3);
          cut.query_outputs(expected.data(), x.data());
          const std::vector<float> got = outputs_without(net, x.data(), {{layer, unit}});
          for (int k = 0; k < 3; ++k) CHECK(got[k] == doctest::Approx(expected[k]).epsilon(1e-6));
          changed += got != plain;
        }
      CHECK(changed >= 5);  // guard: switching units off does change the answer
      // Two units at once, one in each layer.
      Network cut = net;
      for (int k = 0; k < 4; ++k) cut.layer_weights(1)[k * 5 + 3] = 0;
      for (int k = 0; k < 3; ++k) cut.layer_weights(2)[k * 4 + 1] = 0;
      std::vector<float> expected(3);
      cut.query_outputs(expected.data(), x.data());
      const std::vector<float> got = outputs_without(net, x.data(), {{1, 3}, {2, 1}});
      for (int k = 0; k < 3; ++k) CHECK(got[k] == doctest::Approx(expected[k]).epsilon(1e-6));
    }
}

TEST_CASE("gradient ascent raises the class's logit, stays in range and repeats exactly") {
  CHECK(kInputMax == [] {
    const uint8_t full = 255;
    float x;
    scale_input(&x, &full, 1);
    return x;
  }());
  for (Loss loss : kLosses)
    for (Activation hidden : kHidden)
      for (bool bias : {false, true}) {
        const Architecture arch = arch_of({36, 12, 8, 4}, hidden, loss, bias);
        CAPTURE(name_of(arch));
        CAPTURE(bias);
        const Network net = random_network(arch, 41);
        for (int k = 0; k < 4; ++k) {
          CAPTURE(k);
          for (const std::vector<float>& start : {blank_input(net), some_input(36, 7)}) {
            const std::vector<float> picture = ascend_class(net, k, start);
            REQUIRE(picture.size() == 36);
            for (float v : picture) CHECK((v >= kInputOffset && v <= kInputMax));
            const float before = class_score(net, start.data(), k, ClassScore::Logit);
            const float after = class_score(net, picture.data(), k, ClassScore::Logit);
            CHECK(after > before);
            CHECK(ascend_class(net, k, start) == picture);  // no randomness
            // More steps never end lower: the climb keeps the best picture it passed.
            const std::vector<float> half = ascend_class(net, k, start, {32, 0.05f});
            CHECK(after >= class_score(net, half.data(), k, ClassScore::Logit));
          }
        }
      }
}

TEST_CASE("gradient ascent on a one-layer net comes to rest at the weights' positive part") {
  // z_k = W_k·x + b_k has the constant gradient W_k, so each pixel settles where the push
  // w_i / max|w| meets the decay's pull back: blank + max(w_i, 0) / max|w| (decay 1).
  const Network net = random_network(arch_of({16, 4}, Activation::Sigmoid, Loss::Mse, true), 9);
  const int k = 1;
  const std::vector<float> w = incoming_weights(net, 1, k);
  float largest = 0;
  for (float v : w) largest = std::max(largest, std::fabs(v));
  const std::vector<float> picture = ascend_class(net, k, blank_input(net));
  int lit = 0;
  for (int i = 0; i < 16; ++i) {
    CAPTURE(i);
    const float rest = kInputOffset + std::max(w[i], 0.0f) / largest;
    CHECK(std::fabs(picture[i] - rest) < 0.04f);  // 64 steps close 1 - 0.95^64 of the way
    lit += picture[i] > 0.2f;
  }
  CHECK((lit > 0 && lit < 16));
}

TEST_CASE("class_picture: the book's back query where it fits, gradient ascent elsewhere") {
  const Network book({784, 20, 10}, 12);
  CHECK(fits_back_query(book.architecture()));
  for (int k : {0, 3, 9}) CHECK(class_picture(book, k) == book.back_query(k));

  Architecture mse = book.architecture();
  mse.loss = Loss::Mse;  // still sigmoid throughout, no biases: the back query fits
  CHECK(fits_back_query(mse));
  for (Architecture other :
       {arch_of({784, 20, 10}, Activation::Relu, Loss::Mse, false),
        arch_of({784, 20, 10}, Activation::Sigmoid, Loss::SoftmaxCrossEntropy, false),
        arch_of({784, 20, 10}, Activation::Sigmoid, Loss::Book, true)}) {
    CAPTURE(name_of(other));
    CHECK_FALSE(fits_back_query(other));
    const Network net = random_network(other, 5);
    const std::vector<float> picture = class_picture(net, 2);
    CHECK(picture == ascend_class(net, 2, blank_input(net)));
    CHECK(picture != blank_input(net));
    CHECK(class_picture(net, 7) != picture);
  }
}

TEST_CASE("colours: white at 0, blue and red at the ends, clamped; input values back to pixels") {
  CHECK(diverging_rgb(0.0f) == Rgb{255, 255, 255});
  const Rgb blue = diverging_rgb(-1.0f), red = diverging_rgb(1.0f);
  CHECK((blue.b > blue.r && blue.b > 150));
  CHECK((red.r > red.b && red.r > 150));
  CHECK(diverging_rgb(-5.0f) == blue);
  CHECK(diverging_rgb(5.0f) == red);
  // Further from 0, further from white: each channel moves one way along each half.
  for (float v = 0.1f; v <= 1.0f; v += 0.1f) {
    const Rgb a = diverging_rgb(v - 0.1f), b = diverging_rgb(v);
    CHECK((b.g <= a.g && b.b <= a.b));
    const Rgb c = diverging_rgb(-(v - 0.1f)), d = diverging_rgb(-v);
    CHECK((d.r <= c.r && d.g <= c.g));
  }
  for (int p = 0; p < 256; ++p) {
    const uint8_t pixel = static_cast<uint8_t>(p);
    float x;
    scale_input(&x, &pixel, 1);
    CHECK(input_pixel(x) == p);
  }
  CHECK(input_pixel(-3.0f) == 0);
  CHECK(input_pixel(7.0f) == 255);
}
