// Kernels: fast versions and their naive twins, pair by pair (see kernels.h).
#include "kernels/kernels.h"

#include <algorithm>
#include <cstddef>
#include <cstring>

#include "kernels/kernels_vector.h"

namespace digitlab::kernels {
namespace {

// Row r of a row-major matrix with `cols` columns.
template <typename T>
T* row_of(T* m, int r, int cols) {
  return m + static_cast<size_t>(r) * static_cast<size_t>(cols);
}

// Four floats in one SSE / simd128 register: GCC's and Clang's vector extension, for the two
// kernels whose plain loops compiled well on one target and badly on another (matvec,
// gather_rows). The same operations in the same order on every target.
using Float4 = float __attribute__((vector_size(16)));
Float4 load4(const float* p) {
  Float4 v;
  std::memcpy(&v, p, sizeof v);  // an unaligned load
  return v;
}
// Rows r0..r0+R of out = W·x. Each row sums in 8 partial sums (two Float4: column c goes to
// partial c mod 8), added pairwise at the end, then its last cols % 8 columns in order. The R
// rows share each load of x: with R = 4, 200x784 took 7.8 µs instead of 12 one row at a time
// (SSE2; 11.6 instead of 17 in WebAssembly).
template <int R>
void matvec_rows(float* out, const float* w, const float* x, int r0, int cols) {
  Float4 acc[R][2] = {};
  int c = 0;
  for (; c + 8 <= cols; c += 8) {
    const Float4 x0 = load4(x + c), x1 = load4(x + c + 4);
    for (int q = 0; q < R; ++q) {
      const float* row = row_of(w, r0 + q, cols) + c;
      acc[q][0] += load4(row) * x0;
      acc[q][1] += load4(row + 4) * x1;
    }
  }
  for (int q = 0; q < R; ++q) {
    const Float4 s = acc[q][0] + acc[q][1];
    float sum = (s[0] + s[1]) + (s[2] + s[3]);
    const float* row = row_of(w, r0 + q, cols);
    for (int cc = c; cc < cols; ++cc) sum += row[cc] * x[cc];
    out[r0 + q] = sum;
  }
}

}  // namespace

// ---- vector width (kernels_vector.h) ----

namespace {

// Columns per chunk of gather_rows and scatter_gather_rows. Natively 40: for 784x200 gather_rows
// ran 1.27x faster than with 16 (2.06 vs 2.61 µs per MNIST image, SSE2). In WebAssembly V8
// spills wider chunks: 20 trained 133k samples/s in Node, 16: 123k, 24: 124k, 32: ~115k.
#if defined(__wasm__)
constexpr int kSparseChunk = 20;
#else
constexpr int kSparseChunk = 40;
#endif
constexpr int kNarrowSparseChunk = 16;  // for rows narrower than kSparseChunk

// This build's own vectors: 4 floats (SSE2, simd128) unless compiled for a CPU with AVX2.
#if defined(__AVX2__)
constexpr int kFloats = 8;
#else
constexpr int kFloats = 4;
#endif

// AVX2 chosen at run time: only in an x86-64 build that did not assume it at compile time.
#if defined(DIGITLAB_AVX2_KERNELS) && !defined(__AVX2__)
#define DIGITLAB_AVX2_AT_RUN_TIME 1
bool g_wide_allowed = true;
bool run_avx2() {
  // __builtin_cpu_init first: the answer must be right even if a kernel runs before the
  // constructors that would otherwise set it up (a static object's, say).
  static const bool cpu_has_avx2 = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") != 0;
  }();
  return g_wide_allowed && cpu_has_avx2;
}
#endif

}  // namespace

int vector_floats() {
#ifdef DIGITLAB_AVX2_AT_RUN_TIME
  if (run_avx2()) return 8;
#endif
  return kFloats;
}

void allow_wide_vectors(bool allow) {
#ifdef DIGITLAB_AVX2_AT_RUN_TIME
  g_wide_allowed = allow;
#else
  (void)allow;
#endif
}

// ---- sigmoid_all ----

void sigmoid_all(float* x, int n) {
#ifdef DIGITLAB_AVX2_AT_RUN_TIME
  if (run_avx2()) return sigmoid_all_avx2(x, n);
#endif
  sigmoid_vectors<kFloats>(x, n);
}

// ---- matvec ----

// Blocks of 4 rows, then the rest one by one, each row summed in the same order.
void matvec(float* out, const float* w, const float* x, int rows, int cols) {
  int r = 0;
  for (; r + 4 <= rows; r += 4) matvec_rows<4>(out, w, x, r, cols);
  for (; r < rows; ++r) matvec_rows<1>(out, w, x, r, cols);
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

namespace {
// Columns per chunk: 5 vectors of sums and 5 of x, so that both stay in registers (SSE2 and
// V8's WebAssembly code have 16).
constexpr int kBackwardChunk = 5 * kFloats;
}  // namespace

void matvec_t_add_outer(float* out, float* w, const float* e, const float* d, const float* x,
                        int rows, int cols) {
#ifdef DIGITLAB_AVX2_AT_RUN_TIME
  if (run_avx2()) return backward_chunks_avx2(out, w, e, d, x, rows, cols);
#endif
  backward_chunks<kFloats, kBackwardChunk>(out, w, e, d, x, rows, cols);
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

// Chunks as wide as the rows allow; below 16 columns the naive loop, which adds the same numbers
// in the same order.
void gather_rows(float* out, const float* v, const int* at, const float* val, int nnz, int n) {
  if (n < kNarrowSparseChunk) {
    gather_rows_naive(out, v, at, val, nnz, n);
  } else if (n < kSparseChunk) {
    gather_chunks<kFloats, kNarrowSparseChunk>(out, v, at, val, nnz, n);
  } else {
#ifdef DIGITLAB_AVX2_AT_RUN_TIME
    if (run_avx2()) return gather_chunks_avx2(out, v, at, val, nnz, n);
#endif
    gather_chunks<kFloats, kSparseChunk>(out, v, at, val, nnz, n);
  }
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
  if (n < kSparseChunk) {
    scatter_rows(v, s_at, s_val, s_nnz, d, n);
    gather_rows(out, v, g_at, g_val, g_nnz, n);
    return;
  }
#ifdef DIGITLAB_AVX2_AT_RUN_TIME
  if (run_avx2())
    return scatter_gather_chunks_avx2(v, s_at, s_val, s_nnz, d, out, g_at, g_val, g_nnz, n,
                                      reverse);
#endif
  scatter_gather_chunks<kFloats, kSparseChunk>(v, s_at, s_val, s_nnz, d, out, g_at, g_val, g_nnz, n,
                                               reverse);
}

void scatter_gather_rows_naive(float* v, const int* s_at, const float* s_val, int s_nnz,
                               const float* d, float* out, const int* g_at, const float* g_val,
                               int g_nnz, int n) {
  scatter_rows_naive(v, s_at, s_val, s_nnz, d, n);
  gather_rows_naive(out, v, g_at, g_val, g_nnz, n);
}

}  // namespace digitlab::kernels
