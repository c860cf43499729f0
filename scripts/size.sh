#!/usr/bin/env bash
# Builds the release (scripts/build.sh) and prints the gzip transfer size of
# the app: wasm + js + css + index.html, without the demo data. The service
# worker (sw.js, fetched after the app has started) is printed on its own.
# --no-build measures what is in dist/ already.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$GONGKAI_ROOT"
[ "${1:-}" = "--no-build" ] || scripts/build.sh
budget_kb=150
total=0
printf '%-44s %10s %10s\n' file bytes gzip
for f in dist/*.wasm dist/*.js dist/*.css dist/index.html; do
  [ -f "$f" ] && [ "$f" != dist/sw.js ] || continue
  raw=$(wc -c <"$f"); gz=$(gzip -9c "$f" | wc -c)
  total=$((total + gz))
  printf '%-44s %10d %10d\n' "$(basename "$f")" "$raw" "$gz"
done
if [ -f dist/sw.js ]; then
  printf '%-44s %10d %10d  (service worker, after start-up: not in the sum)\n' sw.js \
    "$(wc -c <dist/sw.js)" "$(gzip -9c dist/sw.js | wc -c)"
fi
kb=$(awk -v b="$total" 'BEGIN { printf "%.1f", b / 1024 }')
echo "app transfer size: ${kb} KB gzip (budget ${budget_kb} KB)"
awk -v b="$total" -v max="$budget_kb" 'BEGIN { exit !(b / 1024 > max) }' \
  && echo "warning: over the ${budget_kb} KB budget" || true

# The kiosk (dist/kiosk/): a bundle of its own, loaded only by /kiosk/, so
# it is not part of the phone site's figure above.
if [ -f dist/kiosk/index.html ]; then
  kiosk=0
  for f in dist/kiosk/*.wasm dist/kiosk/*.js dist/kiosk/*.css dist/kiosk/index.html; do
    [ -f "$f" ] && [ "$f" != dist/kiosk/sw.js ] || continue
    kiosk=$((kiosk + $(gzip -9c "$f" | wc -c)))
  done
  echo "kiosk transfer size (/kiosk/, not the phone site's): $(awk -v b="$kiosk" 'BEGIN { printf "%.1f", b / 1024 }') KB gzip"
fi
