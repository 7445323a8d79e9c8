#!/usr/bin/env bash
# `npm run bench`: measure the package and write BENCHMARKS.md (see scripts/bench/index.ts).
# Brings Node.js 24 (n8n 2.x needs it) and the dev dependencies like the other commands, then
# passes every argument on: `npm run bench -- --quick`, `--only=signing,trigger`, `--out=FILE`.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/ensure-node.sh
source scripts/ensure-deps.sh
# BENCH_ENTRY picks another entry point: `npm run bench:profile` (scripts/bench/profile.ts).
exec node scripts/run-ts.js "${BENCH_ENTRY:-scripts/bench/index.ts}" "$@"
