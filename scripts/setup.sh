#!/usr/bin/env bash
# Installs whatever the project needs and is missing. Idempotent: on a warm
# machine it only checks versions.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$GONGKAI_ROOT"

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

apt_updated=0
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "apt-get install ${missing[*]}"
  if [ "$apt_updated" = 0 ]; then apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# 1. A wasm32 standard library: rustup's where it can be had, else Debian's.
debian_wasm_toolchain() {
  apt_install rustc-web rust-web-src rust-web-llvm
  # Debian's rust-lld is a link to an lld-NN that no package depends on.
  if ! command -v rust-lld >/dev/null; then
    apt_install "$(basename "$(readlink /usr/bin/rust-lld)")"
  fi
  # The standard library's own dependencies, which -Zbuild-std compiles:
  # Trunk runs cargo --offline, so they must be in the registry beforehand
  # (a no-op once they are).
  RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 \
    cargo fetch --manifest-path /usr/lib/rustlib/src/rust/library/Cargo.toml
}
if [ "${GONGKAI_WASM_TOOLCHAIN:-auto}" = debian ]; then
  debian_wasm_toolchain
elif ! has_rustup_wasm_target; then
  say "adding the rustup wasm32-unknown-unknown target"
  if ! timeout 60 rustup target add wasm32-unknown-unknown >/dev/null 2>&1; then
    say "no rustup target to download: using Debian's rustc-web and building std from source"
    debian_wasm_toolchain
  fi
fi

# The release build's tool chain (env.sh, with_release_toolchain): Debian's
# too, unless the release is to be built the plain way.
if [ "${GONGKAI_RELEASE_TOOLCHAIN:-small}" != plain ]; then
  debian_wasm_toolchain
fi

# 2. Trunk and wasm-bindgen-cli (exactly Cargo.lock's wasm-bindgen).
if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "cargo install trunk $TRUNK_VERSION (takes a while once)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi
if [ "$(wasm-bindgen --version 2>/dev/null | cut -d' ' -f2)" != "$TRUNK_TOOLS_WASM_BINDGEN" ]; then
  say "cargo install wasm-bindgen-cli $TRUNK_TOOLS_WASM_BINDGEN (takes a while once)"
  cargo install --force wasm-bindgen-cli --version "$TRUNK_TOOLS_WASM_BINDGEN"
fi
# wasm-split-cli: cuts the phone build into a main module and lazy chunks
# (scripts/post-build.mjs).
if ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_CLI_VERSION:"; then
  say "cargo install wasm_split_cli_support $WASM_SPLIT_CLI_VERSION (about a minute, once)"
  cargo install --locked --force wasm_split_cli_support --version "$WASM_SPLIT_CLI_VERSION" --features build-binary
fi

# 3. Browser for the tests, and npm tools (wasm-opt from binaryen, Playwright).
# A CJK font, so that screenshots show Chinese rather than empty boxes;
# poppler-utils (pdfinfo, pdftotext, pdftoppm) and zbar-tools (zbarimg) to
# read the printed notices and scan their QR codes.
apt_install chromium chromium-driver fonts-wqy-microhei poppler-utils zbar-tools
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] \
  || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
TRUNK_TOOLS_WASM_OPT="version_$(wasm-opt --version | cut -d' ' -f3)"
export TRUNK_TOOLS_WASM_OPT
say "ready: $(trunk --version), wasm-bindgen $TRUNK_TOOLS_WASM_BINDGEN, wasm-split-cli $WASM_SPLIT_CLI_VERSION, wasm-opt $TRUNK_TOOLS_WASM_OPT"
