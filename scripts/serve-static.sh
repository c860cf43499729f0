#!/usr/bin/env bash
# For portals that only host files: builds the release app with the static
# demo backend (dist/demo/, read side only, no feedback) and serves dist/ as a
# plain file host would, at http://127.0.0.1:8080 (PORT=… to change).
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$GONGKAI_ROOT/scripts/build.sh"
exec node "$GONGKAI_ROOT/scripts/static-server.mjs" --dir "$GONGKAI_ROOT/dist" --port "${PORT:-8080}"
