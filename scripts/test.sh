#!/usr/bin/env bash
# Installs what is missing and runs every test layer:
#   0. rustfmt and clippy (warnings are errors)
#   1. native cargo test (contract, demo data, domain rules, the server over
#      real HTTP, the conformance checker)
#   2. wasm-bindgen-test in headless Chromium (components)
#   3. release build, and the size gate (first load per surface against
#      scripts/size-baseline.json)
#   4. the conformance checker against the reference server and the static demo
#   5. Playwright end to end against the release build served by the reference server
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$GONGKAI_ROOT"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "set-up"
scripts/setup.sh

step "format and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
# The views compile for wasm32 only. Clippy comes with rustup's toolchain, so
# it checks them where the rustup target is there (not with Debian's rustc).
if has_rustup_wasm_target; then
  # With the kiosk (its code is behind the `kiosk` feature) and the split
  # points (`split`, the phone build's); the release build checks the phone
  # site without the kiosk.
  cargo clippy --target wasm32-unknown-unknown --all-targets --features kiosk,split --quiet -- -D warnings
fi

step "native tests"
cargo test --workspace --all-targets

step "browser component tests (wasm-bindgen-test, Chromium)"
CHROMEDRIVER=/usr/bin/chromedriver \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  WASM_BINDGEN_TEST_TIMEOUT=120 \
  with_wasm_toolchain cargo test --target wasm32-unknown-unknown --features kiosk --test web

step "release build"
scripts/build.sh
scripts/size.sh --no-build

step "backend conformance (reference server, static demo)"
scripts/check-backends.sh

step "end-to-end (Playwright, Chromium, against gongkai-server)"
cargo build --quiet -p gongkai-server -p gongkai-index
GONGKAI_SERVER="$GONGKAI_ROOT/target/debug/gongkai-server" node --test --test-concurrency=1 tests/e2e/
