/* eslint-disable @n8n/community-nodes/no-restricted-globals -- e2e test, not runtime code: waits with timers, prints its summary to stderr */
/**
 * Scale out (issue #9): the node and the trigger in n8n queue mode. A private Redis and
 * PostgreSQL, one n8n main (EXECUTIONS_MODE=queue) and two `n8n worker` processes, all on
 * loopback, each with the packed package installed in its own user folder (as on separate
 * hosts), sharing the database and the encryption key (scripts/n8n/queue.ts says why each
 * setting is there, and why not sqlite).
 *
 * 1. A published Webhook workflow fans each call's items through every read operation of the
 *    Annex Cloud node and a bulk Set Individual Validity; several calls at once, so the
 *    executions spread over both workers (each worker's log names the executions it ran).
 *    Every output item is checked against the sandbox's data (run data read back through the
 *    public API, as the workers saved it), and every request the sandbox got was signed and
 *    accepted, exactly as many as the items need.
 * 2. The Annex Cloud Trigger (published, polling every minute, on the main only) emits a campaign
 *    switched on once; the main is stopped, another campaign is created active, the main is
 *    started again: its first poll emits that one, once; nothing else is ever emitted again.
 */
import { formatApiDate, parseApiDate, startSandbox, type RequestLogEntry, type Sandbox } from '../../sandbox';
import { FIELDS } from '../../nodes/AnnexCloud/transport/contract';
import {
	formatDuration,
	httpRequest,
	N8nQueueCluster,
	waitFor,
	type PublicApi,
	type RunItem,
	type WorkflowRun,
	type WorkflowDefinition,
} from '../../scripts/n8n';
import { requireContext } from './helpers/context';
import { describeE2e } from './helpers/describe';
import { sandboxCredential, Timings } from './helpers/n8n';
import { startSink, type Sink } from './helpers/sink';
import { annexNode, byId, campaignBecameActiveWorkflow, codeNode, WorkflowBuilder } from './helpers/workflow';

/** Concurrent webhook calls, and items per call: more calls than one worker takes at once. */
const CALLS = 8;
const ITEMS_PER_CALL = 75;
/** jobs each worker runs at once; CALLS > CONCURRENCY, so one worker cannot take every call */
const CONCURRENCY = 5;
/** a small page so that lists take several pages */
const PAGE_SIZE = 10;

const FANOUT_SITE = 'n8n-queue-fanout';
const TRIGGER_SITE = 'n8n-queue-trigger';
const FANOUT_CREDENTIAL = { id: 'annexQueueFan', name: 'Annex Cloud sandbox (queue fan-out)' };
const TRIGGER_CREDENTIAL = { id: 'annexQueueTrig', name: 'Annex Cloud sandbox (queue trigger)' };
const FANOUT_WORKFLOW = 'annexQueueFanout';
const TRIGGER_WORKFLOW = 'annexQueueTrigger';
const WEBHOOK_PATH = 'annex-queue-fanout';
/** A poll every minute (at a random second): the next one comes within about a minute. */
const POLL_WAIT_MS = 150_000;
/** How long the main stays down: more than a poll minute. */
const DOWN_MS = 65_000;

const STATUSES = ['all', 'active', 'inactive'] as const;
type Status = (typeof STATUSES)[number];

/** Nodes of the fan-out workflow, in the order n8n runs them (top to bottom). */
const NODE = {
	get: 'Campaign Get',
	getMany: 'Campaign Get Many',
	eligible: 'Campaign Get Eligible',
	forMember: 'Campaign Get For Member',
	forMemberByStatus: 'Campaign Get For Member By Status',
	groupGet: 'Group Get',
	groupGetMany: 'Group Get Many',
	validity: 'Set Individual Validity',
} as const;

/** One input item of the fan-out workflow: what each node reads or writes for it. */
interface FanItem {
	batch: number;
	index: number;
	campaignId: string;
	status: Status;
	returnAll: boolean;
	limit: number;
	memberId: string;
	groupId: string;
	groupStatus: Status;
	validityCampaignId: string;
	validityMemberId: string;
	validityStart: string;
	validityEnd: string;
	/** the member does not exist: Annex Cloud refuses this one member */
	validityMissing: boolean;
}

const C = FIELDS.campaign;
const G = FIELDS.campaignGroup;

function fanoutWorkflow() {
	const node = (name: string, parameters: Record<string, unknown>) => annexNode(name, parameters, FANOUT_CREDENTIAL);
	const rl = (expression: string) => ({ ...byId(''), value: expression });
	const readsFrom = 'Fan Out';
	return new WorkflowBuilder(FANOUT_WORKFLOW, 'e2e: queue mode fan-out')
		.add({
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			webhookId: '4b1f6f3e-9c1d-4e43-a7a2-5f1d6c0e9a01',
			parameters: {
				httpMethod: 'POST',
				path: WEBHOOK_PATH,
				responseMode: 'lastNode',
				responseData: 'firstEntryJson',
				options: {},
			},
		})
		.add(codeNode('Fan Out', 'return $json.body.items.map((json) => ({ json }));'), 'Webhook')
		.add(node(NODE.get, { resource: 'campaign', operation: 'get', campaignId: rl('={{ $json.campaignId }}') }), readsFrom)
		.add(
			node(NODE.getMany, {
				resource: 'campaign',
				operation: 'getMany',
				status: '={{ $json.status }}',
				returnAll: '={{ $json.returnAll }}',
				limit: '={{ $json.limit }}',
				simplify: false,
			}),
			readsFrom,
		)
		.add(
			node(NODE.eligible, {
				resource: 'campaign',
				operation: 'getEligibleForMember',
				memberId: '={{ $json.memberId }}',
				returnAll: true,
				simplify: false,
			}),
			readsFrom,
		)
		.add(
			node(NODE.forMember, {
				resource: 'campaign',
				operation: 'getForMember',
				memberId: '={{ $json.memberId }}',
				selectBy: 'campaign',
				campaignId: rl('={{ $json.campaignId }}'),
				simplify: false,
			}),
			readsFrom,
		)
		.add(
			node(NODE.forMemberByStatus, {
				resource: 'campaign',
				operation: 'getForMember',
				memberId: '={{ $json.memberId }}',
				selectBy: 'status',
				status: '={{ $json.status }}',
				returnAll: '={{ $json.returnAll }}',
				limit: '={{ $json.limit }}',
				simplify: false,
			}),
			readsFrom,
		)
		.add(
			node(NODE.groupGet, {
				resource: 'campaignGroup',
				operation: 'get',
				campaignGroupId: rl('={{ $json.groupId }}'),
				simplify: false,
			}),
			readsFrom,
		)
		.add(
			node(NODE.groupGetMany, {
				resource: 'campaignGroup',
				operation: 'getMany',
				status: '={{ $json.groupStatus }}',
				returnAll: true,
			}),
			readsFrom,
		)
		.add(
			node(NODE.validity, {
				resource: 'campaign',
				operation: 'setIndividualValidity',
				campaignId: rl('={{ $json.validityCampaignId }}'),
				memberId: '={{ $json.validityMemberId }}',
				startDate: '={{ $json.validityStart }}',
				endDate: '={{ $json.validityEnd }}',
			}),
			readsFrom,
		)
		.add(
			codeNode(
				'Summary',
				[
					`const names = ${JSON.stringify(Object.values(NODE))};`,
					'const counts = {};',
					'for (const name of names) counts[name] = $(name).all().length;',
					"return [{ json: { batch: $('Webhook').first().json.body.batch, executionId: $execution.id, counts } }];",
				].join('\n'),
			),
			NODE.validity,
		)
		.build();
}

function triggerWorkflow(sinkUrl: string): WorkflowDefinition {
	return campaignBecameActiveWorkflow(TRIGGER_WORKFLOW, 'e2e: queue mode trigger', TRIGGER_CREDENTIAL, sinkUrl);
}

/** The items of every call: ids, statuses, limits and members cycle so every combination occurs. */
function fanItems(sandbox: Sandbox, validityCampaigns: readonly string[]): FanItem[][] {
	const campaigns = sandbox.store.listCampaigns('all').map((campaign) => String(campaign[C.id]));
	const groups = sandbox.store.listGroups('all').map((group) => String(group[G.id]));
	// Seeded members, tricky ids (to be URL-encoded) included; only read, never written.
	const members = sandbox.store.listMembers().map((member) => member.id);
	const batches: FanItem[][] = [];
	for (let batch = 0; batch < CALLS; batch++) {
		// One validity campaign per call: its members go out in one bulk request.
		const validityCampaignId = validityCampaigns[batch % validityCampaigns.length] ?? '';
		const campaign = sandbox.store.getCampaign(validityCampaignId);
		const from = parseApiDate(campaign?.[C.dateFrom]) ?? 0;
		const to = parseApiDate(campaign?.[C.dateTo]) ?? 0;
		const items: FanItem[] = [];
		for (let index = 0; index < ITEMS_PER_CALL; index++) {
			const g = batch * ITEMS_PER_CALL + index;
			const start = Math.floor((from + (to - from) * 0.1) / 1000) * 1000 + (g % 5) * 3_600_000;
			const end = Math.floor((from + (to - from) * 0.6) / 1000) * 1000;
			const validityMissing = g % 25 === 7;
			items.push({
				batch,
				index,
				campaignId: campaigns[g % campaigns.length] ?? '',
				status: STATUSES[g % 3] ?? 'all',
				returnAll: g % 4 === 0,
				limit: 1 + (g % 30),
				memberId: members[g % members.length] ?? '',
				groupId: groups[g % groups.length] ?? '',
				groupStatus: STATUSES[(g + 1) % 3] ?? 'all',
				validityCampaignId,
				validityMemberId: validityMissing ? `queue-missing-${g}` : `queue-v-${String(g).padStart(4, '0')}`,
				validityStart: new Date(start).toISOString(),
				validityEnd: new Date(end).toISOString(),
				validityMissing,
			});
		}
		batches.push(items);
	}
	return batches;
}

/** Pages a list read takes: every page for Return All, else until `limit` records (>= 1 request). */
function pagesRead(total: number, limit: number | undefined): number {
	const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
	return limit === undefined ? pages : Math.min(pages, Math.max(1, Math.ceil(limit / PAGE_SIZE)));
}

/** Every page of the member's campaigns of a status, as the sandbox serves them. */
function memberCampaigns(sandbox: Sandbox, memberId: string, status: Status): unknown[] {
	const all: unknown[] = [];
	for (let page = 1; ; page++) {
		const result = sandbox.store.pageMemberCampaigns(memberId, status, page, PAGE_SIZE);
		all.push(...result.items);
		if (page >= result.pages) return all;
	}
}

/** What each node must output for one item, and how many requests it takes. */
function expectedFor(sandbox: Sandbox, item: FanItem): { outputs: Record<string, unknown[]>; requests: number } {
	const store = sandbox.store;
	const limit = item.returnAll ? undefined : item.limit;
	const cut = <T>(records: T[]): T[] => (limit === undefined ? records : records.slice(0, limit));
	const campaign = store.getCampaign(item.campaignId);
	const campaigns = store.listCampaigns(item.status);
	const ofMember = memberCampaigns(sandbox, item.memberId, item.status);
	const groups = store.listGroups(item.groupStatus);
	const outputs: Record<string, unknown[]> = {
		// Simplified (the default).
		[NODE.get]: [
			expect.objectContaining({
				id: item.campaignId,
				name: campaign?.[C.name],
				status: campaign?.[C.status],
				isActive: campaign?.[C.status] === 'active',
				startDate: campaign?.[C.dateFrom],
				endDate: campaign?.[C.dateTo],
				groupId: campaign?.[C.groupId],
			}),
		],
		// Raw: exactly what the sandbox holds.
		[NODE.getMany]: cut(campaigns),
		[NODE.eligible]: store.eligibleCampaigns(item.memberId),
		[NODE.forMember]: [store.memberCampaign(item.memberId, item.campaignId)],
		[NODE.forMemberByStatus]: cut(ofMember),
		[NODE.groupGet]: [store.getGroup(item.groupId)],
		[NODE.groupGetMany]: groups.map((group) => ({
			id: group[G.id],
			name: group[G.name],
			status: group[G.status],
			campaignIds: group[G.campaigns],
			campaignCount: group[G.campaigns].length,
		})),
		[NODE.validity]: [
			expect.objectContaining({
				memberId: item.validityMemberId,
				campaignId: item.validityCampaignId,
				success: !item.validityMissing,
				...(item.validityMissing ? { code: 'MEMBER_NOT_FOUND' } : {}),
			}),
		],
	};
	const requests =
		1 + // get
		pagesRead(campaigns.length, limit) +
		1 + // eligible: one bare array
		1 + // for member, by campaign
		pagesRead(ofMember.length, limit) +
		1 + // group get
		pagesRead(groups.length, undefined);
	return { outputs, requests };
}

function pairedIndex(item: RunItem): number {
	const paired = item.pairedItem as { item?: number } | number | undefined;
	return typeof paired === 'number' ? paired : (paired?.item ?? -1);
}

/** A node's output items, grouped by the input item they are paired with. */
function byInputItem(run: WorkflowRun, node: string, inputs: number): unknown[][] {
	const nodeRun = run.data?.resultData?.runData?.[node]?.[0];
	if (nodeRun?.error !== undefined) throw new Error(`${node} failed: ${nodeRun.error.message ?? 'error'}`);
	const grouped: unknown[][] = Array.from({ length: inputs }, () => []);
	for (const item of nodeRun?.data?.main?.[0] ?? []) {
		const index = pairedIndex(item);
		if (index < 0 || index >= inputs) throw new Error(`${node}: an item paired with input ${index}`);
		grouped[index]?.push(item.json);
	}
	return grouped;
}

interface FanResponse {
	batch: number;
	executionId: string;
	counts: Record<string, number>;
}

describeE2e('queue mode: main + 2 workers + Redis + PostgreSQL in real n8n', () => {
	const timings = new Timings('queue');
	const started = Date.now();
	let sandbox: Sandbox;
	let sink: Sink;
	let cluster: N8nQueueCluster;
	let api: PublicApi;
	let batches: FanItem[][];
	let validityCampaigns: string[];
	const summary = {
		items: 0,
		requests: 0,
		triggerRequests: 0,
		fanoutExecutions: new Map<string, number>(),
		triggerExecutions: new Map<string, number>(),
		emitted: 0,
		expected: 0,
		polls: 0,
	};

	const fanoutRequests = (): RequestLogEntry[] => sandbox.requests().filter((entry) => entry.sub === FANOUT_SITE);
	const triggerRequests = (): RequestLogEntry[] => sandbox.requests().filter((entry) => entry.sub === TRIGGER_SITE);
	/** First-page reads of the active campaign list by the trigger: one per poll. */
	const polls = (): RequestLogEntry[] =>
		triggerRequests().filter(
			(entry) => entry.method === 'GET' && entry.params.includes('active') && (entry.query.page ?? '1') === '1',
		);
	const emittedIds = (): string[] =>
		sink.requests.map((request) => String((request.body as Record<string, unknown>).campaignId));
	/** Executions of `workflowId` each worker took from the queue. */
	const executionsOf = (workflowId: string): Map<string, string[]> =>
		new Map(
			[...cluster.executionsByWorker()].map(([worker, executions]) => [
				worker,
				executions.filter((execution) => execution.workflowId === workflowId).map((execution) => execution.executionId),
			]),
		);
	const sleep = async (ms: number): Promise<void> => await new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

	beforeAll(async () => {
		const context = requireContext();
		sandbox = await startSandbox({ port: 0, pageSize: PAGE_SIZE, logLimit: 200_000 });
		sink = await startSink();
		validityCampaigns = sandbox.store
			.listCampaigns('all')
			.filter((campaign) => campaign[C.individualValidity] === true)
			.map((campaign) => String(campaign[C.id]));
		batches = fanItems(sandbox, validityCampaigns);
		for (const item of batches.flat()) {
			if (!item.validityMissing) sandbox.store.addMember(item.validityMemberId);
		}
		cluster = await timings.measure('redis + postgres', async () =>
			await N8nQueueCluster.create({ installation: context.installation, workers: 2, concurrency: CONCURRENCY, log: () => undefined }),
		);
		await timings.measure('install x3', async () => await cluster.installTarball(context.tarball));
		await timings.measure('import and publish', async () => {
			await cluster.main.importCredentials([
				sandboxCredential(sandbox.credentials, FANOUT_CREDENTIAL.id, FANOUT_CREDENTIAL.name, { siteName: FANOUT_SITE }),
				sandboxCredential(sandbox.credentials, TRIGGER_CREDENTIAL.id, TRIGGER_CREDENTIAL.name, { siteName: TRIGGER_SITE }),
			]);
			await cluster.main.importWorkflows([fanoutWorkflow(), triggerWorkflow(sink.url)]);
			await cluster.main.publishWorkflow(FANOUT_WORKFLOW);
			await cluster.main.publishWorkflow(TRIGGER_WORKFLOW);
		});
		// The imports created and migrated the database: the workers can start with the main.
		await timings.measure('start main + 2 workers', async () => await cluster.start({ parallel: true }));
		api = await cluster.main.publicApi(await cluster.main.ownerSession());
	});

	afterAll(async () => {
		await cluster?.dispose();
		await sink?.close();
		await sandbox?.close();
		timings.add('total', Date.now() - started);
		timings.print();
		const perWorker = (counts: Map<string, number>): string =>
			[...counts].map(([worker, count]) => `${worker}=${count}`).join(', ') || 'none';
		const total = new Map<string, number>();
		for (const counts of [summary.fanoutExecutions, summary.triggerExecutions]) {
			for (const [worker, count] of counts) total.set(worker, (total.get(worker) ?? 0) + count);
		}
		process.stderr.write(
			`[queue] items=${summary.items} (${CALLS} calls x ${ITEMS_PER_CALL}), requests=${summary.requests} + trigger ${summary.triggerRequests} (all signed and accepted), ` +
				`executions: ${perWorker(total)} (fan-out ${perWorker(summary.fanoutExecutions)}; trigger ${perWorker(summary.triggerExecutions)}), ` +
				`trigger emitted=${summary.emitted} expected=${summary.expected} over ${summary.polls} polls and a restart of the main, ` +
				`wall ${formatDuration(Date.now() - started)}\n`,
		);
	});

	it('the trigger polls on the main only: its activation poll emits nothing', async () => {
		await waitFor('the activation poll', async () => (polls().length >= 1 ? true : undefined), { timeoutMs: 60_000 });
		await sleep(3000);
		expect(triggerRequests().every((entry) => entry.verified && entry.status === 200)).toBe(true);
		expect(sink.requests).toHaveLength(0);
		expect(executionsOf(TRIGGER_WORKFLOW).get('worker1')).toEqual([]);
		expect(executionsOf(TRIGGER_WORKFLOW).get('worker2')).toEqual([]);
	});

	it('webhook calls fan items through every read operation and a bulk validity run, on both workers', async () => {
		const fanStarted = Date.now();
		const url = `${cluster.main.url}/webhook/${WEBHOOK_PATH}`;
		const responses = await Promise.all(
			batches.map(async (items, batch) => await httpRequest<FanResponse>('POST', url, { body: { batch, items }, timeoutMs: 300_000 })),
		);
		timings.add(`${CALLS} webhook calls`, Date.now() - fanStarted);

		// Each call answered with its own execution's summary (the last node's output).
		const executionIds = responses.map((response, batch) => {
			expect(response.status).toBe(200);
			expect(response.json).toEqual(expect.objectContaining({ batch, executionId: expect.any(String) }));
			return String(response.json?.executionId);
		});
		expect(new Set(executionIds).size).toBe(CALLS);

		// Both workers ran some, and together exactly these executions (the logs say who ran which).
		const ran = executionsOf(FANOUT_WORKFLOW);
		const all = [...ran.values()].flat();
		expect(all.sort()).toEqual([...executionIds].sort());
		for (const [worker, executions] of ran) {
			expect(executions.length).toBeGreaterThan(0);
			summary.fanoutExecutions.set(worker, executions.length);
		}

		// Every item's output, from the run data the workers saved, against the sandbox.
		let expectedRequests = 0;
		const checkStarted = Date.now();
		for (const [batch, items] of batches.entries()) {
			const executionId = executionIds[batch] ?? '';
			const execution = await api.request<{ status: string } & WorkflowRun>(
				'GET',
				`/executions/${encodeURIComponent(executionId)}?includeData=true`,
			);
			expect({ executionId, status: execution.status }).toEqual({ executionId, status: 'success' });
			const grouped = Object.fromEntries(
				Object.values(NODE).map((node) => [node, byInputItem(execution, node, items.length)]),
			);
			for (const [index, item] of items.entries()) {
				const { outputs, requests } = expectedFor(sandbox, item);
				expectedRequests += requests;
				for (const node of Object.values(NODE)) {
					const actual = grouped[node]?.[index];
					expect({ batch, index, node, output: actual }).toEqual({ batch, index, node, output: outputs[node] });
				}
			}
			// The summary the webhook answered with counts the same items.
			const counts = responses[batch]?.json?.counts ?? {};
			for (const node of Object.values(NODE)) {
				expect({ node, count: counts[node] }).toEqual({ node, count: grouped[node]?.flat().length });
			}
		}
		timings.add('check run data', Date.now() - checkStarted);

		// The bulk validity runs: one request per call, each member's window stored (or refused).
		expectedRequests += CALLS;
		for (const item of batches.flat()) {
			const records = sandbox.store.individualValidity(item.validityCampaignId).filter((r) => r.memberId === item.validityMemberId);
			if (item.validityMissing) {
				expect(records).toEqual([]);
			} else {
				expect(records).toEqual([
					expect.objectContaining({
						startDate: formatApiDate(Date.parse(item.validityStart)),
						endDate: formatApiDate(Date.parse(item.validityEnd)),
						revision: 1,
					}),
				]);
			}
		}

		// Every request was signed and accepted, and there were exactly as many as the items need.
		// A member with no campaigns of a status gets "No data found" (AC1005, 400 on POST /campaign
		// [doc]): an empty list for the node, an accepted request here.
		const log = fanoutRequests();
		const noData = (entry: (typeof log)[number]): boolean => entry.status === 400 && entry.errorCode === 'AC1005';
		const rejected = log.filter((entry) => !entry.verified || (entry.status !== 200 && !noData(entry)));
		expect(rejected.map((entry) => `${entry.method} ${entry.path} ${entry.status} ${entry.authError ?? entry.errorCode ?? ''}`)).toEqual([]);
		expect(log.filter((entry) => entry.path.endsWith('/campaign/individualvalidity'))).toHaveLength(CALLS);
		expect(log).toHaveLength(expectedRequests);
		summary.items = batches.flat().length;
		summary.requests = log.length;
	});

	it('the trigger emits a campaign switched on exactly once, from the main, run by a worker', async () => {
		const inactive = sandbox.store.listCampaigns('inactive')[0];
		expect(inactive).toBeDefined();
		const switchedOn = String(inactive?.[C.id]);
		const changed = Date.now();
		sandbox.store.setCampaignStatus(switchedOn, 'active');
		await waitFor('the campaign switched on to reach the sink', async () => (emittedIds().includes(switchedOn) ? true : undefined), {
			timeoutMs: POLL_WAIT_MS,
			intervalMs: 1000,
		});
		timings.add('switch on to emit', Date.now() - changed);
		expect(emittedIds()).toEqual([switchedOn]);
		summary.expected = 1;
	});

	it('across a restart of the main: nothing polls while it is down; a campaign created meanwhile is emitted once by its first poll', async () => {
		const restartStarted = Date.now();
		// Let the execution that forwarded the first campaign finish and be saved.
		await waitFor(
			'the first trigger execution to finish',
			async () => {
				const finished = cluster.workers.flatMap((worker) => worker.finishedExecutions());
				const taken = [...executionsOf(TRIGGER_WORKFLOW).values()].flat();
				return taken.length >= 1 && taken.every((id) => finished.some((execution) => execution.executionId === id))
					? true
					: undefined;
			},
			{ timeoutMs: 30_000, intervalMs: 500 },
		);
		await cluster.main.stop();
		const pollsWhileDown = polls().length;
		const created = sandbox.store.addCampaign({ campaignName: 'Queue Restart Campaign', campaignStatus: 'active' });
		const createdId = String(created[C.id]);
		// A whole poll minute with only the workers up: they never poll (n8n runs triggers and
		// pollers on the main), so nothing reads the campaign list.
		await sleep(DOWN_MS);
		expect(polls()).toHaveLength(pollsWhileDown);
		await cluster.main.start();
		await waitFor('the new campaign to reach the sink', async () => (emittedIds().includes(createdId) ? true : undefined), {
			timeoutMs: POLL_WAIT_MS,
			intervalMs: 1000,
		});
		timings.add('down + restart to emit', Date.now() - restartStarted);
		const first = sink.requests[0]?.body as Record<string, unknown> | undefined;
		summary.expected = 2;
		expect(emittedIds()).toEqual([String(first?.campaignId), createdId]);
		const bodies = sink.requests.map((request) => request.body as Record<string, unknown>);
		expect(bodies[1]).toEqual(
			expect.objectContaining({
				event: 'campaignBecameActive',
				campaignId: createdId,
				campaign: expect.objectContaining({ id: createdId, name: 'Queue Restart Campaign', isActive: true }),
			}),
		);
		expect(new Set(bodies.map((body) => body.eventKey)).size).toBe(bodies.length);
	});

	it('the poll after that emits nothing: every activation exactly once', async () => {
		const pollsBefore = polls().length;
		const waitStarted = Date.now();
		await waitFor('one more poll', async () => (polls().length > pollsBefore ? true : undefined), {
			timeoutMs: POLL_WAIT_MS,
			intervalMs: 1000,
		});
		timings.add('wait for the next poll', Date.now() - waitStarted);
		// Time for an execution to be queued, run and forwarded, had the poll emitted.
		await sleep(5000);
		expect(emittedIds()).toHaveLength(2);
		expect(new Set(emittedIds()).size).toBe(2);
		summary.emitted = emittedIds().length;
		summary.polls = polls().length;
		expect(triggerRequests().every((entry) => entry.verified && entry.status === 200)).toBe(true);
		summary.triggerRequests = triggerRequests().length;

		// The two trigger executions ran on the workers; the main only polled and enqueued them.
		const ran = executionsOf(TRIGGER_WORKFLOW);
		expect([...ran.values()].flat()).toHaveLength(2);
		for (const [worker, executions] of ran) summary.triggerExecutions.set(worker, executions.length);
		const saved = await api.listExecutions({ workflowId: TRIGGER_WORKFLOW });
		expect(saved.map((execution) => execution.status)).toEqual(['success', 'success']);
		expect(saved.map((execution) => String(execution.id)).sort()).toEqual([...ran.values()].flat().sort());
	});
});
