// The loops of the hot kernels (kernels.h's "vector levels": sigmoid_all, matvec,
// matvec_t_add_outer, gather_rows, scatter_gather_rows) as templates over the vector width W in
// floats, with the vectors gemm's blocked product is written with (kernels_gemm_blocked.h).
// kernels_level_build.h makes one level's table of them (kernels_levels.h). One source serves
// every level: kernels.cpp (the build's own: W = 4 in SSE2 / WebAssembly), kernels_avx2.cpp
// (-mavx2, W = 8) and kernels_avx512.cpp (-mavx512f, W = 16). Vector operations act lane by lane,
// so every width adds the same numbers in the same order: the results are the same bits whatever W
// and the chunk width C are.
//
// Only those files (through kernels_level_build.h) include this. Everything in it has internal
// linkage on purpose: each file keeps its own copy, compiled for its own instruction set (with
// inline functions shared between them, the linker could keep the AVX2 copy and run it on a CPU
// without AVX2). For the same reason it and kernels_gemm_blocked.h instantiate no std::
// template (min_of, the caller's scratch) and tag exp_approx's instances.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "kernels/kernels.h"

namespace digitlab::kernels {
namespace {  // NOLINT(google-build-namespaces): see above

// std::min's stand-in: a std:: template instantiated here would have external linkage (see
// above).
inline int min_of(int a, int b) {
  return a < b ? a : b;
}

// exp_approx's instances for this file's vectors: a template argument of internal linkage gives
// the instance internal linkage too, so no other file's instance can stand in for it.
struct ThisFilesInstructions {};

template <int W>
struct Vec {
  typedef float type __attribute__((vector_size(4 * W)));
};

template <int W>
struct UintVec {
  typedef uint32_t type __attribute__((vector_size(4 * W)));
};

template <int W>
typename Vec<W>::type load(const float* p) {
  typename Vec<W>::type v;
  std::memcpy(&v, p, sizeof v);  // an unaligned load
  return v;
}

template <int W>
void store(float* p, typename Vec<W>::type v) {
  std::memcpy(p, &v, sizeof v);
}

// Rows r0..r0+R of out = W·x. Each row sums in 8 partial sums (column c goes to partial c mod 8:
// two 4-float vectors, or one of 8), added pairwise at the end as (p0+p4 + p1+p5) + (p2+p6 +
// p3+p7), then its last cols % 8 columns in order: the same bits at every width. The R rows
// share each load of x: with R = 4, 200x784 took 7.8 µs instead of 12 one row at a time (SSE2;
// 11.6 instead of 17 in WebAssembly). W = 16 keeps 8-float vectors: there is no 16th partial.
template <int W, int R>
void matvec_rows(float* out, const float* w, const float* x, int r0, int cols) {
  constexpr int P = W < 8 ? W : 8;  // floats per vector of partial sums
  constexpr int kParts = 8 / P;
  using V = typename Vec<P>::type;
  V acc[R][kParts] = {};
  int c = 0;
  for (; c + 8 <= cols; c += 8) {
    V xs[kParts];
    for (int p = 0; p < kParts; ++p) xs[p] = load<P>(x + c + P * p);
    for (int q = 0; q < R; ++q) {
      const float* row = w + static_cast<size_t>(r0 + q) * static_cast<size_t>(cols) + c;
      for (int p = 0; p < kParts; ++p) acc[q][p] += load<P>(row + P * p) * xs[p];
    }
  }
  for (int q = 0; q < R; ++q) {
    float partial[8];
    std::memcpy(partial, acc[q], sizeof partial);
    float sum = ((partial[0] + partial[4]) + (partial[1] + partial[5])) +
                ((partial[2] + partial[6]) + (partial[3] + partial[7]));
    const float* row = w + static_cast<size_t>(r0 + q) * static_cast<size_t>(cols);
    for (int cc = c; cc < cols; ++cc) sum += row[cc] * x[cc];
    out[r0 + q] = sum;
  }
}

// Blocks of R rows, then the rest one by one, each row summed in the same order.
template <int W, int R>
void matvec_blocks(float* out, const float* w, const float* x, int rows, int cols) {
  int r = 0;
  for (; r + R <= rows; r += R) matvec_rows<W, R>(out, w, x, r, cols);
  for (; r < rows; ++r) matvec_rows<W, 1>(out, w, x, r, cols);
}

// sigmoid_all: W at a time, and the last n % W in one vector padded with zeros. Lanes are
// independent, so every element gets the bits sigmoid() gives it (tests/test_kernels.cpp)
// without calling it: the scalar sigmoid() is an inline function every file shares (see above).
template <int W>
void sigmoid_vectors(float* x, int n) {
  using F = typename Vec<W>::type;
  auto sigmoid_of = [](F v) -> F {
    return 1.0f / (1.0f + exp_approx<F, typename UintVec<W>::type, ThisFilesInstructions>(-v));
  };
  int i = 0;
  for (; i + W <= n; i += W) store<W>(x + i, sigmoid_of(load<W>(x + i)));
  if (i == n) return;
  float tail[W] = {};
  std::memcpy(tail, x + i, sizeof(float) * static_cast<size_t>(n - i));
  store<W>(tail, sigmoid_of(load<W>(tail)));
  std::memcpy(x + i, tail, sizeof(float) * static_cast<size_t>(n - i));
}

// Rows per step of the sparse kernels below: 4 natively (the book's epoch ran 3-4% faster than
// with 2 on AVX2, Zen 5, and 6-11% on 4-float vectors; 8 gave no more); 2 in WebAssembly, where
// 4 rows ran 2% slower in V8.
#if defined(__wasm__)
constexpr int kRowsPerStep = 2;
#else
constexpr int kRowsPerStep = 4;
#endif

// out[j0, j0 + C) = Σ_k val[k]·V's row at at[k], j0..): the sums stay in C/W registers while the
// rows stream past, kRowsPerStep rows per step, still added one after the other. Written as a
// plain loop over the chunk, GCC turned it inside out under AVX2/AVX-512, vectorising the row
// loop with gathers (4-8x slower); explicit vectors compile alike everywhere.
template <int W, int C>
void gather_chunk(float* out, const float* v, const int* at, const float* val, int nnz, int j0) {
  static_assert(C % W == 0, "a chunk is whole vectors");
  constexpr int kVectors = C / W, R = kRowsPerStep;
  typename Vec<W>::type acc[kVectors] = {};
  int k = 0;
  for (; k + R <= nnz; k += R) {
    const float* rows[R];
    float a[R];
    for (int i = 0; i < R; ++i) {
      rows[i] = (v + at[k + i]) + j0;
      a[i] = val[k + i];
    }
    for (int q = 0; q < kVectors; ++q) {
      typename Vec<W>::type sum = acc[q];
      for (int i = 0; i < R; ++i) sum = sum + a[i] * load<W>(rows[i] + W * q);
      acc[q] = sum;
    }
  }
  for (; k < nnz; ++k) {
    const float* r0 = (v + at[k]) + j0;
    for (int q = 0; q < kVectors; ++q) acc[q] += val[k] * load<W>(r0 + W * q);
  }
  std::memcpy(out + j0, acc, sizeof acc);
}

// gather_rows for n >= C: chunks of C columns; if n is not a multiple, the last chunk is
// [n - C, n), overlapping the one before it, whose columns it recomputes to the same bits (a
// plain loop over the last columns ran the whole kernel 1.8x slower for n = 200).
template <int W, int C>
void gather_chunks(float* out, const float* v, const int* at, const float* val, int nnz, int n) {
  for (int j0 = 0; j0 < n; j0 += C) gather_chunk<W, C>(out, v, at, val, nnz, min_of(j0, n - C));
}

// (V's row at at[k])[j0 .. j0 + C) += val[k]·d[j0 ..): d's chunk held in registers for all the
// rows, kRowsPerStep rows per step (see there; in WebAssembly 2 ran 2.5% faster than 1).
template <int W, int C>
void scatter_chunk(float* v, const int* at, const float* val, int nnz, const float* d, int j0) {
  constexpr int kVectors = C / W, R = kRowsPerStep;
  typename Vec<W>::type dc[kVectors];
  for (int q = 0; q < kVectors; ++q) dc[q] = load<W>(d + j0 + W * q);
  int k = 0;
  for (; k + R <= nnz; k += R) {
    float* rows[R];
    float a[R];
    for (int i = 0; i < R; ++i) {
      rows[i] = (v + at[k + i]) + j0;
      a[i] = val[k + i];
    }
    for (int q = 0; q < kVectors; ++q)
      for (int i = 0; i < R; ++i)
        store<W>(rows[i] + W * q, load<W>(rows[i] + W * q) + a[i] * dc[q]);
  }
  for (; k < nnz; ++k) {
    float* row = (v + at[k]) + j0;
    const float a = val[k];
    for (int q = 0; q < kVectors; ++q) store<W>(row + W * q, load<W>(row + W * q) + a * dc[q]);
  }
}

// The same for any columns [j0, j1): vectors while W columns are left, then one by one.
template <int W>
void scatter_range(float* v, const int* at, const float* val, int nnz, const float* d, int j0,
                   int j1) {
  const int vector_end = j0 + (j1 - j0) / W * W;
  for (int k = 0; k < nnz; ++k) {
    float* row = (v + at[k]);
    const float a = val[k];
    int j = j0;
    for (; j < vector_end; j += W) store<W>(row + j, load<W>(row + j) + a * load<W>(d + j));
    for (; j < j1; ++j) row[j] += a * d[j];
  }
}

// scatter_gather_rows for n >= C. Chunk i scatters columns [i·C, (i+1)·C) and then gathers the
// same columns, the last chunk [n - C, n) as gather_chunks does. Walked backwards, that overlap
// reads columns of the chunk before it not yet updated, but those outputs are written again,
// right, when that chunk is gathered after its own scatter.
template <int W, int C>
void scatter_gather_chunks(float* v, const int* s_at, const float* s_val, int s_nnz, const float* d,
                           float* out, const int* g_at, const float* g_val, int g_nnz, int n,
                           bool reverse) {
  const int chunks = (n + C - 1) / C;
  for (int t = 0; t < chunks; ++t) {
    const int i = reverse ? chunks - 1 - t : t;
    const int begin = i * C, end = min_of(n, begin + C);
    if (end - begin == C)
      scatter_chunk<W, C>(v, s_at, s_val, s_nnz, d, begin);
    else
      scatter_range<W>(v, s_at, s_val, s_nnz, d, begin, end);
    gather_chunk<W, C>(out, v, g_at, g_val, g_nnz, min_of(begin, n - C));
  }
}

// matvec_t_add_outer for columns [c0, c0 + C): out = Wᵀ·e summed in registers while each row
// of W is read once and updated, W += d·xᵀ, right after it was read.
template <int W, int C>
void backward_chunk(float* out, float* w, const float* e, const float* d, const float* x, int rows,
                    int cols, int c0) {
  constexpr int kVectors = C / W;
  typename Vec<W>::type acc[kVectors] = {}, xc[kVectors];
  for (int q = 0; q < kVectors; ++q) xc[q] = load<W>(x + c0 + W * q);
  for (int r = 0; r < rows; ++r) {
    float* row = w + static_cast<size_t>(r) * static_cast<size_t>(cols) + c0;
    const float er = e[r], dr = d[r];
    for (int q = 0; q < kVectors; ++q) {
      const typename Vec<W>::type old = load<W>(row + W * q);
      acc[q] += er * old;
      store<W>(row + W * q, old + dr * xc[q]);
    }
  }
  std::memcpy(out + c0, acc, sizeof acc);
}

// Chunks of C columns, then of one vector, then the last few one by one (no overlap: W is
// updated). With 16-float vectors, 200 columns are 2 chunks of 80, 2 vectors and 8 columns;
// with the last 40 columns one by one, this kernel ran 2x slower than on 8-float vectors.
template <int W, int C>
void backward_chunks(float* out, float* w, const float* e, const float* d, const float* x, int rows,
                     int cols) {
  int c0 = 0;
  for (; c0 + C <= cols; c0 += C) backward_chunk<W, C>(out, w, e, d, x, rows, cols, c0);
  for (; c0 + W <= cols; c0 += W) backward_chunk<W, W>(out, w, e, d, x, rows, cols, c0);
  for (int c = c0; c < cols; ++c) {
    float sum = 0.0f;
    for (int r = 0; r < rows; ++r) {
      float& weight = w[static_cast<size_t>(r) * static_cast<size_t>(cols) + c];
      sum += e[r] * weight;
      weight += d[r] * x[c];
    }
    out[c] = sum;
  }
}

}  // namespace
}  // namespace digitlab::kernels
