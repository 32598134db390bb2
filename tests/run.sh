#!/usr/bin/env bash
# Runs every test of Kariz: core unit tests (doctest through ctest), then the release web build
# and the browser end-to-end tests in Debian's headless Chromium. Installs what is missing first.
# Exits non-zero on any failure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

KARIZ_EXTRA_PACKAGES="doctest-dev chromium" bash web/install-toolchain.sh
# node and npm: use the machine's if it has them (it may not be Debian's), else Debian's.
if ! command -v npm >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi

echo "== unit tests (native core)"
if [ ! -f build/native/CMakeCache.txt ]; then
  cmake -S . -B build/native -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build build/native -j"$(nproc)"
ctest --test-dir build/native --output-on-failure

echo "== web app (release build)"
bash web/build.sh

echo "== browser tests (headless Chromium)"
e2e="$root/tests/e2e"
# npm ci only when the lockfile changed since the last install: re-runs stay quick.
if ! cmp -s "$e2e/package-lock.json" "$e2e/node_modules/.kariz-lock" 2>/dev/null; then
  (cd "$e2e" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$e2e/package-lock.json" "$e2e/node_modules/.kariz-lock"
fi
node --test --test-concurrency=1 "$e2e"/*.test.mjs
