#!/usr/bin/env bash
# Starts Chromium as a gongkai kiosk (触摸屏) or signage screen (电子显示屏):
# full screen, no browser interface, and none of the accidents a touch
# screen in a service hall invites (pinch zoom, swipe-back, error and
# translate bubbles, keyring prompts). The systemd unit beside this file runs
# it and restarts a crashed browser; docs/kiosk.md says how to install both.
#
#   gongkai-kiosk.sh URL [extra Chromium flags…]
#   e.g. gongkai-kiosk.sh http://10.0.0.5:8080/kiosk
#
# GONGKAI_KIOSK_PROFILE: the browser profile (default
# ~/.local/share/gongkai-kiosk): it keeps the app's offline copy and its
# last good data across reboots, so it must not be a temporary folder.
# GONGKAI_KIOSK_SIZE: the screen in pixels, e.g. 1920x1080 (default: asked
# of xrandr).
# CHROMIUM: the browser binary (default: chromium, else chromium-browser,
# else google-chrome).
set -euo pipefail

if [ $# -lt 1 ]; then
  echo "usage: gongkai-kiosk.sh URL [Chromium flags…]" >&2
  exit 2
fi
url="$1"
shift

browser="${CHROMIUM:-}"
if [ -z "$browser" ]; then
  for candidate in chromium chromium-browser google-chrome; do
    if command -v "$candidate" >/dev/null; then browser="$candidate"; break; fi
  done
fi
if [ -z "$browser" ]; then
  echo "gongkai-kiosk.sh: no Chromium found (apt install chromium, or set CHROMIUM)" >&2
  exit 1
fi

# Full screen: --kiosk asks the window manager, and a bare X session (xinit,
# no window manager) has none to ask, so the window is also placed and sized
# to the screen: GONGKAI_KIOSK_SIZE (e.g. 1080x1920), else what xrandr says.
size="${GONGKAI_KIOSK_SIZE:-}"
if [ -z "$size" ] && [ -n "${DISPLAY:-}" ] && command -v xrandr >/dev/null; then
  size="$(xrandr --current 2>/dev/null | sed -n 's/.* current \([0-9]*\) x \([0-9]*\),.*/\1x\2/p' | head -1)"
fi
window=()
if [[ "$size" =~ ^[0-9]+x[0-9]+$ ]]; then
  window=(--window-position=0,0 "--window-size=${size%x*},${size#*x}")
fi

profile="${GONGKAI_KIOSK_PROFILE:-$HOME/.local/share/gongkai-kiosk}"
mkdir -p "$profile"
# After a power cut Chromium would offer to restore the last session in a
# bubble over the app; mark the last exit as clean instead.
prefs="$profile/Default/Preferences"
if [ -f "$prefs" ]; then
  sed -i 's/"exited_cleanly":false/"exited_cleanly":true/; s/"exit_type":"[^"]*"/"exit_type":"Normal"/' "$prefs"
fi

exec "$browser" \
  --kiosk \
  --start-fullscreen \
  --user-data-dir="$profile" \
  --no-first-run \
  --noerrdialogs \
  --disable-session-crashed-bubble \
  --hide-crash-restore-bubble \
  --disable-pinch \
  --overscroll-history-navigation=0 \
  --disable-features=Translate,TranslateUI,TouchpadOverscrollHistoryNavigation,HardwareMediaKeyHandling \
  --autoplay-policy=no-user-gesture-required \
  --password-store=basic \
  --check-for-update-interval=31536000 \
  --disable-component-update \
  --disable-sync \
  --touch-events=enabled \
  "${window[@]}" \
  "$@" \
  "$url"
