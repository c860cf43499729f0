#!/usr/bin/env bash
# Tries the kiosk launcher (scripts/kiosk/gongkai-kiosk.sh) as a kiosk would
# run it: on an X display (Xvfb, installed here if missing) in landscape
# 1920×1080 and portrait 1080×1920, under matchbox-window-manager (the
# window manager docs/kiosk.md recommends), against the reference server with the
# built app. Checks through Chromium's debugging port that the page fills
# the screen with no browser interface, that the app started, and that
# zoom stays at 1; saves a screenshot of each. Also checks the systemd unit
# with systemd-analyze. Not part of CI (it needs an X server); the results
# are in docs/kiosk.md.
#
#   scripts/kiosk-smoke.sh [PATH]     # PATH: the page to open (default /kiosk)
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$GONGKAI_ROOT"

page="${1:-/kiosk}"
if ! command -v Xvfb >/dev/null || ! command -v matchbox-window-manager >/dev/null; then
  echo "kiosk-smoke: installing Xvfb and matchbox-window-manager (apt)" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xvfb matchbox-window-manager >/dev/null
fi
[ -f dist/index.html ] || scripts/build.sh
cargo build --quiet -p gongkai-server
server_bin="${CARGO_TARGET_DIR:-$GONGKAI_ROOT/target}/debug/gongkai-server"

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"$server_bin" --db "$work/gongkai.db" serve --listen 127.0.0.1:0 --spa dist --quiet \
  > "$work/server.out" &
pids+=($!)
for _ in $(seq 100); do grep -q listening "$work/server.out" 2>/dev/null && break; sleep 0.1; done
base="$(grep -o 'http://[^ ]*' "$work/server.out" | head -1)"
base="${base%/}"

if command -v systemd-analyze >/dev/null; then
  # A user unit: %h must resolve, and the launcher it names must exist.
  mkdir -p "$work/home/.local/bin"
  cp scripts/kiosk/gongkai-kiosk.sh "$work/home/.local/bin/"
  sed "s|%h|$work/home|" scripts/kiosk/gongkai-kiosk.service > "$work/gongkai-kiosk.service"
  systemd-analyze verify "$work/gongkai-kiosk.service"
  echo "systemd unit: verified"
fi

display=97
for size in 1920x1080 1080x1920; do
  Xvfb ":$display" -screen 0 "${size}x24" -nolisten tcp >/dev/null 2>&1 &
  pids+=($!)
  sleep 1
  DISPLAY=":$display" matchbox-window-manager -use_titlebar no -use_cursor no >/dev/null 2>&1 &
  pids+=($!)
  port=$((9300 + display))
  profile="$work/profile-$size"
  # As root (a container) Chromium needs --no-sandbox; a real kiosk runs it as
  # an ordinary user without it.
  extra=()
  [ "$(id -u)" = 0 ] && extra+=(--no-sandbox)
  DISPLAY=":$display" GONGKAI_KIOSK_PROFILE="$profile" CHROMIUM=/usr/bin/chromium \
    scripts/kiosk/gongkai-kiosk.sh "$base$page" --remote-debugging-port="$port" "${extra[@]}" \
    >"$work/chromium-$size.log" 2>&1 &
  pids+=($!)
  node scripts/kiosk/smoke.mjs "http://127.0.0.1:$port" "$size" "$base$page"
  display=$((display + 1))
done
