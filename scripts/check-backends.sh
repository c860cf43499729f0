#!/usr/bin/env bash
# Runs the conformance checker against both backends that ship with gongkai:
# the reference server (read and write side, on a fresh database) and the
# static demo files in dist/demo/ as a plain file host serves them.
# Expects a release build in dist/ (scripts/build.sh).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$GONGKAI_ROOT"

cargo build --quiet -p gongkai-server -p gongkai-conformance
checker=target/debug/gongkai-conformance
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# Starts a server in the background and sets `url` to the URL of its first
# line. Not called in a command substitution: that subshell would keep the
# server's pid, and the cleanup would leave the server running.
start() {
  local log=$1
  shift
  "$@" >"$log" 2>"$log.err" &
  pids+=($!)
  for _ in $(seq 1 100); do
    if grep -qo 'http://[^ ]*' "$log" 2>/dev/null; then
      url=$(grep -o 'http://[^ ]*' "$log" | head -1)
      return
    fi
    sleep 0.1
  done
  echo "server did not start: $*" >&2
  cat "$log.err" >&2
  exit 1
}

start "$work/server.log" target/debug/gongkai-server --db "$work/gongkai.db" \
  serve --listen 127.0.0.1:0 --quiet
server_url=$url
echo "== reference server $server_url"
"$checker" "${server_url}api/" --write

start "$work/static.log" node scripts/static-server.mjs --dir dist --port 0
static_url=$url
echo "== static demo ${static_url}demo/"
"$checker" "${static_url}demo/"
