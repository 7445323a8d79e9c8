/* eslint-disable @n8n/community-nodes/no-restricted-globals -- e2e test helper, not runtime code: writes timings to stderr */
/**
 * One real n8n per test file, with the packed package installed as a community package.
 */
import {
	CREDENTIAL_TYPE,
	credentialData,
	formatDuration,
	installTarball,
	N8nInstance,
	type CredentialImport,
	type PublicApi,
	type SandboxCredentialValues,
	type WorkflowDefinition,
} from '../../../scripts/n8n';
import { requireContext } from './context';

/** A new n8n (temporary user folder, free ports) with n8n-nodes-annexcloud installed. */
export async function createN8n(): Promise<N8nInstance> {
	const context = requireContext();
	const n8n = await N8nInstance.create({ installation: context.installation, log: () => undefined });
	await installTarball(context.tarball, n8n.userFolder, { log: () => undefined });
	return n8n;
}

/** An Annex Cloud API credential for the sandbox, with fields replaced by `overrides`. */
export function sandboxCredential(
	values: SandboxCredentialValues,
	id: string,
	name: string,
	overrides: Record<string, unknown> = {},
): CredentialImport {
	return { id, name, type: CREDENTIAL_TYPE, data: { ...credentialData(values), ...overrides } };
}

/** Durations measured by a test file, printed when it ends (outside jest's console capture). */
export class Timings {
	private readonly entries: Array<[string, number]> = [];

	private readonly notes = new Set<string>();

	constructor(private readonly suite: string) {}

	async measure<T>(label: string, fn: () => Promise<T>): Promise<T> {
		const started = Date.now();
		try {
			return await fn();
		} finally {
			this.entries.push([label, Date.now() - started]);
		}
	}

	add(label: string, ms: number): void {
		this.entries.push([label, ms]);
	}

	/** A fact of the run shown with the timings (said once however often it is noted). */
	note(text: string): void {
		this.notes.add(text);
	}

	print(): void {
		if (this.entries.length === 0 && this.notes.size === 0) return;
		const line = [...this.entries.map(([label, ms]) => `${label} ${formatDuration(ms)}`), ...this.notes].join(', ');
		process.stderr.write(`[e2e timings] ${this.suite}: ${line}\n`);
	}
}

/**
 * Publish imported workflows with the CLI. n8n 2.0.x imports without a history version and its
 * publish command then fails ("Version ... not found for workflow"): the workflows it could not
 * publish are returned, to be created and published through the public API once n8n runs
 * (`publishDeferred`). Any other failure is thrown.
 */
export async function publishImported(n8n: N8nInstance, workflows: readonly WorkflowDefinition[]): Promise<WorkflowDefinition[]> {
	const deferred: WorkflowDefinition[] = [];
	for (const workflow of workflows) {
		const published = await n8n.publishWorkflow(workflow.id).then(
			() => true,
			(error: unknown) => {
				if (error instanceof Error && /Version \\?"[^"\\]*\\?" not found for workflow/.test(error.message)) return false;
				throw error;
			},
		);
		if (!published) deferred.push(workflow);
	}
	return deferred;
}

/** Create and publish through the public API the workflows publishImported could not publish; their ids, by imported id. */
export async function publishDeferred(api: PublicApi, deferred: readonly WorkflowDefinition[]): Promise<Map<string, string>> {
	const ids = new Map<string, string>();
	for (const workflow of deferred) ids.set(workflow.id, String((await api.createAndPublishWorkflow(workflow)).id));
	return ids;
}
