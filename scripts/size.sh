#!/usr/bin/env bash
# Builds the release (scripts/build.sh) and checks the first load of each
# surface (the phone's board routes, its feedback page, the kiosk) against
# the committed baseline: fails when one grew more than 2 % (scripts/size.mjs,
# which says how to record a new baseline). --no-build measures dist/ as it is.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$GONGKAI_ROOT"
[ "${1:-}" = "--no-build" ] || scripts/build.sh
node scripts/size.mjs dist
