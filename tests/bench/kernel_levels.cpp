// Each hot kernel's time on each vector level this CPU has (kernels.h, "vector levels"), on the
// shapes training gives them: the figures behind preferred_vector_level()'s table. The levels
// take turns, 5 rounds; each figure is the median round's mean time per call, in µs.
// Prints one JSON object: {"cpu": ..., "levels": [...], "kernels": {name: {level: µs}}}.
//   cmake --build build/native --target kernel_levels && build/native/kernel_levels
// The sparse kernels' rows are a random 150 of 784 (an MNIST image's mean is 150 non-zero
// pixels), 70 of them shared with the next image's as on average in MNIST (bandwidth.cpp).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "kernels/kernels.h"
#include "kernels/kernels_gemm.h"
#include "network/rng.h"

namespace {

using namespace digitlab;

std::vector<float> random_floats(size_t n, Rng& rng) {
  std::vector<float> v(n);
  for (float& x : v) x = static_cast<float>(rng.uniform() - 0.5) * 0.2f;
  return v;
}

// The offsets of `count` distinct random rows of `rows`, ascending, `stride` floats apart.
std::vector<int> random_rows(int count, int rows, int stride, Rng& rng) {
  std::vector<int> all(rows);
  for (int r = 0; r < rows; ++r) all[r] = r;
  for (int i = 0; i < count; ++i)
    std::swap(all[i], all[i + static_cast<int>(rng.uniform() * (rows - i))]);
  all.resize(count);
  std::sort(all.begin(), all.end());
  for (int& r : all) r *= stride;
  return all;
}

std::string cpu_name() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line))
    if (line.rfind("model name", 0) == 0) {
      std::string name;  // for a JSON string: no quotes or backslashes
      for (char c : line.substr(line.find(':') + 2))
        if (c != '"' && c != '\\') name += c;
      return name;
    }
  return "unknown";
}

// Mean µs per call of `body`, over calls adding up to about `seconds`.
double time_per_call(const std::function<void()>& body, double seconds) {
  using clock = std::chrono::steady_clock;
  body();  // warm: caches, and the level's first call
  long calls = 0;
  const clock::time_point start = clock::now();
  double elapsed = 0;
  do {
    for (int i = 0; i < 16; ++i) body();
    calls += 16;
    elapsed = std::chrono::duration<double>(clock::now() - start).count();
  } while (elapsed < seconds);
  return elapsed / static_cast<double>(calls) * 1e6;
}

}  // namespace

int main() {
  constexpr int kIn = 784, kHidden = 200, kOut = 10, kBatch = 32, kWide = 256;
  Rng rng(3);
  std::vector<float> v = random_floats(size_t(kIn) * kHidden, rng);
  const std::vector<float> w_out = random_floats(size_t(kOut) * kHidden, rng);
  const std::vector<float> w_in = random_floats(size_t(kHidden) * kIn, rng);
  const std::vector<float> x_in = random_floats(kIn, rng), hidden = random_floats(kHidden, rng);
  const std::vector<float> e_out = random_floats(kOut, rng), d_out = random_floats(kOut, rng);
  const std::vector<float> d_hidden = random_floats(kHidden, rng);
  const std::vector<int> rows = random_rows(150, kIn, kHidden, rng);
  std::vector<int> next_rows(rows.begin(), rows.begin() + 70);  // 70 shared, 80 new
  for (int r : random_rows(80, kIn, kHidden, rng))
    if (std::find(next_rows.begin(), next_rows.end(), r) == next_rows.end()) next_rows.push_back(r);
  std::sort(next_rows.begin(), next_rows.end());
  const std::vector<float> vals = random_floats(rows.size(), rng);
  const std::vector<float> next_vals = random_floats(next_rows.size(), rng);
  const std::vector<float> batch = random_floats(size_t(kBatch) * kIn, rng);
  std::vector<float> w_modern = random_floats(size_t(kWide) * kIn, rng);
  const std::vector<float> delta = random_floats(size_t(kBatch) * kWide, rng);
  std::vector<float> out(std::max(kIn, kWide) * kBatch), sig(kHidden), w_out_copy = w_out;
  // The kernels that update weights (the scatters, the backward step, the weight gradient) start
  // again from the same weights every round, so the values stay in the range training sees.
  const std::vector<float> v_start = v, w_out_start = w_out_copy, w_modern_start = w_modern;
  bool reverse = false;

  struct Kernel {
    const char* name;
    std::function<void()> run;
  };
  const Kernel kernels_to_time[] = {
      {"sigmoid_all 200", [&] { kernels::sigmoid_all(sig.data(), kHidden); }},
      {"matvec 10x200",
       [&] { kernels::matvec(out.data(), w_out.data(), hidden.data(), kOut, kHidden); }},
      {"matvec 200x784",
       [&] { kernels::matvec(out.data(), w_in.data(), x_in.data(), kHidden, kIn); }},
      {"matvec_t_add_outer 10x200",
       [&] {
         kernels::matvec_t_add_outer(out.data(), w_out_copy.data(), e_out.data(), d_out.data(),
                                     hidden.data(), kOut, kHidden);
       }},
      {"gather_rows 150 of 784x200",
       [&] {
         kernels::gather_rows(out.data(), v.data(), rows.data(), vals.data(),
                              static_cast<int>(rows.size()), kHidden);
       }},
      {"scatter_gather_rows 150+150 of 784x200",
       [&] {
         kernels::scatter_gather_rows(v.data(), rows.data(), vals.data(),
                                      static_cast<int>(rows.size()), d_hidden.data(), out.data(),
                                      next_rows.data(), next_vals.data(),
                                      static_cast<int>(next_rows.size()), kHidden, reverse);
         reverse = !reverse;
       }},
      {"gemm 32x256x784 (a batch through 784-256)",
       [&] {
         kernels::gemm(out.data(), batch.data(), w_modern.data(), kBatch, kWide, kIn, false, true,
                       false);
       }},
      {"gemm 256x784x32 (a batch's weight gradient)",
       [&] {
         kernels::gemm(w_modern.data(), delta.data(), batch.data(), kWide, kIn, kBatch, true, false,
                       true);
       }},
      {"gemm 32x784x256 (a batch's error passed back)",
       [&] {
         kernels::gemm(out.data(), delta.data(), w_modern.data(), kBatch, kIn, kWide, false, false,
                       false);
       }},
  };

  std::vector<kernels::VectorLevel> levels;
  for (kernels::VectorLevel level : kernels::kVectorLevels)
    if (kernels::vector_level_available(level)) levels.push_back(level);
  constexpr int kRounds = 5;
  std::printf("{\"cpu\": \"%s\", \"preferred\": \"%s\", \"levels\": [", cpu_name().c_str(),
              kernels::vector_level_name(kernels::preferred_vector_level()));
  for (size_t l = 0; l < levels.size(); ++l)
    std::printf("%s\"%s\"", l ? ", " : "", kernels::vector_level_name(levels[l]));
  std::printf("],\n \"kernels\": {");
  bool first_kernel = true;
  for (const Kernel& kernel : kernels_to_time) {
    std::vector<std::vector<double>> us(levels.size());
    for (int round = 0; round < kRounds; ++round)
      for (size_t l = 0; l < levels.size(); ++l) {
        kernels::use_vector_level(levels[l]);
        v = v_start, w_out_copy = w_out_start, w_modern = w_modern_start;
        us[l].push_back(time_per_call(kernel.run, 0.04));
      }
    std::printf("%s\n  \"%s\": {", first_kernel ? "" : ",", kernel.name);
    first_kernel = false;
    for (size_t l = 0; l < levels.size(); ++l) {
      std::sort(us[l].begin(), us[l].end());
      std::printf("%s\"%s\": %.3f", l ? ", " : "", kernels::vector_level_name(levels[l]),
                  us[l][kRounds / 2]);
    }
    std::printf("}");
  }
  std::printf("\n }}\n");
  return 0;
}
