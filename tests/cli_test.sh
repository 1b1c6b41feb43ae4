#!/usr/bin/env bash
# End-to-end tests of the digitlab CLI: train / eval / predict / slice / weights / back-query on
# real MNIST data, in both data formats, and the errors a user can cause (each must fail with a
# clear message).
#   tests/cli_test.sh DIGITLAB_BINARY MNIST_DIR
set -uo pipefail
bin=$1; mnist=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
failures=0
pass() { echo "ok   $1"; }
flunk() { echo "FAIL $1"; failures=$((failures + 1)); }
# Exit statuses (src/cli/commands.h): 1 the run failed, 2 the command line is wrong.
# expect_exit CODE NAME PATTERN CMD...: the command exits with CODE and stderr matches PATTERN.
expect_exit() {
  local code=$1 name=$2 pattern=$3 status=0; shift 3
  "$@" >"$work/out" 2>"$work/err" || status=$?
  if [ "$status" != "$code" ]; then flunk "$name (exit $status, not $code): $(cat "$work/err")"; return; fi
  grep -qiE -e "$pattern" "$work/err" && pass "$name" || { flunk "$name: $(cat "$work/err")"; }
}
# A run that failed: exit 1.
expect_failure() { expect_exit 1 "$@"; }
# A wrong command line: exit 2, and the message points to the command's --help.
expect_usage() {
  local before=$failures
  expect_exit 2 "$@"
  [ "$failures" = "$before" ] && ! grep -q -e "--help" "$work/err" && flunk "$1: no pointer to --help"
  return 0
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
# The benchmark reads the summary line (tests/bench/report.py, page_bench.mjs).
grep -qE '^trained [0-9]+ samples in [0-9.]+ s \([0-9]+ samples/s\)' "$work/train.out" \
  && pass "train's summary line keeps the benchmark's form" || flunk "summary line: $(grep '^trained' "$work/train.out")"
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
# Each class's accuracy: ten lines whose counts add up to the correct images and the test set.
awk '/^  [0-9]: [0-9.]+ \([0-9]+ of [0-9]+\)$/ { n++; gsub(/[()]/, ""); c += $3; t += $5 }
     END { exit !(n == 10 && t == 1000) }' "$work/eval.out" \
  && [ "$(awk '/^  [0-9]: / { gsub(/[()]/, ""); c += $3 } END { print c }' "$work/eval.out")" = "$(sed -n 's/^\([0-9]*\) of 1000 test images correct$/\1/p' "$work/eval.out")" ] \
  && pass "eval prints each class's accuracy, adding up to the total" || flunk "per-class accuracy: $(grep -A10 'per true label' "$work/eval.out")"

# --mistakes-png: a greyscale PNG grid of the surest mistakes, listed surest first. The check
# decodes the PNG (zlib and PNG's row filters, no imaging library) and compares each tile, 3x
# enlarged, with the listed test image in the IDX file.
check_gallery() {  # PNG COUNT OUTPUT
  /usr/bin/python3 - "$1" "$2" "$3" "$mnist/t10k-images-idx3-ubyte" <<'EOF'
import math, re, struct, sys, zlib
png, count, out, idx = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
data = open(png, "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG signature"
pos, idat = 8, b""
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR": w, h, depth, colour = struct.unpack(">IIBB", body[:10])
    if kind == b"IDAT": idat += body
    pos += 12 + n
assert (depth, colour) == (8, 0), "not 8-bit greyscale"
raw, rows, prev = zlib.decompress(idat), [], bytearray(w)
for y in range(h):
    f, line = raw[y * (w + 1)], bytearray(raw[y * (w + 1) + 1:(y + 1) * (w + 1)])
    for x in range(w):
        a, b, c = line[x - 1] if x else 0, prev[x], prev[x - 1] if x else 0
        p = a + b - c
        pred = [0, a, b, (a + b) // 2, a if abs(p - a) <= min(abs(p - b), abs(p - c)) else b if abs(p - b) <= abs(p - c) else c][f]
        line[x] = (line[x] + pred) & 255
    rows.append(line); prev = line
listed = [(int(m[1]), float(m[2])) for m in re.finditer(r"^  image (\d+): \d -> \d \(([0-9.]+)\)$", open(out).read(), re.M)]
assert len(listed) == count, f"{len(listed)} mistakes listed, not {count}"
assert all(listed[k][1] >= listed[k + 1][1] for k in range(count - 1)), "not surest first"
cols = math.ceil(math.sqrt(count)); grid_rows = -(-count // cols)
assert (w, h) == (4 + cols * 88, 4 + grid_rows * 88), f"{w}x{h} for {count} tiles"
images = open(idx, "rb").read()
for k, (i, _) in enumerate(listed):
    left, top = 4 + (k % cols) * 88, 4 + (k // cols) * 88
    for y in range(84):
        for x in range(84):
            assert rows[top + y][left + x] == images[16 + i * 784 + (y // 3) * 28 + x // 3], f"tile {k}"
EOF
}
"$bin" eval --model "$work/m.dlm" --test-limit 1000 --mistakes-png "$work/mistakes.png" --mistakes 7 \
  >"$work/mistakes.out" 2>&1 && check_gallery "$work/mistakes.png" 7 "$work/mistakes.out" \
  && [ "$(last_accuracy "$work/mistakes.out")" = "$acc" ] \
  && pass "eval --mistakes-png: a PNG grid of the 7 surest mistakes, as listed; last line unchanged" \
  || flunk "eval --mistakes-png: $(tail -n 4 "$work/mistakes.out")"
expect_usage "eval: --mistakes 0" "--mistakes must be a whole number from 1 to 1000" \
  "$bin" eval --model "$work/m.dlm" --mistakes-png "$work/z.png" --mistakes 0
expect_usage "eval: --mistakes without --mistakes-png" "--mistakes-png FILE, which is missing" \
  "$bin" eval --model "$work/m.dlm" --mistakes 5
expect_usage "eval: --mistakes-png over the model" "same file" \
  "$bin" eval --model "$work/m.dlm" --mistakes-png "$work/m.dlm"
expect_failure "eval: --mistakes-png into a missing folder" "none/g.png" \
  "$bin" eval --model "$work/m.dlm" --test-limit 100 --mistakes-png "$work/none/g.png"
# Nothing wrong, nothing to show: said so, no file written (the first test image is an easy 7).
"$bin" eval --model "$work/m.dlm" --test-limit 1 --mistakes-png "$work/none.png" >"$work/none.out" 2>&1 \
  && grep -q "^1 of 1 test images correct" "$work/none.out" && grep -q "no mistakes to show" "$work/none.out" \
  && [ ! -e "$work/none.png" ] && pass "eval --mistakes-png without mistakes writes nothing and says so" \
  || flunk "no mistakes: $(cat "$work/none.out")"
[ ! -e "$work/z.png" ] && cmp -s "$work/m.dlm" "$work/m2.dlm" && pass "refused --mistakes-png runs write nothing" \
  || flunk "a refused --mistakes-png run wrote or changed a file"

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
# Every other level this CPU has trains the same bits too, and says so. The binary names its
# levels when it refuses one.
levels=$(DIGITLAB_SIMD=none "$bin" train --limit 10 2>&1 | sed -n "s/.*levels (auto, \(.*\)), got.*/\1/p")
[ -n "$levels" ] && pass "DIGITLAB_SIMD: this CPU's levels are $levels" \
  || flunk "DIGITLAB_SIMD: the refusal names no levels"
for level in ${levels//,/ }; do
  [ "$level" = sse2 ] && continue
  DIGITLAB_SIMD=$level "$bin" train --limit 3000 --test-limit 1000 --hidden 64 --lr 0.3 --epochs 2 \
    --seed 7 --out "$work/m-$level.dlm" >"$work/train-$level.out" 2>&1
  grep -q "vectors ($level)" "$work/train-$level.out" && cmp -s "$work/m.dlm" "$work/m-$level.dlm" \
    && pass "DIGITLAB_SIMD=$level trains the same bits" \
    || flunk "DIGITLAB_SIMD=$level: $(grep trained "$work/train-$level.out")"
done
expect_usage "unknown DIGITLAB_SIMD refused" "DIGITLAB_SIMD must be one of this CPU's levels \\(auto, sse2.*got 'avx9'" \
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

# A write cut short (here by a file-size limit) leaves the old model as it was: write_file
# writes a temporary file beside it and renames it over the model only once it is complete.
cp "$work/m.dlm" "$work/keep.dlm"
expect_failure "write cut short by a file-size limit fails" "cannot write.*keep.dlm.*too large" \
  bash -c 'ulimit -f 64; exec "$0" train --limit 200 --test-limit 10 --hidden 300 --epochs 1 --quiet --out "$1"' \
  "$bin" "$work/keep.dlm"
cmp -s "$work/m.dlm" "$work/keep.dlm" && "$bin" eval --model "$work/keep.dlm" --test-limit 10 >/dev/null 2>&1 \
  && pass "the old model is unchanged and still loads" || flunk "the old model was damaged"
ls "$work" | grep -q 'tmp-' && flunk "a temporary file was left: $(ls "$work" | grep tmp-)" || pass "no temporary file left behind"

# An output that names one of the command's inputs is refused before anything runs, whatever
# its spelling (./, a hard link), and the input is left as it was.
cp "$work/small-test.csv" "$work/data.csv"; ln "$work/data.csv" "$work/data-link.csv"
cp "$work/s-img" "$work/s-img.orig"; cp "$work/s-lab" "$work/s-lab.orig"
expect_usage "train --out = --train refused" "--out .* is the same file as --train" \
  "$bin" train --train "$work/data.csv" --test "$work/small-test.csv" --epochs 1 --out "$work/data.csv"
expect_usage "train --out = --test (another spelling) refused" "--out .* is the same file as --test" \
  "$bin" train --train "$work/small-test.csv" --test "$work/data.csv" --epochs 1 --out "$work/./data.csv"
expect_usage "train --out = a hard link to --train refused" "same file as --train" \
  "$bin" train --train "$work/data.csv" --test "$work/small-test.csv" --epochs 1 --out "$work/data-link.csv"
expect_usage "train --out = --train-labels refused" "same file as --train-labels" \
  "$bin" train --train "$work/s-img" --train-labels "$work/s-lab" --test "$work/small-test.csv" --epochs 1 --out "$work/s-lab"
expect_usage "train --out = --test-labels refused" "same file as --test-labels" \
  "$bin" train --train "$work/small-test.csv" --test "$work/s-img" --test-labels "$work/s-lab" --epochs 1 --out "$work/s-lab"
# The default input is checked too. --epochs 0 is refused right after the path check, so even a
# broken check cannot overwrite the shared MNIST file: the test only looks at which error comes.
expect_usage "train --out = the bundled MNIST refused" "same file as the bundled MNIST test images" \
  "$bin" train --epochs 0 --out "$mnist/t10k-images-idx3-ubyte"
expect_usage "slice --images-out = --labels-out refused" "--labels-out and --images-out name the same file" \
  "$bin" slice --count 5 --images-out "$work/same.idx" --labels-out "$work/same.idx"
expect_usage "slice --labels-out = its input refused" "--labels-out .* is the same file as --labels" \
  "$bin" slice --images "$work/s-img" --labels "$work/s-lab" --count 5 --images-out "$work/x-img" --labels-out "$work/s-lab"
cmp -s "$work/small-test.csv" "$work/data.csv" && cmp -s "$work/s-img" "$work/s-img.orig" && cmp -s "$work/s-lab" "$work/s-lab.orig" \
  && [ ! -e "$work/same.idx" ] && [ ! -e "$work/x-img" ] \
  && pass "refused commands left their inputs unchanged and wrote nothing" || flunk "a refused command wrote a file"
# slice writes both files or neither: the labels file cannot be made, so the old images file stays.
expect_failure "slice with an unwritable second output fails" "cannot write.*no-such-dir" \
  "$bin" slice --count 5 --images-out "$work/s-img" --labels-out "$work/no-such-dir/lab"
cmp -s "$work/s-img" "$work/s-img.orig" && ! ls "$work" | grep -q 'tmp-' \
  && pass "slice left the old images file and no temporary file" || flunk "slice replaced one file of the pair"
# A folder as the labels output is refused before anything is written: the images file stays
# byte-identical (it used to be replaced before the labels' rename failed on the folder).
mkdir -p "$work/labels-dir"
expect_failure "slice --labels-out a folder refused" "labels-dir' is a folder" \
  "$bin" slice --count 5 --images-out "$work/s-img" --labels-out "$work/labels-dir"
cmp -s "$work/s-img" "$work/s-img.orig" && [ -d "$work/labels-dir" ] && ! ls "$work" | grep -q 'tmp-' \
  && pass "slice refused the folder before replacing the images file" || flunk "slice replaced the images file before refusing the folder"
# A FIFO (or a device such as /dev/null) is refused, not replaced by a plain file.
mkfifo "$work/pipe.dlm"
expect_failure "train --out a FIFO refused" "pipe.dlm' is not a regular file" \
  "$bin" train --train "$work/small-train.csv" --test "$work/small-test.csv" --epochs 1 --hidden 5 --out "$work/pipe.dlm"
[ -p "$work/pipe.dlm" ] && pass "the FIFO is still a FIFO" || flunk "train --out replaced the FIFO with a plain file"

# A dataset with no images is refused as empty (it used to "train" and print -nan samples/s).
head -n 1 "$work/small-train.csv" >"$work/header-only.csv"
printf '\n\n' >"$work/blank.csv"
printf '\x00\x00\x08\x03\x00\x00\x00\x00\x00\x00\x00\x1c\x00\x00\x00\x1c' >"$work/none-img"
printf '\x00\x00\x08\x01\x00\x00\x00\x00' >"$work/none-lab"
expect_failure "CSV with only a header refused as empty" "no images.*empty" "$bin" train --train "$work/header-only.csv" --epochs 1
expect_failure "CSV of blank lines refused as empty" "no images.*empty" "$bin" eval --model "$work/m.dlm" --test "$work/blank.csv"
expect_failure "IDX pair of 0 images refused as empty" "declares 0 images.*empty" \
  "$bin" train --train "$work/none-img" --train-labels "$work/none-lab" --epochs 1
# A first CSV line that is not a header is an error naming it, not a silently dropped image.
{ printf 'x,'; tail -n 1 "$work/small-test.csv" | cut -d, -f2-; cat "$work/small-test.csv"; } >"$work/word-label.csv"
expect_failure "CSV first row with a word label refused" "line 1, field 1: 'x' is not a number" \
  "$bin" eval --model "$work/m.dlm" --test "$work/word-label.csv"

# Too large a learning rate saturates the network: the run finishes (exit 0) and says why its
# accuracy is at chance.
"$bin" train --limit 2000 --test-limit 500 --hidden 100 --lr 50 --epochs 1 --quiet \
  >"$work/lr50.out" 2>"$work/lr50.err" || flunk "train --lr 50 exited non-zero"
grep -q "warning after epoch 1: training has saturated: test accuracy .* at chance" "$work/lr50.err" \
  && grep -q "learning rate 50 is likely too large - try 0.1" "$work/lr50.err" \
  && pass "train --lr 50 warns that training has saturated" || flunk "lr 50 warning: $(cat "$work/lr50.err")"
! grep -q "saturated" "$work/train.out" && pass "a healthy run gives no saturation warning" \
  || flunk "warning on a healthy run"

# No line of any command's output shows a number that is not one.
! cat "$work"/*.out | grep -qiwE "nan|-nan|inf|infinity" && pass "no NaN or infinity in any output" \
  || flunk "non-finite number printed: $(cat "$work"/*.out | grep -iwE 'nan|inf' | head -3)"

# Errors a user can cause.
head -c 1000 "$work/m.dlm" >"$work/trunc.dlm"
printf 'hello' >"$work/foreign.dlm"
printf '\x00\x00\x08\x03\x00\x00\x00\x05\x00\x00\x00\x1c' >"$work/trunc-idx"
expect_failure "missing model file" "does not exist|no such" "$bin" eval --model "$work/none.dlm"
expect_failure "truncated model file" "truncated" "$bin" eval --model "$work/trunc.dlm"
expect_failure "foreign model file" "not a digitlab model" "$bin" predict --model "$work/foreign.dlm" --index 0
expect_usage "bad learning rate" "lr.*number" "$bin" train --lr fast
expect_usage "learning rate out of range" "learning rate" "$bin" train --lr 0 --limit 10
expect_usage "a layer over the cap" "16385 nodes.*1 to 16384" "$bin" train --hidden 16385 --limit 10
expect_usage "weights over the cap" "weights; at most 16777216" "$bin" train --hidden 16000,16000 --limit 10
expect_usage "epochs over the cap" "epochs.*1000" "$bin" train --epochs 1001 --limit 10
expect_usage "a batch over the cap" "batch size must be 1 to 512" "$bin" train --batch 513 --limit 10
# A network within the caps on a machine with less memory (a 200 MB address space here, in
# which a small network still trains): a message and exit 1, not an abort. Skipped where the
# limit stops the binary itself (ASan).
if (ulimit -v 200000 && "$bin" --help >/dev/null 2>&1) 2>/dev/null; then
  (ulimit -v 200000 && "$bin" train --hidden 100 --limit 10 --test-limit 10 --epochs 1 --quiet >/dev/null 2>&1) \
    && pass "a small network trains in the 200 MB space" || flunk "a small network failed in 200 MB"
  expect_failure "out of memory is a message" "out of memory" \
    bash -c 'ulimit -v 200000 && exec "$0" train --hidden 16384 --limit 10 --test-limit 10 --epochs 1' "$bin"
fi
expect_usage "unknown option" "unknown option --bogus" "$bin" train --bogus
expect_usage "bad batch size" "batch size must be 1 to 512, got 0" "$bin" train --batch 0
expect_failure "IDX images without labels" "labels" "$bin" train --train "$mnist/t10k-images-idx3-ubyte"
expect_failure "truncated IDX" "truncat" "$bin" eval --model "$work/m.dlm" --test "$work/trunc-idx" --test-labels "$mnist/t10k-labels-idx1-ubyte"
expect_failure "mismatched IDX pair" "10000 images.*60000 labels" "$bin" eval --model "$work/m.dlm" --test "$mnist/t10k-images-idx3-ubyte" --test-labels "$mnist/train-labels-idx1-ubyte"
expect_usage "index out of range" "index" "$bin" predict --model "$work/m.dlm" --index 10000
expect_failure "not an image" "not a readable image" "$bin" predict --model "$work/m.dlm" --png "$work/small-test.csv"
expect_failure "image declaring 30000x30000 pixels" "30000x30000.*at most 4096x4096" "$bin" predict --model "$work/m.dlm" --png "$work/huge.png"
# A model whose weights are finite but huge (|w| = 1e30) or near float's limit (the forward
# pass overflows to NaN; predict used to abort): refused with a message, exit 1.
/usr/bin/python3 - "$work/m.dlm" "$work" <<'PY'
import struct, sys, zlib
# The version-2 layout (src/core/data/model_file.h): H = 16 + 16(L-1), W at H+56, values at H+72.
data = open(sys.argv[1], "rb").read()
layers = struct.unpack("<I", data[8:12])[0]
h = 16 + 16 * (layers - 1)
count = struct.unpack("<Q", data[h + 56:h + 64])[0]
at = h + 72
weights = struct.unpack("<%df" % count, data[at:at + 4 * count])
for name, scale in (("huge-weights", 1e30), ("overflowing-weights", 3e38)):
    w = [scale if x > 0 else -scale for x in weights] if scale > 1e37 else [x * scale for x in weights]
    body = data[:at] + struct.pack("<%df" % count, *w) + data[at + 4 * count:-4]
    open("%s/%s.dlm" % (sys.argv[2], name), "wb").write(body + struct.pack("<I", zlib.crc32(body) & 0xFFFFFFFF))
# The same network as a version-1 file (digitlab before issue 9): activation 1, the sizes,
# lr, epochs seen, seed, samples seen, the weights.
sizes = [struct.unpack("<I", data[12:16])[0]] + [struct.unpack("<I", data[16 + 16 * l + 4:16 + 16 * l + 8])[0]
                                                 for l in range(layers - 1)]
lr = struct.unpack("<f", data[h + 20:h + 24])[0]
seed = struct.unpack("<Q", data[h + 8:h + 16])[0]
seen, samples = struct.unpack("<IQ", data[h + 44:h + 56])
body = (b"DLMD" + struct.pack("<III", 1, 1, layers) + struct.pack("<%dI" % layers, *sizes) +
        struct.pack("<fIQQQ", lr, seen, seed, samples, count) + data[at:at + 4 * count])
open("%s/v1.dlm" % sys.argv[2], "wb").write(body + struct.pack("<I", zlib.crc32(body) & 0xFFFFFFFF))
PY
for f in huge-weights overflowing-weights; do
  expect_failure "predict refuses $f" "weight [0-9]+ is .*beyond the bound of 1000000" "$bin" predict --model "$work/$f.dlm" --index 0
  expect_failure "eval refuses $f" "beyond the bound of 1000000" "$bin" eval --model "$work/$f.dlm" --test-limit 10
done
# A version-1 model file (written by digitlab before issue 9) still loads: the same weights
# classify alike.
"$bin" eval --model "$work/v1.dlm" --test-limit 1000 >"$work/eval-v1.out" 2>&1 \
  && [ "$(last_accuracy "$work/eval-v1.out")" = "$(last_accuracy "$work/eval.out")" ] \
  && pass "a version-1 model file loads and classifies as its version-2 twin" \
  || flunk "version-1 model: $(tail -n 2 "$work/eval-v1.out")"
# Files given in the wrong place are named by the core's sniffer (file_kind).
expect_failure "a dataset given as the model" "small-test.csv: not a digitlab model file: it looks like a CSV dataset" \
  "$bin" eval --model "$work/small-test.csv"
expect_failure "a model given as test data" "m.dlm\) is a digitlab model, not a dataset" \
  "$bin" eval --model "$work/m.dlm" --test "$work/m.dlm"
expect_failure "a model given as IDX labels" "labels \(.*m.dlm\) is a digitlab model" \
  "$bin" eval --model "$work/m.dlm" --test "$mnist/t10k-images-idx3-ubyte" --test-labels "$work/m.dlm"
expect_usage "unknown command" "unknown command" "$bin" fly
for c in train eval predict slice; do
  # Through a file: grep -q stops reading at its match, and a help longer than a pipe's
  # buffer would then end with SIGPIPE, failing the pipeline (pipefail).
  "$bin" $c --help >"$work/help-$c.out" && grep -q "^usage: digitlab $c" "$work/help-$c.out" \
    && pass "$c --help" || flunk "$c --help"
  "$bin" help $c >"$work/help-$c.out" && grep -q "^usage: digitlab $c" "$work/help-$c.out" \
    && pass "help $c" || flunk "help $c"
done

# --name=value is the same as --name value: the same model, byte for byte, as the first run's.
"$bin" train --limit=3000 --test-limit=1000 --hidden=64 --lr=0.3 --epochs=2 --seed=7 --quiet \
  --out="$work/m-equals.dlm" >/dev/null 2>&1
cmp -s "$work/m.dlm" "$work/m-equals.dlm" && pass "train --name=value trains the same model" \
  || flunk "train --name=value gave another model"
"$bin" eval --model="$work/m.dlm" --test-limit=1000 >"$work/eval-equals.out" 2>&1
[ "$(last_accuracy "$work/eval-equals.out")" = "$acc" ] && pass "eval --name=value" || flunk "eval --name=value: $(cat "$work/eval-equals.out")"
"$bin" predict --model="$work/p.dlm" --index=0 >"$work/pred-equals.out" 2>&1
cmp -s "$work/pred.out" "$work/pred-equals.out" && pass "predict --name=value" || flunk "predict --name=value: $(cat "$work/pred-equals.out")"
"$bin" slice --count=50 --start=10 --images-out="$work/s-img-eq" --labels-out="$work/s-lab-eq" >/dev/null 2>&1
cmp -s "$work/s-img" "$work/s-img-eq" && cmp -s "$work/s-lab" "$work/s-lab-eq" && pass "slice --name=value" || flunk "slice --name=value"
expect_usage "a flag given a value" "--quiet takes no value" "$bin" train --quiet=yes --limit 10
expect_usage "an empty --name= value" "--epochs must be a whole number.*got ''" "$bin" train --epochs= --limit 10

# --version prints the one version, CMakeLists.txt's project(VERSION).
version=$(sed -n 's/^project(digitlab VERSION \([0-9.]*\).*/\1/p' "$(dirname "$0")/../CMakeLists.txt")
[ -n "$version" ] && [ "$("$bin" --version)" = "digitlab $version" ] && pass "--version prints digitlab $version" \
  || flunk "--version: '$("$bin" --version 2>&1)', CMakeLists.txt says '$version'"
expect_usage "--version with another argument" "--version takes no other argument" "$bin" --version train

# Every choice of network and training (issue 9), on 2,000 images for 1 epoch. A baseline with
# the book's rule; each flag must show in the first line (the core's describe) and change the
# trained weights: the model's outputs for a test image differ from the baseline's (the files
# would differ anyway, as they record the settings).
small=(--limit 2000 --test-limit 500 --epochs 1 --seed 3)
"$bin" train "${small[@]}" --hidden 32 --out "$work/base.dlm" >"$work/base.out" 2>&1 \
  && head -n 1 "$work/base.out" | grep -q "^network 784-32-10; sgd lr 0.1; 1 epoch" \
  && pass "baseline: the first line describes 784-32-10, sgd lr 0.1" || flunk "baseline: $(head -n 3 "$work/base.out")"
"$bin" predict --model "$work/base.dlm" --index 0 >"$work/base-pred.out" 2>&1
# outputs_differ MODEL: MODEL's outputs for test image 0 are not the baseline's.
outputs_differ() {
  "$bin" predict --model "$1" --index 0 >"$work/pred-other.out" 2>&1 && ! cmp -s "$work/base-pred.out" "$work/pred-other.out"
}
# flag_changes_model NAME SHOWN FLAGS...: trains with FLAGS over the baseline's; the first line
# shows SHOWN, the saved line describes the network, and the model (which eval reads) computes
# other outputs.
flag_changes_model() {
  local name=$1 shown=$2; shift 2
  if ! "$bin" train "${small[@]}" --hidden 32 "$@" --out "$work/flag.dlm" >"$work/flag.out" 2>&1; then
    flunk "$name: $(tail -n 2 "$work/flag.out")"; return
  fi
  head -n 1 "$work/flag.out" | grep -qF -e "$shown" && grep -q "^saved $work/flag.dlm (784-32-10" "$work/flag.out" \
    && outputs_differ "$work/flag.dlm" && "$bin" eval --model "$work/flag.dlm" --test-limit 500 >/dev/null 2>&1 \
    && pass "$name: shown ('$shown'), other weights, a model eval reads" \
    || flunk "$name: $(head -n 1 "$work/flag.out")"
}
flag_changes_model "--optimizer momentum" "; momentum lr 0.1" --optimizer momentum
flag_changes_model "--optimizer nesterov" "; nesterov lr 0.1" --optimizer nesterov
flag_changes_model "--optimizer adam" "; adam lr 0.001" --optimizer adam --lr 0.001
flag_changes_model "--lr" "; sgd lr 0.3" --lr 0.3
flag_changes_model "--batch 8" "sgd lr 0.1, batch 8" --batch 8
flag_changes_model "--schedule step" "sgd lr 0.1, step" --schedule step
flag_changes_model "--schedule cosine" "sgd lr 0.1, cosine" --schedule cosine
flag_changes_model "--weight-decay" "weight decay 0.001" --weight-decay 0.001
flag_changes_model "--init he" "he init" --init he
flag_changes_model "--init glorot" "glorot init" --init glorot
flag_changes_model "--shuffle" "shuffled" --shuffle
flag_changes_model "--activation tanh" "784-32-10 tanh, book;" --activation tanh
flag_changes_model "--activation relu" "784-32-10 relu, book;" --activation relu --lr 0.01
flag_changes_model "--activation leaky-relu" "784-32-10 leaky-relu, book;" --activation leaky-relu --lr 0.01
flag_changes_model "--loss mse" "784-32-10 sigmoid, mse;" --loss mse
flag_changes_model "--loss softmax-ce" "784-32-10 sigmoid, softmax-ce;" --loss softmax-ce
flag_changes_model "--bias" "784-32-10 sigmoid, book, biases;" --bias
# --no-bias and --no-shuffle undo a preset's; together with their opposites they are a usage error.
"$bin" train "${small[@]}" --preset modern --layers 784,32,10 --epochs 1 --no-bias --no-shuffle \
  --out "$work/nob.dlm" >"$work/nob.out" 2>&1 \
  && head -n 1 "$work/nob.out" | grep -qF "784-32-10 relu, softmax-ce; adam" \
  && ! head -n 1 "$work/nob.out" | grep -qF -e "biases" -e "shuffled" \
  && pass "--no-bias and --no-shuffle undo the preset's" || flunk "--no-bias/--no-shuffle: $(head -n 1 "$work/nob.out")"
expect_usage "--bias with --no-bias" "--bias and --no-bias contradict" "$bin" train --bias --no-bias --limit 10
# --augment: the book's copies triple an epoch; settings are kept in the model (version 3) and
# a continued run uses them; out-of-range settings are usage errors naming the setting.
"$bin" train --limit 300 --test-limit 100 --epochs 1 --hidden 32 --augment book --out "$work/aug.dlm" \
  >"$work/aug.out" 2>&1 \
  && grep -q "^trained 900 samples" "$work/aug.out" && head -n 1 "$work/aug.out" | grep -qF "augment copies=10" \
  && "$bin" train --model "$work/aug.dlm" --limit 300 --test-limit 100 --epochs 1 >"$work/aug2.out" 2>&1 \
  && head -n 1 "$work/aug2.out" | grep -qF "augment copies=10" && grep -q "^trained 900 samples" "$work/aug2.out" \
  && pass "--augment book: 3 versions of each image, kept in the model and used when continuing" \
  || flunk "--augment book: $(head -n 1 "$work/aug.out"); $(grep trained "$work/aug.out" "$work/aug2.out")"
"$bin" train "${small[@]}" --hidden 32 --augment rotate=10,shear=0.2,elastic=16:4,thickness=0.5 --out "$work/aug3.dlm" \
  >"$work/aug3.out" 2>&1 && above "$(last_accuracy "$work/aug3.out")" 0.5 \
  && head -n 1 "$work/aug3.out" | grep -qF "augment rotate=10,shear=0.2,elastic=16:4,thickness=0.5" \
  && pass "--augment with every kind of distortion trains ($(last_accuracy "$work/aug3.out"))" \
  || flunk "--augment distortions: $(head -n 1 "$work/aug3.out"), $(tail -n 1 "$work/aug3.out")"
expect_usage "--augment rotate out of range" "--augment: rotate must be 0..45 degrees" \
  "$bin" train --limit 10 --augment rotate=50
expect_usage "--augment sigma 0" "elastic sigma must be above 0" "$bin" train --limit 10 --augment elastic=30:0
expect_usage "--augment scale that empties the image" "scale must be at least 0 and below 0.5" \
  "$bin" train --limit 10 --augment scale=0.9
"$bin" slice --count 50 --images-out "$work/more-i.idx" --labels-out "$work/more-l.idx" >/dev/null 2>&1 \
  && "$bin" train --limit 100 --test-limit 50 --epochs 1 --hidden 16 --add-train "$work/more-i.idx" \
    --add-train-labels "$work/more-l.idx" >"$work/add.out" 2>&1 \
  && head -n 1 "$work/add.out" | grep -qF "150 training, 50 test images" \
  && pass "--add-train appends images after --train's" || flunk "--add-train: $(head -n 1 "$work/add.out")"
expect_usage "--add-train-labels alone" "--add-train-labels was given without --add-train" \
  "$bin" train --limit 10 --add-train-labels "$work/more-l.idx"
expect_usage "--augment unknown setting" "unknown setting 'spin'" "$bin" train --limit 10 --augment spin=3
# Three sigmoid hidden layers learn slowly at the book's rate: well above chance (0.1) is the bar.
"$bin" train "${small[@]}" --layers 784,64,32,16,10 --out "$work/deep.dlm" >"$work/deep.out" 2>&1
acc_deep=$(last_accuracy "$work/deep.out")
"$bin" eval --model "$work/deep.dlm" --test-limit 500 >"$work/deep-eval.out" 2>&1
head -n 1 "$work/deep.out" | grep -q "^network 784-64-32-16-10; sgd lr 0.1" && [ -n "$acc_deep" ] && above "$acc_deep" 0.3 \
  && [ "$(last_accuracy "$work/deep-eval.out")" = "$acc_deep" ] \
  && pass "--layers 784,64,32,16,10: 3 hidden layers train (test_accuracy=$acc_deep) and eval reads the model" \
  || flunk "--layers with 3 hidden layers: $(head -n 1 "$work/deep.out"), $acc_deep, $(tail -n 1 "$work/deep-eval.out")"
# --hidden N is --layers 784,N,10: the same model, bit for bit.
"$bin" train "${small[@]}" --layers 784,32,10 --quiet --out "$work/layers.dlm" >/dev/null 2>&1
cmp -s "$work/base.dlm" "$work/layers.dlm" && pass "--layers 784,32,10 trains what --hidden 32 does" \
  || flunk "--layers 784,32,10 differs from --hidden 32"
# A preset, and flags over it: the preset's fields, then the flags'.
"$bin" train --limit 3000 --test-limit 500 --epochs 1 --preset modern --out "$work/modern.dlm" >"$work/modern.out" 2>&1
acc_modern=$(last_accuracy "$work/modern.out")
"$bin" eval --model "$work/modern.dlm" --test-limit 500 >"$work/modern-eval.out" 2>&1
head -n 1 "$work/modern.out" | grep -qF "784-256-128-10 relu, softmax-ce, biases; adam lr 0.001, batch 32, cosine, he init, shuffled; 1 epoch" \
  && pass "--preset modern: its architecture and training" || flunk "--preset modern: $(head -n 1 "$work/modern.out")"
[ -n "$acc_modern" ] && above "$acc_modern" 0.80 && [ "$(last_accuracy "$work/modern-eval.out")" = "$acc_modern" ] \
  && pass "--preset modern: 1 epoch on 3,000 images, test_accuracy=$acc_modern > 0.80; eval reads the model back" \
  || flunk "--preset modern: $(tail -n 2 "$work/modern.out") / $(tail -n 2 "$work/modern-eval.out")"
"$bin" train --limit 500 --test-limit 100 --epochs 1 --preset modern --optimizer sgd --lr 0.05 --batch 4 \
  --activation tanh >"$work/override.out" 2>&1
head -n 1 "$work/override.out" | grep -qF "784-256-128-10 tanh, softmax-ce, biases; sgd lr 0.05, batch 4, cosine, he init, shuffled" \
  && pass "flags override a preset's fields, the rest stay the preset's" || flunk "preset override: $(head -n 1 "$work/override.out")"
"$bin" train --help >"$work/help.out"
grep -qF -- "--activation NAME" "$work/help.out" && grep -qF "sigmoid|tanh|relu|leaky-relu" "$work/help.out" \
  && grep -qF "book|mse|softmax-ce" "$work/help.out" && grep -qF "sgd|momentum|nesterov|adam" "$work/help.out" \
  && grep -qF "constant|step|cosine" "$work/help.out" && grep -qF "book|he|glorot" "$work/help.out" \
  && grep -qF "book-100|book-200|modern" "$work/help.out" && grep -qE "^  modern +784-256-128-10" "$work/help.out" \
  && pass "train --help lists every choice and its values" || flunk "train --help: $(cat "$work/help.out")"
# Each preset's summary in one column, apart from its name, however long the longest name is.
[ "$(sed -n '/^presets/,/^options/p' "$work/help.out" | grep -E '^  [a-z0-9-]+ {2,}[^ ]' | sed -E 's/^(  [a-z0-9-]+ +).*/\1/' | awk '{ print length($0) }' | sort -u | wc -l)" = 1 ] \
  && grep -qE "^  deep-elastic +784-800-800-10" "$work/help.out" \
  && pass "train --help: the presets' summaries start in one column" || flunk "train --help presets: $(grep -A1 '^presets' "$work/help.out")"
# Bad values: exit 2, naming what is allowed.
expect_usage "--activation bad" "--activation: unknown activation 'cubic' \(one of: sigmoid, tanh, relu, leaky-relu\)" \
  "$bin" train --activation cubic --limit 10
expect_usage "--activation softmax" "softmax is the output layer's activation.*--loss softmax-ce" "$bin" train --activation softmax --limit 10
expect_usage "--loss bad" "unknown loss 'hinge' \(one of: book, mse, softmax-ce\)" "$bin" train --loss hinge --limit 10
expect_usage "--optimizer bad" "unknown optimizer 'rmsprop' \(one of: sgd, momentum, nesterov, adam\)" "$bin" train --optimizer rmsprop --limit 10
expect_usage "--schedule bad" "unknown schedule 'linear' \(one of: constant, step, cosine\)" "$bin" train --schedule linear --limit 10
expect_usage "--init bad" "unknown initialisation 'zeros' \(one of: book, he, glorot\)" "$bin" train --init zeros --limit 10
expect_usage "--preset bad" "unknown preset 'vintage' \(one of: book-100, book-200, modern, strong, deep-elastic\)" "$bin" train --preset vintage --limit 10
expect_usage "--weight-decay out of range" "weight decay must be a number in \[0, 1\]" "$bin" train --weight-decay 2 --limit 10
expect_usage "--weight-decay not a number" "--weight-decay must be a number" "$bin" train --weight-decay much --limit 10
expect_usage "--layers and --hidden together" "give --layers or --hidden, not both" "$bin" train --layers 784,20,10 --hidden 20 --limit 10
expect_usage "--layers not from 784 to 10" "--layers runs from the input, 784 pixels, to the output, 10" "$bin" train --layers 784,20,9 --limit 10
expect_usage "--layers with 5 hidden layers" "at most 4 hidden layers, got 5" "$bin" train --layers 784,8,8,8,8,8,10 --limit 10
expect_usage "--bias given a value" "--bias takes no value" "$bin" train --bias=yes --limit 10
# Continuing a model: as it is, or refused when the flags ask for another network.
"$bin" train --model "$work/base.dlm" "${small[@]}" --out "$work/more.dlm" >"$work/more.out" 2>&1 \
  && grep -qF "saved $work/more.dlm (784-32-10)" "$work/more.out" \
  && head -n 1 "$work/more.out" | grep -qF "continuing $work/base.dlm (1 epoch(s) so far): 784-32-10; sgd lr 0.1" \
  && outputs_differ "$work/more.dlm" && "$bin" eval --model "$work/more.dlm" --test-limit 10 >/dev/null 2>&1 \
  && pass "train --model continues a model" || flunk "train --model: $(head -n 3 "$work/more.out")"
"$bin" train --model "$work/base.dlm" "${small[@]}" --layers 784,32,10 --optimizer momentum --quiet >/dev/null 2>&1 \
  && pass "train --model with flags that agree with it" || flunk "train --model with agreeing --layers refused"
# A model continues as it was trained (its file records the run): modern's Adam, batches, etc.
"$bin" train --model "$work/modern.dlm" --limit 500 --test-limit 100 --quiet --out "$work/modern2.dlm" >/dev/null 2>&1
"$bin" train --model "$work/modern2.dlm" --limit 500 --test-limit 100 --epochs 1 --lr 0.0005 >"$work/modern3.out" 2>&1 \
  && head -n 1 "$work/modern3.out" | grep -qF "continuing $work/modern2.dlm (2 epoch(s) so far): 784-256-128-10 relu, softmax-ce, biases; adam lr 0.0005, batch 32, cosine, he init, shuffled" \
  && pass "a continued model keeps its training settings, with flags over them" || flunk "continuing modern: $(head -n 1 "$work/modern3.out")"
expect_usage "--model with another --hidden" "--model is a 784-32-10 network, but the flags ask for 784-64-10" \
  "$bin" train --model "$work/base.dlm" --hidden 64 --limit 10
expect_usage "--model with another activation" "--model is a 784-32-10 network, but the flags ask for 784-32-10 relu" \
  "$bin" train --model "$work/base.dlm" --activation relu --limit 10
expect_usage "--model with a preset of another network" "--model is a 784-32-10 network.*784-256-128-10" \
  "$bin" train --model "$work/base.dlm" --preset modern --limit 10
expect_usage "--model with --init (before the file is read)" "--init draws a new network's first weights" "$bin" train --model "$work/none.dlm" --init he --limit 10
expect_usage "--out = --model refused" "--out .* is the same file as --model" "$bin" train --model "$work/base.dlm" --out "$work/base.dlm" --limit 10
expect_failure "--model that does not exist" "does not exist" "$bin" train --model "$work/none.dlm" --limit 10
# Divergence is a failed run: exit 1, nothing saved.
expect_failure "a diverging run" "training diverged" "$bin" train --limit 1000 --test-limit 100 --epochs 1 \
  --activation leaky-relu --loss softmax-ce --bias --optimizer nesterov --lr 100 --out "$work/diverged.dlm"
[ ! -e "$work/diverged.dlm" ] && pass "a diverging run saves nothing" || flunk "a diverging run saved a model"

# Exit statuses: 2 for a wrong command line, 1 for a run that failed, for every command.
"$bin" help >/dev/null && pass "help exits 0" || flunk "help exited non-zero"
expect_exit 2 "no command at all" "usage: digitlab <command>" "$bin"
expect_usage "help of an unknown command" "unknown command 'fly'" "$bin" help fly
expect_usage "help of two commands" "at most one command" "$bin" help train eval
expect_usage "train: a missing value" "--epochs needs a value" "$bin" train --epochs
expect_usage "train: a stray word" "unexpected argument 'fast'" "$bin" train fast
expect_usage "train: labels without images" "--train-labels was given without --train" \
  "$bin" train --train-labels "$mnist/train-labels-idx1-ubyte"
expect_failure "train: a training file that does not exist" "training data.*does not exist" \
  "$bin" train --train "$work/none.csv" --epochs 1
expect_usage "eval: no --model" "--model FILE is required" "$bin" eval
expect_usage "eval: a bad number" "--test-limit must be a whole number" "$bin" eval --model "$work/m.dlm" --test-limit ten
expect_failure "eval: a test file that does not exist" "does not exist" "$bin" eval --model "$work/m.dlm" --test "$work/none.csv"
expect_usage "predict: neither --png nor --index" "either --png FILE or --index N" "$bin" predict --model "$work/m.dlm"
expect_usage "predict: both --png and --index" "either --png FILE or --index N" \
  "$bin" predict --model "$work/m.dlm" --index 0 --png "$work/any.png"
expect_usage "predict: a bad --index (before any file is read)" "--index must be a whole number" \
  "$bin" predict --model "$work/none.dlm" --index -1
expect_failure "predict: a drawing that does not exist" "does not exist" "$bin" predict --model "$work/m.dlm" --png "$work/none.png"
expect_usage "slice: no outputs" "--images-out and --labels-out are required" "$bin" slice --count 5
expect_usage "slice: --count 0" "--count must be a whole number from 1" "$bin" slice --count 0 --images-out "$work/c0-img" --labels-out "$work/c0-lab"
expect_usage "slice: --start past the end" "--start must be from 0 to 9999" \
  "$bin" slice --start 10000 --images-out "$work/c0-img" --labels-out "$work/c0-lab"
expect_failure "slice: images that are not a dataset" "images" \
  "$bin" slice --images "$work/foreign.dlm" --images-out "$work/c0-img" --labels-out "$work/c0-lab"

# Pictures of the inside (issue 10): the first layer's weight tiles and each class's picture.
# is_png FILE WxH: the PNG signature and, as file(1) decodes the header, that size.
is_png() {
  [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] \
    && file "$1" | grep -q "PNG image data, ${2/x/ x }, 8-bit/color RGB"
}
"$bin" weights --model "$work/m.dlm" --out "$work/w.png" >"$work/w.out" 2>&1 \
  && is_png "$work/w.png" 466x466 && grep -q "64 tiles, 466x466 pixels" "$work/w.out" \
  && pass "weights: 64 tiles of 28x28 at zoom 2 in an 8x8 grid, 466x466 PNG" || flunk "weights: $(cat "$work/w.out")"
"$bin" weights --model "$work/modern.dlm" --out "$work/wm.png" --zoom 1 >"$work/wm.out" 2>&1 \
  && is_png "$work/wm.png" 482x482 && pass "weights --zoom 1: 256 tiles in a 16x16 grid, 482x482" \
  || flunk "weights --zoom 1: $(cat "$work/wm.out")"
"$bin" back-query --model "$work/m.dlm" --out "$work/bq" >"$work/bq.out" 2>&1 && grep -q "the book's back query" "$work/bq.out" \
  && all_png=yes && for k in 0 1 2 3 4 5 6 7 8 9; do is_png "$work/bq/$k.png" 280x280 || all_png=no; done \
  && [ "$all_png" = yes ] && ! cmp -s "$work/bq/0.png" "$work/bq/1.png" \
  && pass "back-query (book net): the book's back query, 0.png ... 9.png at 280x280, differing by class" \
  || flunk "back-query (book net): $(cat "$work/bq.out")"
"$bin" back-query --model "$work/modern.dlm" --out "$work/bqm" --zoom 2 >"$work/bqm.out" 2>&1 \
  && grep -q "gradient ascent" "$work/bqm.out" && is_png "$work/bqm/7.png" 56x56 \
  && "$bin" back-query --model "$work/modern.dlm" --out "$work/bqm2" --zoom 2 >/dev/null 2>&1 \
  && cmp -s "$work/bqm/7.png" "$work/bqm2/7.png" && ! cmp -s "$work/bqm/7.png" "$work/bqm/3.png" \
  && pass "back-query (relu, softmax-ce): gradient ascent, 56x56 at zoom 2, the same pictures twice" \
  || flunk "back-query (relu): $(cat "$work/bqm.out")"
for c in weights back-query; do
  "$bin" $c --help >"$work/help-$c.out" && grep -q "^usage: digitlab $c" "$work/help-$c.out" \
    && pass "$c --help" || flunk "$c --help"
done
expect_usage "weights: no --out" "--model FILE and --out FILE are required" "$bin" weights --model "$work/m.dlm"
expect_usage "weights: --zoom 0" "--zoom must be a whole number from 1 to 8" "$bin" weights --model "$work/m.dlm" --out "$work/z.png" --zoom 0
expect_usage "weights: --out names the model" "m.dlm" "$bin" weights --model "$work/m.dlm" --out "$work/m.dlm"
expect_failure "weights: a model that does not exist" "does not exist" "$bin" weights --model "$work/none.dlm" --out "$work/z.png"
expect_usage "back-query: no --out" "--model FILE and --out DIR are required" "$bin" back-query --model "$work/m.dlm"
expect_failure "back-query: --out is a file" "cannot make the folder" "$bin" back-query --model "$work/m.dlm" --out "$work/w.png"
[ ! -e "$work/z.png" ] && pass "a refused weights run writes nothing" || flunk "a refused weights run left z.png"

# manifest: the bundled models' list the build writes (src/core/data/model_manifest.h), each
# model's accuracy measured on the test set, as eval measures it, and its preset's summary.
mkdir -p "$work/bundle" && cp "$work/m.dlm" "$work/bundle/a.dlm" && cp "$work/modern.dlm" "$work/bundle/b.dlm"
"$bin" manifest --out "$work/bundle/models.txt" --models first:a.dlm:book-200,second:b.dlm:modern \
  >"$work/manifest.out" 2>&1 || flunk "manifest exited non-zero: $(cat "$work/manifest.out")"
"$bin" eval --model "$work/m.dlm" >"$work/eval-full.out" 2>&1
full=$(last_accuracy "$work/eval-full.out")
[ -n "$full" ] && grep -qP "^first\ta\.dlm\t$full\tthe book's headline 784-200-10" "$work/bundle/models.txt" \
  && grep -qP '^second\tb\.dlm\t0\.[0-9]{4}\t784-256-128-10 ReLU' "$work/bundle/models.txt" \
  && pass "manifest: name, file, eval's accuracy ($full) and the preset's summary, in order" \
  || flunk "manifest: $(cat "$work/bundle/models.txt")"
expect_usage "manifest: no --models" "--models LIST is required" "$bin" manifest --out "$work/x.txt"
expect_usage "manifest: an entry that is not NAME:FILE:PRESET" "'a:a.dlm' is not NAME:FILE:PRESET" \
  "$bin" manifest --out "$work/x.txt" --models a:a.dlm
expect_usage "manifest: an unknown preset" "unknown preset 'vintage'" \
  "$bin" manifest --out "$work/x.txt" --models a:a.dlm:vintage
expect_usage "manifest: a name the page cannot take" "may hold only a-z" \
  "$bin" manifest --out "$work/x.txt" --models "A b:a.dlm:modern"
expect_usage "manifest: a name twice" "given twice" \
  "$bin" manifest --out "$work/x.txt" --models a:a.dlm:modern,a:b.dlm:modern
expect_failure "manifest: a model file that is not there" "missing\.dlm" \
  "$bin" manifest --out "$work/bundle/x.txt" --models a:missing.dlm:modern
[ ! -e "$work/x.txt" ] && [ ! -e "$work/bundle/x.txt" ] && pass "a refused manifest writes nothing" \
  || flunk "a refused manifest was written"

echo "$failures failure(s)"
[ "$failures" = 0 ]
