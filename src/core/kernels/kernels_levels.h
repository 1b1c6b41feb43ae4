// One vector level's build of the hot kernels (kernels.h's "vector levels"), as a table of
// functions: kernels.cpp holds the build's own level and picks the table the kernels run on;
// kernels_avx2.cpp and kernels_avx512.cpp each make one more from the same templates
// (kernels_level_build.h), compiled for their instruction set.
#pragma once
#include "kernels/kernels.h"

namespace digitlab::kernels {

// gemm's blocks (kernels_gemm_blocked.h), here because its caller sizes the scratch from them.
constexpr int kGemmMr = 4;    // rows of the register tile
constexpr int kGemmNr = 16;   // the tile's columns: 4 SSE/simd128, 2 AVX or 1 AVX-512 vector a row
constexpr int kGemmKc = 256;  // depth of a packed block: a 256×16 panel of B is 16 KB, in L1
constexpr int kGemmNc = 512;  // columns of a packed block: 256×512 of B is 512 KB, in L2
// Room for gemm's packed blocks of B and of A.
constexpr int kGemmScratchFloats = kGemmKc * (kGemmNc + kGemmNr) + kGemmKc * kGemmMr;

struct LevelKernels {
  VectorLevel level;
  int floats;        // lanes of a vector
  int sparse_chunk;  // columns per chunk of the two sparse kernels: they need n >= this
  void (*sigmoid_all)(float* x, int n);
  void (*matvec)(float* out, const float* w, const float* x, int rows, int cols);
  void (*matvec_t_add_outer)(float* out, float* w, const float* e, const float* d, const float* x,
                             int rows, int cols);
  void (*gather_chunks)(float* out, const float* v, const int* at, const float* val, int nnz,
                        int n);
  void (*scatter_gather_chunks)(float* v, const int* s_at, const float* s_val, int s_nnz,
                                const float* d, float* out, const int* g_at, const float* g_val,
                                int g_nnz, int n, bool reverse);
  // scratch: kGemmScratchFloats floats for the packed blocks (kernels_gemm.cpp owns them).
  void (*gemm)(float* c, const float* a, const float* b, int m, int n, int k, bool trans_a,
               bool trans_b, bool accumulate, float* scratch);
};

// The table the kernels run on now (kernels.cpp): the preferred level's until
// use_vector_level() picks another.
const LevelKernels& active_level_kernels();

// The build's own level (kernels.cpp): 4-float vectors, or 8 where the build assumed AVX2.
const LevelKernels& own_level_kernels();
// Defined only where the build has them (DIGITLAB_X86_LEVELS), and called only on a CPU that
// can run them.
const LevelKernels& avx2_level_kernels();
const LevelKernels& avx512_level_kernels();

}  // namespace digitlab::kernels
