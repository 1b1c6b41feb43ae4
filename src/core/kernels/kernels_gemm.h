// Matrix products for the mini-batch mode (training/engines.h): a blocked, packed product beside
// the naive triple loop it is tested against (STYLE 4).
#pragma once

namespace digitlab::kernels {

// C = op(A)·op(B), or C += op(A)·op(B) when accumulate. All row-major and dense.
// C is (m, n). op(A) is (m, k): A is (m, k), or (k, m) read transposed when trans_a.
// op(B) is (k, n): B is (k, n), or (n, k) read transposed when trans_b.
void gemm(float* c, const float* a, const float* b, int m, int n, int k, bool trans_a, bool trans_b,
          bool accumulate);
void gemm_naive(float* c, const float* a, const float* b, int m, int n, int k, bool trans_a,
                bool trans_b, bool accumulate);

}  // namespace digitlab::kernels
