/* eslint-disable @n8n/community-nodes/no-restricted-globals -- e2e test, not runtime code: waits with timers */
/**
 * The example workflows (examples/*.json) in real n8n. Every shipped file imports as it is, uses
 * node types and versions this n8n has, and the triggered ones publish. Then each runs with its
 * Annex Cloud nodes against the sandbox, through a test copy (helpers/exampleCopies.ts) in which
 * the nodes of outside services (Slack, Send Email, Google Sheets) post what they would send to a
 * local sink or, for a sheet that is read, return fixed rows; the campaign the sticky note asks
 * for is filled in; the trigger copies poll every minute instead of every 15.
 */
import { formatApiDate, startSandbox, type Sandbox } from '../../sandbox';
import { FIELDS } from '../../nodes/AnnexCloud/transport/contract';
import {
	EXAMPLE_CREDENTIAL,
	exampleCredential,
	httpRequest,
	loadExamples,
	nodeJson,
	nodeTypeNames,
	runError,
	startsFromTrigger,
	waitFor,
	withCredential,
	type Example,
	type N8nInstance,
	type PublicApi,
	type WorkflowDefinition,
} from '../../scripts/n8n';
import { describeE2e } from './helpers/describe';
import {
	campaignById,
	manualInstead,
	nodeNamed,
	nodesOf,
	pollEveryMinute,
	rowsInstead,
	sinkInstead,
	testCopy,
	toolAsAction,
	withParameters,
} from './helpers/exampleCopies';
import { createN8n, publishDeferred, publishImported, Timings } from './helpers/n8n';
import { startSink, type Sink } from './helpers/sink';

const examples = loadExamples();
const DAY = 86_400_000;
const C = FIELDS.campaign;
/** A poll every minute: the next poll comes within about a minute. */
const POLL_WAIT_MS = 150_000;
const OUTSIDE_SERVICES = ['n8n-nodes-base.slack', 'n8n-nodes-base.emailSend', 'n8n-nodes-base.googleSheets', '@n8n/n8n-nodes-langchain.lmChatOpenAi'];

function example(id: string): WorkflowDefinition {
	const found = examples.find((candidate: Example) => candidate.workflow.id === id);
	if (found === undefined) throw new Error(`no example with id ${id}`);
	return found.workflow;
}

const ours = (type: string): boolean => Object.values(nodeTypeNames()).includes(type);

describe('example workflow files', () => {
	it('are the seven documented examples, with unique ids of at most 21 characters', () => {
		expect(examples.map((entry) => entry.workflow.id)).toEqual([
			'annexExEligible',
			'annexExStarted',
			'annexExCatalogue',
			'annexExJoin',
			'annexExValidity',
			'annexExEndingSoon',
			'annexExAgent',
		]);
		for (const { workflow } of examples) expect(workflow.id.length).toBeLessThanOrEqual(21);
	});

	it('use the community package node types (the tool as n8n derives it) and the example credential', () => {
		for (const { file, workflow } of examples) {
			const nodes = nodesOf(workflow);
			expect({ file, annexNodes: nodes.some((node) => ours(node.type)) }).toEqual({ file, annexNodes: true });
			for (const node of nodes.filter((candidate) => ours(candidate.type))) {
				expect(node.credentials).toEqual({ annexCloudApi: { ...EXAMPLE_CREDENTIAL } });
			}
			expect(nodes.filter((node) => /annex/i.test(node.type) && !ours(node.type))).toEqual([]);
		}
		expect(nodesOf(example('annexExAgent')).map((node) => node.type)).toContain(nodeTypeNames().tool);
	});

	it('each has a sticky note that names every node to configure (ours and the outside services)', () => {
		for (const { file, workflow } of examples) {
			const notes = nodesOf(workflow).filter((node) => node.type === 'n8n-nodes-base.stickyNote');
			expect({ file, notes: notes.length }).toEqual({ file, notes: 1 });
			const content = String(notes[0]?.parameters.content);
			const toConfigure = nodesOf(workflow).filter((node) => ours(node.type) || OUTSIDE_SERVICES.includes(node.type));
			for (const node of toConfigure) expect({ file, node: node.name, named: content.includes(`**${node.name}**`) }).toEqual({ file, node: node.name, named: true });
		}
	});

	it('leave every campaign selection empty and poll every 15 minutes', () => {
		for (const { file, workflow } of examples) {
			for (const node of nodesOf(workflow).filter((candidate) => ours(candidate.type))) {
				const campaign = node.parameters.campaignId as { value?: unknown } | undefined;
				if (campaign !== undefined) expect({ file, node: node.name, campaign: campaign.value }).toEqual({ file, node: node.name, campaign: '' });
				if (node.type === nodeTypeNames().trigger) {
					expect({ file, pollTimes: node.parameters.pollTimes }).toEqual({
						file,
						pollTimes: { item: [{ mode: 'everyX', value: 15, unit: 'minutes' }] },
					});
				}
			}
		}
	});

	it('the Activate for Member example counts "already active" as success', () => {
		expect(nodeNamed(example('annexExJoin'), 'Join Campaign').parameters.options).toEqual({ alreadyActiveIsSuccess: true });
	});
});

describeE2e('example workflows in real n8n', () => {
	const timings = new Timings('examples');
	let sandbox: Sandbox;
	let sink: Sink;
	let n8n: N8nInstance;
	let api: PublicApi;
	let joinCampaign = '';
	let startsLater = '';
	let endsLater = '';

	const sinkBodies = (path: string): Array<Record<string, unknown>> =>
		sink.requests.filter((request) => request.path === path).map((request) => request.body as Record<string, unknown>);

	/** The test copies, built once the sandbox and the sink exist. */
	function copies(): Record<string, WorkflowDefinition> {
		const validityRows = ['member-0003', 'member-0004', 'jane.doe@example.com', 'no-such-member'].map((member) => ({
			member_id: member,
			valid_from: formatApiDate(Date.now() - DAY).slice(0, 10),
			valid_to: formatApiDate(Date.now() + 20 * DAY).slice(0, 10),
			success: '',
			reason: '',
		}));
		let started = testCopy(example('annexExStarted'), 'annexExStartedT');
		started = sinkInstead(started, 'Tell The Team', `${sink.url}/slack`);
		started = pollEveryMinute(sinkInstead(started, 'Email The Segment', `${sink.url}/started-email`));
		let catalogue = testCopy(example('annexExCatalogue'), 'annexExCatalogueT');
		catalogue = sinkInstead(manualInstead(catalogue, 'Every Night'), 'Update Catalogue', `${sink.url}/catalogue`);
		const join = withParameters(testCopy(example('annexExJoin'), 'annexExJoinT'), 'Join Campaign', { campaignId: campaignById(joinCampaign) });
		let validity = testCopy(example('annexExValidity'), 'annexExValidityT');
		validity = withParameters(rowsInstead(validity, 'Read Rows', validityRows), 'Set Individual Validity', { campaignId: campaignById(joinCampaign) });
		validity = sinkInstead(validity, 'Write Results', `${sink.url}/validity`);
		const ending = pollEveryMinute(sinkInstead(testCopy(example('annexExEndingSoon'), 'annexExEndingSoonT'), 'Reminder Email', `${sink.url}/reminder`));
		const tool = toolAsAction(example('annexExAgent'), 'Eligible Campaigns Tool', 'annexExAgentToolT', { memberId: 'jane.doe@example.com' });
		return { started, catalogue, join, validity, ending, tool };
	}

	let copy: Record<string, WorkflowDefinition> = {};
	/** Copies the CLI could not publish (n8n 2.0.x), published through the public API once n8n runs. */
	let deferred: WorkflowDefinition[] = [];

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0 });
		sink = await startSink();
		const now = Date.now();
		joinCampaign = String(
			sandbox.store.addCampaign({
				[C.name]: 'E2E Join Me',
				[C.status]: 'active',
				[C.dateFrom]: formatApiDate(now - 10 * DAY),
				[C.dateTo]: formatApiDate(now + 60 * DAY),
				[C.activationRequired]: true,
				[C.individualValidity]: true,
			})[C.id],
		);
		// Switched on before its start date: Campaign Started fires when the date arrives.
		startsLater = String(
			sandbox.store.addCampaign({ [C.name]: 'E2E Starts Later', [C.status]: 'active', [C.dateFrom]: formatApiDate(now + 2 * DAY), [C.dateTo]: formatApiDate(now + 30 * DAY) })[C.id],
		);
		// Ends in 20 days: Campaign Ending Soon (3 days) fires once its end date is moved closer.
		endsLater = String(
			sandbox.store.addCampaign({ [C.name]: 'E2E Ends Later', [C.status]: 'active', [C.dateFrom]: formatApiDate(now - 5 * DAY), [C.dateTo]: formatApiDate(now + 20 * DAY) })[C.id],
		);
		copy = copies();
		n8n = await timings.measure('install', createN8n);
		const shippedTriggered = examples.map((entry) => entry.workflow).filter((workflow) => startsFromTrigger(workflow) && workflow.id !== 'annexExJoin');
		const toPublish = [...shippedTriggered, copy.started, copy.ending, copy.join] as WorkflowDefinition[];
		deferred = await timings.measure('import and publish', async () => {
			await n8n.importCredentials([exampleCredential(sandbox.credentials)]);
			await n8n.importWorkflows([...examples.map((entry) => entry.workflow), ...Object.values(copy)]);
			return await publishImported(n8n, toPublish);
		});
		// n8n execute runs while n8n is stopped: the manual examples run first, then n8n starts.
	});

	afterAll(async () => {
		await n8n?.dispose();
		await sink?.close();
		await sandbox?.close();
		timings.print();
	});

	it('every shipped example imports as it is (n8n list:workflow shows them)', async () => {
		const listed = await n8n.cli(['list:workflow']);
		for (const { workflow } of examples) expect(listed.stdout).toContain(workflow.id);
	});

	it('quick start: the campaigns a member can join, as shipped', async () => {
		const { run, durationMs } = await n8n.execute('annexExEligible');
		timings.add('execute quick start', durationMs);
		expect(runError(run)).toBeUndefined();
		const ids = nodeJson(run, 'Eligible Campaigns').map((campaign) => String(campaign.id));
		expect(ids.sort()).toEqual(
			sandbox.store
				.eligibleCampaigns('jane.doe@example.com')
				.map((campaign) => String(campaign[C.id]))
				.sort(),
		);
	});

	it('nightly catalogue: Get Many reads every campaign and the sheet gets one row per campaign, keyed by id', async () => {
		const { run, durationMs } = await n8n.execute('annexExCatalogueT');
		timings.add('execute catalogue', durationMs);
		expect(runError(run)).toBeUndefined();
		const rows = sinkBodies('/catalogue');
		const campaigns = sandbox.store.listCampaigns('all');
		expect(rows.map((row) => String(row.id)).sort()).toEqual(campaigns.map((campaign) => String(campaign[C.id])).sort());
		const joinRow = rows.find((row) => String(row.id) === joinCampaign);
		expect(joinRow).toEqual(expect.objectContaining({ name: 'E2E Join Me', status: 'active', startDate: expect.any(String), endDate: expect.any(String) }));
		expect(String(joinRow?.isActive)).toBe('true');
		expect(String(joinRow?.updatedAt)).toMatch(/^\d{4}-\d{2}-\d{2}T/);
	});

	it('validity from a sheet: each row gets its success and reason written back', async () => {
		const { run, durationMs } = await n8n.execute('annexExValidityT');
		timings.add('execute validity', durationMs);
		expect(runError(run)).toBeUndefined();
		const written = sinkBodies('/validity').map((row) => [row.member_id, String(row.success), row.reason === '' ? '' : 'a reason']);
		expect(written).toEqual([
			['member-0003', 'true', ''],
			['member-0004', 'true', ''],
			['jane.doe@example.com', 'true', ''],
			['no-such-member', 'false', 'a reason'],
		]);
		expect(String(sinkBodies('/validity')[3]?.reason)).toMatch(/not found|MEMBER_NOT_FOUND/i);
		expect(sandbox.store.individualValidity(joinCampaign)).toHaveLength(3);
	});

	it('agent: the Annex Cloud tool\'s configuration, run as an action with the member a model would pass, lists the eligible campaigns', async () => {
		const { run } = await n8n.execute('annexExAgentToolT');
		expect(runError(run)).toBeUndefined();
		const ids = nodeJson(run, 'Eligible Campaigns Tool').map((campaign) => String(campaign.id));
		expect(ids.sort()).toEqual(
			sandbox.store
				.eligibleCampaigns('jane.doe@example.com')
				.map((campaign) => String(campaign[C.id]))
				.sort(),
		);
	});

	it('n8n starts with the examples published; every node type and version they use exists in this n8n (the agent\'s Annex Cloud tool too)', async () => {
		sandbox.clearLog();
		await timings.measure('start', async () => await n8n.start());
		const session = await n8n.ownerSession();
		api = await n8n.publicApi(session);
		if (deferred.length > 0) {
			timings.note('created and published through the public API (the CLI publish found no history version)');
			await publishDeferred(api, deferred);
		}
		const versions = await session.nodeTypeVersions();
		for (const { file, workflow } of examples) {
			for (const node of nodesOf(workflow)) {
				expect({ file, type: node.type, version: node.typeVersion, known: versions.get(node.type)?.includes(node.typeVersion) === true }).toEqual({
					file,
					type: node.type,
					version: node.typeVersion,
					known: true,
				});
			}
		}
		const active = new Set((await api.listWorkflows()).filter((workflow) => workflow.active).map((workflow) => workflow.id));
		for (const workflow of examples.map((entry) => entry.workflow).filter((candidate) => startsFromTrigger(candidate) && candidate.id !== 'annexExJoin')) {
			if (deferred.length === 0) expect({ id: workflow.id, active: active.has(workflow.id) }).toEqual({ id: workflow.id, active: true });
		}
	});

	it('join from a webhook: the member is activated; posting again is a success with alreadyActive; a blocked member is refused, not an error', async () => {
		const post = async (memberId: string): Promise<Record<string, unknown>> => {
			const response = await httpRequest<Record<string, unknown>>('POST', `${n8n.url}/webhook/annex-cloud-join`, { body: { memberId } });
			return response.json ?? {};
		};
		const first = await waitFor('the published webhook', async () => await post('member-0005').catch(() => undefined), { timeoutMs: 60_000, intervalMs: 1000 });
		expect(first).toEqual(expect.objectContaining({ success: true, alreadyActive: false, memberId: 'member-0005', campaignId: joinCampaign }));
		expect(sandbox.store.getActivation('member-0005', joinCampaign)).toBeDefined();
		expect(await post('member-0005')).toEqual(expect.objectContaining({ success: true, alreadyActive: true, memberId: 'member-0005' }));
		expect(await post('member-blocked')).toEqual(expect.objectContaining({ success: false, memberId: 'member-blocked' }));
		expect(await post('no-such-member')).toEqual(expect.objectContaining({ error: expect.stringMatching(/not found/i) }));
	});

	it('campaign started and ending soon: the activation polls record, then each event reaches Slack and the emails, once', async () => {
		// Activation polls of the two shipped trigger examples and their two copies, all verified.
		await waitFor('the activation polls', async () => (sandbox.requests().filter((entry) => entry.verified).length >= 4 ? true : undefined), {
			timeoutMs: 60_000,
		});
		await new Promise((resolveWait) => setTimeout(resolveWait, 3000));
		expect(sinkBodies('/slack')).toEqual([]);
		expect(sinkBodies('/reminder')).toEqual([]);

		const began = Date.now();
		sandbox.store.setCampaignStartDate(startsLater, formatApiDate(Date.now() - 60_000));
		sandbox.store.setCampaignDates(endsLater, undefined, formatApiDate(Date.now() + 2 * DAY));
		await waitFor(
			'the Slack message, the email and the reminder',
			async () => (sinkBodies('/slack').length > 0 && sinkBodies('/started-email').length > 0 && sinkBodies('/reminder').length > 0 ? true : undefined),
			{ timeoutMs: 2 * POLL_WAIT_MS, intervalMs: 1000 },
		);
		timings.add('dates moved to every message', Date.now() - began);
		expect(sinkBodies('/slack')).toEqual([expect.objectContaining({ text: expect.stringContaining('*E2E Starts Later* is live') })]);
		expect(String(sinkBodies('/slack')[0]?.text)).toContain(`Campaign ID ${startsLater}`);
		expect(sinkBodies('/started-email')).toEqual([
			expect.objectContaining({ subject: 'New for you: E2E Starts Later', toEmail: 'segment-list@example.com', text: expect.stringContaining('E2E Starts Later has started') }),
		]);
		const [reminder] = sinkBodies('/reminder');
		expect(sinkBodies('/reminder')).toHaveLength(1);
		expect(String(reminder?.subject)).toMatch(/^Last days: E2E Ends Later ends \d{1,2} \w{3}$/);
		expect(String(reminder?.text)).toContain('E2E Ends Later ends on');
		expect(String(reminder?.text)).not.toContain('Invalid');
	});

	it('withCredential points every Annex Cloud node at another credential', () => {
		const changed = withCredential(example('annexExValidity'), { id: 'other', name: 'Other' });
		const credentials = nodesOf(changed)
			.filter((node) => ours(node.type))
			.map((node) => node.credentials);
		expect(credentials).toEqual([{ annexCloudApi: { id: 'other', name: 'Other' } }]);
	});
});
