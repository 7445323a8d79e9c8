/**
 * The example workflows (examples/*.json) in real n8n: all import; the manual ones run with
 * `n8n execute` and give the documented results; the trigger one activates when published.
 */
import { startSandbox, type Sandbox } from '../../sandbox';
import {
	EXAMPLE_CREDENTIAL,
	exampleCredential,
	loadExamples,
	nodeItems,
	nodeJson,
	nodeTypeNames,
	runError,
	startsFromTrigger,
	waitFor,
	withCredential,
	type Example,
	type N8nInstance,
	type WorkflowDefinition,
} from '../../scripts/n8n';
import { describeE2e } from './helpers/describe';
import { createN8n, Timings } from './helpers/n8n';

const examples = loadExamples();

function example(id: string): Example {
	const found = examples.find((candidate) => candidate.workflow.id === id);
	if (found === undefined) throw new Error(`no example with id ${id}`);
	return found;
}

describe('example workflow files', () => {
	it('there are the four documented examples, with unique ids of at most 21 characters', () => {
		expect(examples.map((entry) => entry.workflow.id)).toEqual([
			'annexExEligible',
			'annexExActivate',
			'annexExValidity',
			'annexExNewCampaign',
		]);
		for (const { workflow } of examples) expect(workflow.id.length).toBeLessThanOrEqual(21);
	});

	it('use the community package node types and the example credential', () => {
		const { action, trigger } = nodeTypeNames();
		for (const { file, workflow } of examples) {
			const nodes = workflow.nodes as Array<{ type: string; credentials?: Record<string, unknown> }>;
			const ours = nodes.filter((node) => node.type === action || node.type === trigger);
			expect({ file, count: ours.length > 0 }).toEqual({ file, count: true });
			for (const node of ours) expect(node.credentials).toEqual({ annexCloudApi: { ...EXAMPLE_CREDENTIAL } });
			expect(nodes.some((node) => /annex/i.test(node.type) && node.type !== action && node.type !== trigger)).toBe(false);
		}
	});
});

describeE2e('example workflows in real n8n', () => {
	const timings = new Timings('examples');
	let sandbox: Sandbox;
	let n8n: N8nInstance;

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0 });
		n8n = await timings.measure('install', createN8n);
		await timings.measure('import', async () => {
			await n8n.importCredentials([exampleCredential(sandbox.credentials)]);
			await n8n.importWorkflows(examples.map((entry) => entry.workflow));
		});
	});

	afterAll(async () => {
		await n8n?.dispose();
		await sandbox?.close();
		timings.print();
	});

	it('all import (n8n list:workflow shows them)', async () => {
		const listed = await n8n.cli(['list:workflow']);
		for (const { workflow } of examples) expect(listed.stdout).toContain(workflow.id);
	});

	it('(a) campaigns a member is eligible for', async () => {
		const { run, durationMs } = await n8n.execute('annexExEligible');
		timings.add('execute (a)', durationMs);
		expect(runError(run)).toBeUndefined();
		const ids = nodeJson(run, 'Eligible Campaigns').map((campaign) => String(campaign.id));
		expect(ids.sort()).toEqual(
			sandbox.store
				.eligibleCampaigns('jane.doe@example.com')
				.map((campaign) => String(campaign.campaignId))
				.sort(),
		);
	});

	it('(b) activate a campaign for members from a list: refused members go to the error output', async () => {
		const { run, durationMs } = await n8n.execute('annexExActivate');
		timings.add('execute (b)', durationMs);
		expect(runError(run)).toBeUndefined();
		expect(nodeItems(run, 'Activate Campaign', { output: 0 })).toHaveLength(3);
		const refused = nodeItems(run, 'Activate Campaign', { output: 1 });
		expect(refused).toHaveLength(1);
		// n8n merges the input item in: the refused member is named.
		expect(refused[0]?.json).toEqual(expect.objectContaining({ memberId: 'no-such-member', error: expect.stringMatching(/not found/i) }));
		expect(nodeJson(run, 'Activated')).toHaveLength(3);
		expect(nodeJson(run, 'Not Activated')).toHaveLength(1);
		for (const member of ['member-0001', 'member-0002', 'jane.doe@example.com']) {
			expect(sandbox.store.getActivation(member, '1001')).toBeDefined();
		}
	});

	it('(c) bulk individual validity from a sheet: one result per row', async () => {
		const { run, durationMs } = await n8n.execute('annexExValidity');
		timings.add('execute (c)', durationMs);
		expect(runError(run)).toBeUndefined();
		const results = nodeJson(run, 'Set Individual Validity');
		expect(results.map((result) => [result.memberId, result.success])).toEqual([
			['member-0003', true],
			['member-0004', true],
			['jane.doe@example.com', true],
			['no-such-member', false],
		]);
		expect(results[3]).toEqual(expect.objectContaining({ status: 'refused', code: 'MEMBER_NOT_FOUND' }));
		expect(sandbox.store.individualValidity('1001')).toHaveLength(3);
	});

	it('(d) new active campaign alert: a trigger workflow that activates when published', async () => {
		const { workflow } = example('annexExNewCampaign');
		expect(startsFromTrigger(workflow)).toBe(true);
		for (const other of examples.filter((entry) => entry !== example('annexExNewCampaign'))) {
			expect(startsFromTrigger(other.workflow)).toBe(false);
		}
		await n8n.publishWorkflow(workflow.id);
		sandbox.clearLog();
		await timings.measure('start', async () => await n8n.start());
		const api = await n8n.publicApi(await n8n.ownerSession());
		await waitFor(
			'the activation poll',
			async () => (sandbox.requests().some((entry) => entry.params.includes('active') && entry.verified) ? true : undefined),
			{ timeoutMs: 60_000 },
		);
		const [published] = (await api.listWorkflows()).filter((candidate) => candidate.id === workflow.id);
		expect(published?.active).toBe(true);
	});

	it('withCredential points every Annex Cloud node at another credential', () => {
		const changed: WorkflowDefinition = withCredential(example('annexExActivate').workflow, { id: 'other', name: 'Other' });
		const credentials = (changed.nodes as Array<{ credentials?: Record<string, unknown> }>)
			.map((node) => node.credentials)
			.filter((value) => value !== undefined);
		expect(credentials).toEqual([{ annexCloudApi: { id: 'other', name: 'Other' } }]);
	});
});
