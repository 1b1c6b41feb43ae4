#!/usr/bin/env bash
# The desktop app's CPU time while nobody touches it: digitlab-app under a virtual X server
# (Mesa's software GL), left alone for IDLE_SECONDS (default 10) after a settling pause, its
# user+system CPU seconds over that window from /proc/PID/stat, with idling on (the default)
# and with --no-idle (a frame every refresh, as before src/app/idle_gate.h). One JSON line.
# A benchmark, not a test.   tests/bench/app_idle.sh [APP] [ASSETS_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
app=${1:-$root/build/native/digitlab-app}
assets=${2:-$(dirname "$app")/assets}
seconds=${IDLE_SECONDS:-10}
ticks=$(getconf CLK_TCK)
XDG_DATA_HOME=$(mktemp -d)
export XDG_DATA_HOME
display=":$((90 + RANDOM % 100))"
Xvfb "$display" -screen 0 1280x800x24 >/dev/null 2>&1 &
xvfb=$!
app_pid=
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  kill "$xvfb" 2>/dev/null || true
  rm -rf "$XDG_DATA_HOME"
}
trap cleanup EXIT
sleep 1

# CPU seconds (utime + stime, fields 14 and 15 of /proc/PID/stat) of one run of the app.
cpu_seconds() {
  awk -v t="$ticks" '{ sub(/^.*\) /, ""); printf "%.3f", ($12 + $13) / t }' "/proc/$1/stat"
}
measure() {
  DISPLAY=$display "$app" --assets "$assets" "$@" 2>/dev/null &
  app_pid=$!
  sleep 4  # start-up, the first frames, then past the gate's awake second
  local before after
  before=$(cpu_seconds "$app_pid")
  sleep "$seconds"
  after=$(cpu_seconds "$app_pid")
  kill "$app_pid"
  wait "$app_pid" 2>/dev/null || true
  app_pid=
  awk -v a="$after" -v b="$before" 'BEGIN { printf "%.3f", a - b }'
}

idle=$(measure)
busy=$(measure --no-idle)
echo "{\"idleSeconds\": $seconds, \"cpuSecondsIdling\": $idle, \"cpuSecondsNoIdle\": $busy}"
