#!/usr/bin/env bash
# Long property-based fuzzing pass over every input parser (see tests/fuzz.rs).
# Usage: scripts/fuzz.sh [CASES]   (default 20000 cases per property; `cargo test` runs 64)
set -euo pipefail
cd "$(dirname "$0")/.."
cases="${1:-20000}"
echo "fuzzing with $cases cases per property"
time PROPTEST_CASES="$cases" cargo test --release --test fuzz -- --test-threads 2
