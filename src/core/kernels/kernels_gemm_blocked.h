// gemm's blocked product: C = op(A)·op(B) in the classic blocked form (Goto's): op(B) is
// copied ("packed") in blocks of kKc rows and panels of kNr columns, op(A) in strips of kMr rows,
// so the innermost loop, a kMr×kNr tile of C held in registers, reads both operands contiguously
// whatever their transposition. Each element of C sums its k products in order within a block of
// kKc, and the blocks in order: the same numbers as the naive loop, grouped differently when k >
// kKc.
//
// A template over the vector width W, with its own vectors (kernels_vector.h): one level's build
// of it for each file that builds a level (kernels_levels.h). Internal linkage on purpose, as
// in kernels_vector.h.
#pragma once
#include <cstddef>
#include <cstring>

#include "kernels/kernels_levels.h"
#include "kernels/kernels_vector.h"

namespace digitlab::kernels {
namespace {  // NOLINT(google-build-namespaces): see above

constexpr int kMr = 4;    // rows of the register tile
constexpr int kNr = 16;   // the tile's columns: 4 SSE/simd128, 2 AVX or 1 AVX-512 vector a row
constexpr int kKc = 256;  // depth of a packed block: a kKc×kNr panel of B is 16 KB, in L1
constexpr int kNc = 512;  // columns of a packed block: kKc×kNc of B is 512 KB, in L2

// op(X)(row, col) for a row-major X that is (rows, cols), or (cols, rows) read transposed.
struct View {
  const float* x;
  int cols;  // of op(X)
  int rows;  // of op(X)
  bool trans;
  float at(int r, int c) const {
    return trans ? x[static_cast<size_t>(c) * rows + r] : x[static_cast<size_t>(r) * cols + c];
  }
};

// Packs op(B)[p0, p0+kc) × [j0, j0+nc) as panels of kNr columns, each kc rows of kNr floats,
// zero-padded past column n.
void pack_b(float* out, const View& b, int p0, int kc, int j0, int nc) {
  for (int q = 0; q < nc; q += kNr)
    for (int p = 0; p < kc; ++p)
      for (int t = 0; t < kNr; ++t) *out++ = q + t < nc ? b.at(p0 + p, j0 + q + t) : 0.0f;
}

// Packs op(A)[i0, i0+kMr) × [p0, p0+kc) as kc groups of kMr floats, zero-padded past row m.
void pack_a(float* out, const View& a, int i0, int p0, int kc) {
  for (int p = 0; p < kc; ++p)
    for (int r = 0; r < kMr; ++r) *out++ = i0 + r < a.rows ? a.at(i0 + r, p0 + p) : 0.0f;
}

// acc = Σ_p ap[p]·bp[p]ᵀ over a kMr×kNr tile. ap is (kc, kMr), bp is (kc, kNr). Vectors of W
// floats spelled out: as plain loops over acc[kMr][kNr], GCC unrolled the tile into scalar
// shuffles (4 GMAC/s instead of 18, SSE2), and with AVX-512 the whole product ran 4x slower.
template <int W>
void tile(float acc[kMr][kNr], const float* ap, const float* bp, int kc) {
  constexpr int kVectors = kNr / W;
  typename Vec<W>::type sums[kMr][kVectors] = {};
  for (int p = 0; p < kc; ++p, ap += kMr, bp += kNr) {
    typename Vec<W>::type row[kVectors];
    for (int q = 0; q < kVectors; ++q) row[q] = load<W>(bp + W * q);
    for (int r = 0; r < kMr; ++r)
      for (int q = 0; q < kVectors; ++q) sums[r][q] += ap[r] * row[q];
  }
  std::memcpy(acc, sums, sizeof sums);
}

// scratch holds kGemmScratchFloats (kernels_levels.h): the caller's, so that no std::vector is
// instantiated here (see kernels_vector.h on linkage).
static_assert(kGemmScratchFloats >= kKc * (kNc + kNr) + kKc * kMr, "room for both packed blocks");
template <int W>
void gemm_blocked(float* c, const float* a, const float* b, int m, int n, int k, bool trans_a,
                  bool trans_b, bool accumulate, float* scratch) {
  const View va{a, k, m, trans_a}, vb{b, n, k, trans_b};
  if (k == 0) {
    if (!accumulate)
      for (size_t i = 0; i < static_cast<size_t>(m) * static_cast<size_t>(n); ++i) c[i] = 0.0f;
    return;
  }
  float* packed_b = scratch;
  float* packed_a = scratch + kKc * (kNc + kNr);
  float acc[kMr][kNr];
  for (int j0 = 0; j0 < n; j0 += kNc) {
    const int nc = min_of(kNc, n - j0);
    for (int p0 = 0; p0 < k; p0 += kKc) {
      const int kc = min_of(kKc, k - p0);
      const bool add = accumulate || p0 > 0;
      pack_b(packed_b, vb, p0, kc, j0, nc);
      for (int i0 = 0; i0 < m; i0 += kMr) {
        pack_a(packed_a, va, i0, p0, kc);
        const int mr = min_of(kMr, m - i0);
        for (int q = 0; q < nc; q += kNr) {
          tile<W>(acc, packed_a, packed_b + static_cast<size_t>(q) * kc, kc);
          const int nr = min_of(kNr, nc - q);
          for (int r = 0; r < mr; ++r) {
            float* out = c + static_cast<size_t>(i0 + r) * n + j0 + q;
            for (int t = 0; t < nr; ++t) out[t] = add ? out[t] + acc[r][t] : acc[r][t];
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace digitlab::kernels
