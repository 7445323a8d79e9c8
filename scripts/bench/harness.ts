/* eslint-disable @n8n/community-nodes/no-restricted-globals -- dev-only benchmark worker, never in the package: a child process entry point (argv, stdout, exit) */
/**
 * Child process entry (started by lib/worker.ts): runs one scenario of our nodes inside
 * n8n-core's real execution engine (test/helpers/n8n.ts: WorkflowExecute for the action node,
 * PollContext for the trigger) against a sandbox running in another process, and prints the
 * measurements as one JSON line.
 *
 *   node --expose-gc scripts/run-ts.js scripts/bench/harness.ts <scenario> '<json args>'
 */
import './lib/preferTs';

import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters, IPollFunctions } from 'n8n-workflow';

import {
	activeCampaigns,
	advance,
	AnnexCloud,
	annexCloudApiRequestAllItems,
	AnnexCloudTrigger,
	canonicalJson,
	isUnchanged,
	LIST_KEYS,
	parseState,
	pollDeadline,
	ROUTES,
	serializeState,
	type TriggerOptions,
} from './lib/product';
import type { SandboxCredentials } from '../../sandbox';
import { N8nHarness } from '../../test/helpers/n8n';
import { credentialData } from '../n8n/examples';
import { measurePeak, type MemoryPeak } from './lib/memory';
import { median, nowMs } from './lib/stats';
import { reportResult } from './lib/worker';

interface SandboxRef {
	credentials: SandboxCredentials;
	controlUrl: string;
}

function credentialsOf(values: SandboxCredentials): ICredentialDataDecryptedObject {
	return credentialData(values) as ICredentialDataDecryptedObject;
}

/**
 * The Annex Cloud node in a harness whose credential counts the requests it signs; the
 * harness's credentials helper counts the credential loads (`decryptCount`).
 */
function countingHarness(values: SandboxCredentials): { harness: N8nHarness; signed: () => number } {
	let signed = 0;
	const harness = new N8nHarness({
		credentials: credentialsOf(values),
		nodeTypes: [new AnnexCloud()],
		onAuthenticate: () => {
			signed++;
		},
	});
	return { harness, signed: () => signed };
}

async function control<T>(sandbox: SandboxRef, method: string, path: string): Promise<T> {
	const response = await fetch(`${sandbox.controlUrl}${path}`, { method });
	if (!response.ok) throw new Error(`sandbox control ${method} ${path}: HTTP ${response.status}`);
	return (await response.json()) as T;
}

async function requestCount(sandbox: SandboxRef): Promise<number> {
	return (await control<{ requests: number }>(sandbox, 'GET', '/state')).requests;
}

async function clearLog(sandbox: SandboxRef): Promise<void> {
	await control(sandbox, 'DELETE', '/requests');
}

/** Time `fn`, and with `memory` also its peak memory (sampling costs a little time). */
async function run<T>(memory: boolean, fn: () => Promise<T>): Promise<{ value: T; ms: number; memory?: MemoryPeak }> {
	if (!memory) {
		const started = nowMs();
		const value = await fn();
		return { value, ms: nowMs() - started };
	}
	let ms = 0;
	const measured = await measurePeak(async () => {
		const started = nowMs();
		const value = await fn();
		ms = nowMs() - started;
		return value;
	}, 2);
	return { value: measured.value, ms, memory: measured.memory };
}

// ---------------------------------------------------------------------------------- bulk

export interface BulkArgs extends SandboxRef {
	members: number;
	batchSize: number;
	campaignId: string;
	startDate: string;
	endDate: string;
	memory: boolean;
}

export interface BulkResult {
	ms: number;
	items: number;
	succeeded: number;
	requests: number;
	signed: number;
	outputBytes: number;
	memory?: MemoryPeak;
}

async function bulk(args: BulkArgs): Promise<BulkResult> {
	const { harness, signed } = countingHarness(args.credentials);
	const input = Array.from({ length: args.members }, (_unused, index) => ({
		memberId: `member-${String(index + 1).padStart(4, '0')}`,
	}));
	const parameters: INodeParameters = {
		resource: 'campaign',
		operation: 'setIndividualValidity',
		campaignId: { __rl: true, mode: 'id', value: args.campaignId },
		memberId: '={{ $json.memberId }}',
		startDate: args.startDate,
		endDate: args.endDate,
		options: { batchSize: args.batchSize },
	};
	await clearLog(args);
	const measured = await run(args.memory, async () => await harness.runNode('annexCloud', parameters, input));
	const { items, error } = measured.value;
	if (error) throw error;
	return {
		ms: measured.ms,
		items: items.length,
		succeeded: items.filter((item) => item.json.success === true).length,
		requests: await requestCount(args),
		signed: signed(),
		outputBytes: JSON.stringify(items.map((item) => item.json)).length,
		memory: measured.memory,
	};
}

// ----------------------------------------------------------------------------------- get

export interface GetArgs {
	/** credential values (the base URL may be a replay server) */
	credentials: SandboxCredentials;
	items: number;
	firstId: number;
	/** measured rounds after one warm-up round */
	rounds: number;
}

export interface GetResult {
	/** ms per round for `items` items */
	rounds: number[];
	/** credential loads (getCredentials -> credentialsHelper.getDecrypted) per item */
	credentialLoadsPerItem: number;
	/** authenticate calls per item */
	signedPerItem: number;
}

/** Campaign > Get for `items` items, as in the real-n8n throughput benchmark. */
async function get(args: GetArgs): Promise<GetResult> {
	const { harness, signed } = countingHarness(args.credentials);
	let loads = 0;
	let signs = 0;
	const input = Array.from({ length: args.items }, (_unused, index) => ({ campaignId: String(args.firstId + index) }));
	const parameters: INodeParameters = {
		resource: 'campaign',
		operation: 'get',
		campaignId: { __rl: true, mode: 'id', value: '={{ $json.campaignId }}' },
		simplify: false,
	};
	const rounds: number[] = [];
	for (let round = 0; round <= args.rounds; round++) {
		const loadsBefore = harness.credentialsHelper.decryptCount;
		const signedBefore = signed();
		const started = nowMs();
		const { items, error } = await harness.runNode('annexCloud', parameters, input);
		const ms = nowMs() - started;
		loads = harness.credentialsHelper.decryptCount - loadsBefore;
		signs = signed() - signedBefore;
		if (error) throw error;
		if (items.length !== args.items) throw new Error(`Campaign > Get output ${items.length} items`);
		if (round > 0) rounds.push(ms);
	}
	return { rounds, credentialLoadsPerItem: loads / args.items, signedPerItem: signs / args.items };
}

// ------------------------------------------------------------------------------- getMany

export interface GetManyArgs extends SandboxRef {
	simplify: boolean;
	memory: boolean;
}

export interface GetManyResult {
	ms: number;
	items: number;
	requests: number;
	outputBytes: number;
	memory?: MemoryPeak;
}

async function getMany(args: GetManyArgs): Promise<GetManyResult> {
	const harness = new N8nHarness({ credentials: credentialsOf(args.credentials), nodeTypes: [new AnnexCloud()] });
	const parameters: INodeParameters = {
		resource: 'campaign',
		operation: 'getMany',
		status: 'all',
		returnAll: true,
		simplify: args.simplify,
	};
	await clearLog(args);
	const measured = await run(args.memory, async () => await harness.runNode('annexCloud', parameters, [{}]));
	const { items, error } = measured.value;
	if (error) throw error;
	return {
		ms: measured.ms,
		items: items.length,
		requests: await requestCount(args),
		outputBytes: JSON.stringify(items.map((item) => item.json)).length,
		memory: measured.memory,
	};
}

// ------------------------------------------------------------------------------- trigger

export interface TriggerArgs extends SandboxRef {
	/** measured rounds of (steady-state poll, page read) over HTTP, after one warm-up round */
	rounds: number;
	/** measured rounds with the pages answered from memory, after one warm-up round */
	memoryRounds: number;
}

export interface PollMeasurement {
	ms: number;
	requests: number;
	emitted: number;
	staticBytes: number;
	memory?: MemoryPeak;
}

export interface TriggerResult {
	/** warm, without memory sampling */
	firstPoll: PollMeasurement;
	firstPollMemory: PollMeasurement;
	steadyPoll: PollMeasurement;
	read: { ms: number; requests: number; records: number; memory?: MemoryPeak };
	/** wall and CPU time (this process: user + system) of each measured round */
	rounds: Array<{ pollMs: number; readMs: number; pollCpuMs: number; readCpuMs: number }>;
	/** the same with every page answered from memory (recorded responses): client work only */
	memoryRounds: Array<{ pollMs: number; readMs: number; pollCpuMs: number; readCpuMs: number }>;
	/** median ms of the exported state functions a steady-state poll calls, on this poll's data */
	breakdown: Array<{ step: string; ms: number }>;
	/** warm, without memory sampling */
	includeActive: PollMeasurement;
	includeActiveMemory: PollMeasurement;
	emitOnceIncludeActive: PollMeasurement;
}

const TRIGGER_NAME = 'Annex Cloud Trigger';
const STATIC_KEY = `node:${TRIGGER_NAME}`;

async function trigger(args: TriggerArgs): Promise<TriggerResult> {
	const node = new AnnexCloudTrigger();
	const harness = new N8nHarness({ credentials: credentialsOf(args.credentials), nodeTypes: [node] });
	const contextFor = (options: IDataObject, staticData: IDataObject): IPollFunctions =>
		harness.pollContext('annexCloudTrigger', { event: 'campaignBecameActive', simplify: true, filters: {}, options: options as INodeParameters }, staticData, {
			name: TRIGGER_NAME,
		});
	const staticBytes = (staticData: IDataObject): number => JSON.stringify(staticData[STATIC_KEY] ?? {}).length;

	const measurePoll = async (context: IPollFunctions, staticData: IDataObject, memory: boolean): Promise<PollMeasurement> => {
		await clearLog(args);
		const measured = await run(memory, async () => await node.poll.call(context));
		return {
			ms: measured.ms,
			requests: await requestCount(args),
			emitted: measured.value?.[0]?.length ?? 0,
			staticBytes: staticBytes(staticData),
			memory: measured.memory,
		};
	};

	// The trigger's own page read, exactly as poll() asks for it.
	const steadyData: IDataObject = {};
	const context = contextFor({}, steadyData);
	const read = async (): Promise<IDataObject[]> =>
		await annexCloudApiRequestAllItems.call(context, {
			route: ROUTES.getCampaignsByStatus,
			pathParams: { status: 'active' },
			listKey: LIST_KEYS.campaigns,
			deadlineMs: pollDeadline(Date.now(), context.getPollBudgetMs()),
		});

	// Warm-up: the first reads of a process (and of the sandbox process) run cold code.
	for (let i = 0; i < 2; i++) await read();

	// Memory, in this order: first poll (no state: records every active campaign, emits nothing),
	// steady state (nothing new), the page read alone, then the heaviest first polls: every
	// active campaign emitted (and remembered, with "once").
	const firstPollMemory = await measurePoll(context, steadyData, true);
	const steadyPoll = await measurePoll(context, steadyData, true);
	await clearLog(args);
	const readMeasured = await run(true, read);
	const readResult = { ms: readMeasured.ms, requests: await requestCount(args), records: readMeasured.value.length, memory: readMeasured.memory };
	const includeData: IDataObject = {};
	const includeActiveMemory = await measurePoll(contextFor({ startFrom: 'includeActive' }, includeData), includeData, true);
	const onceData: IDataObject = {};
	const emitOnceIncludeActive = await measurePoll(
		contextFor({ startFrom: 'includeActive', emitOnce: true }, onceData),
		onceData,
		true,
	);

	// Times without memory sampling, warm.
	const freshData: IDataObject = {};
	const firstPoll = await measurePoll(contextFor({}, freshData), freshData, false);
	const freshIncludeData: IDataObject = {};
	const includeActive = await measurePoll(contextFor({ startFrom: 'includeActive' }, freshIncludeData), freshIncludeData, false);

	// Steady-state poll vs reading the pages: interleaved, alternating order, one warm-up round.
	const rounds: TriggerResult['rounds'] = [];
	const timeIt = async (fn: () => Promise<unknown>): Promise<{ ms: number; cpuMs: number }> => {
		const cpu = process.cpuUsage();
		const started = nowMs();
		await fn();
		const ms = nowMs() - started;
		const used = process.cpuUsage(cpu);
		return { ms, cpuMs: (used.user + used.system) / 1000 };
	};
	const steadyPollOnce = async (): Promise<void> => {
		const result = await node.poll.call(context);
		if (result !== null) throw new Error('a steady-state poll emitted items');
	};
	/** Poll and read alternately, swapping which goes first each round; round 0 is a warm-up. */
	const interleaved = async (count: number, into: Array<{ pollMs: number; readMs: number; pollCpuMs: number; readCpuMs: number }>): Promise<void> => {
		for (let round = 0; round <= count; round++) {
			let poll: { ms: number; cpuMs: number };
			let pages: { ms: number; cpuMs: number };
			if (round % 2 === 0) {
				poll = await timeIt(steadyPollOnce);
				pages = await timeIt(read);
			} else {
				pages = await timeIt(read);
				poll = await timeIt(steadyPollOnce);
			}
			if (round > 0) into.push({ pollMs: poll.ms, readMs: pages.ms, pollCpuMs: poll.cpuMs, readCpuMs: pages.cpuMs });
		}
	};
	await interleaved(args.rounds, rounds);

	// The same comparison with the pages answered from memory: the recorded responses of the
	// sandbox, handed back by the request helper at once. What is left is the client's work:
	// the transport's parsing of every page, and for the poll its state work on top.
	const recorded = new Map<string, unknown>();
	const helpers = context.helpers as unknown as Record<string, unknown>;
	const original = helpers.httpRequestWithAuthentication as (...args: unknown[]) => Promise<unknown>;
	const pageKey = (options: unknown): string => {
		const { url, qs } = options as { url?: unknown; qs?: Record<string, unknown> };
		return `${String(url)}?page=${String(qs?.page ?? '')}`;
	};
	helpers.httpRequestWithAuthentication = async function (this: unknown, ...callArgs: unknown[]): Promise<unknown> {
		const response = await original.apply(this, callArgs);
		recorded.set(pageKey(callArgs[1]), response);
		return response;
	};
	await read();
	helpers.httpRequestWithAuthentication = async (...callArgs: unknown[]): Promise<unknown> => {
		const response = recorded.get(pageKey(callArgs[1]));
		if (response === undefined) throw new Error(`no recorded response for ${pageKey(callArgs[1])}`);
		return response;
	};
	const memoryRounds: TriggerResult['memoryRounds'] = [];
	await interleaved(args.memoryRounds, memoryRounds);
	// What the poll's state work is made of: the exported pure functions it calls, on this data.
	const records = await read();
	helpers.httpRequestWithAuthentication = original;
	const stored = steadyData[STATIC_KEY];
	const previous = parseState(stored);
	if (previous === undefined) throw new Error('no stored trigger state after the steady-state polls');
	const options: TriggerOptions = { startFrom: 'now', emitOnce: false, filters: {} };
	const next = serializeState(advance(previous, records, options).state);
	const current = activeCampaigns(records);
	if (!isUnchanged(stored, current, options)) throw new Error('the steady-state poll would not end early on this data');
	const steps: Array<[string, () => unknown]> = [
		['activeCampaigns (the ids of the list)', () => activeCampaigns(records)],
		['isUnchanged (encode those ids, compare with the stored set)', () => isUnchanged(stored, current, options)],
		['full path, when something changed: parseState (decode the stored id set)', () => parseState(stored)],
		['full path: advance (compare, next state)', () => advance(previous, records, options)],
		['full path: serializeState (encode the id set)', () => serializeState(previous)],
		['full path: canonicalJson x2 (an unchanged state is not rewritten)', () => canonicalJson(stored) === canonicalJson(next)],
	];
	const breakdown = steps.map(([step, fn]) => {
		const times: number[] = [];
		for (let i = 0; i < 16; i++) {
			const started = nowMs();
			fn();
			if (i > 0) times.push(nowMs() - started);
		}
		return { step, ms: median(times) };
	});

	return {
		breakdown,
		firstPoll,
		firstPollMemory,
		memoryRounds,
		steadyPoll,
		read: readResult,
		rounds,
		includeActive,
		includeActiveMemory,
		emitOnceIncludeActive,
	};
}

// ---------------------------------------------------------------------------------- main

const SCENARIOS: Record<string, (args: never) => Promise<unknown>> = { bulk, get, getMany, trigger };

async function main(): Promise<void> {
	const [scenario = '', rawArgs = '{}'] = process.argv.slice(2);
	const fn = SCENARIOS[scenario];
	if (fn === undefined) throw new Error(`unknown scenario "${scenario}" (known: ${Object.keys(SCENARIOS).join(', ')})`);
	reportResult(await fn(JSON.parse(rawArgs) as never));
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		process.exit(1);
	},
);
