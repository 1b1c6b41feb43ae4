// Kernels: fast versions and their naive twins, pair by pair (see kernels.h).
#include "kernels/kernels.h"

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstring>

#include "kernels/kernels_level_build.h"
#include "kernels/kernels_levels.h"

namespace digitlab::kernels {
namespace {

// Row r of a row-major matrix with `cols` columns.
template <typename T>
T* row_of(T* m, int r, int cols) {
  return m + static_cast<size_t>(r) * static_cast<size_t>(cols);
}

}  // namespace

// ---- vector levels (kernels.h, kernels_levels.h) ----

namespace {

// Columns per chunk of gather_rows and scatter_gather_rows at the build's own level. Natively
// 40: for 784x200 gather_rows ran 1.27x faster than with 16 (2.06 vs 2.61 µs per MNIST image,
// SSE2). In WebAssembly V8 spills wider chunks: 20 trained 133k samples/s in Node, 16: 123k,
// 24: 124k, 32: ~115k.
#if defined(__wasm__)
constexpr int kSparseChunk = 20;
#else
constexpr int kSparseChunk = 40;
#endif
constexpr int kNarrowSparseChunk = 16;  // for rows narrower than the level's chunk

// This build's own vectors: 4 floats (SSE2, simd128) unless compiled for a CPU with AVX2.
#if defined(__AVX2__)
constexpr int kFloats = 8;
constexpr VectorLevel kOwnLevel = VectorLevel::Avx2;
#else
constexpr int kFloats = 4;
constexpr VectorLevel kOwnLevel = VectorLevel::Floats4;
#endif

#if defined(DIGITLAB_X86_LEVELS)
// What the CPU can run, asked once. __builtin_cpu_init first: the answer must be right even if
// a kernel runs before the constructors that would otherwise set it up (a static object's).
struct CpuFeatures {
  bool avx2 = false, avx512f = false;
};
const CpuFeatures& cpu_features() {
  static const CpuFeatures features = [] {
    __builtin_cpu_init();
    CpuFeatures f;
    f.avx2 = __builtin_cpu_supports("avx2") != 0;
    f.avx512f = __builtin_cpu_supports("avx512f") != 0;
    return f;
  }();
  return features;
}
#endif

const LevelKernels* level_table(VectorLevel level) {
  if (level == kOwnLevel) return &own_level_kernels();
#if defined(DIGITLAB_X86_LEVELS)
  if (level == VectorLevel::Avx2 && cpu_features().avx2) return &avx2_level_kernels();
  // -mavx512f implies AVX2, which its code may use too.
  if (level == VectorLevel::Avx512 && cpu_features().avx2 && cpu_features().avx512f)
    return &avx512_level_kernels();
#endif
  return nullptr;
}

// The table in use. Atomic so that a thread that reads it sees the table another thread chose
// (the first call's, or use_vector_level's): on x86-64 the acquiring load is a plain move.
std::atomic<const LevelKernels*> g_active{nullptr};

// The sparse kernels' chunks for rows of n columns: the level's own if n is as wide, else the
// widest narrower level's (AVX2's 40 columns under AVX-512's 80), else none (null).
const LevelKernels* sparse_level(const LevelKernels& level, int n) {
  if (n >= level.sparse_chunk) return &level;
  for (VectorLevel narrower : {VectorLevel::Avx2, VectorLevel::Floats4}) {
    const LevelKernels* table = level_table(narrower);
    if (table && n >= table->sparse_chunk) return table;
  }
  return nullptr;
}

}  // namespace

const LevelKernels& own_level_kernels() {
  static const LevelKernels table = level_kernels<kFloats, kSparseChunk, 4>(kOwnLevel);
  return table;
}

const LevelKernels& active_level_kernels() {
  const LevelKernels* table = g_active.load(std::memory_order_acquire);
  if (table) return *table;
  // The first call: the preferred level, unless use_vector_level() chose one meanwhile.
  const LevelKernels* preferred = level_table(preferred_vector_level());
  return g_active.compare_exchange_strong(table, preferred, std::memory_order_acq_rel) ? *preferred
                                                                                       : *table;
}

const char* vector_level_name(VectorLevel level) {
  switch (level) {
    case VectorLevel::Floats4:
#if defined(__wasm__)
      return "simd128";
#else
      return "sse2";
#endif
    case VectorLevel::Avx2:
      return "avx2";
    case VectorLevel::Avx512:
      return "avx512";
  }
  return "?";
}

bool vector_level_named(const char* name, VectorLevel* level) {
  for (VectorLevel l : kVectorLevels)
    if (std::strcmp(name, vector_level_name(l)) == 0 && vector_level_available(l)) {
      *level = l;
      return true;
    }
  return false;
}

bool vector_level_available(VectorLevel level) {
  return level_table(level) != nullptr;
}

// The book's epoch (784-200-10 per sample, samples/s) by level, as measured:
//   Intel Xeon (AVX-512; 2026-11, one core):   4 floats 158k, AVX2 215k, AVX-512 176-190k;
//   AMD EPYC Zen 5 (AVX-512; 2026-12-05, tests/bench/run.sh --runs 3, medians):
//                                              4 floats 165k, AVX2 262k, AVX-512 218k.
// So AVX2 wherever the CPU has it. Kernel by kernel (tests/bench/kernel_levels.cpp, Zen 5),
// AVX-512 wins only sigmoid_all and the large matvec, by 3-11%: less than 1% of an epoch. The
// sparse kernels, most of the epoch, are as fast or faster on AVX2 (with 16 floats, 200 columns
// are not whole chunks: the last one's overlap redoes 40 of them), and so is gemm timed alone
// (mini-batch training as a whole ran 2-4% faster on AVX-512 in short runs: within the noise).
VectorLevel preferred_vector_level() {
  if (vector_level_available(VectorLevel::Avx2)) return VectorLevel::Avx2;
  return kOwnLevel;
}

VectorLevel vector_level() {
  return active_level_kernels().level;
}

bool use_vector_level(VectorLevel level) {
  const LevelKernels* table = level_table(level);
  if (!table) return false;
  g_active.store(table, std::memory_order_release);
  return true;
}

int vector_floats() {
  return active_level_kernels().floats;
}

// ---- sigmoid_all ----

void sigmoid_all(float* x, int n) {
  active_level_kernels().sigmoid_all(x, n);
}

// ---- matvec ----

void matvec(float* out, const float* w, const float* x, int rows, int cols) {
  active_level_kernels().matvec(out, w, x, rows, cols);
}

void matvec_naive(float* out, const float* w, const float* x, int rows, int cols) {
  for (int r = 0; r < rows; ++r) {
    float sum = 0.0f;
    for (int c = 0; c < cols; ++c) sum += w[static_cast<size_t>(r) * cols + c] * x[c];
    out[r] = sum;
  }
}

// ---- matvec_t ----

// Row by row (out += e[r]·W[r, :]): contiguous, and the same order as the naive column sums.
void matvec_t(float* out, const float* w, const float* e, int rows, int cols) {
  std::fill(out, out + cols, 0.0f);
  for (int r = 0; r < rows; ++r) {
    const float* row = row_of(w, r, cols);
    const float er = e[r];
    for (int c = 0; c < cols; ++c) out[c] += er * row[c];
  }
}

void matvec_t_naive(float* out, const float* w, const float* e, int rows, int cols) {
  for (int c = 0; c < cols; ++c) {
    float sum = 0.0f;
    for (int r = 0; r < rows; ++r) sum += e[r] * w[static_cast<size_t>(r) * cols + c];
    out[c] = sum;
  }
}

// ---- add_outer ----

void add_outer(float* w, const float* d, const float* x, int rows, int cols) {
  for (int r = 0; r < rows; ++r) {
    float* row = row_of(w, r, cols);
    const float dr = d[r];
    for (int c = 0; c < cols; ++c) row[c] += dr * x[c];
  }
}

void add_outer_naive(float* w, const float* d, const float* x, int rows, int cols) {
  for (int c = 0; c < cols; ++c)
    for (int r = 0; r < rows; ++r) w[static_cast<size_t>(r) * cols + c] += d[r] * x[c];
}

// ---- matvec_t_add_outer ----

void matvec_t_add_outer(float* out, float* w, const float* e, const float* d, const float* x,
                        int rows, int cols) {
  active_level_kernels().matvec_t_add_outer(out, w, e, d, x, rows, cols);
}

void matvec_t_add_outer_naive(float* out, float* w, const float* e, const float* d, const float* x,
                              int rows, int cols) {
  matvec_t_naive(out, w, e, rows, cols);
  add_outer_naive(w, d, x, rows, cols);
}

// ---- transpose ----

// Bands of 16 input rows: the 16 rows being read stay in cache while each output row is written
// contiguously (the naive loop writes with a stride of `rows` floats).
void transpose(float* out, const float* in, int rows, int cols) {
  constexpr int kBand = 16;
  for (int r0 = 0; r0 < rows; r0 += kBand) {
    const int r1 = std::min(rows, r0 + kBand);
    for (int c = 0; c < cols; ++c) {
      float* o = row_of(out, c, rows);
      for (int r = r0; r < r1; ++r) o[r] = in[static_cast<size_t>(r) * cols + c];
    }
  }
}

void transpose_naive(float* out, const float* in, int rows, int cols) {
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c)
      out[static_cast<size_t>(c) * rows + r] = in[static_cast<size_t>(r) * cols + c];
}

// ---- nonzero_pixels ----

// Eight background pixels at a time are skipped with one 64-bit test (most of an MNIST image's
// rows are empty); the others are stored without a branch, advancing only past non-zero ones
// (the pattern of strokes defeats a branch predictor).
int nonzero_pixels(int* at, float* val, const uint8_t* pixels, const float* table, int n,
                   int stride) {
  int nnz = 0, i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t eight;
    std::memcpy(&eight, pixels + i, sizeof eight);
    if (eight == 0) continue;
    for (int k = i; k < i + 8; ++k) {
      at[nnz] = k * stride;
      val[nnz] = table[pixels[k]];
      nnz += pixels[k] != 0;
    }
  }
  for (; i < n; ++i) {
    at[nnz] = i * stride;
    val[nnz] = table[pixels[i]];
    nnz += pixels[i] != 0;
  }
  return nnz;
}

int nonzero_pixels_naive(int* at, float* val, const uint8_t* pixels, const float* table, int n,
                         int stride) {
  int nnz = 0;
  for (int i = 0; i < n; ++i)
    if (pixels[i] != 0) {
      at[nnz] = i * stride;
      val[nnz] = table[pixels[i]];
      ++nnz;
    }
  return nnz;
}

// ---- gather_rows ----

// The level's chunks where the rows are as wide as them, else a narrower level's (sparse_level),
// else 16 columns; below 16 columns the naive loop, which adds the same numbers in the same order.
void gather_rows(float* out, const float* v, const int* at, const float* val, int nnz, int n) {
  if (const LevelKernels* level = sparse_level(active_level_kernels(), n))
    level->gather_chunks(out, v, at, val, nnz, n);
  else if (n >= kNarrowSparseChunk)
    gather_chunks<kFloats, kNarrowSparseChunk>(out, v, at, val, nnz, n);
  else
    gather_rows_naive(out, v, at, val, nnz, n);
}

void gather_rows_naive(float* out, const float* v, const int* at, const float* val, int nnz,
                       int n) {
  for (int j = 0; j < n; ++j) {
    float sum = 0.0f;
    for (int k = 0; k < nnz; ++k) sum += val[k] * v[at[k] + j];
    out[j] = sum;
  }
}

// ---- scatter_rows ----

// Columns in chunks of 64 with d's chunk copied to a local array (so it cannot alias V and
// stays in registers), then every row's chunk. Chunks of 16 fully unroll into scalars under
// GCC; whole rows (no chunks) run 1.6x slower in WebAssembly. A plain loop does the rest.
void scatter_rows(float* v, const int* at, const float* val, int nnz, const float* d, int n) {
  constexpr int kChunk = 64;
  int j0 = 0;
  for (; j0 + kChunk <= n; j0 += kChunk) {
    float dc[kChunk];
    std::copy(d + j0, d + j0 + kChunk, dc);
    for (int k = 0; k < nnz; ++k) {
      float* row = v + at[k] + j0;
      const float a = val[k];
      for (int j = 0; j < kChunk; ++j) row[j] += a * dc[j];
    }
  }
  if (j0 == n) return;
  for (int k = 0; k < nnz; ++k) {
    float* row = v + at[k];
    const float a = val[k];
    for (int j = j0; j < n; ++j) row[j] += a * d[j];
  }
}

void scatter_rows_naive(float* v, const int* at, const float* val, int nnz, const float* d, int n) {
  for (int k = 0; k < nnz; ++k)
    for (int j = 0; j < n; ++j) v[at[k] + j] += val[k] * d[j];
}

// ---- scatter_gather_rows ----

void scatter_gather_rows(float* v, const int* s_at, const float* s_val, int s_nnz, const float* d,
                         float* out, const int* g_at, const float* g_val, int g_nnz, int n,
                         bool reverse) {
  if (const LevelKernels* level = sparse_level(active_level_kernels(), n))
    return level->scatter_gather_chunks(v, s_at, s_val, s_nnz, d, out, g_at, g_val, g_nnz, n,
                                        reverse);
  scatter_rows(v, s_at, s_val, s_nnz, d, n);
  gather_rows(out, v, g_at, g_val, g_nnz, n);
}

void scatter_gather_rows_naive(float* v, const int* s_at, const float* s_val, int s_nnz,
                               const float* d, float* out, const int* g_at, const float* g_val,
                               int g_nnz, int n) {
  scatter_rows_naive(v, s_at, s_val, s_nnz, d, n);
  gather_rows_naive(out, v, g_at, g_val, g_nnz, n);
}

}  // namespace digitlab::kernels
