#!/usr/bin/env bash
# The desktop app's bundled models (the model menu, src/app/model_menu.h), with the real binary
# under a virtual X server and XDG_DATA_HOME in a temp folder:
#   1. --model strong starts with strong.dlm from the assets folder (same CRC-32), not kept, and
#      the next plain start is the default again;
#   2. --model nope: the message naming the models, and the default model;
#   3. with a model of the user's kept from last time, --model strong asks before replacing it
#      (screenshotted) and the user's model stays.
#   tests/app_models.sh [APP] [ASSETS_DIR] [CLI] [OUT_PNG]
# Defaults: build/native/digitlab-app, the assets beside it, build/native/digitlab,
# build/native/screenshots/app-model-question.png.
set -euo pipefail
name=app_models
default_png=app-model-question.png
. "$(dirname "$0")/app_script.sh"
for f in strong.dlm models.txt; do [ -f "$assets/$f" ] || fail "no $f in $assets"; done
strong="784-512-10 crc32 $(crc "$assets/strong.dlm")"

# 1. --model strong: the file from the assets folder, named, not kept.
run --model strong
[ "$(state model)" = "$strong" ] || fail "--model strong: model $(state model), expected $strong"
[ "$(state bundled)" = strong ] || fail "--model strong: bundled '$(state bundled)'"
[ "$(state kept)" = no ] && [ ! -e "$kept" ] || fail "--model strong: the bundled model was kept"
state notice | grep -q "Loaded the bundled model 'strong'" || fail "--model strong: notice '$(state notice)'"
run
[ "$(state model)" = "$pretrained" ] && [ "$(state bundled)" = book ] ||
  fail "a plain start after --model strong: model $(state model), bundled '$(state bundled)'"

# 2. An unknown name: said, and the default.
run --model nope
state error | grep -q "There is no bundled model 'nope' (one of: book, strong). This is the default, 'book'." ||
  fail "--model nope: error '$(state error)'"
[ "$(state model)" = "$pretrained" ] || fail "--model nope: model $(state model)"

# 3. A model of the user's kept from last time: --model strong asks, and the model stays.
"$cli" train --hidden 20 --epochs 1 --limit 2000 --test-limit 100 --out "$tmp/mine.dlm" --quiet >/dev/null
mine="784-20-10 crc32 $(crc "$tmp/mine.dlm")"
run --open "$tmp/mine.dlm"
mkdir -p "$(dirname "$out")"
rm -f "$out"
run --model strong --screenshot "$out"
[ "$(state model)" = "$mine" ] || fail "kept model + --model strong: model $(state model), expected $mine"
state model-asking | grep -q "Replace the current model (784-20-10, none of the bundled ones) with 'strong'?" ||
  fail "kept model + --model strong: asking '$(state model-asking)'"
cmp -s "$kept" "$tmp/mine.dlm" || fail "the kept model was changed"
[ -s "$out" ] || fail "no screenshot of the question"
echo "app_models: ok: --model strong loads it unkept, an unknown name is said, a kept model is asked about ($out)"
