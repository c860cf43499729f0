#!/usr/bin/env bash
# The reference server with 100 000 items (issue 11): import time, database
# size, cold start, and req/s with p99 of a list page, an item, searches and
# a submission, in bounded loopback runs of wrk. Not part of CI; the figures
# are in docs/performance.md ("Archives at scale").
#
#   scripts/bench-server-scale.sh                     # 100 000 items, 10 s runs, 16 connections
#   scripts/bench-server-scale.sh --items 20000 --duration 5 --connections 8
#   scripts/bench-server-scale.sh --keep DIR          # keep the folder and database in DIR
#
# The backend is generated at run time (demo-data --scale N), never committed.
# Installs what is missing, once: Debian's wrk.
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$GONGKAI_ROOT"

items=100000
duration=10
connections=16
keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --items) items="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    *) echo "usage: scripts/bench-server-scale.sh [--items N] [--duration S] [--connections C] [--keep DIR]" >&2; exit 2 ;;
  esac
done

if ! command -v wrk >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
command -v python3 >/dev/null || { echo "bench-server-scale: needs python3" >&2; exit 1; }

cargo build --release -q -p gongkai-server -p gongkai-demo
target="${CARGO_TARGET_DIR:-$GONGKAI_ROOT/target}/release"
bin="$target/gongkai-server"

if [ -n "$keep" ]; then
  work="$keep"
  rm -rf "$work"
  mkdir -p "$work"
else
  work="$(mktemp -d)"
fi
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  [ -n "$keep" ] || rm -rf "$work"
}
trap cleanup EXIT

now() { date +%s.%N; }
seconds() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$2"; }

echo "== $items items, $(nproc) cores, commit $(git rev-parse --short HEAD), $(date -u +%Y-%m-%d)"
t0="$(now)"
"$target/demo-data" "$work/folder" --scale "$items" >"$work/generate.log"
head -1 "$work/generate.log"
t1="$(now)"
echo "generate: $(seconds "$t0" "$t1") s, folder $(du -sh "$work/folder" | cut -f1)"

t0="$(now)"
"$bin" --db "$work/bench.db" import "$work/folder"
t1="$(now)"
db_bytes=$(( $(stat -c %s "$work/bench.db") + $(stat -c %s "$work/bench.db-wal" 2>/dev/null || echo 0) ))
echo "import: $(seconds "$t0" "$t1") s; database $(python3 -c "print(f'{$db_bytes / 1048576:.0f}')") MiB"

# Cold start: process start → the first 200 of site.json, three times (the
# database's pages are in the OS cache from the import, as after a restart).
python3 - "$bin" "$work/bench.db" <<'PY'
import subprocess, sys, time, urllib.request
bin, db = sys.argv[1], sys.argv[2]
runs = []
for _ in range(3):
    start = time.monotonic()
    p = subprocess.Popen([bin, "--db", db, "serve", "--listen", "127.0.0.1:0", "--quiet"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = p.stdout.readline()
    base = line.strip().removeprefix("gongkai-server: listening on ")
    while True:
        try:
            with urllib.request.urlopen(base + "api/v1/site.json", timeout=5) as r:
                if r.status == 200:
                    break
        except Exception:
            time.sleep(0.002)
    runs.append((time.monotonic() - start) * 1000)
    p.terminate()
    p.wait()
print("cold start (process start to first 200 of site.json): "
      + ", ".join(f"{ms:.0f} ms" for ms in runs))
PY

"$bin" --db "$work/bench.db" serve --listen 127.0.0.1:0 --quiet \
  --submission-limit 100000000 --submission-window 1 \
  >"$work/stdout" 2>"$work/stderr" &
server=$!
base=""
for _ in $(seq 200); do
  base="$(sed -n 's|^gongkai-server: listening on \(http://127.0.0.1:[0-9]*/\)$|\1|p' "$work/stdout")"
  [ -n "$base" ] && break
  sleep 0.05
done
[ -n "$base" ] || { cat "$work/stderr" >&2; echo "bench-server-scale: the server did not start" >&2; exit 1; }
api="${base}api/"

enc() { python3 -c "import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))" "$1"; }

# One answer of each, to show what is measured.
show() {
  python3 - "$1" <<'PY'
import json, sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=30) as r:
    body = r.read()
    doc = json.loads(body)
count = doc.get("total", "-")
print(f"   {len(body)} bytes, total {count}, {len(doc.get('items', []))} entries")
PY
}

run() {
  local name="$1" url="$2"
  shift 2
  local out
  out="$(wrk -t2 -c"$connections" -d"${duration}s" --latency "$@" "$url")"
  local rps p99 errors
  rps="$(sed -n 's/^Requests\/sec: *\([0-9.]*\)/\1/p' <<<"$out")"
  p99="$(sed -n 's/^ *99% *\([0-9.]*[a-z]*\)/\1/p' <<<"$out")"
  errors="$(sed -n 's/^ *Non-2xx or 3xx responses: *\([0-9]*\)/\1/p' <<<"$out")"
  printf '%-44s %10s req/s   p99 %-9s %s\n' "$name" "$rps" "$p99" "${errors:+non-2xx: $errors}"
}

big="scale-big-branch"
middle="scale-$(printf '%06d' $((items / 2)))"
echo "== wrk: $duration s, $connections connections, 2 threads, loopback (server and wrk share the cores)"
show "${api}v1/orgs/$big/items.json"
run "list: first page of $big (10 % of items)" "${api}v1/orgs/$big/items.json"
run "item: v1/items/$middle.json" "${api}v1/items/$middle.json"
for q in 党费 换届选举 党; do
  url="${api}v1/search.json?q=$(enc "$q")"
  show "$url"
  run "search q=$q" "$url"
done
url="${api}v1/search.json?q=$(enc 公示)&org=villages-east&sub=1&category=cadre"
show "$url"
run "search q=公示 org=villages-east&sub=1 cadre" "$url"
url="${api}v1/search.json?status=open"
show "$url"
run "filtered count: status=open (no words)" "$url"

# Submissions: a new Idempotency-Key for every request, so each is a new
# case written with synchronous = FULL.
cat >"$work/post.lua" <<'LUA'
local counter = 0
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
wrk.method = "POST"
wrk.body = '{"kind": "opinion", "org": "scale-big-branch", "body": "建议在村口增设路灯，方便群众夜间出行。"}'
function request()
  counter = counter + 1
  -- Headers given to wrk.format replace wrk.headers: name them all.
  return wrk.format(nil, nil, {
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = string.format("bench-%d-%d-%d", tid, counter, os.time()),
  })
end
LUA
run "submission: POST v1/feedback (new key each)" "${api}v1/feedback" -s "$work/post.lua"
