#!/usr/bin/env bash
# The README's main-job command (`npm run demo`): for now, the local Annex Cloud sandbox.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-node.sh
source scripts/ensure-deps.sh
exec node scripts/run-ts.js sandbox/cli.ts "$@"
