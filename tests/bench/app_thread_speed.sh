#!/usr/bin/env bash
# The desktop app's training speed on its thread host against the main-thread host (the
# page's fallback): the book network (784-200-10) on MNIST's 60,000 images, the App's real
# frames headless, paced like a 60 Hz display, 6 s each, beside the Trainer alone in a loop.
# The measurement is the skipped "bench:" case of tests/test_app_train_thread.cpp; its last line
# is machine-readable: app_train_speed thread=... main=... alone=... thread_vs_main=...
# A benchmark, not a test.   tests/bench/app_thread_speed.sh [BUILD_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build/native}
cmake --build "$build" -j"${JOBS:-2}" --target app_thread_tests >/dev/null
"$build/app_thread_tests" -tc="bench:*" --no-skip --success=false | grep -E "MESSAGE|app_train_speed" -A1 |
  grep -v "^--$"
