/* eslint-disable @n8n/community-nodes/no-restricted-imports -- e2e test helper, not runtime code: the path of the installed n8n-workflow */
/**
 * Whether an installed n8n applies a credential test's `responseCode` rules, probed in that
 * n8n rather than by version: its credential tester reads the HTTP status from the error's
 * `cause.response`, which n8n-workflow's NodeApiError keeps in 1.97 (n8n 1.100) and 2.41 but not
 * in 1.120 (n8n 1.123) or 2.0.1 (n8n 2.0.3). Where it does not, a failing test shows NodeApiError's own message for
 * the status ("Authorization failed - please check your credentials" for 401).
 */
import { join } from 'node:path';

import { run, type N8nInstallation } from '../../../scripts/n8n';

export interface CredentialRuleBehaviour {
	/** n8n shows the credential's rule message for a failing status */
	appliesRules: boolean;
	/** the message n8n shows instead, per status, where it does not */
	ownMessages: Record<number, string>;
}

const PROBE = `
const { NodeApiError } = require(process.argv[1]);
const node = { id: '1', name: 'probe', type: 'probe', typeVersion: 1, parameters: {}, position: [0, 0] };
const out = { appliesRules: true, ownMessages: {} };
for (const status of JSON.parse(process.argv[2])) {
	const cause = Object.assign(new Error('Request failed with status code ' + status), {
		isAxiosError: true,
		response: { status, statusText: '', headers: {}, data: {} },
	});
	const error = new NodeApiError(node, cause);
	if (error.cause === undefined || error.cause.response === undefined) out.appliesRules = false;
	out.ownMessages[status] = error.message;
}
process.stdout.write(JSON.stringify(out));
`;

export async function credentialRuleBehaviour(
	installation: N8nInstallation,
	statuses: readonly number[],
): Promise<CredentialRuleBehaviour> {
	const workflow = join(installation.dir, 'node_modules', 'n8n-workflow');
	const result = await run(installation.node, ['-e', PROBE, workflow, JSON.stringify(statuses)], { timeoutMs: 60_000 });
	return JSON.parse(result.stdout) as CredentialRuleBehaviour;
}
