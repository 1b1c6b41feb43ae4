#!/usr/bin/env bash
# The bundled models on the drawn-digit test set (tests/drawn: scripted pen strokes replayed
# through the pad's brush and preprocessing, 60 of each class, seed 1): each class's accuracy
# and the overall one as a markdown table, then one line per model for scripts:
#   drawn_accuracy model=pretrained overall=0.9150 min_class=0.5667
# Models: build/native/assets/pretrained.dlm (the book's network), strong.dlm if it is there,
# and any .dlm files given. Not a timed test; the scores come from `digitlab eval`.
#   tests/bench/drawn_report.sh [BUILD_DIR] [MODEL.dlm ...]      (BUILD_DIR: build/native)
# Needs the native build's tools: cmake --build build/native --target drawn_digits digitlab pretrained
set -euo pipefail
cd "$(dirname "$0")/../.."

build=build/native
if [[ $# -gt 0 && $1 != *.dlm ]]; then
  build=$1
  shift
fi
tool=$build/drawn_digits
cli=$build/digitlab
for program in "$tool" "$cli"; do
  if [[ ! -x $program ]]; then
    echo "drawn_report: $program not found; build it first:" >&2
    echo "  cmake --build $build -j2 --target drawn_digits digitlab pretrained" >&2
    exit 1
  fi
done

# The set, made again when the generator is newer than it.
set_dir=$build/drawn
images=$set_dir/drawn-images.idx
labels=$set_dir/drawn-labels.idx
if [[ ! -f $images || ! -f $labels || $tool -nt $images ]]; then
  "$tool" --out "$set_dir" >&2
fi

models=()
for name in pretrained strong; do
  [[ -f $build/assets/$name.dlm ]] && models+=("$build/assets/$name.dlm")
done
models+=("$@")
if [[ ${#models[@]} -eq 0 ]]; then
  echo "drawn_report: no model: $build/assets/pretrained.dlm is missing (target pretrained)" >&2
  exit 1
fi

count=$(($(stat -c %s "$labels") - 8))
echo "Drawn-digit test set: $count items ($set_dir), accuracy per class in %"
echo
echo "| model | 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | overall |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
summaries=()
for model in "${models[@]}"; do
  name=$(basename "$model" .dlm)
  if ! out=$("$cli" eval --model "$model" --test "$images" --test-labels "$labels" 2>&1); then
    echo "drawn_report: digitlab eval failed for $model:" >&2
    echo "$out" >&2
    exit 1
  fi
  # eval's lines "  3: 0.9833 (59 of 60)" under "accuracy per true label", and test_accuracy=.
  read -r row summary < <(echo "$out" | awk -v name="$name" '
    /^accuracy per true label/ { per = 1; next }
    per && /^  [0-9]: / { acc[substr($1, 1, 1)] = $2; next }
    per { per = 0 }
    /^test_accuracy=/ { split($0, kv, "="); overall = kv[2] }
    END {
      row = "| " name " |"; min = 2
      for (c = 0; c < 10; ++c) {
        row = row sprintf(" %.1f |", 100 * acc[c])
        if (acc[c] + 0 < min) min = acc[c] + 0
      }
      row = row sprintf(" **%.1f** |", 100 * overall)
      gsub(/ /, "\x01", row)
      printf "%s drawn_accuracy\x01model=%s\x01overall=%.4f\x01min_class=%.4f\n", row, name, overall, min
    }')
  echo "${row//$'\x01'/ }"
  summaries+=("${summary//$'\x01'/ }")
done
echo
printf '%s\n' "${summaries[@]}"
