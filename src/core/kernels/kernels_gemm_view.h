// op(X), a matrix read as stored or transposed: how gemm's blocked product
// (kernels_gemm_blocked.h) and its naive twin (kernels_gemm.cpp) index their operands. Internal
// linkage on purpose, as in kernels_vector.h: the AVX files include it too.
#pragma once
#include <cstddef>

namespace digitlab::kernels {
namespace {  // NOLINT(google-build-namespaces): see kernels_vector.h

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

}  // namespace
}  // namespace digitlab::kernels
