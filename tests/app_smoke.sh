#!/usr/bin/env bash
# Desktop app smoke test: the real UI (GLFW + OpenGL 3 + ImGui) under a virtual X server renders
# 30 frames with the build's assets and saves the last one; the PNG must exist and not be blank.
#   tests/app_smoke.sh [APP] [ASSETS_DIR] [OUT_PNG]
# Defaults: build/native/digitlab-app, the assets folder beside it, build/native/screenshots/app.png.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
app=${1:-$root/build/native/digitlab-app}
assets=${2:-$(dirname "$app")/assets}
out=${3:-$(dirname "$app")/screenshots/app.png}
fail() { echo "app_smoke: FAIL: $*" >&2; exit 1; }

[ -x "$app" ] || fail "no app at $app (build it first)"
[ -f "$assets/pretrained.dlm" ] || fail "no pretrained.dlm in $assets"
mkdir -p "$(dirname "$out")"
rm -f "$out"
log=$(mktemp)
# A data folder of its own: a model kept by the user's own runs would change the screenshot.
XDG_DATA_HOME=$(mktemp -d)
export XDG_DATA_HOME
trap 'rm -f "$log"; rm -rf "$XDG_DATA_HOME"' EXIT

start=$(date +%s%N)
status=0
xvfb-run -a "$app" --assets "$assets" --frames 30 --screenshot "$out" 2>"$log" || status=$?
[ "$status" = 0 ] || { cat "$log" >&2; fail "the app exited with status $status"; }
ms=$((($(date +%s%N) - start) / 1000000))
# The app reports problems (unreadable assets, GL trouble) on stderr, prefixed with its name.
if grep -q '^digitlab-app:' "$log"; then cat "$log" >&2; fail "the app reported problems"; fi
[ -s "$out" ] || fail "no screenshot written"

# "Not blank": the UI has text, grey panels and coloured buttons, so well over a few colours.
# Plain Python (zlib + struct) decodes the PNG; no imaging library needed.
read -r width height colours < <(/usr/bin/python3 - "$out" <<'EOF'
import struct, sys, zlib
d = open(sys.argv[1], 'rb').read()
assert d[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
pos, idat = 8, []
while pos < len(d):
    n, kind = struct.unpack('>I4s', d[pos:pos + 8])
    body = d[pos + 8:pos + 8 + n]
    if kind == b'IHDR':
        w, h, depth, ctype = struct.unpack('>IIBB', body[:10])
    elif kind == b'IDAT':
        idat.append(body)
    pos += 12 + n
assert depth == 8 and ctype in (2, 6), 'expects 8-bit RGB or RGBA'
ch = 3 if ctype == 2 else 4
raw, stride = zlib.decompress(b''.join(idat)), w * ch
prev, colours = bytearray(stride), set()
for y in range(h):  # undo each row's PNG filter, then collect its colours
    f, line = raw[y * (stride + 1)], raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)]
    row = bytearray(line)
    if f == 2:
        row = bytearray((a + b) & 255 for a, b in zip(line, prev))
    elif f != 0:
        for i in range(stride):
            a = row[i - ch] if i >= ch else 0
            b, c = prev[i], (prev[i - ch] if i >= ch else 0)
            if f == 1:
                p = a
            elif f == 3:
                p = (a + b) >> 1
            else:
                q = a + b - c
                pa, pb, pc = abs(q - a), abs(q - b), abs(q - c)
                p = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            row[i] = (line[i] + p) & 255
    colours.update(bytes(row[i:i + 3]) for i in range(0, stride, ch))
    prev = row
print(w, h, len(colours))
EOF
)
[ "$width" = 1100 ] && [ "$height" = 720 ] || fail "screenshot is ${width}x${height}, expected 1100x720"
[ "$colours" -ge 20 ] || fail "screenshot looks blank ($colours colours): $out"
# The Inside section open on each tab, on a phone-sized window, with a test digit in the pad:
# the views draw in the real renderer without a complaint.
for tab in weights why pictures; do
  shot=$(dirname "$out")/inside-$tab.png
  status=0
  xvfb-run -a "$app" --assets "$assets" --size 400x844 --sample 0 --inside "$tab" --frames 10 \
    --screenshot "$shot" 2>"$log" || status=$?
  [ "$status" = 0 ] || { cat "$log" >&2; fail "the app exited with status $status (--inside $tab)"; }
  if grep -q '^digitlab-app:' "$log"; then cat "$log" >&2; fail "problems with --inside $tab"; fi
  [ -s "$shot" ] || fail "no screenshot written for --inside $tab"
done

echo "app_smoke: ok: 30 frames in ${ms} ms, ${width}x${height} screenshot with $colours colours: $out"
