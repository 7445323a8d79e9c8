/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- e2e test helper, not runtime code: files and env */
/** What globalSetup prepared (n8n installation, tarball), and a describe that needs it. */
import { existsSync, readFileSync } from 'node:fs';

import type { N8nInstallation } from '../../../scripts/n8n';

export const CONTEXT_ENV = 'ANNEXCLOUD_E2E_CONTEXT';

export interface E2eContext {
	installation: N8nInstallation;
	tarball: string;
	provisionMs: number;
	packMs: number;
}

/** The prepared context, or undefined outside `jest -c jest.e2e.config.js`. */
export function e2eContext(): E2eContext | undefined {
	const file = process.env[CONTEXT_ENV];
	if (file === undefined || !existsSync(file)) return undefined;
	return JSON.parse(readFileSync(file, 'utf8')) as E2eContext;
}

export function requireContext(): E2eContext {
	const context = e2eContext();
	if (context === undefined) throw new Error('run the e2e tests with jest -c jest.e2e.config.js (bash scripts/e2e.sh)');
	return context;
}
