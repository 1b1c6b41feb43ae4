#!/usr/bin/env bash
# The desktop app's test-set evaluation (the Inside section's Evaluation tab, which evaluates on
# opening) against the CLI's: the same model (the pre-trained one) on the bundled MNIST's 10,000
# test images must give `digitlab eval`'s confusion matrix, cell for cell.
#   tests/app_evaluation.sh APP ASSETS_DIR CLI MNIST_DIR
set -euo pipefail
app=$1 assets=$2 cli=$3 mnist=$4
fail() { echo "app_evaluation: FAIL: $*" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_DATA_HOME=$tmp  # no model kept by the user's own runs

"$cli" eval --model "$assets/pretrained.dlm" --test "$mnist/t10k-images-idx3-ubyte" \
  --test-labels "$mnist/t10k-labels-idx1-ubyte" >"$tmp/cli.out" || fail "digitlab eval failed"
# Its matrix rows: "     a  n0 ... n9" -> "a: n0 ... n9".
grep -E '^ +[0-9]( +[0-9]+){10}$' "$tmp/cli.out" | awk '{ r = $1 ":"; for (i = 2; i <= 11; ++i) r = r " " $i; print r }' >"$tmp/cli.rows"
[ "$(wc -l <"$tmp/cli.rows")" = 10 ] || fail "no 10-row matrix from digitlab eval"

# The app: MNIST opened as if dropped, the Evaluation tab open; it evaluates in slices between
# frames, well within 300 of them.
xvfb-run -a "$app" --assets "$assets" --data-dir "$tmp" --frames 300 --print-state \
  --open "$mnist/train-images-idx3-ubyte" --open "$mnist/train-labels-idx1-ubyte" \
  --open "$mnist/t10k-images-idx3-ubyte" --open "$mnist/t10k-labels-idx1-ubyte" \
  --inside evaluation >"$tmp/app.out" 2>"$tmp/app.log" || { cat "$tmp/app.log" >&2; fail "the app failed"; }
sed -n 's/^confusion \([0-9]:.*\)$/\1/p' "$tmp/app.out" >"$tmp/app.rows"
[ "$(wc -l <"$tmp/app.rows")" = 10 ] || fail "the app printed no matrix: $(grep -E '^(confusion|error)' "$tmp/app.out")"
total=$(awk '{ for (i = 2; i <= NF; ++i) s += $i } END { print s }' "$tmp/app.rows")
[ "$total" = 10000 ] || fail "the app's matrix sums to $total, not the 10,000 test images"
diff "$tmp/cli.rows" "$tmp/app.rows" >&2 || fail "the app's matrix differs from digitlab eval's"
echo "app_evaluation: the app's confusion matrix is digitlab eval's ($total test images)"
