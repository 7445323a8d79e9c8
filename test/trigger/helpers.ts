/**
 * Running the Annex Cloud Trigger's poll() inside n8n-core's real PollContext against a
 * local sandbox over real HTTP.
 */
import type { IDataObject, INodeExecutionData, INodeParameters, WorkflowExecuteMode } from 'n8n-workflow';

import { AnnexCloudTrigger } from '../../nodes/AnnexCloud/AnnexCloudTrigger.node';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox';
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
