// The hot kernels on 16-float AVX-512 vectors (kernels_vector.h), for kernels.cpp to run on a
// CPU with AVX-512F when asked (DIGITLAB_SIMD=avx512): preferred_vector_level() says why it is
// not the default. CMakeLists.txt compiles this file alone with -mavx512f. That flag makes FMA
// instructions available (with Clang), but the core's -ffp-contract=off still rounds every
// product and sum separately, as every other level does.
#if defined(__AVX512F__)
#include "kernels/kernels_level_build.h"

namespace digitlab::kernels {

// 80 columns a sparse chunk (5 vectors; 200 hidden units are 3 chunks, the last overlapping).
// matvec keeps 8-float vectors (its 8 partial sums), in blocks of 8 rows.
const LevelKernels& avx512_level_kernels() {
  static const LevelKernels table = level_kernels<16, 80, 8>(VectorLevel::Avx512);
  return table;
}

}  // namespace digitlab::kernels
#endif
