/* eslint-disable no-console, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test support, not runtime code: it captures the console and process output and uses node:util */
/**
 * Shared set-up of the reliability suite: a sandbox that verifies with a distinctive shared
 * secret, the node run inside n8n-core's WorkflowExecute (test/helpers/n8n.ts), and one
 * `run` that every case goes through. `run` captures everything written to the console,
 * process.stdout and process.stderr while the node runs, waits until the sandbox has logged
 * every request the node sent (a timed-out request is logged only when the server is done
 * with it), scans everything the run produced for the secret and for tokens, and counts.
 */
import { inspect } from 'node:util';

import type { IDataObject, IHttpRequestOptions, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { AnnexCloud } from '../../nodes/AnnexCloud/AnnexCloud.node';
import { AnnexCloudTrigger } from '../../nodes/AnnexCloud/AnnexCloudTrigger.node';
import type { RouteKey } from '../../nodes/AnnexCloud/transport/contract';
import { startSandbox, type FaultSpec, type RequestLogEntry, type Sandbox, type SandboxOptions } from '../../sandbox';
import { N8nHarness, type NodeRunResult } from '../helpers/n8n';
import { credentialsFor } from '../helpers/sandboxHarness';

/** Distinctive, with characters that change under base64, URL and JSON encoding. */
export const SECRET = 'rel-7f1c9a2e/Zq8+X=é§-do-not-leak-0d41';
export const NODE = 'annexCloud';
/** The Timeout option of every fault case, in milliseconds. */
export const CASE_TIMEOUT_MS = 500;
/**
 * How long a run waits for the sandbox to log every request it sent: a request answered
 * late (a latency fault) is logged when the server is done with it; one that a tiny Timeout
 * aborted before it was sent never is, hence the bound.
 */
const SETTLE_MS = 3000;

/** A campaign with individual validity and a fixed 2025 period (added after every reset). */
export const VALIDITY_CAMPAIGN = '7001';
export const VALIDITY_PERIOD = { from: '2025-01-01T00:00:00+0000', to: '2025-12-31T00:00:00+0000' };

export interface Stats {
	/** node runs */
	cases: number;
	/** fault units queued in the sandbox (the sum of `count`) */
	faultsInjected: number;
	/** requests the sandbox answered (or delayed) with an injected fault */
	faultedResponses: number;
	/** requests the node sent (signed by the credential), to the sandbox or elsewhere */
	requests: number;
	/** requests the sandbox received and logged */
	received: number;
	/** findings of the leak scan */
	leaks: number;
}

export interface CaseRun extends NodeRunResult {
	/** the sandbox log of this run, oldest first */
	log: RequestLogEntry[];
	/** requests the credential signed during this run */
	signed: number;
	/** the tokens signed during this run */
	tokens: string[];
	/** the bodies the credential signed during this run (what was sent, in order) */
	bodies: string[];
	/** what the run wrote to the console, stdout and stderr */
	captured: string;
	/** findings of the leak scan (empty when nothing leaked) */
	leaks: string[];
}

export interface RunOptions {
	continueOnFail?: boolean;
}

export const TRIGGER = 'annexCloudTrigger';

export interface PollRun {
	/** what poll() returned (null: nothing to emit) */
	result: INodeExecutionData[][] | null;
	/** what poll() threw */
	error?: Error & { description?: string | null; httpCode?: string | null; context?: IDataObject };
	/** the workflow static data before and after the poll, as JSON */
	stateBefore: string;
	stateAfter: string;
	log: RequestLogEntry[];
	captured: string;
	leaks: string[];
}

export interface ReliabilityContext {
	sandbox: Sandbox;
	harness: N8nHarness;
	stats: Stats;
	/** Fresh state: seeded store plus the validity campaign, no faults, empty log. */
	reset(): void;
	inject(spec: FaultSpec): void;
	run(parameters: INodeParameters, input?: IDataObject[], options?: RunOptions): Promise<CaseRun>;
	/** One poll of the trigger in n8n-core's PollContext; `staticData` is kept between polls. */
	poll(parameters: INodeParameters, staticData: IDataObject, options?: { pollBudgetMs?: number }): Promise<PollRun>;
	close(): Promise<void>;
}

export function emptyStats(): Stats {
	return { cases: 0, faultsInjected: 0, faultedResponses: 0, requests: 0, received: 0, leaks: 0 };
}

// ---------------------------------------------------------------------------- leak scan

const JWT = /eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{8,}/;
const BEARER = /Bearer\s+\S/i;

/** The secret as given and in every encoding it could leak in, by name. */
export function secretEncodings(secret: string = SECRET): Array<[string, string]> {
	const bytes = Buffer.from(secret, 'utf8');
	return [
		['as is', secret],
		['base64', bytes.toString('base64')],
		['base64 without padding', bytes.toString('base64').replace(/=+$/, '')],
		['base64url', bytes.toString('base64url')],
		['hex', bytes.toString('hex')],
		['URL-encoded', encodeURIComponent(secret)],
		['JSON-escaped', JSON.stringify(secret).slice(1, -1)],
	];
}

/** The distinct forms of secretEncodings. */
export function secretForms(secret: string = SECRET): string[] {
	return [...new Set(secretEncodings(secret).map(([, form]) => form))];
}

const SECRET_FORMS = secretForms();

/** What in `text` looks like a leaked secret or token; `tokens` are the exact tokens sent. */
export function findLeaks(text: string, tokens: readonly string[] = [], where = 'output'): string[] {
	const found: string[] = [];
	for (const form of SECRET_FORMS) if (text.includes(form)) found.push(`${where}: the shared secret (${form === SECRET ? 'as is' : 'encoded'})`);
	for (const token of tokens) if (text.includes(token)) found.push(`${where}: a token that was sent`);
	if (JWT.test(text)) found.push(`${where}: a three-part JWT`);
	if (BEARER.test(text)) found.push(`${where}: a Bearer header`);
	return found;
}

function safeJson(value: unknown): string {
	try {
		return JSON.stringify(value) ?? '';
	} catch (error) {
		return `unserialisable: ${String(error)}`;
	}
}

/** Everything a run produced, as named texts. */
export function artifactsOf(result: NodeRunResult, captured: string): Array<[string, string]> {
	const error = result.error;
	return [
		['output items', safeJson(result.items)],
		['error message', error?.message ?? ''],
		['error description', error?.description ?? ''],
		['error JSON', safeJson(error)],
		['error context', safeJson(error?.context)],
		['error stack', error?.stack ?? ''],
		['error inspect', error ? inspect(error, { depth: 8 }) : ''],
		['run data', safeJson(result.run)],
		['console/stdout/stderr', captured],
	];
}

// ---------------------------------------------------------------------------- capture

type Write = typeof process.stdout.write;
const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/** Run `fn` while console, stdout and stderr are captured (and not printed). */
export async function captureOutput<T>(fn: () => Promise<T>): Promise<{ value: T; captured: string }> {
	const chunks: string[] = [];
	const record = (chunk: unknown): void => {
		chunks.push(typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk));
	};
	const stdoutWrite = process.stdout.write;
	const stderrWrite = process.stderr.write;
	const consoleBackup = CONSOLE_METHODS.map((name) => [name, console[name]] as const);
	const fakeWrite = ((chunk: unknown, ...rest: unknown[]) => {
		record(chunk);
		const callback = rest.find((arg): arg is () => void => typeof arg === 'function');
		callback?.();
		return true;
	}) as Write;
	process.stdout.write = fakeWrite;
	process.stderr.write = fakeWrite;
	for (const name of CONSOLE_METHODS) console[name] = (...args: unknown[]) => record(`${args.map((arg) => (typeof arg === 'string' ? arg : inspect(arg))).join(' ')}\n`);
	try {
		const value = await fn();
		return { value, captured: chunks.join('') };
	} finally {
		process.stdout.write = stdoutWrite;
		process.stderr.write = stderrWrite;
		for (const [name, method] of consoleBackup) console[name] = method;
	}
}

// ---------------------------------------------------------------------------- context

async function waitFor(condition: () => boolean, maxMs: number): Promise<void> {
	const until = Date.now() + maxMs;
	while (!condition() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
}

export async function startReliabilityContext(options: SandboxOptions = {}): Promise<ReliabilityContext> {
	const sandbox = await startSandbox({ port: 0, campaigns: 12, groups: 6, pageSize: 5, secret: SECRET, ...options });
	const trigger = new AnnexCloudTrigger();
	const tokens: string[] = [];
	const bodies: string[] = [];
	/** signed requests addressed to the sandbox (another Base URL is never logged there) */
	let toSandbox = 0;
	const harness = new N8nHarness({
		credentials: credentialsFor(sandbox),
		nodeTypes: [new AnnexCloud(), trigger],
		onAuthenticate: (signed: IHttpRequestOptions) => {
			const header = Object.entries(signed.headers ?? {}).find(([name]) => name.toLowerCase() === 'authorization')?.[1];
			if (typeof header === 'string') tokens.push(header.replace(/^Bearer\s+/i, ''));
			bodies.push(typeof signed.body === 'string' ? signed.body : '');
			if (`${signed.baseURL ?? ''}${signed.url}`.startsWith(sandbox.origin)) toSandbox += 1;
		},
	});
	const stats = emptyStats();
	/**
	 * The requests of this run, in arrival order, once all `expected` are logged. The log is
	 * written when an answer is done, so a delayed answer comes late; one from an earlier run
	 * that arrives now (it came in before this run started) is left out.
	 */
	const settledLog = async (runStart: number, expected: number): Promise<RequestLogEntry[]> => {
		const ours = (): RequestLogEntry[] => sandbox.requests().filter((entry) => Date.parse(entry.time) >= runStart);
		await waitFor(() => ours().length >= expected, SETTLE_MS);
		return ours().sort((a, b) => a.seq - b.seq);
	};
	const context: ReliabilityContext = {
		sandbox,
		harness,
		stats,
		reset() {
			sandbox.store.reset();
			sandbox.store.addCampaign({
				campaignId: VALIDITY_CAMPAIGN,
				campaignStatus: 'active',
				individualValidity: true,
				activationRequired: true,
				campaignDateFrom: VALIDITY_PERIOD.from,
				campaignDateTo: VALIDITY_PERIOD.to,
			});
			sandbox.faults.clear();
			sandbox.clearLog();
		},
		inject(spec) {
			sandbox.faults.inject(spec);
			stats.faultsInjected += spec.count ?? 1;
		},
		async run(parameters, input = [{}], runOptions = {}) {
			sandbox.clearLog();
			const runStart = Date.now();
			tokens.length = 0;
			bodies.length = 0;
			toSandbox = 0;
			const { value: result, captured } = await captureOutput(
				async () => await harness.runNode(NODE, parameters, input, runOptions),
			);
			const sent = [...tokens];
			const sentBodies = [...bodies];
			const log = await settledLog(runStart, toSandbox);
			const leaks = artifactsOf(result, captured).flatMap(([where, text]) => findLeaks(text, sent, where));
			stats.cases += 1;
			stats.requests += sent.length;
			stats.received += log.length;
			stats.faultedResponses += log.filter((entry) => entry.fault !== null).length;
			stats.leaks += leaks.length;
			return { ...result, log, signed: sent.length, tokens: sent, bodies: sentBodies, captured, leaks };
		},
		async poll(parameters, staticData, pollOptions = {}) {
			sandbox.clearLog();
			const runStart = Date.now();
			tokens.length = 0;
			bodies.length = 0;
			toSandbox = 0;
			const stateBefore = safeJson(staticData);
			const context = harness.pollContext(TRIGGER, parameters, staticData, {
				mode: 'trigger',
				activation: 'activate',
				pollBudgetMs: pollOptions.pollBudgetMs,
			});
			let error: PollRun['error'];
			const { value: result, captured } = await captureOutput(async () => {
				try {
					return await trigger.poll.call(context);
				} catch (thrown) {
					error = thrown as PollRun['error'];
					return null;
				}
			});
			const log = await settledLog(runStart, toSandbox);
			const stateAfter = safeJson(staticData);
			const texts: Array<[string, string]> = [
				['poll output', safeJson(result)],
				['error message', error?.message ?? ''],
				['error description', error?.description ?? ''],
				['error JSON', safeJson(error)],
				['error stack', error?.stack ?? ''],
				['error inspect', error ? inspect(error, { depth: 8 }) : ''],
				['static data', stateAfter],
				['console/stdout/stderr', captured],
			];
			const sent = [...tokens];
			const leaks = texts.flatMap(([where, text]) => findLeaks(text, sent, where));
			stats.cases += 1;
			stats.requests += sent.length;
			stats.received += log.length;
			stats.faultedResponses += log.filter((entry) => entry.fault !== null).length;
			stats.leaks += leaks.length;
			return { result, error, stateBefore, stateAfter, log, captured, leaks };
		},
		async close() {
			await sandbox.close();
		},
	};
	context.reset();
	return context;
}

/** Print a summary line (to the real stdout, outside any capture). */
export function printSummary(label: string, stats: Stats, extra = ''): void {
	process.stdout.write(
		`\n[reliability] ${label}: cases tried ${stats.cases}, faults injected ${stats.faultsInjected} ` +
			`(faulted responses ${stats.faultedResponses}), requests sent ${stats.requests} ` +
			`(received by the sandbox ${stats.received}), leaks found ${stats.leaks}${extra}\n`,
	);
}

// ---------------------------------------------------------------------------- the nine operations

/** A resource locator value in "By ID" mode. */
export function byId(value: string): INodeParameters {
	return { __rl: true, mode: 'id', value };
}

export interface OperationSpec {
	/** e.g. `campaign.get` */
	name: string;
	resource: 'campaign' | 'campaignGroup';
	operation: string;
	route: RouteKey;
	write: boolean;
	/** paged list read */
	list: boolean;
	/** parameters of a good run; `options` are merged into the Options collection */
	parameters(options?: IDataObject): INodeParameters;
	/** state a good run needs, after ctx.reset() */
	prepare?(sandbox: Sandbox): void;
}

const MEMBER = 'member-0001';
const CAMPAIGN = '1001';
const GROUP = '501';

function op(
	name: string,
	route: RouteKey,
	write: boolean,
	list: boolean,
	fields: INodeParameters,
	prepare?: (sandbox: Sandbox) => void,
): OperationSpec {
	const [resource, operation] = name.split('.') as ['campaign' | 'campaignGroup', string];
	return {
		name,
		resource,
		operation,
		route,
		write,
		list,
		parameters: (options = {}) => ({ resource, operation, ...fields, options: options as INodeParameters }),
		prepare,
	};
}

export const OPERATIONS: readonly OperationSpec[] = [
	op('campaign.getMany', 'getCampaignsByStatus', false, true, { status: 'all', returnAll: true }),
	op('campaign.get', 'getCampaign', false, false, { campaignId: byId(CAMPAIGN) }),
	op('campaign.getEligibleForMember', 'getEligibleCampaigns', false, true, { memberId: MEMBER, returnAll: true }),
	op('campaign.getForMember', 'getCampaignForMember', false, false, {
		memberId: MEMBER,
		selectBy: 'campaign',
		campaignId: byId(CAMPAIGN),
	}),
	op('campaign.activateForMember', 'activateCampaignForMember', true, false, {
		memberId: MEMBER,
		campaignId: byId(CAMPAIGN),
	}),
	op(
		'campaign.reactivateForMember',
		'reactivateCampaignForMember',
		true,
		false,
		{ memberId: MEMBER, campaignId: byId(CAMPAIGN) },
		(sandbox) => sandbox.store.activate(MEMBER, CAMPAIGN),
	),
	op('campaign.setIndividualValidity', 'setIndividualValidity', true, false, {
		campaignId: byId(VALIDITY_CAMPAIGN),
		memberId: MEMBER,
		startDate: '2025-03-01T00:00:00Z',
		endDate: '2025-03-31T00:00:00Z',
	}),
	op('campaignGroup.getMany', 'getCampaignGroupsByStatus', false, true, { status: 'all', returnAll: true }),
	op('campaignGroup.get', 'getCampaignGroup', false, false, { campaignGroupId: byId(GROUP) }),
];

/** `resource.operation` of every operation the node's description offers, sorted. */
export function nodeOperations(): string[] {
	const names: string[] = [];
	for (const property of new AnnexCloud().description.properties) {
		if (property.name !== 'operation') continue;
		const resources = (property.displayOptions?.show?.resource ?? []) as string[];
		for (const option of property.options ?? []) {
			if (typeof option === 'object' && option !== null && 'value' in option) {
				for (const resource of resources) names.push(`${resource}.${String(option.value)}`);
			}
		}
	}
	return names.sort();
}

export function operation(name: string): OperationSpec {
	const found = OPERATIONS.find((candidate) => candidate.name === name);
	if (!found) throw new Error(`unknown operation ${name}`);
	return found;
}

/** The side effect of a write in the sandbox, for "applied exactly once" checks. */
export function writeApplied(sandbox: Sandbox, spec: OperationSpec): number {
	switch (spec.name) {
		case 'campaign.activateForMember':
			return sandbox.store.getActivation(MEMBER, CAMPAIGN) ? 1 : 0;
		case 'campaign.reactivateForMember':
			return (sandbox.store.getActivation(MEMBER, CAMPAIGN)?.activationCount ?? 1) - 1;
		case 'campaign.setIndividualValidity':
			return sandbox.store.individualValidity(VALIDITY_CAMPAIGN).length;
		default:
			return 0;
	}
}
