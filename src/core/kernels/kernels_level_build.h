// level_kernels(): one vector level's table of the hot kernels (kernels_levels.h), built from
// the templates of kernels_vector.h and kernels_gemm_blocked.h for the instruction set of the
// file that includes it (kernels.cpp, kernels_avx2.cpp, kernels_avx512.cpp). Internal linkage
// on purpose, as in kernels_vector.h.
#pragma once
#include "kernels/kernels_gemm_blocked.h"
#include "kernels/kernels_levels.h"
#include "kernels/kernels_vector.h"

namespace digitlab::kernels {
namespace {  // NOLINT(google-build-namespaces): see kernels_vector.h

// One level's table: W-float vectors, C columns per sparse chunk, R rows per matvec block.
// backward's chunks are 5 vectors of sums and 5 of x, so that both stay in registers (16 of
// them in SSE2, AVX2 and V8's WebAssembly code).
template <int W, int C, int R>
LevelKernels level_kernels(VectorLevel level) {
  return {level,
          W,
          C,
          sigmoid_vectors<W>,
          matvec_blocks<W, R>,
          backward_chunks<W, 5 * W>,
          gather_chunks<W, C>,
          scatter_gather_chunks<W, C>,
          gemm_blocked<W>};
}

}  // namespace
}  // namespace digitlab::kernels
