#!/usr/bin/env bash
# Installs what is missing, builds the release app and the reference server,
# and serves both at http://127.0.0.1:8080 (PORT=… to change): the app, the
# API at /api/v1 on a SQLite database (data/gongkai.db; the demo of 青溪镇 is
# loaded on first start) and the feedback write side. Set GONGKAI_STAFF_TOKEN
# to turn the staff API on. Stop with Ctrl-C.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$GONGKAI_ROOT"
scripts/build.sh
cargo build --quiet --release -p gongkai-server
exec target/release/gongkai-server --db "${GONGKAI_DB:-data/gongkai.db}" \
  serve --listen "127.0.0.1:${PORT:-8080}" --spa dist
