/**
 * Shared set-up for the action node tests: a real sandbox over HTTP and n8n-core's real
 * execution engine (test/helpers/n8n.ts).
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { AnnexCloud } from '../../nodes/AnnexCloud/AnnexCloud.node';
import { startSandbox, type RequestLogEntry, type Sandbox, type SandboxOptions } from '../../sandbox';
import { credentialsFor } from '../helpers/sandboxHarness';
import { resetSandbox, useStarted } from '../helpers/lifecycle';
import { N8nHarness, type NodeRunResult } from '../helpers/n8n';

export const NODE = 'annexCloud';

export interface NodeTestContext {
	sandbox: Sandbox;
	harness: N8nHarness;
	/** Run the node with these parameters over these input items. */
	run(parameters: INodeParameters, input?: IDataObject[], options?: { continueOnFail?: boolean }): Promise<NodeRunResult>;
	/** Requests that reached the API since the last clearLog(). */
	apiRequests(): RequestLogEntry[];
}

/** Start a sandbox and a harness whose credential points at it (our field names). */
export async function startNodeTestContext(options: SandboxOptions = {}): Promise<NodeTestContext> {
	const sandbox = await startSandbox({ port: 0, ...options });
	const harness = new N8nHarness({
		credentials: credentialsFor(sandbox),
		nodeTypes: [new AnnexCloud()],
	});
	return {
		sandbox,
		harness,
		run: async (parameters, input = [{}], runOptions = {}) => await harness.runNode(NODE, parameters, input, runOptions),
		apiRequests: () => sandbox.requests(),
	};
}

/** A resource locator value in "By ID" mode. */
export function byId(value: string): INodeParameters {
	return { __rl: true, mode: 'id', value };
}

/** `count` seeded campaign ids from 1001. */
export const campaignIds = (count: number): string[] => Array.from({ length: count }, (_value, k) => String(1001 + k));

/** Campaign > Get of `{{ $json.id }}`, with Concurrent Requests when given. */
export function getCampaigns(concurrency?: number | string): INodeParameters {
	return {
		resource: 'campaign',
		operation: 'get',
		campaignId: byId('={{ $json.id }}'),
		options: concurrency === undefined ? {} : { concurrency },
	};
}

/** A resource locator value in "From list" mode. */
export function fromList(value: string): INodeParameters {
	return { __rl: true, mode: 'list', value };
}

export function jsonOf(items: INodeExecutionData[]): IDataObject[] {
	return items.map((item) => item.json);
}

export function pairedIndexes(items: INodeExecutionData[]): unknown[] {
	return items.map((item) => (item.pairedItem as { item: number } | undefined)?.item);
}

/** The error of a failed run; fails the test when the run did not fail. */
export function errorOf(result: NodeRunResult): NonNullable<NodeRunResult['error']> {
	if (!result.error) throw new Error(`expected the node to fail, got ${JSON.stringify(jsonOf(result.items))}`);
	return result.error;
}

/** The body the sandbox received, parsed. */
export function bodyOf(entry: RequestLogEntry | undefined): IDataObject {
	if (!entry) throw new Error('no such request');
	return JSON.parse(entry.rawBody) as IDataObject;
}

/** A node test context for a file: started before its tests, closed after, reset before each. */
export function useNodeTestContext(options: SandboxOptions = {}): NodeTestContext {
	return useStarted(
		async () => await startNodeTestContext(options),
		async (ctx) => await ctx.sandbox.close(),
		(ctx) => resetSandbox(ctx.sandbox),
	);
}

/** Campaign 7001, which allows individual validity in 2025, for validityRun; and `count` member ids. */
export function addValidityCampaign(sandbox: Sandbox, count: number): string[] {
	sandbox.store.addCampaign({
		campaignId: '7001',
		individualValidity: true,
		campaignDateFrom: '2025-01-01T00:00:00+0000',
		campaignDateTo: '2025-12-31T00:00:00+0000',
	});
	return Array.from({ length: count }, (_value, k) => `member-${String(k + 1).padStart(4, '0')}`);
}

/** Set Individual Validity of campaign 7001 (March 2025) for the member in each item's `member`. */
export function validityRun(options: IDataObject): INodeParameters {
	return {
		resource: 'campaign',
		operation: 'setIndividualValidity',
		campaignId: byId('7001'),
		memberId: '={{ $json.member }}',
		startDate: '2025-03-01T00:00:00Z',
		endDate: '2025-03-31T00:00:00Z',
		options: options as INodeParameters,
	};
}
