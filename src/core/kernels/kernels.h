// Kernels: the hot loops of training and queries. Every fast kernel has a naive twin beside it
// (STYLE 4) that states what it computes; tests/test_kernels.cpp compares each pair on random
// shapes.
//
// The fast versions are written so that GCC and Clang vectorise them for every target (SSE2 in
// the portable build, AVX2/AVX-512, simd128 in WebAssembly) without -ffast-math: where a sum is
// split into partial sums the split is written out, so every target adds the same numbers in the
// same order (and the core is built without FMA contraction), and training gives the same bits
// everywhere. Plain loops that looked equivalent ran 3-8x apart between compilers (GCC vectorised a
// short inner loop across the outer one with gathers, or unrolled it into scalars), so the vector
// kernels (matvec, sigmoid_all, the backward step, the sparse rows, gemm's tile) spell their
// vectors out with the compilers' vector extension; the comments say which shape was kept and why.
// The kernels training spends ~80% of its time in come in one build per vector level, chosen at run
// time (see "vector levels" below).
//
// Index: exp and sigmoid · dense (matvec, matvec_t, add_outer, matvec_t_add_outer, transpose) ·
// vector levels · sparse rows (nonzero_pixels, gather_rows, scatter_rows, scatter_gather_rows).
// Matrix products for mini-batches are in kernels_gemm.h.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>

namespace digitlab::kernels {

// e^x in float from + - * and bit moves only, so that every target rounds it alike and loops
// over it vectorise (sigmoid_all; libm's expf is a call per element). The usual scheme:
// x = k·ln2 + r with |r| <= ln2/2 (k rounded by adding 1.5·2^23; ln2 split in two so k·ln2 is
// exact), e^r from a polynomial (Cephes' minimax coefficients), times 2^k built in the exponent
// bits. Within 2 ulp of e^x (tests/test_kernels.cpp). x is clamped to [-87, 88], where 2^k stays
// a normal float: e^-100 comes out as e^-87 and e^100 as e^88, which moves no sigmoid by more
// than 2e-38. NaN stays NaN. F is float or a vector of floats, I the uint32 of the same shape
// (unsigned: the shift of a NaN's garbage must wrap, not overflow). Tag only tells instances
// apart: kernels_vector.h gives its own, so each vector level's file keeps its own copy.
template <typename F, typename I, typename Tag = void>
inline F exp_approx(F x) {
  const F zero = {};                        // constants as F: zero + c is c, in every lane
  x = x < zero - 87.0f ? zero - 87.0f : x;  // false for NaN, which passes through
  x = x > zero + 88.0f ? zero + 88.0f : x;
  constexpr float kRound = 12582912.0f;  // 1.5·2^23: adding it rounds to an integer
  const F shifted = x * 1.44269504f + kRound;
  const F k = shifted - kRound;
  const F r = (x - k * 0.693359375f) - k * -2.12194440e-4f;
  F p = zero + 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = (p * r) * r + r + 1.0f;
  // 2^k: k (-126..127) plus the exponent bias, in the exponent field. shifted's bits are
  // kRound's plus k (both share 2^23's exponent).
  I bits;
  std::memcpy(&bits, &shifted, sizeof bits);
  bits = (bits - (0x4B400000u - 127u)) << 23;  // 0x4B400000: kRound's own bits
  F two_k;
  std::memcpy(&two_k, &bits, sizeof two_k);
  return p * two_k;
}

// The book's activation, 1 / (1 + e^-x): one definition for every path.
inline float sigmoid(float x) {
  return 1.0f / (1.0f + exp_approx<float, uint32_t>(-x));
}

// x[i] = sigmoid(x[i]) for i < n, a vector at a time (vector_floats()): the same bits as
// sigmoid() one by one.
void sigmoid_all(float* x, int n);

// ---- dense: the book's layer, W row-major ----

// out = W·x. W is (rows, cols), x is (cols), out is (rows).
void matvec(float* out, const float* w, const float* x, int rows, int cols);
void matvec_naive(float* out, const float* w, const float* x, int rows, int cols);

// out = Wᵀ·e. W is (rows, cols), e is (rows), out is (cols).
void matvec_t(float* out, const float* w, const float* e, int rows, int cols);
void matvec_t_naive(float* out, const float* w, const float* e, int rows, int cols);

// W += d·xᵀ. W is (rows, cols), d is (rows), x is (cols).
void add_outer(float* w, const float* d, const float* x, int rows, int cols);
void add_outer_naive(float* w, const float* d, const float* x, int rows, int cols);

// matvec_t(out, w, e, rows, cols), then add_outer(w, d, x, rows, cols): a dense layer's
// backward step (the error passed back with the weights before the update, then the update) in
// one pass over W, with the same bits as the two calls.
void matvec_t_add_outer(float* out, float* w, const float* e, const float* d, const float* x,
                        int rows, int cols);
void matvec_t_add_outer_naive(float* out, float* w, const float* e, const float* d, const float* x,
                              int rows, int cols);

// out = inᵀ. in is (rows, cols), out is (cols, rows). Exact: the twins agree bit for bit.
void transpose(float* out, const float* in, int rows, int cols);
void transpose_naive(float* out, const float* in, int rows, int cols);

// ---- vector levels: the instruction set the hot kernels run on ----
// sigmoid_all, matvec, matvec_t_add_outer, gather_rows, scatter_gather_rows and gemm
// (kernels_gemm.h) are built once per level from the same templates (kernels_vector.h):
//   Floats4  4-float vectors: SSE2 in the portable x86-64 build, simd128 in WebAssembly;
//   Avx2     8-float vectors (kernels_avx2.cpp), in an x86-64 build, on a CPU with AVX2;
//   Avx512   16-float vectors (kernels_avx512.cpp), in an x86-64 build, on a CPU with AVX-512F.
// A build for a CPU with AVX2 (DIGITLAB_NATIVE_ARCH) has no Floats4: its own level is Avx2.
// Every level adds the same numbers in the same order (lanes are independent): the results are
// the same bits at every level, which tests/test_kernels.cpp checks on each level the CPU has.
enum class VectorLevel { Floats4, Avx2, Avx512 };
constexpr VectorLevel kVectorLevels[] = {VectorLevel::Floats4, VectorLevel::Avx2,
                                         VectorLevel::Avx512};
// "sse2" (Floats4; "simd128" in WebAssembly), "avx2", "avx512": DIGITLAB_SIMD's values.
const char* vector_level_name(VectorLevel level);
// The level named so, or false for a name that is none (or one this build cannot run).
bool vector_level_named(const char* name, VectorLevel* level);
bool vector_level_available(VectorLevel level);  // in this build, on this CPU
// The fastest level for this CPU, which the kernels use unless told otherwise: a table of what
// tests/bench/run.sh measured on each kind of CPU (kernels.cpp).
VectorLevel preferred_vector_level();
VectorLevel vector_level();  // the level in use
// Switches the kernels to an available level (false, and no change, otherwise). For a program's
// start (the CLI's DIGITLAB_SIMD) and tests: not while a kernel may be running on another thread.
bool use_vector_level(VectorLevel level);
int vector_floats();  // 4, 8 or 16: the level in use's vectors

// ---- sparse rows: a matrix stored by input, touched only at the inputs that are non-zero ----
// V is (rows, n) row-major; a sparse vector is nnz (offset, value) pairs, at[k] where its k-th
// row starts in V: the row's index times n, multiplied once by nonzero_pixels rather than in
// every chunk of every kernel (3% of the training time in WebAssembly).
// The fast and naive versions add in the same order (per output, k = 0, 1, ...), so without
// floating-point contraction they agree bit for bit.

// The non-zero pixels of an image as a sparse vector: at[k] = position·stride for each in order,
// val[k] = table[pixel]. pixels is (n); at and val have room for n. Returns nnz.
int nonzero_pixels(int* at, float* val, const uint8_t* pixels, const float* table, int n,
                   int stride);
int nonzero_pixels_naive(int* at, float* val, const uint8_t* pixels, const float* table, int n,
                         int stride);

// out = Σ_k val[k]·(V's row at at[k]). out is (n).
void gather_rows(float* out, const float* v, const int* at, const float* val, int nnz, int n);
void gather_rows_naive(float* out, const float* v, const int* at, const float* val, int nnz, int n);

// (V's row at at[k]) += val[k]·d for every k. d is (n).
void scatter_rows(float* v, const int* at, const float* val, int nnz, const float* d, int n);
void scatter_rows_naive(float* v, const int* at, const float* val, int nnz, const float* d, int n);

// scatter_rows(v, s_at, s_val, s_nnz, d, n), then gather_rows(out, v, g_at, g_val, g_nnz, n):
// one sample's update and the next sample's forward pass in one sweep over column chunks, so
// the rows both touch are still in L1 when the gather reads them. Every element goes through
// the same operations in the same order as in the two calls, so the results are the same bits.
// reverse walks the chunks last to first (the trainer alternates, so each sweep starts where
// the last one ended, on the rows it left in cache); it changes speed, never results.
void scatter_gather_rows(float* v, const int* s_at, const float* s_val, int s_nnz, const float* d,
                         float* out, const int* g_at, const float* g_val, int g_nnz, int n,
                         bool reverse);
void scatter_gather_rows_naive(float* v, const int* s_at, const float* s_val, int s_nnz,
                               const float* d, float* out, const int* g_at, const float* g_val,
                               int g_nnz, int n);

}  // namespace digitlab::kernels
