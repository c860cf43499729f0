#!/usr/bin/env bash
# Builds the release (scripts/build.sh) and checks the first load of each
# surface (the phone's board routes, its feedback page, the kiosk) against
# the committed baseline: fails when one grew more than 2 % (scripts/size.mjs,
# which says how to record a new baseline). --no-build measures dist/ as it is.
# The board routes are measured as the reference server sends them, with
# their first screen (the debug server, built here if need be).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$GONGKAI_ROOT"
[ "${1:-}" = "--no-build" ] || scripts/build.sh
# The reference server, to measure the pages it sends with their first screen.
cargo build --quiet -p gongkai-server
node scripts/size.mjs dist --server "${CARGO_TARGET_DIR:-$GONGKAI_ROOT/target}/debug/gongkai-server"
