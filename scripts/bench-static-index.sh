#!/usr/bin/env bash
# The static search index at scale (issue 11; docs/performance.md, "Static
# search index, 100 000 items"): writes a generated static backend of N
# items (default 100 000, `demo-data --scale`, at test time: nothing is
# committed), times `gongkai-index` over it, measures the index on disk
# (bytes and gzip, files, the manifest) and runs 20 Chinese queries through
# gongkai::domain::search_index as the app would (index/examples/
# bench_queries.rs): the files and bytes each loads and its native time.
# Not part of CI.
#
#   scripts/bench-static-index.sh [N]      BENCH_DIR=… keeps the backend there
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$GONGKAI_ROOT"
N="${1:-100000}"
DIR="${BENCH_DIR:-$(mktemp -d /tmp/gongkai-static-index.XXXXXX)}"
TODAY=2026-11-30

cargo build --release --quiet -p gongkai-demo -p gongkai-index --examples --bins
BIN="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/release"

echo "== backend: $N items → $DIR"
"$BIN/demo-data" "$DIR" --scale "$N" --today "$TODAY"
du -sh "$DIR/v1" | sed 's/^/backend on disk: /'

echo "== gongkai-index (3 runs; the first from nothing)"
rm -rf "$DIR/v1/search"
for run in 1 2 3; do
  /usr/bin/time -f "run $run: %e s wall, %M KB peak memory" "$BIN/gongkai-index" "$DIR"
done

echo "== the index on disk"
python3 - "$DIR/v1/search" <<'PY'
import gzip, json, os, sys
root = sys.argv[1]
manifest = open(os.path.join(root, "index.json"), "rb").read()
build = json.loads(manifest)["build"]
kinds = {}
for dirpath, _, names in os.walk(os.path.join(root, build)):
    kind = os.path.relpath(dirpath, os.path.join(root, build))
    for name in names:
        data = open(os.path.join(dirpath, name), "rb").read()
        k = kinds.setdefault(kind, [0, 0, 0, []])
        k[0] += 1
        k[1] += len(data)
        k[2] += len(gzip.compress(data, 6))
        k[3].append(len(data))
total = [sum(k[i] for k in kinds.values()) for i in range(3)]
print(f"manifest: {len(manifest)} bytes, gzip {len(gzip.compress(manifest, 6))} bytes")
print(f"total: {total[0]} files, {total[1]/1e6:.1f} MB, gzip {total[2]/1e6:.1f} MB")
for kind, (files, raw, gz, sizes) in sorted(kinds.items()):
    sizes.sort()
    print(f"  {kind}: {files} files, {raw/1e6:.1f} MB (gzip {gz/1e6:.1f} MB), "
          f"per file median {sizes[len(sizes)//2]/1e3:.1f} KB, max {sizes[-1]/1e3:.1f} KB")
PY

echo "== 20 queries, each from a cold start"
"$BIN/examples/bench_queries" "$DIR"
[ -n "${BENCH_DIR:-}" ] || rm -rf "$DIR"
