/* eslint-disable @n8n/community-nodes/no-restricted-globals -- e2e test, not runtime code: waits with timers */
/**
 * The Annex Cloud Trigger in a published workflow in real n8n (`n8n publish:workflow`, then
 * `n8n start`), polling every minute: the activation poll emits nothing for the campaigns
 * already active; after a campaign is switched on and another is created active in the
 * sandbox, the next poll emits both, once each; the poll after that emits nothing; a campaign
 * switched off (saved by a run with no items), then on again while n8n restarts, is emitted by
 * the activation poll after the restart (the re-activation that v0.1 lost). The emitted items
 * are forwarded by an HTTP Request node to a local sink and read back through the public API.
 */
import { startSandbox, type RequestLogEntry, type Sandbox } from '../../sandbox';
import {
	runStatus,
	waitFor,
	type ApiExecution,
	type N8nInstance,
	type PublicApi,
	type WorkflowDefinition,
} from '../../scripts/n8n';
import { describeE2e } from './helpers/describe';
import { createN8n, publishDeferred, publishImported, sandboxCredential, Timings } from './helpers/n8n';
import { startSink, type Sink } from './helpers/sink';
import { campaignBecameActiveWorkflow, NEW_ACTIVE_CAMPAIGN } from './helpers/workflow';

const CREDENTIAL = { id: 'annexE2eTrigger', name: 'Annex Cloud sandbox (trigger)' };
const WORKFLOW = 'annexE2eTrigger';
const TRIGGER = NEW_ACTIVE_CAMPAIGN;
/** A poll every minute (at a random second): two further polls take at most about 2 minutes. */
const POLL_WAIT_MS = 150_000;

function triggerWorkflow(sinkUrl: string): WorkflowDefinition {
	return campaignBecameActiveWorkflow(WORKFLOW, 'e2e: new active campaign', CREDENTIAL, sinkUrl);
}

/** First-page reads of the active campaign list: one per poll. */
function pollsIn(log: RequestLogEntry[]): RequestLogEntry[] {
	return log.filter(
		(entry) => entry.method === 'GET' && entry.params.includes('active') && (entry.query.page ?? '1') === '1',
	);
}

describeE2e('trigger in a published workflow in real n8n', () => {
	const timings = new Timings('trigger');
	let sandbox: Sandbox;
	let sink: Sink;
	let n8n: N8nInstance;
	let api: PublicApi;
	let executionsAfterEmit = 0;
	/** the published workflow: the imported one, or where n8n cannot publish that, its copy made through the API */
	let workflowId = WORKFLOW;

	const polls = (): RequestLogEntry[] => pollsIn(sandbox.requests());
	const executions = async (): Promise<ApiExecution[]> =>
		await api.listExecutions({ workflowId, includeData: true });

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0 });
		sink = await startSink();
		n8n = await timings.measure('install', createN8n);
		const workflow = triggerWorkflow(sink.url);
		const deferred = await timings.measure('import and publish', async () => {
			await n8n.importCredentials([sandboxCredential(sandbox.credentials, CREDENTIAL.id, CREDENTIAL.name)]);
			await n8n.importWorkflows([workflow]);
			return await publishImported(n8n, [workflow]);
		});
		await timings.measure('start', async () => await n8n.start());
		api = await n8n.publicApi(await n8n.ownerSession());
		if (deferred.length > 0) {
			timings.note('created and published through the public API (the CLI publish found no history version)');
			workflowId = (await publishDeferred(api, deferred)).get(WORKFLOW) ?? workflowId;
		}
	});

	afterAll(async () => {
		await n8n?.dispose();
		await sink?.close();
		await sandbox?.close();
		timings.print();
	});

	it('the activation poll reads the active campaigns and emits nothing', async () => {
		await waitFor('the activation poll', async () => (polls().length >= 1 ? true : undefined), { timeoutMs: 60_000 });
		// Every request of the poll was signed and accepted.
		expect(sandbox.requests().every((entry) => entry.verified)).toBe(true);
		// Give a would-be execution time to be saved.
		await new Promise((resolveWait) => setTimeout(resolveWait, 3000));
		expect(sink.requests).toHaveLength(0);
		expect(await executions()).toHaveLength(0);
		const [workflow] = (await api.listWorkflows()).filter((candidate) => candidate.id === workflowId);
		expect(workflow?.active).toBe(true);
	});

	it('a campaign switched on and one created active are emitted once, by the next poll', async () => {
		const pollsBefore = polls().length;
		const started = Date.now();
		sandbox.store.setCampaignStatus('1002', 'active');
		const created = sandbox.store.addCampaign({ campaignName: 'E2E Flash Sale', campaignStatus: 'active' });
		const newId = String(created.campaignId);
		const expected = ['1002', newId].sort();
		const emittedIds = (): string[] =>
			sink.requests.map((request) => String((request.body as Record<string, unknown>).campaignId)).sort();

		// Normally the first poll after the change emits both; a poll that was reading its pages
		// at the very moment of the change may see one of them, and the next poll the other.
		await waitFor(
			'both campaigns to reach the sink',
			async () => (expected.every((id) => emittedIds().includes(id)) ? true : undefined),
			{ timeoutMs: 2 * POLL_WAIT_MS, intervalMs: 1000 },
		);
		timings.add('change to emit', Date.now() - started);
		expect(polls().length).toBeGreaterThan(pollsBefore);
		expect(polls().length).toBeLessThanOrEqual(pollsBefore + 2);
		// Once each.
		expect(emittedIds()).toEqual(expected);
		const bodies = sink.requests.map((request) => request.body as Record<string, unknown>);
		for (const body of bodies) {
			expect(body).toEqual(
				expect.objectContaining({ event: 'campaignBecameActive', campaign: expect.objectContaining({ isActive: true }) }),
			);
		}
		expect(bodies.find((body) => body.campaignId === newId)?.campaign).toEqual(
			expect.objectContaining({ id: newId, name: 'E2E Flash Sale' }),
		);

		// The executions, read back through the public API with their data.
		const runs = await waitFor(
			'the executions to be saved',
			async () => {
				const list = await executions();
				const items = list.flatMap(
					(execution) => execution.data?.resultData?.runData?.[TRIGGER]?.[0]?.data?.main?.[0] ?? [],
				);
				return items.length >= 2 && list.every((execution) => execution.finished) ? list : undefined;
			},
			{ timeoutMs: 30_000, intervalMs: 1000 },
		);
		expect(runs.length).toBeGreaterThanOrEqual(1);
		expect(runs.length).toBeLessThanOrEqual(2);
		for (const run of runs) expect(runStatus(run)).toBe('success');
		const emitted = runs.flatMap((run) => run.data?.resultData?.runData?.[TRIGGER]?.[0]?.data?.main?.[0] ?? []);
		expect(emitted.map((item) => String(item.json.campaignId)).sort()).toEqual(expected);
		executionsAfterEmit = runs.length;
	});

	it('the poll after that emits nothing', async () => {
		const pollsBefore = polls().length;
		const sinkBefore = sink.requests.length;
		const started = Date.now();
		await waitFor('one more poll', async () => (polls().length > pollsBefore ? true : undefined), {
			timeoutMs: POLL_WAIT_MS,
			intervalMs: 1000,
		});
		timings.add('wait for the next poll', Date.now() - started);
		// Enough time for an execution to start, forward and be saved, if the poll had emitted.
		await new Promise((resolveWait) => setTimeout(resolveWait, 5000));
		expect(sink.requests).toHaveLength(sinkBefore);
		expect(await executions()).toHaveLength(executionsAfterEmit);
	});

	it('a campaign switched off, n8n restarted, switched on before the first poll after the restart: emitted once', async () => {
		// 1002 is active and recorded. It is switched off: the next poll emits nothing but ends
		// with a run of no items, which is what makes n8n save the trigger's state.
		const executionsBefore = (await executions()).length;
		const sinkBefore = sink.requests.length;
		const firstKey = (sink.requests.find((request) => (request.body as Record<string, unknown>).campaignId === '1002')?.body as
			| Record<string, unknown>
			| undefined)?.eventKey;
		expect(firstKey).toBeDefined();
		const started = Date.now();
		sandbox.store.setCampaignStatus('1002', 'inactive');
		const runs = await waitFor(
			'the run with no items that saves the switch-off',
			async () => {
				const list = await executions();
				return list.length > executionsBefore && list.every((execution) => execution.finished) ? list : undefined;
			},
			{ timeoutMs: 2 * POLL_WAIT_MS, intervalMs: 1000 },
		);
		timings.add('switch-off to saved', Date.now() - started);
		expect(runs).toHaveLength(executionsBefore + 1);
		const latest = runs.reduce((newest, run) => (Number(run.id) > Number(newest.id) ? run : newest));
		expect(latest === undefined ? undefined : runStatus(latest)).toBe('success');
		expect(latest?.data?.resultData?.runData?.[TRIGGER]?.[0]?.data?.main?.[0] ?? []).toEqual([]);
		expect(sink.requests).toHaveLength(sinkBefore);

		// n8n restarts; the campaign is switched on again while it is down.
		const restarted = Date.now();
		await n8n.stop();
		sandbox.store.setCampaignStatus('1002', 'active');
		await n8n.start();
		// The activation poll after the restart emits it (before this fix it was never emitted).
		await waitFor('1002 to reach the sink again', async () => (sink.requests.length > sinkBefore ? true : undefined), {
			timeoutMs: POLL_WAIT_MS,
			intervalMs: 1000,
		});
		timings.add('restart to emit', Date.now() - restarted);
		await new Promise((resolveWait) => setTimeout(resolveWait, 3000));
		const again = sink.requests.slice(sinkBefore).map((request) => request.body as Record<string, unknown>);
		expect(again.map((body) => body.campaignId)).toEqual(['1002']);
		// A new activation, so a new event key.
		expect(again[0]?.eventKey).not.toBe(firstKey);
	});
});
