#!/usr/bin/env bash
# The speed benchmark (issue 4): the book's workload — one epoch of 784-200-10, sigmoid,
# per-sample SGD, lr 0.1, over MNIST's 60,000 training images in file order, then the 10,000
# test images queried one at a time — measured in one run on this machine for:
#   digitlab native (the CLI; again with DIGITLAB_SIMD=sse2, WebAssembly's vector width, and
#   with DIGITLAB_SIMD=avx512 on a CPU with AVX-512),
#   digitlab as WebAssembly in Node (the same CLI, digitlab-node.js),
#   [digitlab native with -march=native, if CMakeLists.txt offers DIGITLAB_NATIVE_ARCH],
#   the book's algorithm in NumPy (numpy_book.py) and in PyTorch (torch_book.py, 3 variants),
#   [the page in headless Chromium, if tests/bench/page_bench.mjs exists],
# plus the machine's memory-bandwidth bound for the workload (bandwidth.cpp) and each hot
# kernel's time on each vector level (kernel_levels.cpp, the figures behind kernels.cpp's table);
# and issue 9's workload in its own table — one epoch of 784-800-10, ReLU + softmax-CE, Adam at
# lr 0.001, batch 32, biases, He init, shuffled, then the test set — for:
#   digitlab native and as WebAssembly in Node (tests/bench/modern_bench.cpp on the core's
#   Trainer: targets modern_bench and modern-bench-node), and PyTorch (torch_modern.py). Their
#   seed (initial weights, shuffle) is the run's number, so --runs 3 compares accuracies over 3
#   seeds: one epoch's test accuracy varies by ~0.5 points from seed to seed.
# It prints figures; it passes or fails nothing (it is not a test: tests/run.sh is).
#
#   tests/bench/run.sh [--runs N] [--quick] [--save-plot] [--only book|modern]
#     --runs N     run every implementation N times, round-robin, and report the median
#                  (the machine is shared: round-robin spreads other jobs' load over all rows)
#     --quick      6,000 training / 2,000 test images, to try the harness (into build/bench/quick)
#     --save-plot  copy the plot to tests/bench/speed.png, the one tests/bench/README.md shows
#     --only W     one workload: book (the per-sample rows, the plot) or modern (issue 9's rows)
# Output: build/bench/results.json, a Markdown table on stdout, build/bench/speed.png.
# Build folders (default build/native, build/web; both made if missing and brought up to date
# with the sources, so the engine measured is the one in the tree): BENCH_NATIVE_DIR,
# BENCH_WEB_DIR. Builds use at most BENCH_JOBS (default 2) jobs: the machine has 2 cores.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

args=("$@") runs=1 quick=0 save_plot=0 only=""
while (($#)); do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --quick) quick=1; shift ;;
    --save-plot) save_plot=1; shift ;;
    --only) only=$2; shift 2 ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --runs needs a positive number" >&2; exit 2; }
[[ -z $only || $only == book || $only == modern ]] ||
  { echo "run.sh: --only takes book or modern" >&2; exit 2; }
book=1 modern=1
[ "$only" = modern ] && book=0
[ "$only" = book ] && modern=0

native=$(realpath -m "${BENCH_NATIVE_DIR:-build/native}")
web=$(realpath -m "${BENCH_WEB_DIR:-build/web}")
jobs=${BENCH_JOBS:-2}
out=$root/build/bench
((quick)) && out=$root/build/bench/quick
raw=$out/raw
mnist=$root/build/deps/mnist
py=/usr/bin/python3  # Debian's, with numpy and torch (the first python3 on PATH has neither)
stage() { printf '\n==== %s ====\n' "$*" >&2; }

# The workload. --quick shrinks it (figures then only check that the harness works).
train_limit=() test_limit=() py_limits=()
if ((quick)); then
  train_limit=(--limit 6000) test_limit=(--test-limit 2000)
  py_limits=(--limit 6000 --test-limit 2000)
fi

stage "dependencies"
tests/deps.sh build/deps >&2
# The references' packages: only the benchmark needs them (PyTorch is large), so they are
# installed here rather than by tests/deps.sh. libopenblas0-pthread: without it Debian's NumPy
# uses the slow reference BLAS, which would flatter digitlab.
bench_packages=(python3-numpy python3-torch python3-matplotlib libopenblas0-pthread time)
missing=()
for p in "${bench_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "bench: installing ${missing[*]}" >&2
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd=sudo
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

page=0
((book)) && [ -f tests/bench/page_bench.mjs ] && page=1

stage "native build ($native)"
if [ ! -f "$native/CMakeCache.txt" ]; then
  cmake -S . -B "$native" -DCMAKE_BUILD_TYPE=Release >&2
fi
grep -q '^CMAKE_BUILD_TYPE:STRING=Release$' "$native/CMakeCache.txt" ||
  { echo "run.sh: $native is not a Release build; point BENCH_NATIVE_DIR elsewhere" >&2; exit 1; }
# pretrained: the assets the web build's app bundles (its configure stops without them).
cmake --build "$native" -j"$jobs" --target digitlab pretrained >&2
((book)) && cmake --build "$native" -j"$jobs" --target kernel_levels >&2
((modern)) && cmake --build "$native" -j"$jobs" --target modern_bench >&2

# Optional: a build tuned for this CPU, if the kernels offer one. Not the headline figure (the
# default build targets plain x86-64 and must run anywhere), but what this machine can do.
# Optional rows stay out of the table, with a message, if their build fails.
arch=""
if ((book)) && grep -q DIGITLAB_NATIVE_ARCH CMakeLists.txt; then
  arch=$native-arch
  stage "native -march=native build ($arch)"
  if ! { [ -f "$arch/CMakeCache.txt" ] ||
         cmake -S . -B "$arch" -DCMAKE_BUILD_TYPE=Release -DDIGITLAB_NATIVE_ARCH=ON \
           -DDIGITLAB_APP=OFF -DDIGITLAB_TESTS=OFF >&2; } ||
     ! cmake --build "$arch" -j"$jobs" --target digitlab >&2; then
    echo "bench: the -march=native build failed; its row is left out" >&2
    arch=""
  fi
fi

stage "web build ($web)"
export NODE_PATH=/usr/share/nodejs  # Emscripten's optimizer needs Debian's acorn (TOOLCHAIN.md)
if [ ! -f "$web/CMakeCache.txt" ]; then
  # As tests/run.sh configures it, so the two share the folder without reconfiguring.
  emcmake cmake -S . -B "$web" -DCMAKE_BUILD_TYPE=Release -DDIGITLAB_TESTS=ON \
    -DDIGITLAB_ASSETS_DIR="$native/assets" -DDIGITLAB_MNIST_DIR="$mnist" >&2
fi
((book)) && cmake --build "$web" -j"$jobs" --target digitlab-node >&2
((modern)) && cmake --build "$web" -j"$jobs" --target modern-bench-node >&2
if ((page)) && ! cmake --build "$web" -j"$jobs" --target digitlab-web >&2; then
  echo "bench: the web app did not build; the page's row is left out" >&2
  page=0
fi

stage "memory bandwidth (bandwidth.cpp)"
mkdir -p "$raw"
rm -f "$raw"/*
# -march=native: the bound is what this CPU can move, so let the compiler use all of it.
g++ -std=c++17 -O3 -march=native -ffast-math tests/bench/bandwidth.cpp -o "$out/bandwidth"
"$out/bandwidth" "$mnist/train-images-idx3-ubyte" >"$raw/bandwidth.json"
cat "$raw/bandwidth.json" >&2
if ((book)); then
  stage "each kernel on each vector level (kernel_levels.cpp)"
  "$native/kernel_levels" >"$raw/kernel_levels.json"
  cat "$raw/kernel_levels.json" >&2
fi

# ---- the runs ----
# Each run writes $raw/<name>.<run>.out (its stdout) and .time (peak RSS in KB, from
# /usr/bin/time -f %M). One thread everywhere: digitlab and WASM are single-threaded; NumPy
# and PyTorch are pinned to one thread, which is faster than two at batch size 1 here.
timed() {  # timed FILE_STEM COMMAND... : stdout to STEM.out, peak RSS to STEM.time
  local stem=$1; shift
  /usr/bin/time -f %M -o "$stem.time" "$@" >"$stem.out"
}
# The references get the environment TOOLCHAIN.md asks for, in their commands alone: no
# OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE (pinned for old OpenBLAS builds, they slow this one).
# (PYTHONDONTWRITEBYTECODE: no __pycache__ left in the source tree by mnist_idx.py.)
ref_env=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
         PYTHONDONTWRITEBYTECODE=1)

cli_run() {  # cli_run NAME RUN COMMAND... : train one epoch, save the model, then eval it
  local name=$1 run=$2; shift 2
  timed "$raw/$name-train.$run" "$@" train --hidden 200 --lr 0.1 --epochs 1 --seed 1 \
    "${train_limit[@]}" "${test_limit[@]}" --out "$raw/$name.dlm"
  timed "$raw/$name-eval.$run" "$@" eval --model "$raw/$name.dlm" "${test_limit[@]}"
}

names=()
if ((book)); then
  names+=(native native-sse2)
  # The AVX-512 row where the core runs that level (its list in kernel_levels.json, run above).
  grep -q '"levels": \[[^]]*"avx512"' "$raw/kernel_levels.json" && names+=(native-avx512)
  [ -n "$arch" ] && names+=(native-arch)
  names+=(wasm-node numpy-book torch-autograd torch-book torch-book-addr)
  ((page)) && names+=(page)
fi
((modern)) && names+=(native-modern wasm-modern torch-modern)
echo "$(date -Is) load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >"$raw/load.txt"
for ((run = 1; run <= runs; run++)); do
  for name in "${names[@]}"; do
    stage "run $run/$runs: $name"
    case $name in
      native) cli_run native "$run" "$native/digitlab" ;;
      native-sse2) cli_run native-sse2 "$run" env DIGITLAB_SIMD=sse2 "$native/digitlab" ;;
      native-avx512) cli_run native-avx512 "$run" env DIGITLAB_SIMD=avx512 "$native/digitlab" ;;
      native-arch) cli_run native-arch "$run" "$arch/digitlab" ;;
      wasm-node) cli_run wasm-node "$run" node --no-experimental-fetch "$web/digitlab-node.js" ;;
      numpy-book)
        timed "$raw/numpy-book.$run" "${ref_env[@]}" "$py" tests/bench/numpy_book.py \
          "${py_limits[@]}" ;;
      native-modern)
        timed "$raw/native-modern.$run" "$native/modern_bench" --mnist "$mnist" --seed "$run" \
          "${py_limits[@]}" ;;
      wasm-modern)
        timed "$raw/wasm-modern.$run" node --no-experimental-fetch "$web/modern-bench-node.js" \
          --mnist "$mnist" --seed "$run" "${py_limits[@]}" ;;
      torch-modern)
        timed "$raw/torch-modern.$run" "${ref_env[@]}" "$py" tests/bench/torch_modern.py \
          --seed "$run" "${py_limits[@]}" ;;
      torch-*)
        timed "$raw/$name.$run" "${ref_env[@]}" "$py" tests/bench/torch_book.py \
          --variant "${name#torch-}" "${py_limits[@]}" ;;
      page)
        # The page's own benchmark (headless Chromium); its last stdout line is a JSON object.
        # Its figures are merged as they come; a failure there leaves the rest of the table.
        # NATIVE_CLI='': it would time the native CLI again; the native row is measured above.
        if ! timed "$raw/page.$run" env NATIVE_CLI= node tests/bench/page_bench.mjs "$web/site"; then
          echo "bench: page_bench.mjs failed (see $raw/page.$run.out); its row stays empty" >&2
        fi ;;
    esac
    for f in "$raw/$name.$run.out" "$raw/$name-train.$run.out" "$raw/$name-eval.$run.out"; do
      if [ -f "$f" ]; then tail -n 1 "$f" >&2; fi
    done
  done
done
echo "$(date -Is) load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$raw/load.txt"

stage "report"
"$py" tests/bench/report.py "$raw" "$out" --runs "$runs" --quick "$quick" \
  --command "tests/bench/run.sh${args[*]:+ ${args[*]}}"
if ((save_plot)) && [ -f "$out/speed.png" ]; then
  size=$(stat -c %s "$out/speed.png")
  if ((size < 100 * 1024)); then
    cp "$out/speed.png" tests/bench/speed.png
    echo "bench: copied the plot to tests/bench/speed.png ($size bytes)" >&2
  else
    echo "bench: $out/speed.png is $size bytes, over 100 KB: not copied into the repository" >&2
  fi
fi
