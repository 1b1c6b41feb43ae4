// gemm's blocked product: C = op(A)·op(B) in the classic blocked form (Goto's): op(B) is
// copied ("packed") in blocks of kGemmKc rows and panels of kGemmNr columns, op(A) in strips of
// kGemmMr rows, so the innermost loop, a kGemmMr×kGemmNr tile of C held in registers, reads both
// operands contiguously whatever their transposition. Each element of C sums its k products in
// order within a block of kGemmKc, and the blocks in order: the same numbers as the naive loop,
// grouped differently when k > kGemmKc.
//
// A template over the vector width W, with its own vectors (kernels_vector.h): one level's build
// of it for each file that builds a level (kernels_levels.h). Internal linkage on purpose, as
// in kernels_vector.h.
#pragma once
#include <cstddef>
#include <cstring>

#include "kernels/kernels_gemm_view.h"
#include "kernels/kernels_levels.h"
#include "kernels/kernels_vector.h"

namespace digitlab::kernels {
namespace {  // NOLINT(google-build-namespaces): see above

// Packs op(B)[p0, p0+kc) × [j0, j0+nc) as panels of kGemmNr columns, each kc rows of kGemmNr
// floats, zero-padded past column n.
void pack_b(float* out, const View& b, int p0, int kc, int j0, int nc) {
  for (int q = 0; q < nc; q += kGemmNr)
    for (int p = 0; p < kc; ++p)
      for (int t = 0; t < kGemmNr; ++t) *out++ = q + t < nc ? b.at(p0 + p, j0 + q + t) : 0.0f;
}

// Packs op(A)[i0, i0+kGemmMr) × [p0, p0+kc) as kc groups of kGemmMr floats, zero-padded past row m.
void pack_a(float* out, const View& a, int i0, int p0, int kc) {
  for (int p = 0; p < kc; ++p)
    for (int r = 0; r < kGemmMr; ++r) *out++ = i0 + r < a.rows ? a.at(i0 + r, p0 + p) : 0.0f;
}

// acc = Σ_p ap[p]·bp[p]ᵀ over a kGemmMr×kGemmNr tile. ap is (kc, kGemmMr), bp is (kc, kGemmNr).
// Vectors of W floats spelled out: as plain loops over acc[kGemmMr][kGemmNr], GCC unrolled the tile
// into scalar shuffles (4 GMAC/s instead of 18, SSE2), and with AVX-512 the whole product ran 4x
// slower.
template <int W>
void tile(float acc[kGemmMr][kGemmNr], const float* ap, const float* bp, int kc) {
  constexpr int kVectors = kGemmNr / W;
  typename Vec<W>::type sums[kGemmMr][kVectors] = {};
  for (int p = 0; p < kc; ++p, ap += kGemmMr, bp += kGemmNr) {
    typename Vec<W>::type row[kVectors];
    for (int q = 0; q < kVectors; ++q) row[q] = load<W>(bp + W * q);
    for (int r = 0; r < kGemmMr; ++r)
      for (int q = 0; q < kVectors; ++q) sums[r][q] += ap[r] * row[q];
  }
  std::memcpy(acc, sums, sizeof sums);
}

// scratch holds kGemmScratchFloats (kernels_levels.h): the caller's, so that no std::vector is
// instantiated here (see kernels_vector.h on linkage).
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
  float* packed_a = scratch + kGemmKc * (kGemmNc + kGemmNr);
  float acc[kGemmMr][kGemmNr];
  for (int j0 = 0; j0 < n; j0 += kGemmNc) {
    const int nc = min_of(kGemmNc, n - j0);
    for (int p0 = 0; p0 < k; p0 += kGemmKc) {
      const int kc = min_of(kGemmKc, k - p0);
      const bool add = accumulate || p0 > 0;
      pack_b(packed_b, vb, p0, kc, j0, nc);
      for (int i0 = 0; i0 < m; i0 += kGemmMr) {
        pack_a(packed_a, va, i0, p0, kc);
        const int mr = min_of(kGemmMr, m - i0);
        for (int q = 0; q < nc; q += kGemmNr) {
          tile<W>(acc, packed_a, packed_b + static_cast<size_t>(q) * kc, kc);
          const int nr = min_of(kGemmNr, nc - q);
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
