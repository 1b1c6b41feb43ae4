#!/usr/bin/env bash
# The vector levels' files (src/core/kernels/kernels_avx2.cpp, kernels_avx512.cpp) are compiled
# with -mavx2 / -mavx512f. Any weak symbol they define (an inline function or template with
# external linkage: a std:: template, say) may be shared with the portable files, and the linker
# may keep the AVX copy and run it on a CPU without AVX. So they must define none: only their
# table functions, and code with internal linkage.
#   tests/kernel_symbols.sh OBJECT_FILE...   (ctest passes the core's objects)
set -euo pipefail
checked=0 failures=0
for object in "$@"; do
  case $(basename "$object") in kernels_avx2.cpp.o | kernels_avx512.cpp.o) ;; *) continue ;; esac
  checked=$((checked + 1))
  weak=$(nm -C --defined-only "$object" | grep -E ' [WVu] ' || true)
  if [ -n "$weak" ]; then
    echo "FAIL $(basename "$object") defines weak symbols another file may share:"
    echo "$weak"
    failures=$((failures + 1))
  else
    echo "ok   $(basename "$object"): no weak symbols"
  fi
done
[ "$checked" -gt 0 ] || { echo "FAIL no vector level's object among the arguments"; exit 1; }
[ "$failures" -eq 0 ]
