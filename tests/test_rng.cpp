// Rng: seeded reproducibility, a portable log that matches libm, and normal samples.
#include <doctest/doctest.h>

#include <cmath>
#include <initializer_list>

#include "network/rng.h"

using namespace digitlab;

TEST_CASE("the same seed gives the same stream, another seed another") {
  Rng a(7), b(7), c(8);
  for (int i = 0; i < 100; ++i) {
    const uint64_t x = a.next_u64();
    CHECK(x == b.next_u64());
    CHECK(x != c.next_u64());
  }
}

TEST_CASE("portable_log agrees with libm to double precision") {
  for (double x : {1e-300, 1e-9, 0.001, 0.3, 0.5, 0.7071, 0.99999, 1.0, 1.5, 2.0, 10.0, 1e12}) {
    CAPTURE(x);
    CHECK(portable_log(x) == doctest::Approx(std::log(x)).epsilon(1e-14));
  }
}

TEST_CASE("normal samples have mean 0 and standard deviation 1") {
  Rng rng(123);
  const int n = 200000;
  double sum = 0, sum2 = 0;
  int beyond_3_sigma = 0;
  for (int i = 0; i < n; ++i) {
    const double x = rng.normal();
    sum += x;
    sum2 += x * x;
    beyond_3_sigma += std::fabs(x) > 3.0;
  }
  const double mean = sum / n, var = sum2 / n - mean * mean;
  CHECK(std::fabs(mean) < 0.01);
  CHECK(var == doctest::Approx(1.0).epsilon(0.01));
  // A normal puts 0.27% of its mass beyond 3σ (a uniform or a sum of few uniforms would not).
  CHECK(beyond_3_sigma > n * 0.0020);
  CHECK(beyond_3_sigma < n * 0.0035);
}

TEST_CASE("below(n) stays in range and covers it") {
  Rng rng(5);
  int seen[10] = {};
  for (int i = 0; i < 10000; ++i) {
    const uint32_t v = rng.below(10);
    REQUIRE(v < 10);
    seen[v]++;
  }
  for (int k = 0; k < 10; ++k) CHECK(seen[k] > 800);
}
