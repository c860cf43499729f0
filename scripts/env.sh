# Sourced by the other scripts: paths and the wasm toolchain choice.
# shellcheck shell=bash
GONGKAI_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export GONGKAI_ROOT
export PATH="$GONGKAI_ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

TRUNK_VERSION="0.21.14"
# The splitter of the phone build (scripts/post-build.mjs).
WASM_SPLIT_CLI_VERSION="0.2.4"

lock_version() { # the version Cargo.lock pins for a crate
  awk -v name="$1" '$0 == "name = \"" name "\"" { getline; gsub(/version = |"/, ""); print; exit }' \
    "$GONGKAI_ROOT/Cargo.lock"
}

# Trunk uses exactly these tools from PATH and never downloads one.
TRUNK_TOOLS_WASM_BINDGEN="$(lock_version wasm-bindgen)"
export TRUNK_TOOLS_WASM_BINDGEN
export TRUNK_OFFLINE=true

# A CI run starts from a clean clone and builds once: incremental state would
# only fill its disk (a run failed with "No space left on device").
if [ -n "${CI:-}" ]; then
  export CARGO_INCREMENTAL=0
fi

# GONGKAI_WASM_TOOLCHAIN=debian forces the offline fallback (to test it on a
# machine that has the rustup target too); the default is to prefer rustup.
has_rustup_wasm_target() {
  [ "${GONGKAI_WASM_TOOLCHAIN:-auto}" != debian ] &&
    rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown
}

# Runs a command that compiles for wasm32. With a rustup target it runs as is;
# otherwise Debian's rustc-web compiler and std sources build std for wasm32
# (an offline/intranet build), in a target dir of its own so native builds
# keep their cache.
with_wasm_toolchain() {
  if has_rustup_wasm_target; then
    "$@"
  else
    RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1 \
      CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
      CARGO_TARGET_DIR="$GONGKAI_ROOT/target/debian-wasm" \
      "$@"
  fi
}

# The release build (scripts/build.sh) is the smallest the project can make:
# Debian's rustc-web (scripts/setup.sh installs it) builds the standard
# library for size (-Zbuild-std, optimize_for_size) and, for the phone site,
# without panic messages, panic locations or Debug formatting (a panic is
# then a trap: nobody reads a resident's console). With `--panic-messages`
# (the kiosk's build) those stay: the kiosk's watchdog reports the reason of
# a restart to staff with the next heartbeat. docs/size.md has the figures.
# GONGKAI_RELEASE_TOOLCHAIN=plain builds with the development tool chain
# (with_wasm_toolchain) instead.
with_release_toolchain() {
  local messages=0
  if [ "${1:-}" = --panic-messages ]; then
    messages=1
    shift
  fi
  if [ "${GONGKAI_RELEASE_TOOLCHAIN:-small}" = plain ]; then
    with_wasm_toolchain "$@"
    return
  fi
  # RUSTFLAGS takes the place of .cargo/config.toml's flags for wasm32:
  # they come first, as they are.
  local flags target="$GONGKAI_ROOT/target/release-wasm"
  flags="$(sed -n 's/^rustflags = \[\(.*\)\]$/\1/p' "$GONGKAI_ROOT/.cargo/config.toml" | tr -d '",')"
  if [ "$messages" = 1 ]; then
    target="$target-panic-messages"
  else
    flags="$flags -Zlocation-detail=none -Zfmt-debug=none -Zunstable-options -Cpanic=immediate-abort"
  fi
  RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1 \
    CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
    CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size \
    RUSTFLAGS="$flags" CARGO_TARGET_DIR="$target" \
    "$@"
}

chromium_flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync)
