#!/usr/bin/env bash
# Runs every test of digitlab, installing what is missing first (tests/deps.sh):
#   1. formatting check (.clang-format)
#   2. native build with warnings as errors: unit tests, CLI tests, headless ImGui test,
#      desktop app smoke test under Xvfb
#   3. the unit and CLI tests again under AddressSanitizer + UndefinedBehaviorSanitizer (and the
#      training thread's tests, under ThreadSanitizer too),
#      then every parser briefly under libFuzzer (tests/fuzz/run.sh; its README has the long run)
#   4. WebAssembly: the same unit tests in Node, then the page in headless Chromium
# Exits non-zero on the first failing stage. Usage: tests/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${JOBS:-2}
stage() { printf '\n==== %s ====\n' "$*"; }

stage "dependencies"
tests/deps.sh build/deps

stage "format (.clang-format)"
files=$(git ls-files 'src/*.cpp' 'src/*.h' 'tests/*.cpp' 2>/dev/null || find src tests -name '*.cpp' -o -name '*.h')
clang-format --dry-run --Werror $files
echo "formatting ok"

stage "native build (-Wall -Wextra -Werror)"
cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release -DDIGITLAB_WERROR=ON >/dev/null
cmake --build build/native -j"$jobs"
stage "native tests"
ctest --test-dir build/native --output-on-failure

stage "ASan + UBSan build"
# The app's sources too, for app_thread_tests (the App training on the desktop's thread host).
cmake -S . -B build/asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDIGITLAB_SANITIZE=ON \
  -DDIGITLAB_WERROR=ON >/dev/null
cmake --build build/asan -j"$jobs" --target unit_tests digitlab training_host_tests app_thread_tests
stage "tests under ASan + UBSan"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  build/asan/unit_tests
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  build/asan/training_host_tests
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  build/asan/app_thread_tests
ASAN_OPTIONS=detect_leaks=1 tests/cli_test.sh build/asan/digitlab build/deps/mnist
stage "ThreadSanitizer: the training thread (training_host_tests, app_thread_tests)"
# The app's sources are built for app_thread_tests alone (no CLI, no other test programs).
cmake -S . -B build/tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDIGITLAB_TSAN=ON \
  -DDIGITLAB_CLI=OFF -DDIGITLAB_WERROR=ON >/dev/null
cmake --build build/tsan -j"$jobs" --target training_host_tests app_thread_tests
TSAN_OPTIONS=halt_on_error=1 build/tsan/training_host_tests
TSAN_OPTIONS=halt_on_error=1 build/tsan/app_thread_tests
stage "fuzzing with libFuzzer (a few seconds per target)"
tests/fuzz/run.sh --seconds "${FUZZ_SECONDS:-5}" --seed 1 --jobs "$jobs"

stage "WebAssembly build"
export NODE_PATH=/usr/share/nodejs
emcmake cmake -S . -B build/web -DCMAKE_BUILD_TYPE=Release -DDIGITLAB_TESTS=ON \
  -DDIGITLAB_ASSETS_DIR="$PWD/build/native/assets" -DDIGITLAB_MNIST_DIR="$PWD/build/deps/mnist" \
  -DDIGITLAB_WERROR=ON >/dev/null
cmake --build build/web -j"$jobs"
stage "unit tests as WebAssembly in Node"
(cd build/web && node --no-experimental-fetch unit_tests.js)
stage "page in headless Chromium"
node tests/web/smoke.mjs build/web/site
node tests/web/draw.mjs build/web/site
node tests/web/touch.mjs build/web/site
node tests/web/idle.mjs build/web/site
node tests/web/worker.mjs build/web/site
node tests/web/train.mjs build/web/site
node tests/web/inside.mjs build/web/site
node tests/web/diagram.mjs build/web/site
node tests/web/evaluation.mjs build/web/site
node tests/web/mydigits.mjs build/web/site
node tests/web/step.mjs build/web/site
node tests/web/models.mjs build/web/site
# Drawn-set items drawn on the pad read by the strong model as the core reads them offline
# (needs build/native).
DRAWN_MODEL=strong node tests/web/drawn.mjs build/web/site
node tests/web/augment.mjs build/web/site

echo
echo "all tests passed"
