#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/fuzz_*.cpp) with clang, ASan and UBSan, makes their seed
# corpora (make_seeds.py), runs each target in turn and prints one line per target:
#   fuzz gzip: execs=123456 findings=0 seconds=10
# then a total line. Exits non-zero if any target finds something (a crash, a sanitizer report,
# a failed property check, a timeout, an out-of-memory); the input that did it is kept in
# OUT/artifacts/NAME/ and the target's log in OUT/logs/NAME.log.
#
# Usage: tests/fuzz/run.sh [--seconds N] [--time NAME=N]... [--only NAME[,NAME...]]
#                          [--out DIR] [--jobs N] [--seed N]
#   --seconds N     seconds per target (default 5)
#   --time NAME=N   seconds for one target, overriding --seconds (e.g. give fast targets more)
#   --only NAMES    run only these targets (comma-separated)
#   --out DIR       build folder (default build/fuzz); the corpora grow there between runs
#   --jobs N        parallel compiles (default 2); the targets themselves run one at a time
#   --seed N        libFuzzer's random seed (default: a new one each run). The test command fixes
#                   it, so its brief run tries the same inputs every time (a red CI run is then a
#                   change in the code, not a lucky draw); long runs leave it random to explore.
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=5
only=""
out=build/fuzz
jobs=2
seed_args=()
declare -A time_for=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --time) time_for[${2%%=*}]=${2#*=}; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --seed) seed_args=(-seed="$2"); shift 2 ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

# Longest input per target: room for a few MNIST rows or images, small enough to stay fast.
declare -A max_len=([gzip]=65536 [idx]=8192 [csv]=16384 [model]=4096 [preprocess]=65536
                    [uploads]=16384 [image]=65536 [manifest]=4096 [codec]=16384)

cxx=${CXX:-clang++}
flags=(-std=c++17 -O1 -g -fno-omit-frame-pointer -ffp-contract=off
       -fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=undefined
       -Isrc/core -Isrc/app -Isrc/cli -Itests/fuzz)
# The project's warnings, as errors, on the targets themselves (the sources they test get theirs
# from the CMake build).
warnings=(-Wall -Wextra -Wshadow -Wconversion -Wno-sign-conversion -Werror)
mkdir -p "$out/obj" "$out/bin" "$out/logs"

# ---- build: the core (all of it but the AVX2 and AVX-512 kernels, which are chosen at run time
# and need -mavx2 / -mavx512f), plus the app and CLI files with a parser: the upload router, the
# training protocol's byte codec and the image reader.
sources=()
for f in src/core/*.cpp src/core/*/*.cpp src/app/uploads.cpp src/app/training_codec.cpp src/cli/png_reader.cpp; do
  case $f in src/core/kernels/kernels_avx2.cpp | src/core/kernels/kernels_avx512.cpp) ;; *) sources+=("$f") ;; esac
done
# A changed compiler or flag set rebuilds everything; otherwise a source is rebuilt when it or
# any header is newer than its object.
stamp="$out/obj/flags"
if [ "$(cat "$stamp" 2>/dev/null)" != "$cxx ${flags[*]}" ]; then
  rm -f "$out"/obj/*.o
  echo "$cxx ${flags[*]}" >"$stamp"
fi
newest_header=$(ls -t src/*/*.h src/core/*/*.h tests/fuzz/*.h | head -1)
stale=()
objects=()
for f in "${sources[@]}"; do
  o="$out/obj/$(echo "${f#src/}" | tr / _).o"
  objects+=("$o")
  if [ ! -f "$o" ] || [ "$f" -nt "$o" ] || [ "$newest_header" -nt "$o" ]; then stale+=("$f"); fi
done
if [ ${#stale[@]} -gt 0 ]; then
  echo "fuzz: compiling ${#stale[@]} sources with $cxx (ASan, UBSan, coverage)"
  printf '%s\n' "${stale[@]}" | xargs -P "$jobs" -I{} sh -c \
    'o="$1/obj/$(echo "${2#src/}" | tr / _).o"; shift 2; exec "$@" -c "$0" -o "$o"' \
    {} "$out" {} "$cxx" "${flags[@]}"
  rm -f "$out/libdigitlab_fuzz.a"
fi
[ -f "$out/libdigitlab_fuzz.a" ] || ar rcs "$out/libdigitlab_fuzz.a" "${objects[@]}"

targets=()
for f in tests/fuzz/fuzz_*.cpp; do
  name=$(basename "$f" .cpp); name=${name#fuzz_}
  if [ -n "$only" ] && [[ ",$only," != *",$name,"* ]]; then continue; fi
  targets+=("$name")
  bin="$out/bin/fuzz_$name"
  if [ ! -f "$bin" ] || [ "$f" -nt "$bin" ] || [ "$out/libdigitlab_fuzz.a" -nt "$bin" ] ||
     [ "$newest_header" -nt "$bin" ]; then
    "$cxx" "${flags[@]}" "${warnings[@]}" -fsanitize=fuzzer "$f" "$out/libdigitlab_fuzz.a" -lz \
      -o "$bin"
  fi
done
if [ ${#targets[@]} -eq 0 ]; then echo "fuzz: no target matches '$only'" >&2; exit 2; fi

# ---- seeds: made by a script each run, never committed as binaries.
rm -rf "$out/seeds"
/usr/bin/python3 tests/fuzz/make_seeds.py "$out/seeds"

# ---- run, one target at a time.
total_execs=0
total_findings=0
total_seconds=0
for name in "${targets[@]}"; do
  s=${time_for[$name]:-$seconds}
  corpus="$out/corpus/$name"
  artifacts="$out/artifacts/$name"
  log="$out/logs/$name.log"
  mkdir -p "$corpus" "$artifacts" "$out/seeds/$name"
  started="$out/logs/$name.started"
  touch "$started"
  rc=0
  UBSAN_OPTIONS=print_stacktrace=1 "$out/bin/fuzz_$name" -max_total_time="$s" "${seed_args[@]}" \
    -rss_limit_mb=2048 -timeout=10 -max_len="${max_len[$name]:-65536}" -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "$corpus" "$out/seeds/$name" >"$log" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  findings=$(find "$artifacts" -type f -newer "$started" | wc -l)
  if [ "$rc" -ne 0 ] && [ "$findings" -eq 0 ]; then findings=1; fi
  echo "fuzz $name: execs=${execs:-0} findings=$findings seconds=$s"
  if [ "$findings" -gt 0 ]; then
    echo "  exit code $rc; log $log; inputs:"
    find "$artifacts" -type f -newer "$started" | sed 's/^/    /'
    grep -m5 -E 'ERROR|FUZZ_CHECK|runtime error|SUMMARY' "$log" | sed 's/^/  /' || true
    echo "  reproduce: $out/bin/fuzz_$name INPUT"
  fi
  total_execs=$((total_execs + ${execs:-0}))
  total_findings=$((total_findings + findings))
  total_seconds=$((total_seconds + s))
done
echo "fuzz total: execs=$total_execs findings=$total_findings seconds=$total_seconds targets=${#targets[@]}"
[ "$total_findings" -eq 0 ]
