#!/usr/bin/env bash
# Builds the release app into dist/ (the kiosk into dist/kiosk/) with fresh
# demo data (dates relative to today).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$GONGKAI_ROOT"
"$GONGKAI_ROOT/scripts/setup.sh"
TRUNK_TOOLS_WASM_OPT="version_$(wasm-opt --version | cut -d' ' -f3)"
export TRUNK_TOOLS_WASM_OPT
cargo run --quiet -p gongkai-demo -- public/demo
with_release_toolchain trunk build --release
# The kiosk (kiosk.html, its own bundle) into dist/kiosk/, after the phone
# site, whose build replaces dist/. Its page has the app's <base href>, so
# its files are named from there. It keeps its panic messages (env.sh,
# with_release_toolchain): its watchdog reports them to staff.
with_release_toolchain --panic-messages trunk build kiosk.html --release --dist dist/kiosk --public-url ./kiosk/
