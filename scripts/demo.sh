#!/usr/bin/env bash
# The README's main-job command (`npm run demo`): real n8n 2.41.1 with this package installed as
# a community package, the local Annex Cloud sandbox, a credential for it and the example
# workflows. Ctrl+C stops everything. `npm run demo -- --help` lists the options (--check,
# --port, --sandbox-port, --fresh, --n8n-url/--api-key).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-node.sh
source scripts/ensure-deps.sh
exec node scripts/run-ts.js scripts/demo.ts "$@"
