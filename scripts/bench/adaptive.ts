/**
 * 7. Concurrent Requests Auto in real n8n: as fast as n8n's HTTP Request node where the API
 * has room, and no failed item where it does not.
 *   - loopback, Campaign > Get x 1,000: Auto vs the HTTP Request node (no credential);
 *   - 25 ms latency with up to 10 ms jitter, 1,000 items: the same two;
 *   - a 20 requests/second limit (the sandbox's token bucket, burst 20, 429 with Retry-After),
 *     400 items: Auto, the HTTP Request node with its defaults, and with the batching a user
 *     would configure for that limit (20 items per batch, 1 s apart);
 *   - Set Individual Validity, 10,000 members (Batch Size 100) under the same limit.
 * One workflow, every variant in every round (order alternating), run once with `n8n execute`.
 */
import { startSandbox, type RequestLogEntry, type Sandbox } from '../../sandbox';
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
	type NodeSpec,
	type WorkflowRun,
} from '../n8n';
import type { Benchmark, BenchContext, SectionBody } from './lib/context';
import type { Table, Target } from './lib/report';
import { startReplayServer } from './lib/replayServer';
import { fixed, int, max, median, min, ratio } from './lib/stats';
import { drained } from './lib/workflow';
import { API_PATH, campaignGetNode, httpGetNode, itemsNode, recordResponses } from './throughput';

const ITEMS = 1000;
const LATENCY_MS = 25;
const JITTER_MS = 10;
const RATE = 20;
const RATE_ITEMS = 400;
const MEMBERS = 10_000;
const MAX_LOOP = 1.1;
const MAX_JITTER = 1.25;
const MAX_IDEAL = 1.3;
const MAX_LIMITED_SHARE = 0.1;
const VALIDITY_CAMPAIGN = '7001';

type Key = 'loopAuto' | 'loopFloor' | 'jitterAuto' | 'jitterFloor' | 'rateAuto' | 'rateHttp' | 'rateHttpBatched' | 'siv';
interface Variant {
	key: Key;
	label: string;
	group: 'loop' | 'jitter' | 'rate' | 'siv';
}
const VARIANTS: readonly Variant[] = [
	{ key: 'loopAuto', label: 'Annex Cloud node, Concurrent Requests Auto (default)', group: 'loop' },
	{ key: 'loopFloor', label: 'HTTP Request node (defaults, no credential)', group: 'loop' },
	{ key: 'jitterAuto', label: 'Annex Cloud node, Concurrent Requests Auto (default)', group: 'jitter' },
	{ key: 'jitterFloor', label: 'HTTP Request node (defaults, no credential)', group: 'jitter' },
	{ key: 'rateAuto', label: 'Annex Cloud node, Concurrent Requests Auto (default)', group: 'rate' },
	{ key: 'rateHttp', label: 'HTTP Request node with the Annex Cloud API credential, its defaults (On Error: continue)', group: 'rate' },
	{
		key: 'rateHttpBatched',
		label: `HTTP Request node with the Annex Cloud API credential, Batching ${RATE} items per 1,000 ms (On Error: continue)`,
		group: 'rate',
	},
	{ key: 'siv', label: `Annex Cloud node, Set Individual Validity, ${int(MEMBERS)} members, Batch Size 100, Auto`, group: 'siv' },
];
const GROUP_ITEMS = { loop: ITEMS, jitter: ITEMS, rate: RATE_ITEMS, siv: MEMBERS } as const;

const credential = (key: Key): { id: string; name: string } => ({ id: `bench-${key}`, name: `Annex bench (${key})` });
const nodeName = (key: Key, round: number): string => `${key} ${round}`;

interface VariantRound {
	ms: number;
	failed: number;
	requests: number;
	limited: number;
}

interface Measured {
	rounds: number;
	durationMs: number;
	results: Map<Key, VariantRound[]>;
	version: string;
	lostMembers: number;
}

function measuredNode(key: Key, round: number, base: (key: Key) => string): NodeSpec {
	const name = nodeName(key, round);
	switch (key) {
		case 'loopAuto':
		case 'jitterAuto':
		case 'rateAuto':
			return campaignGetNode(name, credential(key));
		case 'loopFloor':
		case 'jitterFloor':
			return httpGetNode(name, base(key));
		case 'rateHttp':
		case 'rateHttpBatched':
			return {
				...httpGetNode(name, base(key), {
					authentication: 'predefinedCredentialType',
					nodeCredentialType: CREDENTIAL_TYPE,
					...(key === 'rateHttpBatched' ? { options: { batching: { batch: { batchSize: RATE, batchInterval: 1000 } } } } : {}),
				}),
				credentials: { [CREDENTIAL_TYPE]: credential(key) },
				onError: 'continueRegularOutput',
			};
		case 'siv':
			return {
				name,
				type: nodeTypeNames().action,
				typeVersion: 1,
				parameters: {
					resource: 'campaign',
					operation: 'setIndividualValidity',
					campaignId: { __rl: true, mode: 'id', value: VALIDITY_CAMPAIGN },
					memberId: '={{ $json.memberId }}',
					startDate: '2025-03-01T00:00:00Z',
					endDate: '2025-03-31T00:00:00Z',
					options: {},
				},
				credentials: { [CREDENTIAL_TYPE]: credential(key) },
			};
	}
}

async function measure(context: BenchContext, rounds: number): Promise<Measured> {
	const setup = await context.n8n();
	const recorder = await startSandbox({ port: 0, campaigns: ITEMS + 1 });
	const responses = await recordResponses(recorder);
	const replay = await startReplayServer(responses, [
		'loopAuto',
		'loopFloor',
		{ name: 'jitterAuto', latencyMs: LATENCY_MS, jitterMs: JITTER_MS },
		{ name: 'jitterFloor', latencyMs: LATENCY_MS, jitterMs: JITTER_MS },
	]);
	const pace = { rate: RATE, burst: RATE };
	const limited = new Map<Key, Sandbox>();
	let n8n: N8nInstance | undefined;
	try {
		for (const key of ['rateAuto', 'rateHttp', 'rateHttpBatched'] as const) {
			limited.set(key, await startSandbox({ port: 0, campaigns: ITEMS + 1, pace, logLimit: 100_000 }));
		}
		const sivSandbox = await startSandbox({ port: 0, members: MEMBERS, pace, logLimit: 100_000 });
		limited.set('siv', sivSandbox);
		sivSandbox.store.addCampaign({
			campaignId: VALIDITY_CAMPAIGN,
			individualValidity: true,
			campaignDateFrom: '2025-01-01T00:00:00+0000',
			campaignDateTo: '2025-12-31T00:00:00+0000',
		});
		const base = (key: Key): string => {
			const sandbox = limited.get(key);
			if (sandbox !== undefined) return sandbox.origin;
			return replay.listeners.get(key)?.origin ?? '';
		};
		n8n = await N8nInstance.create({ installation: setup.installation, log: context.log });
		await installTarball(setup.tarball, n8n.userFolder, { log: context.log });
		await n8n.importCredentials(
			VARIANTS.filter(({ key }) => key !== 'loopFloor' && key !== 'jitterFloor').map(({ key }) => ({
				...credential(key),
				type: CREDENTIAL_TYPE,
				data: credentialData(recorder.credentials, `${base(key)}${API_PATH}`),
			})),
		);

		const workflow = new WorkflowBuilder('annexBenchAdaptive', 'bench: Concurrent Requests Auto')
			.add(manualTrigger())
			.add(itemsNode('Items', ITEMS), 'Start')
			.add(itemsNode('Rate Items', RATE_ITEMS), 'Start')
			.add(
				codeNode(
					'Members',
					`return Array.from({ length: ${MEMBERS} }, (_, i) => ({ json: { memberId: 'member-' + String(i + 1).padStart(4, '0') } }));`,
				),
				'Start',
			);
		const source = { loop: 'Items', jitter: 'Items', rate: 'Rate Items', siv: 'Members' } as const;
		for (let round = 0; round <= rounds; round++) {
			// Round 0 warms up the fast variants (not counted); the order alternates every round.
			const ordered = round % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
			for (const variant of ordered) {
				if (round === 0 && (variant.group === 'rate' || variant.group === 'siv')) continue;
				const node = measuredNode(variant.key, round, base);
				workflow.add(node, drained(workflow, source[variant.group], node.name));
			}
		}
		await n8n.importWorkflows([workflow.build()]);
		context.log(`    adaptive: n8n execute (${VARIANTS.length} variants x ${rounds} rounds, after a warm-up)`);
		const started = Date.now();
		const { run } = await n8n.execute('annexBenchAdaptive', { timeoutMs: 30 * 60_000 });
		const durationMs = Date.now() - started;

		const results = new Map<Key, VariantRound[]>();
		for (const variant of VARIANTS) {
			const sandbox = limited.get(variant.key);
			results.set(
				variant.key,
				Array.from({ length: rounds }, (_unused, index) =>
					roundOf(run, nodeName(variant.key, index + 1), GROUP_ITEMS[variant.group], sandbox?.requests()),
				),
			);
		}
		const stored = new Set(sivSandbox.store.individualValidity(VALIDITY_CAMPAIGN).map((record) => record.memberId));
		return { rounds, durationMs, results, version: setup.installation.version, lostMembers: MEMBERS - stored.size };
	} finally {
		await replay.close();
		await recorder.close();
		for (const sandbox of limited.values()) await sandbox.close();
		await n8n?.dispose();
	}
}

/** One node's round: its time, its failed items, and (rate-limited sandboxes) what the API answered meanwhile. */
function roundOf(run: WorkflowRun, name: string, expected: number, log: RequestLogEntry[] | undefined): VariantRound {
	const nodeRun = nodeRuns(run, name)[0];
	if (nodeRun === undefined) throw new Error(`node "${name}" did not run`);
	if (nodeRun.error !== undefined) throw new Error(`node "${name}" failed: ${nodeRun.error.message ?? 'error'}`);
	const items = nodeRun.data?.main?.[0] ?? [];
	if (items.length !== expected) throw new Error(`node "${name}" output ${items.length} items, expected ${expected}`);
	const failed = items.filter((item) => {
		const json = (item as { json?: Record<string, unknown> }).json ?? {};
		return json.error !== undefined || json.success === false;
	}).length;
	const ms = nodeRun.executionTime ?? Number.NaN;
	const from = nodeRun.startTime ?? 0;
	const during = (log ?? []).filter((entry) => {
		const at = Date.parse(entry.time);
		return at >= from && at <= from + ms;
	});
	return { ms, failed, requests: during.length, limited: during.filter((entry) => entry.status === 429).length };
}

export const adaptiveBenchmark: Benchmark = {
	name: 'adaptive',
	title: 'Concurrent Requests Auto in real n8n: fast where the API has room, no failed item where it has not',
	async run(context: BenchContext): Promise<SectionBody> {
		const m = await measure(context, context.quick ? 1 : 3);
		const rounds = (key: Key): VariantRound[] => m.results.get(key) ?? [];
		const times = (key: Key): number[] => rounds(key).map((r) => r.ms);
		const perRound = (a: Key, b: Key): number[] => times(a).map((value, index) => value / (times(b)[index] as number));
		const spread = (values: number[]): string => `${ratio(median(values))} (rounds: ${ratio(min(values))} - ${ratio(max(values))})`;
		const idealMs = (RATE_ITEMS / RATE) * 1000;
		const sum = (key: Key, field: 'failed' | 'requests' | 'limited'): number => rounds(key).reduce((total, r) => total + r[field], 0);
		const share = (key: Key): number => sum(key, 'limited') / Math.max(1, sum(key, 'requests'));

		const table: Table = {
			caption: `Median over ${m.rounds} round(s); ratios are per round, then the median; 429s and requests are the sandbox's log while the node ran, all rounds`,
			headers: ['case', 'variant', 'ms (median)', 'rounds (ms)', 'failed items (all rounds)', 'requests', 'answered 429'],
			rows: VARIANTS.map((variant) => [
				{
					loop: `loopback, ${int(ITEMS)} items`,
					jitter: `${LATENCY_MS} ms + up to ${JITTER_MS} ms jitter, ${int(ITEMS)} items`,
					rate: `${RATE} requests/s (burst ${RATE}), ${int(RATE_ITEMS)} items`,
					siv: `${RATE} requests/s, ${int(MEMBERS)} members`,
				}[variant.group],
				variant.label,
				int(median(times(variant.key))),
				times(variant.key).map(int).join(', '),
				int(sum(variant.key, 'failed')),
				variant.group === 'rate' || variant.group === 'siv' ? int(sum(variant.key, 'requests')) : '',
				variant.group === 'rate' || variant.group === 'siv'
					? `${int(sum(variant.key, 'limited'))} (${fixed(100 * share(variant.key), 1)}%)`
					: '',
			]),
		};
		const autoRate = times('rateAuto').map((value) => value / idealMs);
		const targets: Target[] = [
			{
				target: `loopback, Campaign > Get x ${int(ITEMS)}: Auto at most ${fixed(MAX_LOOP, 2)}x the HTTP Request node's time`,
				measured: spread(perRound('loopAuto', 'loopFloor')),
				met: median(perRound('loopAuto', 'loopFloor')) <= MAX_LOOP,
			},
			{
				target: `${LATENCY_MS} ms latency with jitter, ${int(ITEMS)} items: Auto at most ${fixed(MAX_JITTER, 2)}x the HTTP Request node's time`,
				measured: spread(perRound('jitterAuto', 'jitterFloor')),
				met: median(perRound('jitterAuto', 'jitterFloor')) <= MAX_JITTER,
			},
			{
				target: `${RATE} requests/s, ${int(RATE_ITEMS)} items: Auto has 0 failed items`,
				measured: `${int(sum('rateAuto', 'failed'))} failed over ${m.rounds} round(s)`,
				met: sum('rateAuto', 'failed') === 0,
			},
			{
				target: `${RATE} requests/s, ${int(RATE_ITEMS)} items: Auto at most ${fixed(MAX_IDEAL, 1)}x the ideal time (${int(idealMs)} ms)`,
				measured: spread(autoRate),
				met: median(autoRate) <= MAX_IDEAL,
			},
			{
				target: `${RATE} requests/s, ${int(RATE_ITEMS)} items: Auto has at most ${fixed(100 * MAX_LIMITED_SHARE, 0)}% of its requests answered 429`,
				measured: `${fixed(100 * share('rateAuto'), 1)}% (${int(sum('rateAuto', 'limited'))} of ${int(sum('rateAuto', 'requests'))})`,
				met: share('rateAuto') <= MAX_LIMITED_SHARE,
			},
			{
				target: `Set Individual Validity, ${int(MEMBERS)} members under ${RATE} requests/s: 0 lost members`,
				measured: `${int(sum('siv', 'failed'))} failed member results; ${int(m.lostMembers)} members missing from the sandbox`,
				met: sum('siv', 'failed') === 0 && m.lostMembers === 0,
			},
		];
		return {
			method: [
				`One workflow in real n8n ${m.version} (this package from its packed tarball), run once with \`n8n execute\` ` +
					`(${(m.durationMs / 1000).toFixed(1)} s with n8n's boot): every variant in each of ${m.rounds} measured round(s), ` +
					'the order reversed every other round, after a warm-up round of the loopback and latency variants; a Wait node ' +
					"holds the items 1 s before each measured node. Times are the node's `executionTime`.",
				'Loopback and latency: the replay server of section 2 (the bytes the sandbox answered, no checks on the clock), ' +
					`one port per variant, the latency one holding each answer ${LATENCY_MS} ms plus a uniform random 0-${JITTER_MS} ms.`,
				`Rate limit: one sandbox per variant (it verifies every signature), each with a token bucket of ${RATE} requests ` +
					`refilled at ${RATE} per second, answering 429 with Retry-After (whole seconds) when empty. The ideal time is ` +
					`items / rate. The HTTP Request node signs with the Annex Cloud API credential and has On Error set to continue, so ` +
					'its failed items are counted instead of stopping the workflow; its batched variant is what a user configures ' +
					`for such a limit (Options > Batching: ${RATE} items per batch, 1,000 ms between batches).`,
				`Set Individual Validity: ${int(MEMBERS)} members (Batch Size 100, the default) into one campaign of a rate-limited ` +
					'sandbox; lost members are those without `success: true` in the output or missing from the sandbox afterwards.',
			],
			tables: [table],
			targets,
			notes: context.quick ? ['Quick mode: one round.'] : [],
		};
	},
};
