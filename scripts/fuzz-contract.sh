#!/usr/bin/env bash
# The contract readers under fuzzing, at scale: a million mutated copies of
# the demo backend's documents (tests/fuzz_contract.rs), read as every type
# the app reads and run through the domain rules, in release mode. Prints
# the case count, the time and the panics. Not part of CI (`cargo test`
# runs a few hundred cases); the figures are in docs/performance.md.
#
#   scripts/fuzz-contract.sh                    # 1 000 000 cases, fixed seed
#   scripts/fuzz-contract.sh --cases N --seed S
set -euo pipefail
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$GONGKAI_ROOT"

cases=1000000
seed=""
while [ $# -gt 0 ]; do
  case "$1" in
    --cases) cases="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    *) echo "usage: scripts/fuzz-contract.sh [--cases N] [--seed S]" >&2; exit 2 ;;
  esac
done

# Optimised like a release, without the release profile's whole-program LTO
# and size optimisation (those are for the browser bundle), in a target
# folder of its own so the other builds keep their caches.
export CARGO_PROFILE_RELEASE_LTO=false
export CARGO_PROFILE_RELEASE_OPT_LEVEL=3
export CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$GONGKAI_ROOT/target/fuzz}"
export GONGKAI_FUZZ_CASES="$cases"
[ -z "$seed" ] || export GONGKAI_FUZZ_SEED="$seed"

echo "fuzz-contract: building (release)…"
cargo test --release --test fuzz_contract --no-run --quiet
echo "fuzz-contract: $cases cases on $(nproc) cores, one thread"
start=$(date +%s.%N)
cargo test --release --test fuzz_contract --quiet -- --nocapture --test-threads 1
end=$(date +%s.%N)
echo "fuzz-contract: wall time $(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", e - s }') s (with start-up and the demo's generation)"
