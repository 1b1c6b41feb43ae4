#!/usr/bin/env bash
# Builds the web app and serves it:   web/serve.sh   then open http://localhost:8080
#   1. tests/deps.sh (Debian packages, ImGui sources, MNIST; cached)
#   2. the native build in build/native, whose `pretrained` target trains the bundled models and
#      writes build/native/assets (pretrained.dlm, strong.dlm, their list models.txt, sample
#      digits) that the web build bundles
#   3. the WebAssembly build in build/web (target digitlab-web -> build/web/site)
#   4. a static server for build/web/site on http://localhost:$PORT
# A second run rebuilds only what changed. Environment: PORT (8080), JOBS (2), and
# NATIVE_DIR / WEB_DIR to build elsewhere than build/native / build/web.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-8080}
jobs=${JOBS:-2}
native=${NATIVE_DIR:-build/native}
web=${WEB_DIR:-build/web}
say() { printf '\n== %s\n' "$*"; }

say "dependencies"
tests/deps.sh build/deps

say "native build ($native): the pre-trained network and sample digits"
cmake -S . -B "$native" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$native" -j"$jobs"
[ -f "$native/assets/pretrained.dlm" ] || { echo "serve: $native/assets/pretrained.dlm was not built" >&2; exit 1; }

say "WebAssembly build ($web)"
export NODE_PATH=/usr/share/nodejs  # Emscripten 3.1.6's optimizer needs Debian's acorn
emcmake cmake -S . -B "$web" -DCMAKE_BUILD_TYPE=Release -DDIGITLAB_ASSETS_DIR="$PWD/$native/assets" \
  -DDIGITLAB_TESTS=ON >/dev/null
start=$(date +%s)
cmake --build "$web" -j"$jobs" --target digitlab-web
echo "web build: $(($(date +%s) - start)) s"

site=$web/site
say "serving $site on http://localhost:$port (Ctrl-C to stop)"
# Debian's Python (not the first python3 on PATH here) maps .wasm to application/wasm, which
# browsers require for streaming compilation; checked below rather than assumed.
/usr/bin/python3 -m http.server "$port" --bind 127.0.0.1 --directory "$site" &
server=$!
trap 'kill "$server" 2>/dev/null' EXIT INT TERM
for _ in $(seq 50); do
  curl -fsI "http://127.0.0.1:$port/" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { echo "serve: the server did not start (port $port in use? try PORT=...)" >&2; exit 1; }
  sleep 0.1
done
type=$(curl -fsI "http://127.0.0.1:$port/digitlab.wasm" | tr -d '\r' | awk -F': ' 'tolower($1)=="content-type"{print $2}')
if [ "$type" != application/wasm ]; then
  echo "serve: digitlab.wasm is served as '$type', not application/wasm" >&2
  exit 1
fi
echo "serve: ready at http://localhost:$port/ (digitlab.wasm served as $type)"
wait "$server"
