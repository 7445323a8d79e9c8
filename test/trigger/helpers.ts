/**
 * Running the Annex Cloud Trigger's poll() inside n8n-core's real PollContext against a
 * local sandbox over real HTTP.
 */
import type { IDataObject, INodeExecutionData, INodeParameters, WorkflowExecuteMode } from 'n8n-workflow';

import { AnnexCloudTrigger } from '../../nodes/AnnexCloud/AnnexCloudTrigger.node';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox';
import { resetSandbox, useStarted } from '../helpers/lifecycle';
import { credentialsFor } from '../helpers/sandboxHarness';
import { N8nHarness } from '../helpers/n8n';

export const TRIGGER_TYPE = 'annexCloudTrigger';
export const TRIGGER_NAME = 'Annex Cloud Trigger';
/** Where the harness keeps the trigger's node static data inside the workflow static data. */
export const STATIC_KEY = `node:${TRIGGER_NAME}`;

/** The sandbox's demo credential under our credential's field names. */
export interface TriggerRig {
	sandbox: Sandbox;
	harness: N8nHarness;
	trigger: AnnexCloudTrigger;
	close(): Promise<void>;
}

export async function startRig(options: SandboxOptions = {}): Promise<TriggerRig> {
	const sandbox = await startSandbox({ port: 0, ...options });
	const trigger = new AnnexCloudTrigger();
	const harness = new N8nHarness({ credentials: credentialsFor(sandbox), nodeTypes: [trigger] });
	return { sandbox, harness, trigger, close: async () => await sandbox.close() };
}

export interface PollOptions {
	mode?: WorkflowExecuteMode;
	pollBudgetMs?: number;
	/** the trigger's version (default 1: v0.1's nested items; 2: flat) */
	typeVersion?: number;
}

/** One poll; `staticData` is the workflow's static data object (kept between polls). */
export async function poll(
	rig: TriggerRig,
	parameters: INodeParameters,
	staticData: IDataObject,
	options: PollOptions = {},
): Promise<INodeExecutionData[][] | null> {
	const context = rig.harness.pollContext(TRIGGER_TYPE, parameters, staticData, {
		mode: options.mode ?? 'trigger',
		activation: 'activate',
		pollBudgetMs: options.pollBudgetMs,
		typeVersion: options.typeVersion,
	});
	return await rig.trigger.poll.call(context);
}

/** The items of a poll result (none for null). */
export function itemsOf(result: INodeExecutionData[][] | null): IDataObject[] {
	return (result?.[0] ?? []).map((item) => item.json);
}

/** Campaign ids of a poll result, in order. */
export function idsOf(result: INodeExecutionData[][] | null): string[] {
	return itemsOf(result).map((item) => String(item.campaignId));
}

/** A deep copy through JSON, as n8n stores static data (a restart). */
export function jsonCopy<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

export function sorted(ids: Iterable<string>): string[] {
	return [...ids].sort((a, b) => (a.length - b.length) || (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The trigger's static data as n8n keeps it (n8n 1.123 and 2.x, classic scheduler; checked in
 * the n8n sources: ActiveWorkflowManager.add saves the workflow's static data after the
 * activation poll, and a poll's `__emit` (any result but null) saves it before the run; nothing
 * else saves it during an activation), or under the durable-cursor scheduler (every successful
 * poll's state is committed). A restart or a re-publish reloads what was saved and polls at
 * once again (an activation poll). The end-to-end test proves the restart case in real n8n.
 */
export class N8nStaticData {
	/** what the database holds */
	persisted: IDataObject = {};
	/** the workflow's static data object in the running n8n */
	memory: IDataObject = {};
	/** the next poll is the activation poll (after a start, restart or re-publish) */
	activationPending = true;

	constructor(readonly durable = false) {}

	/** One poll as n8n runs it: throws what the poll throws (nothing is saved then). */
	async poll(rig: TriggerRig, parameters: INodeParameters, options: PollOptions = {}): Promise<INodeExecutionData[][] | null> {
		const result = await poll(rig, parameters, this.memory, options);
		if (this.activationPending || this.durable || result !== null) this.persisted = jsonCopy(this.memory);
		this.activationPending = false;
		return result;
	}

	/** n8n stops and starts again (or the workflow is re-published): memory is what was saved. */
	restart(): void {
		this.memory = jsonCopy(this.persisted);
		this.activationPending = true;
	}
}

/**
 * A rig for a describe block (or a file): started before its tests, closed after them, and
 * reset before each (seeded store, no faults, empty log).
 */
export function useRig(options: SandboxOptions): TriggerRig {
	return useStarted(
		async () => await startRig(options),
		async (rig) => await rig.close(),
		(rig) => resetSandbox(rig.sandbox),
	);
}
