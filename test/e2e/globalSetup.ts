/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- e2e test setup, not runtime code: files and env */
/**
 * Once per e2e run: n8n in the cache (cold ~7 min, then instant) and this repository built and
 * packed. The test files read the result from the file named by ANNEXCLOUD_E2E_CONTEXT.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { ARTIFACTS_DIR, buildAndPack, ensureN8n, formatDuration } from '../../scripts/n8n';
import { CONTEXT_ENV, type E2eContext } from './helpers/context';

export default async function globalSetup(): Promise<void> {
	const started = Date.now();
	process.stderr.write('\n');
	const installation = await ensureN8n();
	const provisionMs = Date.now() - started;
	const packStarted = Date.now();
	const tarball = await buildAndPack();
	const packMs = Date.now() - packStarted;
	const dir = join(ARTIFACTS_DIR, 'e2e');
	mkdirSync(dir, { recursive: true });
	const context: E2eContext = { installation, tarball, provisionMs, packMs };
	const file = join(dir, 'context.json');
	writeFileSync(file, JSON.stringify(context, null, 2));
	process.env[CONTEXT_ENV] = file;
	process.stderr.write(`e2e setup: provision ${formatDuration(provisionMs)}, build+pack ${formatDuration(packMs)}\n`);
}
