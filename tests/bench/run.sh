#!/usr/bin/env bash
# The Kariz benchmarks, in one command (not part of CI nor of tests/run.sh: they take minutes and
# their figures depend on the machine):
#   bash tests/bench/run.sh [--sizes 1000,10000,100000]
# Builds the release web app and the native benchmark, runs the native core benchmark, then the
# browser benchmark in headless Chromium. Prints tables; writes build/bench/results.json.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

sizes="1000,10000,100000"
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes="${2:?--sizes wants a list like 1000,10000}"; shift 2 ;;
    --sizes=*) sizes="${1#--sizes=}"; shift ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (usage: tests/bench/run.sh [--sizes 1000,10000])" >&2; exit 2 ;;
  esac
done
case "$sizes" in *[!0-9,]*|"") echo "--sizes wants numbers separated by commas, e.g. 1000,10000" >&2; exit 2 ;; esac

KARIZ_EXTRA_PACKAGES="chromium" bash web/install-toolchain.sh
if ! command -v npm >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi

echo "== web app (release build)"
bash web/build.sh

echo "== native benchmark (build)"
# Configure every time: CMakeLists.txt adds kariz_native_bench only if tests/bench/native_bench.cpp
# existed when build/native was configured, and a re-configure is cheap.
cmake -S . -B build/native -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/native --target kariz_native_bench -j"$(nproc)"

# Same rule as tests/run.sh: npm ci only when the lockfile changed since the last install.
e2e="$root/tests/e2e"
if ! cmp -s "$e2e/package-lock.json" "$e2e/node_modules/.kariz-lock" 2>/dev/null; then
  (cd "$e2e" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$e2e/package-lock.json" "$e2e/node_modules/.kariz-lock"
fi

mkdir -p build/bench
echo "== native core benchmark"
# shellcheck disable=SC2086  # one argument per size: the split is the point
build/native/kariz_native_bench --json build/bench/native.json ${sizes//,/ }

echo "== browser benchmark (headless Chromium; 100,000 deals take several minutes)"
node tests/bench/bench.mjs --sizes "$sizes" --native build/bench/native.json
