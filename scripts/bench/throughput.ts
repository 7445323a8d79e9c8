/**
 * 2. Per-item throughput in real n8n: Campaign > Get for 1,000 input items, compared in the
 * same n8n execution with
 *   (a) the floor: n8n's HTTP Request node making the same calls with no signing;
 *   (b) what a user builds without this package: a Code node computing the JWT (node:crypto,
 *       NODE_FUNCTION_ALLOW_BUILTIN=crypto) followed by an HTTP Request node sending the headers;
 * plus, for context, the HTTP Request node with our credential (n8n signs through our
 * `authenticate`) and our node against the real sandbox (which verifies every signature).
 *
 * One workflow holds every variant, several rounds of each in rotating order, after a warm-up
 * round; it is imported into a real n8n 2.41 with this package installed from its tarball and
 * run with `n8n execute`. Times are each node's `executionTime` from the run data, so n8n's
 * boot is not part of any number.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { DEFAULT_CONCURRENCY, NO_LIMIT, signRequest } from './lib/product';
import { startSandbox, verifyRequest, type Sandbox } from '../../sandbox';
import {
	codeNode,
	CREDENTIAL_TYPE,
	credentialData,
	installTarball,
	manualTrigger,
	N8nInstance,
	nodeRuns,
	nodeTypeNames,
	WorkflowBuilder,
	type CredentialImport,
	type NodeSpec,
	type WorkflowDefinition,
	type WorkflowRun,
} from '../n8n';
import type { Benchmark, BenchContext, SectionBody } from './lib/context';
import type { Table, Target } from './lib/report';
import { DRAIN_SECONDS, drained } from './lib/workflow';
import { startReplayServer, type RecordedResponse, type ReplayListener } from './lib/replayServer';
import { runWorker } from './lib/worker';
import type { GetArgs, GetResult } from './harness';
import { fixed, int, max, median, min, ratio } from './lib/stats';

const ITEMS = 1000;
/** items of the warm-up round (not counted) */
/*
 * Round 0 is a warm-up (not counted) on the same 1,000 items: after a 100-item warm-up the first
 * measured rounds were still 20-70% slower than the later ones (two full runs on 2026-11-26,
 * every variant): n8n's and the nodes' code was not fully optimised yet.
 */
export const FIRST_ID = 1001;
export const API_PATH = '/api/3.0';
const HTTP_REQUEST = { type: 'n8n-nodes-base.httpRequest', typeVersion: 4.5 };
const MAX_OURS_TO_FLOOR = 1.15;
const MIN_CODE_TO_OURS = 1.5;
const STATIC_AUTHORIZATION = 'Bearer static-header-auth-token';

type ConcurrentKey = 'oursC1' | 'oursC10' | 'oursNoLimit';
type VariantKey = 'ours' | ConcurrentKey | 'floor' | 'codeJwt' | 'headerAuth' | 'httpCredential' | 'oursSandbox';

/**
 * The "Concurrent Requests" values measured besides the default (DEFAULT_CONCURRENCY). NO_LIMIT
 * sends every item's request at once, as the floor (n8n's HTTP Request node) does: the
 * like-for-like comparison of the per-item work.
 */
const CONCURRENT: ReadonlyArray<{ key: ConcurrentKey; concurrency: number }> = [
	{ key: 'oursC1', concurrency: 1 },
	{ key: 'oursC10', concurrency: 10 },
	{ key: 'oursNoLimit', concurrency: NO_LIMIT },
];

/** "Concurrent Requests 5", or "Concurrent Requests 0 (no limit)". */
function concurrencyLabel(concurrency: number | string): string {
	if (concurrency === DEFAULT_CONCURRENCY) return 'Concurrent Requests Auto';
	return `Concurrent Requests ${concurrency}${concurrency === NO_LIMIT ? ' (no limit)' : ''}`;
}

interface Variant {
	key: VariantKey;
	label: string;
	/** node names of one round, in order; their execution times are added */
	nodes: (round: number) => string[];
	/** how the requests it sends are checked afterwards */
	check: 'signed' | 'unsigned' | 'static' | 'sandbox';
}

const VARIANTS: readonly Variant[] = [
	{ key: 'ours', label: `Annex Cloud node, Campaign > Get (default: ${concurrencyLabel(DEFAULT_CONCURRENCY)})`, nodes: (r) => [`Ours ${r}`], check: 'signed' },
	...CONCURRENT.map(
		({ key, concurrency }): Variant => ({
			key,
			label: `Annex Cloud node, Campaign > Get, ${concurrencyLabel(concurrency)}`,
			nodes: (r) => [`Ours C${concurrency} ${r}`],
			check: 'signed',
		}),
	),
	{ key: 'floor', label: '(a) floor: HTTP Request, no credential', nodes: (r) => [`Floor ${r}`], check: 'unsigned' },
	{
		key: 'codeJwt',
		label: '(b) Code node (JWT) + HTTP Request',
		nodes: (r) => [`JWT Code ${r}`, `JWT HTTP ${r}`],
		check: 'signed',
	},
	{
		key: 'headerAuth',
		label: "HTTP Request with n8n's Header Auth credential (control)",
		nodes: (r) => [`Header Auth ${r}`],
		check: 'static',
	},
	{
		key: 'httpCredential',
		label: 'HTTP Request with the Annex Cloud API credential',
		nodes: (r) => [`HTTP Credential ${r}`],
		check: 'signed',
	},
	{
		key: 'oursSandbox',
		label: 'Annex Cloud node against the real sandbox',
		nodes: (r) => [`Ours Sandbox ${r}`],
		check: 'sandbox',
	},
];

/**
 * The same read over a network: each answer of these listeners waits LATENCY_MS, as a remote API
 * does, which is where Concurrent Requests pays off (on loopback n8n's own per-item work is the
 * whole cost, so it cannot). Fewer items: one at a time takes ITEMS x LATENCY_MS.
 */
const SLOW_ITEMS = 200;
const LATENCY_MS = 25;
type SlowKey = 'slowOurs' | 'slowC1' | 'slowC10' | 'slowNoLimit' | 'slowFloor';
const SLOW_VARIANTS: ReadonlyArray<{ key: SlowKey; label: string; node: string; concurrency?: number; check: Variant['check'] }> = [
	{ key: 'slowOurs', label: `Annex Cloud node (default: ${concurrencyLabel(DEFAULT_CONCURRENCY)})`, node: 'Slow Ours', check: 'signed' },
	{ key: 'slowC1', label: 'Annex Cloud node, Concurrent Requests 1 (one at a time)', node: 'Slow Ours C1', concurrency: 1, check: 'signed' },
	{ key: 'slowC10', label: 'Annex Cloud node, Concurrent Requests 10', node: 'Slow Ours C10', concurrency: 10, check: 'signed' },
	{
		key: 'slowNoLimit',
		label: `Annex Cloud node, ${concurrencyLabel(NO_LIMIT)}`,
		node: 'Slow Ours C0',
		concurrency: NO_LIMIT,
		check: 'signed',
	},
	{ key: 'slowFloor', label: '(a) floor: HTTP Request, no credential (no bound on concurrent requests)', node: 'Slow Floor', check: 'unsigned' },
];

const CREDENTIALS = {
	ours: { id: 'benchOurs', name: 'Annex bench (replay)' },
	oursC1: { id: 'benchOursC1', name: 'Annex bench (replay, one at a time)' },
	oursC10: { id: 'benchOursC10', name: 'Annex bench (replay, 10 concurrent)' },
	oursNoLimit: { id: 'benchOursNoLimit', name: 'Annex bench (replay, no limit)' },
	slowOurs: { id: 'benchSlowOurs', name: 'Annex bench (slow replay)' },
	slowC1: { id: 'benchSlowC1', name: 'Annex bench (slow replay, one at a time)' },
	slowC10: { id: 'benchSlowC10', name: 'Annex bench (slow replay, 10 concurrent)' },
	slowNoLimit: { id: 'benchSlowNoLimit', name: 'Annex bench (slow replay, no limit)' },
	httpCredential: { id: 'benchHttpCred', name: 'Annex bench (replay, HTTP node)' },
	sandbox: { id: 'benchSandbox', name: 'Annex bench (sandbox)' },
	headerAuth: { id: 'benchHeaderAuth', name: 'Header Auth bench' },
};

function campaignPath(id: number | string): string {
	return `${API_PATH}/campaign/${id}`;
}

/** Record what the sandbox answers to each signed `GET /campaign/{id}` of `count` campaigns. */
export async function recordResponses(sandbox: Sandbox, count = ITEMS): Promise<Map<string, RecordedResponse>> {
	const data = credentialData(sandbox.credentials) as ICredentialDataDecryptedObject;
	const responses = new Map<string, RecordedResponse>();
	for (let id = FIRST_ID; id < FIRST_ID + count; id++) {
		const signed = signRequest(data, { method: 'GET', baseURL: sandbox.baseUrl, url: `/campaign/${id}` });
		const response = await fetch(`${sandbox.origin}${campaignPath(id)}`, { headers: signed.headers as Record<string, string> });
		if (response.status !== 200) throw new Error(`the sandbox answered ${response.status} to GET /campaign/${id}`);
		responses.set(campaignPath(id), {
			status: response.status,
			contentType: response.headers.get('content-type') ?? 'application/json; charset=utf-8',
			body: Buffer.from(await response.arrayBuffer()),
		});
	}
	return responses;
}

/** The Code node a user writes to sign each item (Run Once for All Items, node:crypto). */
function jwtCode(secret: string, siteId: string, siteName: string): string {
	return [
		"const crypto = require('crypto');",
		`const secret = ${JSON.stringify(secret)};`,
		`const siteId = ${JSON.stringify(siteId)};`,
		`const siteName = ${JSON.stringify(siteName)};`,
		"const b64url = (text) => Buffer.from(text, 'utf8').toString('base64url');",
		"const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));",
		'return $input.all().map((item) => {',
		'  const payload = JSON.stringify(String(item.json.campaignId));',
		"  const hmac = crypto.createHmac('sha256', secret).update(Buffer.from(payload, 'utf8').toString('base64')).digest('base64');",
		'  const claims = b64url(JSON.stringify({ sub: siteName, exp: Math.floor(Date.now() / 1000) + 300, site_id: siteId, hmac }));',
		"  const signature = crypto.createHmac('sha256', secret).update(header + '.' + claims).digest('base64url');",
		"  return { json: { ...item.json, token: header + '.' + claims + '.' + signature } };",
		'});',
	].join('\n');
}

/** Our node: Campaign > Get of `{{ $json.campaignId }}`, the full record (Simplify off, as HTTP Request outputs it). */
export function campaignGetNode(name: string, credential: { id: string; name: string }, concurrency?: number): NodeSpec {
	return {
		name,
		type: nodeTypeNames().action,
		typeVersion: 1,
		parameters: {
			resource: 'campaign',
			operation: 'get',
			campaignId: { __rl: true, mode: 'id', value: '={{ $json.campaignId }}' },
			simplify: false,
			options: concurrency === undefined ? {} : { concurrency },
		},
		credentials: { [CREDENTIAL_TYPE]: credential },
	};
}

/** n8n's HTTP Request node reading `GET {base}/api/3.0/campaign/{{ $json.campaignId }}`. */
export function httpGetNode(name: string, base: string, extra: Record<string, unknown> = {}): NodeSpec {
	return {
		name,
		...HTTP_REQUEST,
		parameters: { method: 'GET', url: `=${base}${API_PATH}/campaign/{{ $json.campaignId }}`, options: {}, ...extra },
	};
}

/** A Code node that outputs `count` items `{ campaignId: "1001".. }`. */
export function itemsNode(name: string, count: number): NodeSpec {
	return codeNode(name, `return Array.from({ length: ${count} }, (_, i) => ({ json: { campaignId: String(${FIRST_ID} + i) } }));`);
}

function buildWorkflow(
	id: string,
	rounds: number,
	listeners: Map<string, ReplayListener>,
	sandbox: Sandbox,
): WorkflowDefinition {
	const origin = (name: string): string => {
		const listener = listeners.get(name);
		if (listener === undefined) throw new Error(`no listener ${name}`);
		return listener.origin;
	};
	const { siteId, siteName, sharedSecret } = sandbox.credentials;
	const workflow = new WorkflowBuilder(id, 'bench: Campaign > Get x1000, every variant')
		.add(manualTrigger())
		.add(itemsNode('Items', ITEMS), 'Start')
		.add(itemsNode('Slow Items', SLOW_ITEMS), 'Start');

	/** A variant's node(s) for one round; each node after the first is fed from the one before. */
	const chain = (variant: Variant, round: number): NodeSpec[] => {
		switch (variant.key) {
			case 'ours':
				return [campaignGetNode(`Ours ${round}`, CREDENTIALS.ours)];
			case 'oursC1':
			case 'oursC10':
			case 'oursNoLimit': {
				const { concurrency } = CONCURRENT.find((entry) => entry.key === variant.key) as (typeof CONCURRENT)[number];
				return [campaignGetNode(`Ours C${concurrency} ${round}`, CREDENTIALS[variant.key], concurrency)];
			}
			case 'oursSandbox':
				return [campaignGetNode(`Ours Sandbox ${round}`, CREDENTIALS.sandbox)];
			case 'floor':
				return [httpGetNode(`Floor ${round}`, origin('floor'))];
			case 'headerAuth':
				return [
					{
						...httpGetNode(`Header Auth ${round}`, origin('headerAuth'), {
							authentication: 'genericCredentialType',
							genericAuthType: 'httpHeaderAuth',
						}),
						credentials: { httpHeaderAuth: CREDENTIALS.headerAuth },
					},
				];
			case 'httpCredential':
				return [
					{
						...httpGetNode(`HTTP Credential ${round}`, origin('httpCredential'), {
							authentication: 'predefinedCredentialType',
							nodeCredentialType: CREDENTIAL_TYPE,
						}),
						credentials: { [CREDENTIAL_TYPE]: CREDENTIALS.httpCredential },
					},
				];
			case 'codeJwt':
				return [
					codeNode(`JWT Code ${round}`, jwtCode(sharedSecret, siteId, siteName)),
					httpGetNode(`JWT HTTP ${round}`, origin('codeJwt'), {
						sendHeaders: true,
						specifyHeaders: 'keypair',
						headerParameters: {
							parameters: [
								{ name: 'Authorization', value: '=Bearer {{ $json.token }}' },
								{ name: 'X-AnnexCloud-Site', value: siteId },
								{ name: 'Content-Type', value: 'application/json' },
							],
						},
					}),
				];
		}
	};
	/** Measured nodes hang off `items` in the order added, each behind a Wait node. */
	const addMeasured = (items: string, nodes: NodeSpec[]): void => {
		let from = drained(workflow, items, nodes[0]?.name ?? '');
		for (const node of nodes) {
			workflow.add(node, from);
			from = node.name;
		}
	};

	for (let round = 0; round <= rounds; round++) {
		// Round 0 warms every variant up (not counted); then the order rotates every round, so
		// that no variant always runs first or last.
		const order = VARIANTS.map((_variant, index) => VARIANTS[(index + round) % VARIANTS.length] as Variant);
		for (const variant of order) addMeasured('Items', chain(variant, round));
		if (round === 0) continue;
		for (const slow of SLOW_VARIANTS) {
			const name = `${slow.node} ${round}`;
			addMeasured('Slow Items', [
				slow.key === 'slowFloor'
					? httpGetNode(name, origin(slow.key))
					: campaignGetNode(name, CREDENTIALS[slow.key], slow.concurrency),
			]);
		}
	}
	return workflow.build();
}

/** executionTime of a node's first run; checks it produced `expected` items without an error. */
function nodeTime(run: WorkflowRun, name: string, expected = ITEMS): number {
	const nodeRun = nodeRuns(run, name)[0];
	if (nodeRun === undefined) throw new Error(`node "${name}" did not run`);
	if (nodeRun.error !== undefined) throw new Error(`node "${name}" failed: ${nodeRun.error.message ?? 'error'}`);
	const items = nodeRun.data?.main?.[0]?.length ?? 0;
	if (items !== expected) throw new Error(`node "${name}" output ${items} items, expected ${expected}`);
	if (typeof nodeRun.executionTime !== 'number') throw new Error(`node "${name}" has no executionTime`);
	return nodeRun.executionTime;
}

/** The requests the replay server got: their number, and every signature (sandbox's verifier). */
function verifyListener(listener: ReplayListener, sandbox: Sandbox, expected: number, check: Variant['check']): void {
	if (listener.misses > 0) throw new Error(`${listener.name}: ${listener.misses} requests for unknown paths`);
	if (listener.requests.length !== expected) {
		throw new Error(`${listener.name}: ${listener.requests.length} requests, expected ${expected}`);
	}
	for (const request of listener.requests) {
		if (check === 'unsigned') {
			if (request.authorization !== undefined) throw new Error(`${listener.name}: an unsigned variant sent Authorization`);
			continue;
		}
		if (check === 'static') {
			if (request.authorization !== STATIC_AUTHORIZATION) throw new Error(`${listener.name}: wrong Authorization header`);
			continue;
		}
		const identifier = decodeURIComponent(request.path.split('/').pop() ?? '');
		const result = verifyRequest(
			{ authorization: request.authorization, siteHeader: request.siteHeader, payload: JSON.stringify(identifier) },
			{ secret: sandbox.credentials.sharedSecret, siteId: sandbox.credentials.siteId, clockSkewSeconds: 0, nowMs: request.at },
		);
		if (!result.ok) throw new Error(`${listener.name}: a request to ${request.path} fails verification: ${result.errorCode}`);
	}
}

interface Measured {
	rounds: number;
	durationMs: number;
	/** ms per round, per variant */
	times: Map<VariantKey, number[]>;
	warmup: Map<VariantKey, number>;
	codePart: number[];
	httpPart: number[];
	harness: GetResult;
	/** ms per round of the slow-network phase, per variant */
	slow: Map<SlowKey, number[]>;
	version: string;
}

async function measure(context: BenchContext, rounds: number): Promise<Measured> {
	const setup = await context.n8n();
	const sandbox = await startSandbox({ port: 0, campaigns: ITEMS + 1, logLimit: ITEMS * (rounds + 1) + 100 });
	let n8n: N8nInstance | undefined;
	const replay = await startReplayServer(await recordResponses(sandbox), [
		'ours',
		'oursC1',
		'oursC10',
		'oursNoLimit',
		'floor',
		'codeJwt',
		'headerAuth',
		'httpCredential',
		'harness',
		...SLOW_VARIANTS.map(({ key }) => ({ name: key, latencyMs: LATENCY_MS })),
	]);
	try {
		const apiBase = (name: string): string => `${replay.listeners.get(name)?.origin ?? ''}${API_PATH}`;

		// Our node in n8n-core's engine, where credentials come from memory: its own cost per item.
		context.log('    throughput: Campaign > Get in the n8n-core harness');
		const harness = await runWorker<GetResult>('get', {
			credentials: { ...sandbox.credentials, baseUrl: apiBase('harness') },
			items: ITEMS,
			firstId: FIRST_ID,
			rounds,
		} satisfies GetArgs);
		verifyListener(replay.listeners.get('harness') as ReplayListener, sandbox, ITEMS * (rounds + 1), 'signed');

		sandbox.clearLog();
		// A user who signs in a Code node must allow the crypto builtin (n8n 2.41 blocks it by default).
		n8n = await N8nInstance.create({
			installation: setup.installation,
			env: { NODE_FUNCTION_ALLOW_BUILTIN: 'crypto' },
			log: context.log,
		});
		await installTarball(setup.tarball, n8n.userFolder, { log: context.log });
		const credentials: CredentialImport[] = [
			{ ...CREDENTIALS.ours, type: CREDENTIAL_TYPE, data: credentialData(sandbox.credentials, apiBase('ours')) },
			...[...CONCURRENT, ...SLOW_VARIANTS.filter((slow) => slow.key !== 'slowFloor')].map(({ key }) => ({
				...CREDENTIALS[key as Exclude<SlowKey, 'slowFloor'> | ConcurrentKey],
				type: CREDENTIAL_TYPE,
				data: credentialData(sandbox.credentials, apiBase(key)),
			})),
			{ ...CREDENTIALS.httpCredential, type: CREDENTIAL_TYPE, data: credentialData(sandbox.credentials, apiBase('httpCredential')) },
			{ ...CREDENTIALS.sandbox, type: CREDENTIAL_TYPE, data: credentialData(sandbox.credentials) },
			{ ...CREDENTIALS.headerAuth, type: 'httpHeaderAuth', data: { name: 'Authorization', value: STATIC_AUTHORIZATION } },
		];
		await n8n.importCredentials(credentials);
		const workflowId = 'annexBenchThroughput';
		await n8n.importWorkflows([buildWorkflow(workflowId, rounds, replay.listeners, sandbox)]);
		context.log(`    throughput: n8n execute (${VARIANTS.length} variants x ${ITEMS} items x ${rounds} rounds, after a warm-up)`);
		const executeStarted = Date.now();
		// n8n execute writes its output to a file (the run is tens of MB of JSON).
		const { run } = await n8n.execute(workflowId, { timeoutMs: 15 * 60_000 });
		const durationMs = Date.now() - executeStarted;

		// Correctness before any number: item counts, request counts, every signature.
		const expected = ITEMS * (rounds + 1);
		for (const variant of VARIANTS) {
			if (variant.check !== 'sandbox') {
				verifyListener(replay.listeners.get(variant.key) as ReplayListener, sandbox, expected, variant.check);
			}
		}
		for (const slow of SLOW_VARIANTS) {
			verifyListener(replay.listeners.get(slow.key) as ReplayListener, sandbox, SLOW_ITEMS * rounds, slow.check);
		}
		const verified = sandbox.requests().filter((entry) => entry.verified && entry.status === 200).length;
		if (verified !== expected) throw new Error(`the sandbox verified ${verified} of ${expected} requests`);

		const roundTime = (variant: Variant, round: number): number =>
			variant.nodes(round).reduce((sum, name) => sum + nodeTime(run, name), 0);
		const times = new Map<VariantKey, number[]>();
		const warmup = new Map<VariantKey, number>();
		for (const variant of VARIANTS) {
			warmup.set(variant.key, roundTime(variant, 0));
			times.set(
				variant.key,
				Array.from({ length: rounds }, (_unused, index) => roundTime(variant, index + 1)),
			);
		}
		const slow = new Map<SlowKey, number[]>(
			SLOW_VARIANTS.map(({ key, node }) => [
				key,
				Array.from({ length: rounds }, (_unused, index) => nodeTime(run, `${node} ${index + 1}`, SLOW_ITEMS)),
			]),
		);
		const part = (prefix: string): number[] =>
			Array.from({ length: rounds }, (_unused, index) => nodeTime(run, `${prefix} ${index + 1}`));
		return {
			rounds,
			durationMs,
			times,
			warmup,
			codePart: part('JWT Code'),
			httpPart: part('JWT HTTP'),
			harness,
			slow,
			version: setup.installation.version,
		};
	} finally {
		await replay.close();
		await sandbox.close();
		await n8n?.dispose();
	}
}

/** Why a Concurrent Requests setting is slower than the floor, in this run's numbers. */
function floorExplanation(m: Measured, ms: (key: VariantKey) => number, vsFloor: (key: VariantKey) => number): string {
	const perItem = (value: number): string => `${fixed(value / ITEMS, 2)} ms`;
	return [
		`Per item, ours takes ${perItem(ms('ours'))} by default (${concurrencyLabel(DEFAULT_CONCURRENCY)}) and the floor ` +
			`${perItem(ms('floor'))}.`,
		'The floor is not sequential: n8n\'s HTTP Request node (v4, `HttpRequestV3.node.js`) starts every item\'s request ' +
			'inside its item loop without waiting for the answer and awaits them all at the end (`Promise.allSettled`), so ' +
			`all ${int(ITEMS)} are in flight at once; ours keeps at most the option's number in flight.`,
		`Sent the floor's way (${concurrencyLabel(NO_LIMIT)}), ours takes ${perItem(ms('oursNoLimit'))}, ` +
			`${ratio(vsFloor('oursNoLimit'))} the floor: the signing and the node's own work are not the gap, the bound is.`,
		...CONCURRENT.filter(({ key }) => key !== 'oursNoLimit').map(
			({ key, concurrency }) =>
				`With ${concurrencyLabel(concurrency)} ours takes ${perItem(ms(key))} (${ratio(vsFloor(key))} the floor).`,
		),
		'On loopback an answer takes a fraction of a millisecond, so the bound costs little waiting; what it costs is ' +
			"n8n's request path (its HTTP helper, axios, node:http, a new connection per request) run once per request as " +
			'each earlier request finishes, instead of in one pass over all requests as the floor runs it: ' +
			'`npm run bench:profile` shows the same request code taking two to four times the CPU per request that way ' +
			'on this machine, the largest part in node:http and node:net (a new connection per request).',
		`Signing is not what costs: our authenticate takes about 10 µs (section 1); in the n8n-core harness, where ` +
			`credentials come from memory, the node takes ${perItem(median(m.harness.rounds))} per item, and it loads the ` +
			`credential ${fixed(m.harness.credentialLoadsPerItem * ITEMS, 0)} time(s) per run of ${int(ITEMS)} items. ` +
			`A stored credential on the HTTP Request node costs ${perItem(ms('headerAuth'))} (Header Auth) and ` +
			`${perItem(ms('httpCredential'))} (Annex Cloud API) per item, because n8n 2.41 reads and decrypts it for every item.`,
	].join(' ');
}

/** How ours compares with (b), in this run's numbers. */
function codeExplanation(m: Measured, ms: (key: VariantKey) => number): string {
	const needed = ms('codeJwt') / MIN_CODE_TO_OURS;
	return [
		`(b) loads no credential: its secret is written into the Code node (${int(median(m.codePart))} ms for ${int(ITEMS)} ` +
			"tokens, task runner round trip included), and its HTTP Request node (the floor's, concurrent in the same way, " +
			`plus three headers per item, one of them an expression) takes ${int(median(m.httpPart))} ms.`,
		`To be ${fixed(MIN_CODE_TO_OURS, 1)}x faster than (b) (${int(ms('codeJwt'))} ms), ours would have to take at most ` +
			`${int(needed)} ms, ${ratio(needed / ms('floor'))} of the floor: faster than n8n's own HTTP Request node sending ` +
			'the same requests with no signing at all, which no node that sends its requests through n8n can promise. ' +
			`Ours takes ${int(ms('ours'))} ms by default` +
			CONCURRENT.map(({ key, concurrency }) => `, ${int(ms(key))} ms with ${concurrencyLabel(concurrency)}`).join('') +
			'.',
	].join(' ');
}

export const throughputBenchmark: Benchmark = {
	name: 'throughput',
	title: 'Per-item throughput in real n8n: Campaign > Get x 1,000 items',
	async run(context: BenchContext): Promise<SectionBody> {
		const m = await measure(context, context.quick ? 1 : 7);
		const series = (key: VariantKey): number[] => m.times.get(key) ?? [];
		const perRound = (a: VariantKey, b: VariantKey): number[] =>
			series(a).map((value, index) => value / (series(b)[index] as number));
		const ms = (key: VariantKey): number => median(series(key));
		const vsFloor = (key: VariantKey): number => median(perRound(key, 'floor'));
		const oursToFloor = perRound('ours', 'floor');
		const codeToOurs = perRound('codeJwt', 'ours');
		const plural = m.rounds === 1 ? '' : 's';

		const summary: Table = {
			caption: `Median over ${m.rounds} round${plural}; ratios are taken per round, then the median`,
			headers: ['variant', 'ms per 1,000 items', 'ms per item', 'vs floor', 'vs ours'],
			rows: [
				...VARIANTS.map((variant) => [
					variant.label,
					int(ms(variant.key)),
					fixed(ms(variant.key) / ITEMS, 2),
					ratio(vsFloor(variant.key)),
					ratio(median(perRound(variant.key, 'ours'))),
				]),
				[
					'Annex Cloud node in the n8n-core harness (credentials from memory; separate process, not comparable by ratio)',
					int(median(m.harness.rounds)),
					fixed(median(m.harness.rounds) / ITEMS, 2),
					'',
					'',
				],
			],
		};
		const roundsTable: Table = {
			caption: 'Every round (ms per 1,000 items, node executionTime)',
			headers: ['round', ...VARIANTS.map((variant) => variant.key), '(b) Code', '(b) HTTP', 'ours / floor', '(b) / ours'],
			rows: series('ours').map((_value, index) => [
				String(index + 1),
				...VARIANTS.map((variant) => int(series(variant.key)[index] as number)),
				int(m.codePart[index] as number),
				int(m.httpPart[index] as number),
				ratio(oursToFloor[index] as number),
				ratio(codeToOurs[index] as number),
			]),
		};
		const warmupTable: Table = {
			caption: `Warm-up round, ${int(ITEMS)} items (not counted; ms)`,
			headers: VARIANTS.map((variant) => variant.key),
			rows: [VARIANTS.map((variant) => int(m.warmup.get(variant.key) ?? Number.NaN))],
			align: VARIANTS.map(() => 'right'),
		};

		const slowSeries = (key: SlowKey): number[] => m.slow.get(key) ?? [];
		const slowPerRound = (a: SlowKey, b: SlowKey): number[] =>
			slowSeries(a).map((value, index) => value / (slowSeries(b)[index] as number));
		const slowTable: Table = {
			caption:
				`Over a network: every answer takes ${LATENCY_MS} ms, ${int(SLOW_ITEMS)} items, median over ${m.rounds} ` +
				`round${plural}; "faster than one at a time" is that variant's time divided by this one's, per round`,
			headers: ['variant', `ms per ${int(SLOW_ITEMS)} items`, 'ms per item', 'faster than one at a time', 'vs floor'],
			rows: SLOW_VARIANTS.map(({ key, label }) => [
				label,
				int(median(slowSeries(key))),
				fixed(median(slowSeries(key)) / SLOW_ITEMS, 2),
				ratio(median(slowPerRound('slowC1', key))),
				ratio(median(slowPerRound(key, 'slowFloor'))),
			]),
		};
		const settings: Array<{ key: VariantKey; label: string }> = [
			{ key: 'ours', label: `default, ${concurrencyLabel(DEFAULT_CONCURRENCY)}` },
			...CONCURRENT.map(({ key, concurrency }) => ({ key, label: concurrencyLabel(concurrency) })),
		];
		const spread = (values: number[]): string => `${ratio(median(values))} (rounds: ${ratio(min(values))} - ${ratio(max(values))})`;
		const targets: Target[] = [
			...settings.map(({ key, label }) => {
				const values = perRound(key, 'floor');
				return {
					target: `ours (${label}) at most ${fixed(MAX_OURS_TO_FLOOR, 2)}x the floor (a)`,
					measured: spread(values),
					met: median(values) <= MAX_OURS_TO_FLOOR,
					// Shown only for a setting that misses its target.
					explanation: floorExplanation(m, ms, vsFloor),
				};
			}),
			...settings.map(({ key, label }) => {
				const values = perRound('codeJwt', key);
				return {
					target: `ours (${label}) at least ${fixed(MIN_CODE_TO_OURS, 1)}x faster than (b) Code node + HTTP Request`,
					measured: spread(values),
					met: median(values) >= MIN_CODE_TO_OURS,
					explanation: codeExplanation(m, ms),
				};
			}),
		];

		return {
			method: [
				`One workflow, imported into real n8n ${m.version} (this package installed from its packed tarball as a ` +
					`community package) and run once with \`n8n execute\` (${(m.durationMs / 1000).toFixed(1)} s including n8n's ` +
					`boot). A Code node makes ${int(ITEMS)} items \`{ campaignId: "1001".."2000" }\`; every variant reads them, ` +
					`${m.rounds} measured round${plural} after a warm-up round on the same items, in an order rotated every ` +
					"round. Each number is the variant's node `executionTime` from the run data (for (b), Code node + HTTP " +
					"Request node), so n8n's boot is in none of them. Before each measured node a Wait node holds the items " +
					`${DRAIN_SECONDS} s: n8n runs a workflow-statistics database query after every request of the HTTP Request ` +
					"node, detached from it, which would otherwise be counted in the next node's time.",
				'Fairness: the Annex Cloud node (Simplify off: the full record, as the HTTP Request node outputs it) and the HTTP ' +
					'Request variants each call their own port of one local replay server that answers ' +
					'`GET /api/3.0/campaign/{id}` with the bytes the sandbox returned for that campaign (same path, same body, same ' +
					'headers) and checks nothing while timed. After the run, every signed request it recorded is verified with the ' +
					"sandbox's verifier, every variant must have output every item, and each port must have received exactly one " +
					'request per item. The last variant calls the real sandbox, which verifies each signature as it answers: the ' +
					'difference to the first row is server-side cost.',
				'(b) is what a user builds without this package: a Code node (Run Once for All Items) computing the hmac claim ' +
					"and the HS256 token with `require('crypto')`, which n8n 2.41 blocks unless the instance sets " +
					'`NODE_FUNCTION_ALLOW_BUILTIN=crypto` (this instance does, as such a user must), then an HTTP Request node ' +
					'(v4.5) sending `Authorization` (an expression over the token), `X-AnnexCloud-Site` and `Content-Type`. The ' +
					'Header Auth row ' +
					"is a control: the same HTTP Request node with n8n's built-in Header Auth credential (a static header), to " +
					'show what any stored credential costs per request.',
				`Ours runs with its default (${concurrencyLabel(DEFAULT_CONCURRENCY)}) and with the option at ` +
					`${CONCURRENT.map(({ concurrency }) => concurrency).join(', ')} (at most that many requests in flight, 1 ` +
					`meaning each after the previous answer, ${NO_LIMIT} meaning no limit; output in input order either way). The ` +
					"HTTP Request variants run with their defaults: n8n's HTTP Request node starts all items' requests without " +
					`waiting for earlier answers, which is what ours does with ${concurrencyLabel(NO_LIMIT)}.`,
				`The last table is the same read over a network: ${SLOW_VARIANTS.length} more variants call ports of the replay ` +
					`server that hold every answer ${LATENCY_MS} ms (a nearby remote API), on ${int(SLOW_ITEMS)} items per round ` +
					'after the main variants. Request counts and signatures are checked the same way.',
				'The harness row runs the same node over the same replay server in n8n-core\'s `WorkflowExecute` ' +
					'(test/helpers/n8n.ts) in a separate process, where the credential comes from memory.',
			],
			tables: [summary, roundsTable, warmupTable, slowTable],
			targets,
			notes: [],
		};
	},
};
