# What the desktop app's scripted tests share (sourced by tests/app_restart.sh and
# tests/app_models.sh, after they set `name`): their arguments' defaults, a temp XDG_DATA_HOME,
# and run/state, which start the real binary under a virtual X server and read its
# --print-state lines.
#   [APP] [ASSETS_DIR] [CLI] [OUT_PNG] as the sourcing script's arguments; OUT_PNG defaults to
#   build/native/screenshots/$default_png.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
app=${1:-$root/build/native/digitlab-app}
assets=${2:-$(dirname "$app")/assets}
cli=${3:-$(dirname "$app")/digitlab}
out=${4:-$(dirname "$app")/screenshots/$default_png}
fail() { echo "$name: FAIL: $*" >&2; exit 1; }
[ -x "$app" ] || fail "no app at $app (build it first)"
[ -x "$cli" ] || fail "no CLI at $cli (build it first)"
[ -f "$assets/pretrained.dlm" ] || fail "no pretrained.dlm in $assets"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_DATA_HOME=$tmp/data
kept=$XDG_DATA_HOME/digitlab/last-model.dlm
# The CRC-32 of a .dlm's bytes before its own stored CRC, as --print-state gives it.
crc() { /usr/bin/python3 -c 'import sys, zlib; print("%08x" % zlib.crc32(open(sys.argv[1], "rb").read()[:-4]))' "$1"; }
# One run of the app; its --print-state lines land in $tmp/state.
run() {
  local status=0
  xvfb-run -a "$app" --assets "$assets" --frames 6 --print-state "$@" >"$tmp/state" 2>"$tmp/log" ||
    status=$?
  [ "$status" = 0 ] || { cat "$tmp/log" >&2; fail "the app exited with status $status"; }
  if grep -q '^digitlab-app:' "$tmp/log"; then cat "$tmp/log" >&2; fail "the app reported problems"; fi
}
state() { sed -n "s/^$1 //p" "$tmp/state"; }
pretrained="784-200-10 crc32 $(crc "$assets/pretrained.dlm")"
