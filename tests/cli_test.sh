#!/usr/bin/env bash
# End-to-end tests of the digitlab CLI: train / eval / predict / slice on real MNIST data, in
# both data formats, and the errors a user can cause (each must fail with a clear message).
#   tests/cli_test.sh DIGITLAB_BINARY MNIST_DIR
set -uo pipefail
bin=$1; mnist=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
failures=0
pass() { echo "ok   $1"; }
flunk() { echo "FAIL $1"; failures=$((failures + 1)); }
# expect_error NAME PATTERN CMD...: the command exits non-zero and stderr matches PATTERN.
expect_error() {
  local name=$1 pattern=$2; shift 2
  if "$@" >"$work/out" 2>"$work/err"; then flunk "$name (exit 0)"; return; fi
  grep -qiE "$pattern" "$work/err" && pass "$name" || { flunk "$name: $(cat "$work/err")"; }
}
last_accuracy() { tail -n 1 "$1" | sed -n 's/^test_accuracy=\([0-9.]*\)$/\1/p'; }
above() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a > b) }'; }

/usr/bin/python3 "$(dirname "$0")/make_fixtures.py" "$mnist" "$work" || { echo "fixtures failed"; exit 1; }

# Train on 3,000 IDX images; progress goes to stdout as plain lines when not on a terminal.
"$bin" train --limit 3000 --test-limit 1000 --hidden 64 --lr 0.3 --epochs 2 --seed 7 \
  --out "$work/m.dlm" >"$work/train.out" 2>&1 || flunk "train exited non-zero: $(cat "$work/train.out")"
acc=$(last_accuracy "$work/train.out")
[ -n "$acc" ] && above "$acc" 0.85 && pass "train IDX: last line test_accuracy=$acc > 0.85" || flunk "train IDX: $(tail -n 3 "$work/train.out")"
grep -q "epoch 1/2: test accuracy" "$work/train.out" && grep -q "epoch 2/2: test accuracy" "$work/train.out" \
  && pass "train prints test accuracy after each epoch" || flunk "per-epoch accuracy lines"
grep -qE "samples/s, ETA" "$work/train.out" && pass "train prints progress lines off a terminal" || flunk "progress lines"
# On a terminal (faked with script(1)) the progress is one redrawn bar with samples/s and ETA.
if command -v script >/dev/null; then
  script -qec "$bin train --limit 3000 --test-limit 100 --hidden 16 --epochs 1" /dev/null >"$work/tty.out" 2>&1
  grep -q $'\r' "$work/tty.out" && grep -qE '\[#+\.*\] +[0-9]+% .*samples/s  ETA' "$work/tty.out" \
    && pass "train draws a progress bar on a terminal" || flunk "progress bar: $(head -c 300 "$work/tty.out")"
fi
[ -s "$work/m.dlm" ] && pass "train --out writes a model" || flunk "no model written"

# Seeded: the same command gives the same model, byte for byte.
"$bin" train --limit 3000 --test-limit 1000 --hidden 64 --lr 0.3 --epochs 2 --seed 7 --quiet \
  --out "$work/m2.dlm" >/dev/null 2>&1
cmp -s "$work/m.dlm" "$work/m2.dlm" && pass "training is reproducible from its seed" || flunk "same seed, different model"

# eval agrees with train's last figure and prints the confusion matrix.
"$bin" eval --model "$work/m.dlm" --test-limit 1000 >"$work/eval.out" 2>&1
[ "$(last_accuracy "$work/eval.out")" = "$acc" ] && pass "eval reproduces train's accuracy ($acc)" || flunk "eval: $(tail -n 1 "$work/eval.out") vs $acc"
grep -q "confusion matrix" "$work/eval.out" && [ "$(grep -cE '^ +[0-9]( +[0-9]+){10}$' "$work/eval.out")" = 10 ] \
  && pass "eval prints a 10x10 confusion matrix" || flunk "confusion matrix"

# CSV: Kaggle-style header skipped (train), Rashid-style without header (test).
"$bin" train --train "$work/small-train.csv" --test "$work/small-test.csv" --hidden 64 --lr 0.3 \
  --epochs 1 --seed 7 --quiet >"$work/csv.out" 2>&1
acc_csv=$(last_accuracy "$work/csv.out")
[ -n "$acc_csv" ] && above "$acc_csv" 0.80 && pass "train CSV: test_accuracy=$acc_csv > 0.80" || flunk "train CSV: $(cat "$work/csv.out")"

# DIGITLAB_SIMD=sse2 keeps the kernels on 4-float vectors: the same model, bit for bit, as the
# first run's (8-float AVX2 vectors on a CPU that has them), and the train line says which ran.
DIGITLAB_SIMD=sse2 "$bin" train --limit 3000 --test-limit 1000 --hidden 64 --lr 0.3 --epochs 2 --seed 7 \
  --out "$work/m-sse2b.dlm" >"$work/train-sse2b.out" 2>&1
grep -q "; 4-float vectors" "$work/train-sse2b.out" && cmp -s "$work/m.dlm" "$work/m-sse2b.dlm" \
  && pass "DIGITLAB_SIMD=sse2 trains the same bits on 4-float vectors" \
  || flunk "DIGITLAB_SIMD=sse2: $(grep trained "$work/train-sse2b.out")"
expect_error "unknown DIGITLAB_SIMD refused" "DIGITLAB_SIMD must be auto or sse2" \
  env DIGITLAB_SIMD=avx9 "$bin" train --limit 10

# Mini-batch mode (an addition beside the book's per-sample rule): it learns too.
"$bin" train --limit 6000 --test-limit 1000 --hidden 64 --batch 32 --lr 3.2 --epochs 1 --seed 7 \
  --quiet >"$work/batch.out" 2>&1
acc_batch=$(last_accuracy "$work/batch.out")
[ -n "$acc_batch" ] && above "$acc_batch" 0.70 && pass "train --batch 32: test_accuracy=$acc_batch > 0.70" \
  || flunk "train --batch: $(cat "$work/batch.out")"

# predict: an index into the MNIST test set, and PNG drawings (black on white, off-centre, 10x).
"$bin" train --limit 20000 --hidden 100 --lr 0.3 --epochs 1 --seed 3 --test-limit 100 --quiet \
  --out "$work/p.dlm" >/dev/null 2>&1
"$bin" predict --model "$work/p.dlm" --index 0 >"$work/pred.out" 2>&1
[ "$(grep -c '^[0-9]  [0-9.]*' "$work/pred.out")" = 10 ] && grep -q '^label=7$' "$work/pred.out" && grep -q '^prediction=7$' "$work/pred.out" \
  && pass "predict --index prints ten outputs and the answer" || flunk "predict --index: $(cat "$work/pred.out")"
png_right=0
for png in "$work"/digit-*.png; do
  label=${png##*-}; label=${label%.png}
  "$bin" predict --model "$work/p.dlm" --png "$png" >"$work/png.out" 2>&1
  grep -q "^prediction=$label$" "$work/png.out" && png_right=$((png_right + 1))
done
[ "$png_right" -ge 4 ] && pass "predict --png: $png_right/5 drawings classified correctly" || flunk "predict --png: only $png_right/5"

# slice writes an IDX pair that train/eval read back.
"$bin" slice --count 50 --start 10 --images-out "$work/s-img" --labels-out "$work/s-lab" >/dev/null 2>&1
"$bin" eval --model "$work/p.dlm" --test "$work/s-img" --test-labels "$work/s-lab" >"$work/slice.out" 2>&1
grep -q "of 50 test images" "$work/slice.out" && pass "slice writes a 50-image IDX pair" || flunk "slice: $(cat "$work/slice.out")"

# Errors a user can cause.
head -c 1000 "$work/m.dlm" >"$work/trunc.dlm"
printf 'hello' >"$work/foreign.dlm"
printf '\x00\x00\x08\x03\x00\x00\x00\x05\x00\x00\x00\x1c' >"$work/trunc-idx"
expect_error "missing model file" "does not exist|no such" "$bin" eval --model "$work/none.dlm"
expect_error "truncated model file" "truncated" "$bin" eval --model "$work/trunc.dlm"
expect_error "foreign model file" "not a digitlab model" "$bin" predict --model "$work/foreign.dlm" --index 0
expect_error "bad learning rate" "lr.*number" "$bin" train --lr fast
expect_error "learning rate out of range" "learning rate" "$bin" train --lr 0 --limit 10
expect_error "unknown option" "unknown option --bogus" "$bin" train --bogus
expect_error "bad batch size" "batch must be a whole number" "$bin" train --batch 0
expect_error "IDX images without labels" "labels" "$bin" train --train "$mnist/t10k-images-idx3-ubyte"
expect_error "truncated IDX" "truncat" "$bin" eval --model "$work/m.dlm" --test "$work/trunc-idx" --test-labels "$mnist/t10k-labels-idx1-ubyte"
expect_error "mismatched IDX pair" "10000 images.*60000 labels" "$bin" eval --model "$work/m.dlm" --test "$mnist/t10k-images-idx3-ubyte" --test-labels "$mnist/train-labels-idx1-ubyte"
expect_error "index out of range" "index" "$bin" predict --model "$work/m.dlm" --index 10000
expect_error "not an image" "not a readable image" "$bin" predict --model "$work/m.dlm" --png "$work/small-test.csv"
expect_error "image declaring 30000x30000 pixels" "30000x30000.*at most 4096x4096" "$bin" predict --model "$work/m.dlm" --png "$work/huge.png"
expect_error "unknown command" "unknown command" "$bin" fly
for c in train eval predict slice; do
  "$bin" $c --help | grep -q "^usage: digitlab $c" && pass "$c --help" || flunk "$c --help"
done

echo "$failures failure(s)"
[ "$failures" = 0 ]
