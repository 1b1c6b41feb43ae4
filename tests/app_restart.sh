#!/usr/bin/env bash
# The desktop app never loses what the user made (issue 8), with the real binary under a
# virtual X server and XDG_DATA_HOME in a temp folder:
#   1. a model opened in one run is kept in $XDG_DATA_HOME/digitlab/last-model.dlm and is the
#      model of the next run (same layer sizes, same CRC-32 of its .dlm bytes);
#   2. a damaged kept file: the next run uses the pre-trained network and leaves the file alone;
#   3. Save pointed at the CSV just opened asks (the modal, screenshotted) and writes nothing;
#      Save to a new file writes the model;
#   4. Save past a file-size limit is an error the app reports, not a signal that kills it.
#   tests/app_restart.sh [APP] [ASSETS_DIR] [CLI] [OUT_PNG]
# Defaults: build/native/digitlab-app, the assets beside it, build/native/digitlab,
# build/native/screenshots/app-save-question.png.
set -euo pipefail
name=app_restart
default_png=app-save-question.png
. "$(dirname "$0")/app_script.sh"

# A model of the user's own: 784-20-10, one epoch on 2,000 MNIST images.
"$cli" train --hidden 20 --epochs 1 --limit 2000 --test-limit 100 --out "$tmp/mine.dlm" --quiet >/dev/null
mine="784-20-10 crc32 $(crc "$tmp/mine.dlm")"

# 1. Opened, kept, and there after a restart.
run
[ "$(state model)" = "$pretrained" ] || fail "first start: model $(state model), expected the pre-trained"
[ ! -e "$kept" ] || fail "a first start with the pre-trained network wrote $kept"
run --open "$tmp/mine.dlm"
[ "$(state model)" = "$mine" ] || fail "after --open: model $(state model), expected $mine"
cmp -s "$kept" "$tmp/mine.dlm" || fail "the opened model was not kept in $kept"
run
[ "$(state model)" = "$mine" ] || fail "after a restart: model $(state model), expected $mine"
[ "$(state kept)" = yes ] || fail "after a restart: the model is not marked as kept"
state notice | grep -q "from last time" || fail "after a restart: notice '$(state notice)'"

# 2. A damaged kept file: pre-trained network, a message, the file as it was.
printf 'DLMD damaged' >"$kept"
cp "$kept" "$tmp/damaged"
run
[ "$(state model)" = "$pretrained" ] || fail "damaged kept file: model $(state model)"
state notice | grep -q "could not be used" || fail "damaged kept file: notice '$(state notice)'"
cmp -s "$kept" "$tmp/damaged" || fail "the damaged kept file was changed"

# 3. Save over the CSV just opened: the question, nothing written. Save to a new file: written.
/usr/bin/python3 - "$tmp/train.csv" <<'PY'
import sys
rows = ['%d,%s' % (i % 10, ','.join(str((i * 7 + p) % 256) for p in range(784))) for i in range(50)]
open(sys.argv[1], 'w').write('\n'.join(rows) + '\n')
PY
cp "$tmp/train.csv" "$tmp/train.orig"
mkdir -p "$(dirname "$out")"
rm -f "$out"
run --open "$tmp/train.csv" --save "$tmp/train.csv" --screenshot "$out"
cmp -s "$tmp/train.csv" "$tmp/train.orig" || fail "Save wrote over the CSV without asking"
state asking | grep -q "is not a digitlab model (it looks like a CSV dataset). Overwrite it?" ||
  fail "Save over the CSV: asking '$(state asking)'"
[ -s "$out" ] || fail "no screenshot of the question"
run --open "$tmp/train.csv" --save "$tmp/new.dlm"
[ "$(state model)" = "$pretrained" ] || fail "save run: model $(state model)"
[ "784-200-10 crc32 $(crc "$tmp/new.dlm")" = "$pretrained" ] || fail "Save to a new file did not write the model"
state notice | grep -q "Saved the model to" || fail "save run: notice '$(state notice)'"
# 4. Save past a file-size limit (ulimit -f 64: 64 KiB, the model is ~630 KB): the app ignores
# SIGXFSZ, so the write fails with "File too large" and the app goes on; without that the
# kernel killed it mid-write (exit status 153), losing the unsaved model.
status=0
xvfb-run -a bash -c 'ulimit -f 64; exec "$0" "$@"' "$app" --assets "$assets" --frames 6 --print-state \
  --open "$tmp/train.csv" --save "$tmp/limited.dlm" >"$tmp/state" 2>"$tmp/log" || status=$?
[ "$status" = 0 ] || { cat "$tmp/log" >&2; fail "Save past a file-size limit: the app exited with status $status"; }
state error | grep -q "cannot write .*limited.dlm.*File too large" ||
  fail "Save past a file-size limit: error '$(state error)'"
[ ! -e "$tmp/limited.dlm" ] && ! ls "$tmp" | grep -q 'tmp-' ||
  fail "Save past a file-size limit left a file behind: $(ls "$tmp")"
echo "app_restart: ok: kept model restored, damaged file left alone, CSV not overwritten, a file-size limit reported ($out)"
