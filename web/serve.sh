#!/usr/bin/env bash
# Builds Kariz (release) and serves it on http://127.0.0.1:8080 (loopback only).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/web/build.sh"
port="${PORT:-8080}"
echo "Kariz is at http://127.0.0.1:$port/  (Ctrl+C stops it)"
exec node "$root/web/static-server.mjs" "$root/build/web/dist" "$port"
