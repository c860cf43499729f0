#!/usr/bin/env bash
# Installs what is missing, builds the release app with the bundled demo
# backend and serves it at http://127.0.0.1:8080 (PORT=… to change).
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$GONGKAI_ROOT/scripts/build.sh"
exec node "$GONGKAI_ROOT/scripts/static-server.mjs" --dir "$GONGKAI_ROOT/dist" --port "${PORT:-8080}"
