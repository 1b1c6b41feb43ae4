// gemm through the vector level in use (kernels_levels.h), and its naive twin.
#include "kernels/kernels_gemm.h"

#include <cstddef>
#include <vector>

#include "kernels/kernels_gemm_view.h"
#include "kernels/kernels_levels.h"

namespace digitlab::kernels {

void gemm(float* c, const float* a, const float* b, int m, int n, int k, bool trans_a, bool trans_b,
          bool accumulate) {
  // Reused between calls: the mini-batch trainer calls this a few times per batch.
  thread_local std::vector<float> scratch(kGemmScratchFloats);
  active_level_kernels().gemm(c, a, b, m, n, k, trans_a, trans_b, accumulate, scratch.data());
}

void gemm_naive(float* c, const float* a, const float* b, int m, int n, int k, bool trans_a,
                bool trans_b, bool accumulate) {
  const View va{a, k, m, trans_a}, vb{b, n, k, trans_b};
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < n; ++j) {
      float sum = 0.0f;
      for (int p = 0; p < k; ++p) sum += va.at(i, p) * vb.at(p, j);
      float& out = c[static_cast<size_t>(i) * n + j];
      out = accumulate ? out + sum : sum;
    }
}

}  // namespace digitlab::kernels
