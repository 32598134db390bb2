#!/usr/bin/env bash
# Builds the release WebAssembly app into build/web/dist (incremental after the first run).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/web/install-toolchain.sh"
# Debian's emscripten runs its JS tools with the machine's node, which needs Debian's acorn.
export NODE_PATH=/usr/share/nodejs
out="$root/build/web"
if [ ! -f "$out/CMakeCache.txt" ]; then
  emcmake cmake -S "$root" -B "$out" -DCMAKE_BUILD_TYPE=Release -DIMGUI_DIR="$(cat "$root/build/deps/imgui-dir")" >/dev/null
fi
cmake --build "$out" -j"$(nproc)"
