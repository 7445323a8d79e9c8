#!/usr/bin/env bash
# End-to-end tests in real n8n (`npm run test:e2e`): the packed package installed as a community
# package into n8n 2.41.1 (or the release ANNEXCLOUD_N8N_VERSION names, e.g. 1.123.81), headless,
# against the local sandbox. Extra arguments go to jest
# (e.g. `bash scripts/e2e.sh test/e2e/credential.test.ts`). Ends with `e2e: N passed, N failed`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-node.sh
source scripts/ensure-deps.sh
source scripts/ensure-system.sh

echo "== provision n8n ${ANNEXCLOUD_N8N_VERSION:-} (cold: about 7-10 min, then reused from the cache)"
node scripts/run-ts.js scripts/n8n/cli.ts provision
echo "== e2e (jest -c jest.e2e.config.js, one file at a time)"
report="$(mktemp)"
status=0
npx jest -c jest.e2e.config.js --runInBand --json --outputFile="$report" "$@" || status=$?
node -e '
const fs = require("node:fs");
let r;
try { r = JSON.parse(fs.readFileSync(process.argv[1], "utf8")); } catch { r = undefined; }
if (!r) { console.log("e2e: 0 passed, 0 failed (jest wrote no report)"); process.exit(1); }
const failedSuites = r.numFailedTestSuites - r.testResults.filter((s) => s.assertionResults.some((a) => a.status === "failed")).length;
console.log(`e2e: ${r.numPassedTests} passed, ${r.numFailedTests} failed` +
  (r.numPendingTests ? `, ${r.numPendingTests} skipped` : "") +
  (failedSuites > 0 ? ` (${failedSuites} suite(s) failed to run)` : ""));
if (r.numTotalTests === 0 || r.numFailedTests > 0 || failedSuites > 0) process.exit(1);
' "$report" || status=1
rm -f "$report"
exit "$status"
