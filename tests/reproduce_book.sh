#!/usr/bin/env bash
# Reproduces the book's two headline runs on the full MNIST (60,000 train / 10,000 test) over
# three seeds and prints a Markdown table for the README:
#   784-100-10, lr 0.3, 1 epoch   (book: ~94.7%)
#   784-200-10, lr 0.1, 5 epochs  (book: 97.1-97.5%)
#   784-200-10, lr 0.01, 10 epochs, each image also turned by +10 and -10 degrees (the book's
#   rotated copies; its repository records 97.5-97.8%)
# Usage: tests/reproduce_book.sh [DIGITLAB_BINARY]   (default build/native/digitlab)
set -euo pipefail
bin=${1:-build/native/digitlab}
seeds=(1 2 3)
echo "| network | lr | epochs | seed | test accuracy | training time | samples/s |"
echo "|---|---|---|---|---|---|---|"
run() {
  local hidden=$1 lr=$2 epochs=$3 seed=$4 augment=${5:-none} out
  out=$("$bin" train --hidden "$hidden" --lr "$lr" --epochs "$epochs" --seed "$seed" \
    --augment "$augment" 2>&1)
  local acc secs rate
  acc=$(tail -n 1 <<<"$out" | sed 's/test_accuracy=//')
  secs=$(sed -n 's/^trained [0-9]* samples in \([0-9.]*\) s (\([0-9]*\) samples.*/\1/p' <<<"$out")
  rate=$(sed -n 's/^trained [0-9]* samples in \([0-9.]*\) s (\([0-9]*\) samples.*/\2/p' <<<"$out")
  local name="784-$hidden-10"
  [ "$augment" = none ] || name="$name, ±10° copies"
  echo "| $name | $lr | $epochs | $seed | $acc | $secs s | $rate |"
  echo "${name// /_} $acc" >>"$summary"
}
summary=$(mktemp); trap 'rm -f "$summary"' EXIT
for s in "${seeds[@]}"; do run 100 0.3 1 "$s"; done
for s in "${seeds[@]}"; do run 200 0.1 5 "$s"; done
for s in "${seeds[@]}"; do run 200 0.01 10 "$s" book; done
echo
awk '{ n[$1]++; sum[$1] += $2; if (!($1 in lo) || $2 < lo[$1]) lo[$1] = $2; if ($2 > hi[$1]) hi[$1] = $2 }
     END { for (h in n) printf("%s: mean %.4f, range %.4f..%.4f over %d seeds\n", h, sum[h] / n[h], lo[h], hi[h], n[h]) }' "$summary" | tr _ ' ' | sort
