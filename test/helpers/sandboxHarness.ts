/**
 * A sandbox plus an n8n harness whose credential points at it: the setup every
 * over-the-wire test needs.
 */
import type { ICredentialDataDecryptedObject, INodeType } from 'n8n-workflow';

import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox';
import { N8nHarness } from './n8n';

/** The credential's fields for this sandbox: `sandbox.credentials` uses the credential's own names. */
export function credentialsFor(sandbox: Sandbox): ICredentialDataDecryptedObject {
	return { ...sandbox.credentials };
}

export interface SandboxHarness {
	sandbox: Sandbox;
	harness: N8nHarness;
	close(): Promise<void>;
}

export async function startSandboxHarness(
	nodeTypes: INodeType[],
	options: SandboxOptions = {},
): Promise<SandboxHarness> {
	const sandbox = await startSandbox({ port: 0, ...options });
	const harness = new N8nHarness({ credentials: credentialsFor(sandbox), nodeTypes });
	return { sandbox, harness, close: async () => await sandbox.close() };
}
