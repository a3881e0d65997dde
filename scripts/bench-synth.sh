#!/usr/bin/env bash
# Synth speed and memory of the tutorial app (issue 3's target: < 10 s wall, < 1.5 GB peak RSS).
# Usage: scripts/bench-synth.sh [RUNS]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
[[ -f apps/target/spotkube-apps.jar ]] || build_jars
exec python3 test/bench/synth_bench.py "${1:-5}"
