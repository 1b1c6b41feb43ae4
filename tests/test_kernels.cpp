// Fast paths against their references (STYLE 4): each kernel of kernels.h / kernels_gemm.h
// against its naive twin on odd shapes, and the fast engines of training/engines.h against the
// plain per-sample trainer (Network::train) and the book's update written out. Tolerances allow for
// float reassociation only: a sum of n products may differ by about n·2⁻²⁴ of Σ|products|.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "kernels/kernels.h"
#include "kernels/kernels_gemm.h"
#include "network/layer_math.h"
#include "network/rng.h"
#include "run_config.h"
#include "training/engines.h"
#include "training/trainer.h"
#include "weights_hash.h"

using namespace digitlab;

namespace {

std::vector<float> random_floats(size_t n, Rng& rng, double scale = 1.0) {
  std::vector<float> v(n);
  for (float& x : v) x = static_cast<float>((rng.uniform() * 2.0 - 1.0) * scale);
  return v;
}

// |a - b| within reassociation error of a sum of `terms` products whose magnitudes add to mag.
bool close(float a, float b, int terms, double mag) {
  return std::fabs(double(a) - b) <= 2.0 * (terms + 1) * 0x1.0p-24 * mag + 1e-30;
}

// n images of rows x cols: each pixel is background (0) with probability `background`, else
// 1..255; image 0 is all background and image 1 all ink, the two extremes.
Dataset random_images(size_t n, int rows, int cols, double background, uint64_t seed) {
  Rng rng(seed);
  Dataset d;
  d.rows = rows;
  d.cols = cols;
  for (size_t i = 0; i < n; ++i) {
    for (int p = 0; p < rows * cols; ++p) {
      uint8_t v = rng.uniform() < background ? 0 : static_cast<uint8_t>(1 + rng.below(255));
      if (i == 0) v = 0;
      if (i == 1) v = 255;
      d.pixels.push_back(v);
    }
    d.labels.push_back(static_cast<uint8_t>(rng.below(kClasses)));
  }
  return d;
}

float max_abs_diff(const std::vector<float>& a, const std::vector<float>& b) {
  REQUIRE(a.size() == b.size());
  float worst = 0.0f;
  for (size_t i = 0; i < a.size(); ++i) worst = std::max(worst, std::fabs(a[i] - b[i]));
  return worst;
}

const int kOddSizes[] = {1, 3, 15, 16, 17, 33, 64, 65, 200};

// Runs body once on every vector level this build and CPU have (4-float vectors always; 8 and
// 16 with AVX2 and AVX-512), then goes back to the preferred one, even if a check threw.
template <typename Body>
void for_each_vector_level(Body body) {
  struct BackToPreferred {
    ~BackToPreferred() { kernels::use_vector_level(kernels::preferred_vector_level()); }
  } back;
  int levels = 0;
  for (kernels::VectorLevel level : kernels::kVectorLevels) {
    if (!kernels::vector_level_available(level)) {
      MESSAGE("vector level not on this CPU or build, not tested: ",
              kernels::vector_level_name(level));
      continue;
    }
    REQUIRE(kernels::use_vector_level(level));
    CAPTURE(kernels::vector_level_name(level));
    const int floats = kernels::vector_floats();
    CHECK(floats == (level == kernels::VectorLevel::Floats4 ? 4
                     : level == kernels::VectorLevel::Avx2  ? 8
                                                            : 16));
    body();
    ++levels;
  }
  CHECK(levels >= 1);
}

}  // namespace

// A level the build or the CPU cannot run is refused, by value and by name, and the kernels stay
// on the level they were on (in WebAssembly: AVX2 and AVX-512; natively, those this CPU lacks).
TEST_CASE("use_vector_level refuses a level this build or CPU cannot run") {
  const kernels::VectorLevel before = kernels::vector_level();
  for (kernels::VectorLevel level : kernels::kVectorLevels) {
    CAPTURE(kernels::vector_level_name(level));
    kernels::VectorLevel named;
    const bool by_name = kernels::vector_level_named(kernels::vector_level_name(level), &named);
    CHECK(by_name == kernels::vector_level_available(level));
    if (by_name) CHECK(named == level);
    if (kernels::vector_level_available(level)) continue;
    CHECK_FALSE(kernels::use_vector_level(level));
    CHECK(kernels::vector_level() == before);
  }
  kernels::VectorLevel unused;
  CHECK_FALSE(kernels::vector_level_named("avx9", &unused));
  CHECK(kernels::vector_level_available(kernels::preferred_vector_level()));
  CHECK(kernels::vector_level() == kernels::preferred_vector_level());
}

TEST_CASE("matvec, matvec_t and add_outer match their naive twins on odd shapes") {
  for_each_vector_level([] {
    Rng rng(11);
    for (int rows : kOddSizes)
      for (int cols : {1, 7, 16, 31, 100, 784}) {
        CAPTURE(rows);
        CAPTURE(cols);
        const std::vector<float> w = random_floats(size_t(rows) * cols, rng);
        const std::vector<float> x = random_floats(cols, rng), e = random_floats(rows, rng);
        std::vector<float> fast(rows), naive(rows);
        kernels::matvec(fast.data(), w.data(), x.data(), rows, cols);
        kernels::matvec_naive(naive.data(), w.data(), x.data(), rows, cols);
        for (int r = 0; r < rows; ++r) {
          double mag = 0;
          for (int c = 0; c < cols; ++c) mag += std::fabs(double(w[size_t(r) * cols + c]) * x[c]);
          CHECK(close(fast[r], naive[r], cols, mag));
        }
        std::vector<float> fast_t(cols), naive_t(cols);
        kernels::matvec_t(fast_t.data(), w.data(), e.data(), rows, cols);
        kernels::matvec_t_naive(naive_t.data(), w.data(), e.data(), rows, cols);
        for (int c = 0; c < cols; ++c) CHECK(close(fast_t[c], naive_t[c], rows, rows));
        std::vector<float> wf = w, wn = w;
        kernels::add_outer(wf.data(), e.data(), x.data(), rows, cols);
        kernels::add_outer_naive(wn.data(), e.data(), x.data(), rows, cols);
        CHECK(max_abs_diff(wf, wn) <= 1e-6f);  // element by element: one rounding each, or none
        std::vector<float> tf(w.size()), tn(w.size());
        kernels::transpose(tf.data(), w.data(), rows, cols);
        kernels::transpose_naive(tn.data(), w.data(), rows, cols);
        CHECK(tf == tn);
        CHECK(tf[size_t(cols - 1) * rows] == w[size_t(cols - 1)]);  // (cols-1, 0) = w(0, cols-1)
      }
  });
}

namespace {

// Distance in units in the last place between two positive finite floats.
int64_t ulps_apart(float a, float b) {
  int32_t ia, ib;
  std::memcpy(&ia, &a, 4);
  std::memcpy(&ib, &b, 4);
  return std::llabs(int64_t{ia} - int64_t{ib});
}

}  // namespace

TEST_CASE("exp_approx is within 2 ulp of e^x over its whole range") {
  int64_t worst = 0;
  float worst_x = 0;
  for (float x = -87.0f; x <= 88.0f; x += 0.000731f) {  // ~240,000 points, no grid alignment
    const float approx = kernels::exp_approx<float, uint32_t>(x);
    const float exact = static_cast<float>(std::exp(static_cast<double>(x)));
    const int64_t d = ulps_apart(approx, exact);
    if (d > worst) worst = d, worst_x = x;
  }
  MESSAGE("worst: " << worst << " ulp at x = " << worst_x);
  CHECK(worst <= 2);
  CHECK(kernels::exp_approx<float, uint32_t>(0.0f) == 1.0f);
  // Clamped outside [-87, 88]; NaN passes through.
  CHECK(kernels::exp_approx<float, uint32_t>(-1000.0f) ==
        kernels::exp_approx<float, uint32_t>(-87.0f));
  CHECK(kernels::exp_approx<float, uint32_t>(1000.0f) ==
        kernels::exp_approx<float, uint32_t>(88.0f));
  CHECK(std::isnan(kernels::exp_approx<float, uint32_t>(std::nanf(""))));
  CHECK(kernels::sigmoid(-1000.0f) >= 0.0f);
  CHECK(kernels::sigmoid(-1000.0f) < 1e-37f);
  CHECK(kernels::sigmoid(1000.0f) == 1.0f);
  CHECK(std::isnan(kernels::sigmoid(std::nanf(""))));
}

// On every vector level, with the sizes whose last elements take the padded vector.
TEST_CASE("sigmoid_all gives sigmoid's bits, element by element") {
  for_each_vector_level([] {
    Rng rng(14);
    for (int n : {0, 1, 3, 4, 5, 8, 13, 15, 17, 200}) {
      CAPTURE(n);
      std::vector<float> x = random_floats(n, rng, 30.0);
      if (n > 2) x[1] = std::nanf(""), x[2] = -200.0f;
      std::vector<float> y = x;
      kernels::sigmoid_all(y.data(), n);
      for (int i = 0; i < n; ++i) {
        CAPTURE(x[i]);
        const float expected = kernels::sigmoid(x[i]);
        if (std::isnan(expected))
          CHECK(std::isnan(y[i]));
        else
          CHECK(std::memcmp(&y[i], &expected, 4) == 0);
      }
    }
  });
}

TEST_CASE("matvec_t_add_outer equals matvec_t then add_outer, bit for bit") {
  for_each_vector_level([] {
    Rng rng(15);
    for (int rows : {1, 3, 10})
      for (int cols : {1, 7, 19, 20, 21, 40, 41, 100, 200, 203}) {
        CAPTURE(rows);
        CAPTURE(cols);
        const std::vector<float> w = random_floats(size_t(rows) * cols, rng);
        const std::vector<float> e = random_floats(rows, rng), d = random_floats(rows, rng);
        const std::vector<float> x = random_floats(cols, rng);
        std::vector<float> wf = w, wn = w, out_f(cols, -1.0f), out_n(cols, -2.0f);
        kernels::matvec_t_add_outer(out_f.data(), wf.data(), e.data(), d.data(), x.data(), rows,
                                    cols);
        kernels::matvec_t_add_outer_naive(out_n.data(), wn.data(), e.data(), d.data(), x.data(),
                                          rows, cols);
        CHECK(out_f == out_n);
        CHECK(wf == wn);
        CHECK(wf != w);
      }
  });
}

TEST_CASE("nonzero_pixels matches its naive twin") {
  float table[256];
  for (int p = 0; p < 256; ++p) table[p] = input_value(static_cast<uint8_t>(p));
  for (int n : {1, 7, 8, 9, 35, 784})
    for (double background : {0.0, 0.5, 0.81, 0.99, 1.0}) {
      CAPTURE(n);
      CAPTURE(background);
      const Dataset d = random_images(3, 1, n, background, 14);
      const int stride = 3;  // row offsets: position x stride
      std::vector<int> fi(n, -1), ni(n, -2);
      std::vector<float> fv(n, -1.0f), nv(n, -2.0f);
      const int fast = kernels::nonzero_pixels(fi.data(), fv.data(), d.image(2), table, n, stride);
      const int naive =
          kernels::nonzero_pixels_naive(ni.data(), nv.data(), d.image(2), table, n, stride);
      REQUIRE(fast == naive);
      for (int k = 0; k < fast; ++k) {
        CHECK(fi[k] == ni[k]);
        CHECK(fi[k] % stride == 0);
        CHECK(d.image(2)[fi[k] / stride] != 0);
        CHECK(fv[k] == nv[k]);
      }
    }
}

TEST_CASE("gather_rows and scatter_rows match their naive twins") {
  for_each_vector_level([] {
    Rng rng(12);
    const int rows = 50;
    for (int n : {1, 5, 15, 16, 17, 31, 39, 40, 41, 48, 64, 65, 79, 80, 100, 127, 160, 200, 208})
      for (int nnz : {0, 1, 2, 3, 4, 5, 7, 8, 25, 50}) {  // around the 2 or 4 rows a step
        CAPTURE(n);
        CAPTURE(nnz);
        std::vector<int> idx;  // nnz distinct rows' offsets, ascending, as the trainer makes them
        for (int r = 0; r < rows && int(idx.size()) < nnz; ++r)
          if (rows - r <= nnz - int(idx.size()) || rng.uniform() < 0.5) idx.push_back(r * n);
        REQUIRE(int(idx.size()) == nnz);
        const std::vector<float> val = random_floats(nnz, rng), d = random_floats(n, rng);
        const std::vector<float> v = random_floats(size_t(rows) * n, rng);
        std::vector<float> fast(n, -1.0f), naive(n, -2.0f);
        kernels::gather_rows(fast.data(), v.data(), idx.data(), val.data(), nnz, n);
        kernels::gather_rows_naive(naive.data(), v.data(), idx.data(), val.data(), nnz, n);
        CHECK(fast == naive);  // the same additions in the same order: the same bits
        std::vector<float> vf = v, vn = v;
        kernels::scatter_rows(vf.data(), idx.data(), val.data(), nnz, d.data(), n);
        kernels::scatter_rows_naive(vn.data(), idx.data(), val.data(), nnz, d.data(), n);
        CHECK(max_abs_diff(vf, vn) <= 1e-6f);
        if (nnz > 0) CHECK(vf != v);
      }
  });
}

TEST_CASE("scatter_gather_rows equals scatter_rows then gather_rows, bit for bit, both ways") {
  for_each_vector_level([] {
    Rng rng(13);
    const int rows = 60;
    auto distinct_rows = [&](int nnz, int n) {  // offsets, ascending, as the trainer makes them
      std::vector<int> idx;
      for (int r = 0; r < rows && int(idx.size()) < nnz; ++r)
        if (rows - r <= nnz - int(idx.size()) || rng.uniform() < 0.5) idx.push_back(r * n);
      return idx;
    };
    for (int n : {1, 7, 16, 19, 20, 21, 39, 40, 41, 64, 79, 80, 100, 160, 200, 203})
      for (int nnz : {0, 1, 2, 4, 8, 9, 11, 30}) {
        CAPTURE(n);
        CAPTURE(nnz);
        const std::vector<int> s_idx = distinct_rows(nnz, n), g_idx = distinct_rows(nnz / 2 + 3, n);
        const std::vector<float> s_val = random_floats(nnz, rng), d = random_floats(n, rng);
        const std::vector<float> g_val = random_floats(g_idx.size(), rng);
        const std::vector<float> v = random_floats(size_t(rows) * n, rng);
        std::vector<float> vn = v, out_n(n, -1.0f);
        kernels::scatter_gather_rows_naive(vn.data(), s_idx.data(), s_val.data(), nnz, d.data(),
                                           out_n.data(), g_idx.data(), g_val.data(),
                                           int(g_idx.size()), n);
        for (bool reverse : {false, true}) {
          CAPTURE(reverse);
          std::vector<float> vf = v, out_f(n, -2.0f);
          kernels::scatter_gather_rows(vf.data(), s_idx.data(), s_val.data(), nnz, d.data(),
                                       out_f.data(), g_idx.data(), g_val.data(), int(g_idx.size()),
                                       n, reverse);
          CHECK(vf == vn);
          CHECK(out_f == out_n);
        }
        if (nnz > 0) CHECK(vn != v);
      }
  });
}

TEST_CASE("gemm matches gemm_naive for every transposition, odd shapes, k beyond a block") {
  for_each_vector_level([] {
    Rng rng(13);
    struct Shape {
      int m, n, k;
    };
    // k = 300 and 600 cross the 256-deep packing blocks; n = 530 crosses the 512-wide one.
    const Shape shapes[] = {{1, 1, 1},    {4, 16, 8},   {5, 17, 3},   {3, 33, 300}, {32, 10, 200},
                            {13, 530, 7}, {9, 20, 600}, {1, 784, 32}, {7, 3, 0}};
    for (const Shape& s : shapes)
      for (int mode = 0; mode < 8; ++mode) {
        const bool ta = mode & 1, tb = mode & 2, acc = mode & 4;
        CAPTURE(s.m);
        CAPTURE(s.n);
        CAPTURE(s.k);
        CAPTURE(mode);
        const std::vector<float> a = random_floats(size_t(s.m) * s.k, rng);
        const std::vector<float> b = random_floats(size_t(s.k) * s.n, rng);
        const std::vector<float> c0 = random_floats(size_t(s.m) * s.n, rng);
        std::vector<float> fast = c0, naive = c0;
        kernels::gemm(fast.data(), a.data(), b.data(), s.m, s.n, s.k, ta, tb, acc);
        kernels::gemm_naive(naive.data(), a.data(), b.data(), s.m, s.n, s.k, ta, tb, acc);
        for (size_t i = 0; i < fast.size(); ++i) CHECK(close(fast[i], naive[i], s.k + 1, s.k + 1));
        if (s.k == 0 && !acc) CHECK(fast == std::vector<float>(fast.size(), 0.0f));
      }
  });
}

// The claim of kernels.h's vector levels, for the two kernels no pinned hash below covers alone:
// each level's result is the first level's (4 floats, where the build has it), bit for bit.
TEST_CASE("matvec and gemm give the same bits on every vector level") {
  Rng rng(16);
  const int rows = 13, cols = 203;  // blocks of 4 and 8 rows and then single ones; a tail of 3
  const std::vector<float> w = random_floats(size_t(rows) * cols, rng);
  const std::vector<float> x = random_floats(cols, rng);
  const std::vector<float> a = random_floats(size_t(rows) * 300, rng);
  const std::vector<float> b = random_floats(size_t(300) * 37, rng);
  std::vector<float> first_matvec, first_gemm;
  for_each_vector_level([&] {
    std::vector<float> out(rows), c(size_t(rows) * 37);
    kernels::matvec(out.data(), w.data(), x.data(), rows, cols);
    kernels::gemm(c.data(), a.data(), b.data(), rows, 37, 300, false, false, false);
    if (first_matvec.empty()) first_matvec = out, first_gemm = c;
    CHECK(std::memcmp(out.data(), first_matvec.data(), out.size() * sizeof(float)) == 0);
    CHECK(std::memcmp(c.data(), first_gemm.data(), c.size() * sizeof(float)) == 0);
  });
}

TEST_CASE("the sparse input split reproduces scale_input for every pixel value") {
  CHECK(input_value(0) == 0.0f);  // background is exactly zero: skipping it is exact
  for (int p = 0; p < 256; ++p) {
    const uint8_t pixel = static_cast<uint8_t>(p);
    float x;
    scale_input(&x, &pixel, 1);
    CAPTURE(p);
    CHECK(input_value(pixel) + kInputOffset == x);
  }
}

TEST_CASE("SparseQuery answers as Network::query_outputs does") {
  struct Case {
    std::vector<int> sizes;
    int rows, cols;
    double background;
  };
  const Case cases[] = {
      {{784, 200, 10}, 28, 28, 0.81}, {{784, 33, 10}, 28, 28, 0.05}, {{35, 17, 9, 10}, 5, 7, 0.5}};
  for (const Case& c : cases) {
    const Network net(c.sizes, 17);
    const Dataset data = random_images(20, c.rows, c.cols, c.background, 23);
    SparseQuery query(net);
    std::vector<float> input(data.pixels_per_image()), fast(kClasses), plain(kClasses);
    for (size_t s = 0; s < data.size(); ++s) {
      scale_input(input.data(), data.image(s), input.size());
      net.query_outputs(plain.data(), input.data());
      query.outputs(fast.data(), data.image(s));
      CHECK(max_abs_diff(fast, plain) < 1e-5f);
    }
  }
}

TEST_CASE("SparseEngine: load then publish gives back the weights bit for bit") {
  Network net({35, 19, 4, 10}, 7);
  const std::vector<float> before = net.weights();
  SparseEngine sgd(net, 0.1f);
  CHECK(!sgd.in_sync(net));
  sgd.load(net);
  REQUIRE(sgd.publish(net));
  CHECK(net.weights() == before);
  CHECK(sgd.in_sync(net));
  net.weights()[3] += 1.0f;
  CHECK(!sgd.in_sync(net));
}

// The fast per-sample engine against Network::train, through the Trainer: shapes with odd
// hidden sizes and more than one hidden layer, inputs mostly background and mostly ink, and
// enough samples to cross the rebasing of u into V (SparseEngine::kRebaseEvery).
TEST_CASE("the sparse per-sample trainer matches the plain reference") {
  struct Case {
    std::vector<int> sizes;
    int rows, cols;
    double background;
  };
  const Case cases[] = {
      {{784, 37, 10}, 28, 28, 0.81},  // MNIST-like
      {{784, 16, 10}, 28, 28, 0.05},  // mostly ink
      {{35, 17, 9, 10}, 5, 7, 0.5},   // two hidden layers, not 28x28
      {{64, 3, 10}, 8, 8, 0.97},      // almost empty images
  };
  for (const Case& c : cases) {
    CAPTURE(c.sizes[1]);
    CAPTURE(c.background);
    const Dataset data = random_images(300, c.rows, c.cols, c.background, 21);
    Network fast(c.sizes, 4), reference(c.sizes, 4);
    TrainingConfig config = digitlab_test::run_config(0.1f, 4, true, 5);  // 1,200 samples, shuffled
    Trainer tf(fast, data, config);
    Trainer tr(reference, data, config, EngineChoice::Reference);
    while (!tf.stats().finished) tf.step(97);
    while (!tr.stats().finished) tr.step(97);
    REQUIRE(tf.stats().error.empty());
    CHECK(tf.stats().samples_seen == 1200);
    CHECK(tf.stats().epoch_loss_sum == doctest::Approx(tr.stats().epoch_loss_sum).epsilon(1e-4));
    // Weights are ~0.1-1; after 1,200 steps of reassociated sums they differ by ~2e-6 at most.
    const float diff = max_abs_diff(fast.weights(), reference.weights());
    MESSAGE("largest weight difference " << diff);
    CHECK(diff < 2e-5f);
    CHECK(fast.weights() != Network(c.sizes, 4).weights());
  }
}

TEST_CASE("training in slices equals one go, across a rebase, in every engine") {
  const Dataset data = random_images(50, 28, 28, 0.8, 3);
  for (int engine = 0; engine < 3; ++engine) {
    CAPTURE(engine);
    TrainingConfig config =
        digitlab_test::run_config(0.2f, 24);  // 1,200 samples: crosses sample 1,024
    const EngineChoice choice = engine == 1 ? EngineChoice::Reference : EngineChoice::Fast;
    if (engine == 2) config.batch_size = 4;
    Network a({784, 20, 10}, 1), b({784, 20, 10}, 1);
    Trainer ta(a, data, config, choice), tb(b, data, config, choice);
    while (!ta.stats().finished) ta.step(5000);
    while (!tb.stats().finished) tb.step(7);
    CHECK(tb.stats().samples_seen == 1200);
    CHECK(a.weights() == b.weights());
  }
}

TEST_CASE("the fast trainer starts again from weights changed between its steps") {
  const Dataset data = random_images(40, 28, 28, 0.8, 4);
  Network fast({784, 12, 10}, 2), reference({784, 12, 10}, 2);
  TrainingConfig config = digitlab_test::run_config(0.1f, 1);
  Trainer tf(fast, data, config);
  Trainer tr(reference, data, config, EngineChoice::Reference);
  tf.step(20);
  tr.step(20);
  fast.weights()[100] = reference.weights()[100] = 0.5f;  // e.g. a user's edit
  tf.step(20);
  tr.step(20);
  CHECK(max_abs_diff(fast.weights(), reference.weights()) < 1e-5f);
  CHECK(fast.weights()[100] != 0.5f);  // trained on from the edit, not from its own copy
}

// The mean of the per-sample book updates, each taken from the batch's starting weights by
// Network::train on a copy: what training/engines.h promises for batch_size > 1.
TEST_CASE("a mini-batch update is the mean of the batch's per-sample book updates") {
  const Dataset data = random_images(5, 28, 28, 0.8, 6);
  const Network start({784, 21, 10}, 3);
  std::vector<double> expected(start.weights().begin(), start.weights().end());
  std::vector<float> input(kImagePixels), target(kClasses);
  for (size_t s = 0; s < data.size(); ++s) {
    Network one = start;
    scale_input(input.data(), data.image(s), input.size());
    make_target(target.data(), data.labels[s], kClasses);
    one.train(input.data(), target.data(), 0.3f);
    for (size_t i = 0; i < expected.size(); ++i)
      expected[i] += (double(one.weights()[i]) - start.weights()[i]) / double(data.size());
  }
  for (EngineChoice kernels : {EngineChoice::Fast, EngineChoice::Reference}) {
    Network net = start;
    Trainer t(net, data, digitlab_test::run_config(0.3f, 1, false, 1, 5), kernels);
    CHECK(t.step(1) == 5);  // a step is at least one whole batch
    double worst = 0;
    for (size_t i = 0; i < expected.size(); ++i)
      worst = std::max(worst, std::fabs(net.weights()[i] - expected[i]));
    CHECK(worst < 1e-6);
  }
}

TEST_CASE("mini-batch steps take whole batches; the last one of an epoch may be smaller") {
  const Dataset data = random_images(10, 28, 28, 0.8, 8);
  Network net({784, 8, 10}, 1);
  Trainer t(net, data, digitlab_test::run_config(0.1f, 2, false, 1, 4));
  CHECK(t.step(9) == 8);  // rounded down to whole batches
  CHECK(t.step(9) == 2);  // the epoch's remainder
  CHECK(t.epoch_just_ended());
  CHECK(t.step(1) == 4);  // at least one batch
  CHECK(t.stats().samples_seen == 14);
}

TEST_CASE("a diverging learning rate restores the network in every engine") {
  const Dataset data = random_images(40, 28, 28, 0.5, 9);
  for (int engine = 0; engine < 3; ++engine) {
    CAPTURE(engine);
    TrainingConfig config = digitlab_test::run_config(1e38f, 5);
    const EngineChoice choice = engine == 1 ? EngineChoice::Reference : EngineChoice::Fast;
    if (engine == 2) config.batch_size = 8;
    Network net({784, 16, 10}, 3);
    Trainer t(net, data, config, choice);
    std::vector<float> before;
    while (!t.stats().finished) {
      before = net.weights();
      t.step(8);
    }
    CHECK(t.stats().error.find("diverged") != std::string::npos);
    CHECK(net.weights() == before);
  }
}

// The kernels keep their sums' order on every target and the core is compiled without
// floating-point contraction (CMakeLists.txt), so training gives the same bits natively (SSE2 or
// DIGITLAB_NATIVE_ARCH) and as WebAssembly: the same test binary checks the same hashes on both
// (tests/run.sh). The sigmoid's e^x is the kernels' own (kernels::exp_approx), not libm's.
TEST_CASE("training gives the same bits on every platform and vector width") {
  const Dataset data = random_images(300, 28, 28, 0.8, 31);
  for_each_vector_level([&] {
    uint64_t hashes[2];
    for (int engine = 0; engine < 2; ++engine) {
      Network net({784, 40, 10}, 5);
      Trainer t(net, data, digitlab_test::run_config(0.2f, 2, true, 3, engine == 0 ? 1 : 16));
      while (!t.stats().finished) t.step(128);
      hashes[engine] = weights_hash(net);
    }
    CHECK(hashes[0] == 15591650193256444063ull);  // per sample (SparseEngine)
    CHECK(hashes[1] == 6763817196733108459ull);   // mini-batches of 16 (BatchEngine)
  });
}

// ---- the batch engine off the book: optimisers and the sparse first layer ----

namespace {

// A non-book run: hidden ReLU (or as given), softmax-CE, biases, He init, `optimizer` at lr.
TrainingConfig modern_config(Optimizer optimizer, float lr, int epochs, int batch,
                             std::vector<int> sizes, bool bias = true) {
  TrainingConfig c;
  c.architecture.sizes = std::move(sizes);
  c.architecture.hidden = Activation::Relu;
  c.architecture.loss = Loss::SoftmaxCrossEntropy;
  c.architecture.bias = bias;
  c.init = Init::He;
  c.optimizer = optimizer;
  c.learning_rate = lr;
  c.batch_size = batch;
  c.epochs = epochs;
  c.shuffle = true;
  c.seed = 7;
  return c;
}

}  // namespace

// RowUpdate is how the sparse first layer updates V, row by row with an offset row added to each
// gradient row: it must give the bits apply_update gives on the materialised g + 1·offsetᵀ, and
// both must follow the rules as optimizer.h writes them (apply_update_naive, in double).
TEST_CASE("the optimisers' row update equals the whole-buffer update, and both the naive one") {
  for (Optimizer kind :
       {Optimizer::Sgd, Optimizer::Momentum, Optimizer::Nesterov, Optimizer::Adam}) {
    const std::string name = optimizer_name(kind);
    CAPTURE(name);
    for (float decay : {0.0f, 0.01f}) {
      CAPTURE(decay);
      const size_t rows = 7, cols = 37;
      Rng rng(41);
      const std::vector<float> start = random_floats(rows * cols, rng);
      std::vector<float> by_rows = start, whole = start, naive = start;
      OptimizerState a, b, c;
      a.kind = b.kind = c.kind = kind;
      for (int step = 0; step < 3; ++step) {
        const std::vector<float> g = random_floats(rows * cols, rng, 0.1);
        const std::vector<float> offset = random_floats(cols, rng, 0.1);
        std::vector<float> full(rows * cols);
        for (size_t r = 0; r < rows; ++r)
          for (size_t j = 0; j < cols; ++j) full[r * cols + j] = g[r * cols + j] + offset[j];
        begin_step(a);
        begin_step(b);
        begin_step(c);
        const RowUpdate update(a, 0, rows, cols, 0.01f, decay);
        for (size_t r = rows; r-- > 0;)  // any order
          update.apply(r, by_rows.data() + r * cols, g.data() + r * cols, offset.data());
        apply_update(b, 0, whole.data(), full.data(), rows * cols, 0.01f, decay);
        apply_update_naive(c, 0, naive.data(), full.data(), rows * cols, 0.01f, decay);
      }
      CHECK(by_rows == whole);
      CHECK(by_rows != start);
      // float against double: a few roundings of steps of ~0.01.
      CHECK(max_abs_diff(whole, naive) < 1e-6f);
    }
  }
}

// The sparse first layer (engines.h) against the dense naive products (EngineChoice::Reference),
// for every optimiser, with and without biases and decay: equal in math, so only reassociation
// separates them. MNIST-like background, and mostly ink.
TEST_CASE("the batch engine's sparse first layer matches the dense products") {
  for (Optimizer kind :
       {Optimizer::Sgd, Optimizer::Momentum, Optimizer::Nesterov, Optimizer::Adam}) {
    for (bool bias : {true, false}) {
      for (double background : {0.81, 0.05}) {
        const std::string name = optimizer_name(kind);
        CAPTURE(name);
        CAPTURE(bias);
        CAPTURE(background);
        const Dataset data = random_images(60, 28, 28, background, 43);
        const float lr = kind == Optimizer::Adam ? 0.001f : 0.01f;
        TrainingConfig config = modern_config(kind, lr, 2, 8, {784, 24, 10}, bias);
        config.weight_decay = kind == Optimizer::Sgd ? 0.01f : 0.0f;  // SGD: not the fused path
        Network fast = make_network(config), dense = make_network(config);
        Trainer tf(fast, data, config), td(dense, data, config, EngineChoice::Reference);
        while (!tf.stats().finished) tf.step(24);
        while (!td.stats().finished) td.step(24);
        REQUIRE(tf.stats().error.empty());
        CHECK(tf.stats().epoch_loss_sum ==
              doctest::Approx(td.stats().epoch_loss_sum).epsilon(1e-4));
        const float diff = max_abs_diff(fast.weights(), dense.weights());
        MESSAGE("largest weight difference " << diff);
        CHECK(diff < 1e-5f);
        CHECK(max_abs_diff(fast.biases(), dense.biases()) < 1e-5f);
        CHECK(fast.weights() != make_network(config).weights());  // it trained
      }
    }
  }
}

// The book's own network and loss (sigmoid, raw errors split back, no biases) with an optimiser
// other than plain SGD also runs on the sparse first layer, two hidden layers deep here.
TEST_CASE("the sparse first layer matches the dense products for the book's loss with Adam") {
  const Dataset data = random_images(40, 28, 28, 0.81, 46);
  TrainingConfig config = digitlab_test::run_config(0.001f, 2, true, 3, 8);
  config.optimizer = Optimizer::Adam;
  config.architecture = book_architecture({784, 20, 12, 10});
  Network fast = make_network(config), dense = make_network(config);
  Trainer tf(fast, data, config), td(dense, data, config, EngineChoice::Reference);
  while (!tf.stats().finished) tf.step(16);
  while (!td.stats().finished) td.step(16);
  REQUIRE(tf.stats().error.empty());
  CHECK(max_abs_diff(fast.weights(), dense.weights()) < 1e-5f);
  CHECK(fast.weights() != make_network(config).weights());
}

TEST_CASE("the sparse first layer: slices equal one go, and divergence restores the network") {
  const Dataset data = random_images(50, 28, 28, 0.8, 44);
  const TrainingConfig config = modern_config(Optimizer::Adam, 0.001f, 3, 8, {784, 20, 10});
  Network a = make_network(config), b = make_network(config);
  Trainer ta(a, data, config), tb(b, data, config);
  while (!ta.stats().finished) ta.step(5000);
  while (!tb.stats().finished) tb.step(9);  // 9 → one batch of 8 per step, crossing epochs
  CHECK(tb.stats().samples_seen == 150);
  CHECK(a.weights() == b.weights());
  CHECK(a.biases() == b.biases());

  TrainingConfig wild = modern_config(Optimizer::Momentum, 1e38f, 5, 8, {784, 16, 10});
  Network net = make_network(wild);
  Trainer t(net, data, wild);
  std::vector<float> before, before_bias;
  while (!t.stats().finished) {
    before = net.weights();
    before_bias = net.biases();
    t.step(16);
  }
  CHECK(t.stats().error.find("diverged") != std::string::npos);
  CHECK(net.weights() == before);
  CHECK(net.biases() == before_bias);
}

// As the book's hashes above: the same test binary runs natively (every vector level) and as
// WebAssembly (tests/run.sh), so one pinned hash proves the same bits everywhere for a run off
// the book that takes every new path at once: ReLU, softmax-CE, biases, He, Adam, batch 8,
// shuffled, a cosine schedule, weight decay, two hidden layers — the sparse first layer,
// RowUpdate's vectorised √ and ÷, and the softmax.
TEST_CASE("a non-book run gives the same bits on every platform and vector width") {
  const Dataset data = random_images(200, 28, 28, 0.8, 45);
  for_each_vector_level([&] {
    TrainingConfig config = modern_config(Optimizer::Adam, 0.001f, 2, 8, {784, 32, 16, 10});
    config.schedule = Schedule::Cosine;
    config.weight_decay = 1e-4f;
    Network net = make_network(config);
    Trainer t(net, data, config);
    while (!t.stats().finished) t.step(64);
    REQUIRE(t.stats().error.empty());
    CHECK(weights_hash(net) == 11213255761773188150ull);
  });
}
