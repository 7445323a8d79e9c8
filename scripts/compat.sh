#!/usr/bin/env bash
# The compatibility matrix (`npm run test:compat`): for each n8n release, the packed package
# installed as a community package into that n8n (provisioned into the cache, see
# scripts/n8n/versions.ts), then the e2e suites that prove it works there: the credential test
# through the public API and list search through the editor's REST API (credential.test.ts),
# every operation against the sandbox (operations.test.ts), and the published trigger over two
# polls and across a restart (trigger.test.ts), and the lifecycle events (trigger-events.test.ts).
#   bash scripts/compat.sh            every release of the matrix (1.100.1, 1.123.81, 2.0.3, 2.41.1)
#   bash scripts/compat.sh --ci       the releases CI adds to `npm test`'s full e2e run on 2.41.1
#   bash scripts/compat.sh 1.123.x    the given releases (exact or a range: its newest release)
# Ends with a table: release, Node.js, provisioning time, test time, result.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-node.sh
source scripts/ensure-deps.sh

SUITES=(test/e2e/credential.test.ts test/e2e/operations.test.ts test/e2e/trigger.test.ts test/e2e/trigger-events.test.ts)

if [ "$#" -eq 0 ]; then
	mapfile -t versions < <(node scripts/run-ts.js scripts/n8n/cli.ts matrix all)
elif [ "$1" = "--ci" ]; then
	mapfile -t versions < <(node scripts/run-ts.js scripts/n8n/cli.ts matrix ci)
else
	versions=("$@")
fi

summary=()
status=0
for version in "${versions[@]}"; do
	echo "== compat: n8n $version"
	started=$(date +%s)
	provision_log="$(mktemp)"
	if ! dir="$(node scripts/run-ts.js scripts/n8n/cli.ts provision "$version" 2> >(tee "$provision_log" >&2))"; then
		summary+=("| $version | - | failed after $(( $(date +%s) - started )) s | - | provisioning failed |")
		status=1
		continue
	fi
	provisioned=$(date +%s)
	exact="$(basename "$dir")"
	exact="${exact#n8n-}"
	log="$(mktemp)"
	result=0
	ANNEXCLOUD_N8N_VERSION="$exact" bash scripts/e2e.sh "${SUITES[@]}" 2>&1 | tee "$log" || result=$?
	finished=$(date +%s)
	line="$(grep -E '^e2e: ' "$log" | tail -n 1 || true)"
	node_version="$(grep -oE 'Node\.js v[0-9.]+' "$provision_log" | tail -n 1 | sed 's/Node\.js //' || true)"
	rm -f "$log" "$provision_log"
	[ "$result" -eq 0 ] || status=1
	summary+=("| $exact | ${node_version:-?} | $(( provisioned - started )) s | $(( finished - provisioned )) s | ${line:-no result} |")
done

echo
echo "== compatibility matrix"
echo "| n8n | Node.js | provision | e2e (credential, operations, trigger) | result |"
echo "|---|---|---|---|---|"
printf '%s\n' "${summary[@]}"
exit "$status"
