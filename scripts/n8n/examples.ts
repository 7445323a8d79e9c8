/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev tooling (demo, e2e), never in the package: reads the example workflow files */
/**
 * The example workflows in examples/ and the sandbox credential they use.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { CredentialImport, WorkflowDefinition } from './instance';
import { CREDENTIAL_TYPE, EXAMPLES_DIR } from './paths';

/** The credential every example refers to (n8n public API ids: 1-16 letters, digits, _ or -). */
export const EXAMPLE_CREDENTIAL = { id: 'annexSandbox01', name: 'Annex Cloud sandbox' } as const;

export interface SandboxCredentialValues {
	baseUrl: string;
	siteId: string;
	siteName: string;
	sharedSecret: string;
	signatureValiditySeconds: number;
}

/**
 * The Annex Cloud API credential's fields for the local sandbox (the sandbox names them the
 * same): Environment "Custom Base URL" pointing at it.
 */
export function credentialData(values: SandboxCredentialValues, baseUrl = values.baseUrl): Record<string, unknown> {
	const { siteId, siteName, sharedSecret, signatureValiditySeconds } = values;
	return { environment: 'custom', baseUrl, siteId, siteName, sharedSecret, signatureValiditySeconds };
}

/** The credential to `n8n import:credentials` for the examples. */
export function exampleCredential(values: SandboxCredentialValues, baseUrl?: string): CredentialImport {
	return { ...EXAMPLE_CREDENTIAL, type: CREDENTIAL_TYPE, data: credentialData(values, baseUrl) };
}

export interface Example {
	file: string;
	workflow: WorkflowDefinition;
}

interface WorkflowNode {
	name: string;
	type: string;
	credentials?: Record<string, { id: string; name: string }>;
	[key: string]: unknown;
}

/** Every examples/*.json, sorted by file name. */
export function loadExamples(dir = EXAMPLES_DIR): Example[] {
	return readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({ file, workflow: JSON.parse(readFileSync(join(dir, file), 'utf8')) as WorkflowDefinition }));
}

/** A copy of `workflow` whose Annex Cloud nodes use the credential `credential`. */
export function withCredential(workflow: WorkflowDefinition, credential: { id: string; name: string }): WorkflowDefinition {
	const nodes = (workflow.nodes as WorkflowNode[]).map((node) => {
		if (node.credentials?.[CREDENTIAL_TYPE] === undefined) return node;
		return { ...node, credentials: { ...node.credentials, [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } } };
	});
	return { ...workflow, nodes };
}

/**
 * Whether the workflow starts from a trigger other than the Manual Trigger (polling, schedule,
 * webhook, chat): it runs once published, not with `n8n execute`.
 */
export function startsFromTrigger(workflow: WorkflowDefinition): boolean {
	return (workflow.nodes as WorkflowNode[]).some(
		(node) => (/Trigger$/.test(node.type) || node.type === 'n8n-nodes-base.webhook') && !node.type.endsWith('.manualTrigger'),
	);
}
