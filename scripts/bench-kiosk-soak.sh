#!/usr/bin/env bash
# Runs the kiosk soak benchmark (scripts/bench-kiosk-soak.mjs), building the
# release app and the reference server first when they are missing. Options
# go to the benchmark: --cycles N, --warmup N, --max-minutes M, --skip-frames…
# Not part of CI: 10 000 cycles take a long while (docs/kiosk.md).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$GONGKAI_ROOT"
if [ ! -f dist/kiosk/index.html ] || [ ! -f dist/index.html ]; then
  scripts/build.sh
fi
server="${GONGKAI_SERVER:-${CARGO_TARGET_DIR:-$GONGKAI_ROOT/target}/debug/gongkai-server}"
if [ ! -x "$server" ]; then
  cargo build -q -p gongkai-server
fi
export GONGKAI_SERVER="$server"
exec node scripts/bench-kiosk-soak.mjs "$@"
