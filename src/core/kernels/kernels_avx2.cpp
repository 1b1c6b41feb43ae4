// The hot kernels on 8-float AVX2 vectors (kernels_vector.h), for kernels.cpp to run on a CPU
// with AVX2. CMakeLists.txt compiles this file alone with -mavx2 (no FMA: the core rounds every
// product and sum separately, as every other build does), so the rest of the library still runs
// on any x86-64.
//
// The level preferred_vector_level() picks on every CPU measured so far (kernels.cpp says by
// how much).
#if defined(__AVX2__)
#include "kernels/kernels_level_build.h"

namespace digitlab::kernels {

// 40 columns a sparse chunk: 5 vectors, and 200 hidden units are 5 chunks. matvec in blocks of
// 8 rows: 8 independent sums of one vector each, as the 4-float level's 4 rows of two.
const LevelKernels& avx2_level_kernels() {
  static const LevelKernels table = level_kernels<8, 40, 8>(VectorLevel::Avx2);
  return table;
}

}  // namespace digitlab::kernels
#endif
