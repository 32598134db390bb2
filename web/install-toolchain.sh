#!/usr/bin/env bash
# Installs what building Kariz needs, only what is missing, so a second run takes a second:
#   Debian packages (emscripten, nlohmann-json, fonts and fonttools to cut the font down, cmake, ...) and the sources of Dear ImGui 1.86
#   and GNU FriBidi 1.0 from Debian's source packages into build/deps/. Sourced or run by
#   web/serve.sh and tests/run.sh.
# Extra Debian packages can be asked for with KARIZ_EXTRA_PACKAGES="pkg pkg".
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
deps="$root/build/deps"

need=()
for pkg in emscripten nlohmann-json3-dev fonts-dejavu-core fonttools cmake g++ make dpkg-dev bzip2 python3 ${KARIZ_EXTRA_PACKAGES:-}; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if [ ${#need[@]} -gt 0 ]; then
  echo "kariz: installing ${need[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# Debian's sources: enable deb-src by copying this machine's own apt entries (never a host name of
# ours), then `apt-get source`. The unpacked trees stay in build/deps.
enable_deb_src() {  # $1: a source package that must become fetchable, $2: text its URIs contain
  apt-get source --print-uris "$1" 2>/dev/null | grep -q "$2" && return 0
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    case "$f" in *kariz-deb-src*) continue ;; esac
    grep -q '^Types:.*\bdeb\b' "$f" || continue
    sed -e 's/^Types:.*/Types: deb-src/' "$f" > "/etc/apt/sources.list.d/kariz-deb-src-$(basename "$f")"
  done
  if [ -f /etc/apt/sources.list ] && grep -q '^deb ' /etc/apt/sources.list; then
    sed -n 's/^deb /deb-src /p' /etc/apt/sources.list > /etc/apt/sources.list.d/kariz-deb-src.list
  fi
  as_root apt-get update -qq
}

# Unpacks Debian's source package $1 (version prefix $2, e.g. imgui 1.86) into build/deps unless
# it is there with its key file $3, and records its folder in build/deps/$1-dir for CMake.
# The record is rewritten only on a change: CMake re-configures when its time stamp moves.
fetch_source() {
  local dir
  dir="$(ls -d "$deps/$1-$2"* 2>/dev/null | head -n1 || true)"
  if [ -z "$dir" ] || [ ! -f "$dir/$3" ]; then
    enable_deb_src "$1" "$1_$2"
    mkdir -p "$deps"
    (cd "$deps" && apt-get source -qq "$1" >/dev/null 2>&1)
    dir="$(ls -d "$deps/$1-$2"* | head -n1)"
  fi
  [ "$(cat "$deps/$1-dir" 2>/dev/null || true)" = "$dir" ] || echo "$dir" > "$deps/$1-dir"
}

fetch_source imgui 1.86 imgui.cpp
# GNU FriBidi (bidi reordering + Arabic shaping for core/bidi.cpp). CMakeLists.txt compiles it for
# both builds from this tree, whose release tarball ships the generated *.tab.i tables.
fetch_source fribidi 1.0 lib/fribidi.h
