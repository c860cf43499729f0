#!/usr/bin/env bash
# The reference server under hostile clients: the memory that ten unread
# downloads of a 100 MB attachment hold, and how long fifty slowloris
# connections live. Not part of CI; the figures are in docs/performance.md.
#
#   scripts/bench-server.sh                # builds and measures the release server
#   scripts/bench-server.sh --bin PATH     # measures another build (e.g. main's)
#   scripts/bench-server.sh --size-mb 20   # a smaller attachment
#
# Linux only (reads /proc/PID/status); needs python3.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$GONGKAI_ROOT"

bin=""
size_mb=100
while [ $# -gt 0 ]; do
  case "$1" in
    --bin) bin="$2"; shift 2 ;;
    --size-mb) size_mb="$2"; shift 2 ;;
    *) echo "usage: scripts/bench-server.sh [--bin PATH] [--size-mb N]" >&2; exit 2 ;;
  esac
done
if [ -z "$bin" ]; then
  cargo build --release -p gongkai-server
  bin="${CARGO_TARGET_DIR:-$GONGKAI_ROOT/target}/release/gongkai-server"
fi

work="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# The demo as a folder, with a large attachment on its newest item.
cargo run -q -p gongkai-demo -- "$work/folder" >/dev/null
file="files/bench-${size_mb}mb.pdf"
head -c "$((size_mb * 1024 * 1024))" /dev/urandom >"$work/folder/$file"
python3 - "$work/folder" "$file" <<'PY'
import json, os, sys
folder, url = sys.argv[1], sys.argv[2]
with open(os.path.join(folder, "v1/items.json"), encoding="utf-8") as f:
    first = json.load(f)["items"][0]["id"]
path = os.path.join(folder, "v1/items", first + ".json")
with open(path, encoding="utf-8") as f:
    item = json.load(f)
item.setdefault("attachments", []).append({
    "name": "扫描件.pdf",
    "media_type": "application/pdf",
    "size": os.path.getsize(os.path.join(folder, url)),
    "url": url,
})
with open(path, "w", encoding="utf-8") as f:
    json.dump(item, f, ensure_ascii=False)
PY
# Builds with an attachment cap on import (50 MiB by default) need it raised.
import_args=()
if "$bin" import --help 2>/dev/null | grep -q -- --max-attachment-mib; then
  import_args=(--max-attachment-mib "$((size_mb + 1))")
fi
"$bin" --db "$work/bench.db" import "${import_args[@]}" "$work/folder"

"$bin" --db "$work/bench.db" serve --listen 127.0.0.1:0 --quiet \
  >"$work/stdout" 2>"$work/stderr" &
server=$!
port=""
for _ in $(seq 100); do
  port="$(sed -n 's|^gongkai-server: listening on http://127.0.0.1:\([0-9]*\)/$|\1|p' "$work/stdout")"
  [ -n "$port" ] && break
  sleep 0.1
done
if [ -z "$port" ]; then
  cat "$work/stderr" >&2
  echo "bench-server: the server did not start" >&2
  exit 1
fi

echo "server: $bin ($(nproc) cores, $(. /etc/os-release && echo "$PRETTY_NAME"))"
python3 scripts/bench-hostile-clients.py --port "$port" --pid "$server" --path "/api/$file"
