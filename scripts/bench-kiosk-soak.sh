#!/usr/bin/env bash
# Runs the kiosk soak benchmark (scripts/bench-kiosk-soak.mjs), building the
# release app and the reference server first when they are missing. Options
# go to the benchmark: --cycles N, --warmup N, --max-minutes M, --skip-frames…
#
# --probe builds a copy of the kiosk with the heap counter (cargo feature
# `mem-probe`, src/mem_probe.rs) into target/soak-probe/ and soaks that, so
# the report also gives the wasm heap's live bytes, to the byte: a leak shows
# after tens of cycles instead of thousands. dist/ is left as it is.
# --probe-names does the same, unoptimised and with the wasm functions'
# names kept, for --trace-size N: where the blocks of that size class that
# outlive the soak were allocated, as stacks.
# Not part of CI: 10 000 cycles take a long while (docs/kiosk.md).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$GONGKAI_ROOT"
if [ ! -f dist/kiosk/index.html ] || [ ! -f dist/index.html ]; then
  scripts/build.sh
fi
server="${GONGKAI_SERVER:-${CARGO_TARGET_DIR:-$GONGKAI_ROOT/target}/debug/gongkai-server}"
if [ ! -x "$server" ]; then
  cargo build -q -p gongkai-server
fi
export GONGKAI_SERVER="$server"
args=()
for a in "$@"; do
  if [ "$a" = "--probe" ] || [ "$a" = "--probe-names" ]; then
    probe="${CARGO_TARGET_DIR:-$GONGKAI_ROOT/target}/soak-probe"
    rm -rf "$probe"
    cp -r dist "$probe"
    rm -rf "$probe/kiosk"
    TRUNK_TOOLS_WASM_OPT="version_$(wasm-opt --version | cut -d' ' -f3)"
    export TRUNK_TOOLS_WASM_OPT
    # Trunk takes the page's data-cargo-features over --features: a copy of
    # the page beside it (its styles are named from there) asks for both.
    page=.soak-probe-kiosk.html
    trap 'rm -f "$GONGKAI_ROOT/$page"' EXIT
    if [ "$a" = "--probe-names" ]; then
      export CARGO_PROFILE_RELEASE_STRIP=false
      sed -e 's/data-cargo-features="kiosk"/data-cargo-features="kiosk,mem-probe" data-keep-debug/' \
        -e 's/data-wasm-opt="z"/data-wasm-opt="0"/' kiosk.html >"$page"
    else
      sed 's/data-cargo-features="kiosk"/data-cargo-features="kiosk,mem-probe"/' kiosk.html >"$page"
    fi
    grep -q 'kiosk,mem-probe' "$page"
    with_wasm_toolchain trunk build "$page" --release --dist "$probe/kiosk" --public-url ./kiosk/
    args+=(--app "$probe")
  else
    args+=("$a")
  fi
done
node scripts/bench-kiosk-soak.mjs "${args[@]}"
