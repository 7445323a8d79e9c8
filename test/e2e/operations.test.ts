/**
 * Every operation of the Annex Cloud node in real n8n: one workflow with a node per operation
 * (reads side by side; the writes in a chain: activate, members from a Code node, individual
 * validity, reactivate), plus failing calls with Continue On Fail; imported with
 * `n8n import:workflow` and run with `n8n execute`. A second workflow fails without Continue
 * On Fail and must stop the run with our message.
 */
import { startSandbox, type Sandbox } from '../../sandbox';
import {
	executedNodes,
	nodeError,
	nodeItems,
	nodeJson,
	runError,
	runStatus,
	type ExecuteResult,
	type N8nInstance,
} from '../../scripts/n8n';
import { describeE2e } from './helpers/describe';
import { createN8n, sandboxCredential, Timings } from './helpers/n8n';
import { annexNode, byId, codeNode, manualTrigger, WorkflowBuilder } from './helpers/workflow';

const CREDENTIAL = { id: 'annexE2eOps', name: 'Annex Cloud sandbox (e2e)' };
const ALL_OPERATIONS = 'annexE2eAllOps';
const FAILING = 'annexE2eFailing';
const TRICKY_MEMBER = 'odd?id#50%+more&x=1';
const VALIDITY_MEMBERS = ['member-0003', 'id with space/slash', 'member-9999'];
const CONTINUE = { onError: 'continueRegularOutput' };

/**
 * The message, HTTP code and hint of a Continue On Fail error item, whether the node puts the
 * details at the top level of the item's JSON or under `details` (n8n's error-output routing
 * only recognizes items whose JSON has no keys but error, message and details).
 */
function errorInfo(json: Record<string, unknown>): { message: string; httpCode?: unknown; description?: unknown } {
	const details = (json.details ?? {}) as Record<string, unknown>;
	return {
		message: String(json.error ?? ''),
		httpCode: json.httpCode ?? details.httpCode,
		description: json.description ?? details.description,
	};
}

function allOperationsWorkflow() {
	const node = (name: string, parameters: Record<string, unknown>, settings: Record<string, unknown> = {}) =>
		annexNode(name, parameters, CREDENTIAL, settings);
	return (
		new WorkflowBuilder(ALL_OPERATIONS, 'e2e: every Annex Cloud operation')
			.add(manualTrigger('Start'))
			// Reads, each from the trigger.
			.add(node('Get Many Active', { resource: 'campaign', operation: 'getMany', status: 'active', returnAll: true }), 'Start')
			.add(node('Get Many All Limit 5', { resource: 'campaign', operation: 'getMany', status: 'all', returnAll: false, limit: 5 }), 'Start')
			.add(
				node('Get Many Inactive Raw', {
					resource: 'campaign',
					operation: 'getMany',
					status: 'inactive',
					returnAll: true,
					simplify: false,
				}),
				'Start',
			)
			.add(node('Get Campaign', { resource: 'campaign', operation: 'get', campaignId: byId('1001') }), 'Start')
			.add(
				node('Get Eligible', {
					resource: 'campaign',
					operation: 'getEligibleForMember',
					memberId: 'jane.doe@example.com',
					returnAll: true,
				}),
				'Start',
			)
			.add(
				node('Get Eligible Tricky Id', {
					resource: 'campaign',
					operation: 'getEligibleForMember',
					memberId: TRICKY_MEMBER,
					returnAll: true,
				}),
				'Start',
			)
			.add(
				node('Get For Member By Campaign', {
					resource: 'campaign',
					operation: 'getForMember',
					memberId: 'jane.doe@example.com',
					selectBy: 'campaign',
					campaignId: byId('1001'),
				}),
				'Start',
			)
			.add(
				node('Get For Member By Status', {
					resource: 'campaign',
					operation: 'getForMember',
					memberId: 'member-0002',
					selectBy: 'status',
					status: 'active',
					returnAll: false,
					limit: 3,
				}),
				'Start',
			)
			.add(node('Get Many Groups', { resource: 'campaignGroup', operation: 'getMany', status: 'all', returnAll: true }), 'Start')
			.add(node('Get Group', { resource: 'campaignGroup', operation: 'get', campaignGroupId: byId('501') }), 'Start')
			// Writes, in order.
			.add(
				node('Activate', { resource: 'campaign', operation: 'activateForMember', memberId: 'member-0003', campaignId: byId('1001') }),
				'Start',
			)
			.add(
				codeNode(
					'Members',
					`return ${JSON.stringify(VALIDITY_MEMBERS)}.map((memberId) => ({ json: { memberId } }));`,
				),
				'Activate',
			)
			.add(
				node('Set Individual Validity', {
					resource: 'campaign',
					operation: 'setIndividualValidity',
					campaignId: byId('1001'),
					memberId: '={{ $json.memberId }}',
					startDate: '2025-01-10T00:00:00Z',
					endDate: '2025-03-31T00:00:00Z',
				}),
				'Members',
			)
			.add(
				node(
					'Reactivate',
					{ resource: 'campaign', operation: 'reactivateForMember', memberId: 'member-0003', campaignId: byId('1001') },
					{ executeOnce: true },
				),
				'Set Individual Validity',
			)
			// Failing calls with Continue On Fail.
			.add(
				node(
					'Activate Again',
					{ resource: 'campaign', operation: 'activateForMember', memberId: 'member-0003', campaignId: byId('1001') },
					CONTINUE,
				),
				'Reactivate',
			)
			.add(
				node('Activate Again, Already Active Is Success', {
					resource: 'campaign',
					operation: 'activateForMember',
					memberId: 'member-0003',
					campaignId: byId('1001'),
					options: { alreadyActiveIsSuccess: true },
				}),
				'Reactivate',
			)
			.add(
				node('Activate Blocked', { resource: 'campaign', operation: 'activateForMember', memberId: 'member-blocked', campaignId: byId('1001') }),
				'Start',
			)
			.add(
				node(
					'Activate Inactive',
					{ resource: 'campaign', operation: 'activateForMember', memberId: 'member-0004', campaignId: byId('1002') },
					CONTINUE,
				),
				'Start',
			)
			.add(node('Get Missing Campaign', { resource: 'campaign', operation: 'get', campaignId: byId('999999') }, CONTINUE), 'Start')
			.build()
	);
}

function failingWorkflow() {
	return new WorkflowBuilder(FAILING, 'e2e: a failing call stops the run')
		.add(manualTrigger('Start'))
		.add(annexNode('Get Missing Campaign', { resource: 'campaign', operation: 'get', campaignId: byId('999999') }, CREDENTIAL), 'Start')
		.build();
}

describeE2e('every operation in real n8n (n8n execute)', () => {
	const timings = new Timings('operations');
	let sandbox: Sandbox;
	let n8n: N8nInstance;
	let all: ExecuteResult;

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0 });
		n8n = await timings.measure('install', createN8n);
		await timings.measure('import', async () => {
			await n8n.importCredentials([sandboxCredential(sandbox.credentials, CREDENTIAL.id, CREDENTIAL.name)]);
			await n8n.importWorkflows([allOperationsWorkflow(), failingWorkflow()]);
		});
		all = await n8n.execute(ALL_OPERATIONS);
		timings.add('execute all operations', all.durationMs);
	});

	afterAll(async () => {
		await n8n?.dispose();
		await sandbox?.close();
		timings.print();
	});

	it('runs every node and the run succeeds', () => {
		expect(runError(all.run)).toBeUndefined();
		expect(runStatus(all.run)).toBe('success');
		expect(all.exitCode).toBe(0);
		const workflow = allOperationsWorkflow();
		const names = (workflow.nodes as Array<{ name: string }>).map((node) => node.name);
		expect(executedNodes(all.run).sort()).toEqual([...names].sort());
		for (const name of names) expect(nodeError(all.run, name)).toBeUndefined();
	});

	it('campaign: Get Many lists by status, with Return All, Limit and raw output', () => {
		const active = nodeJson(all.run, 'Get Many Active');
		expect(active).toHaveLength(sandbox.store.listCampaigns('active').length);
		// Simplified (the default): short field names.
		expect(active.map((campaign) => campaign.id)).toContain('1001');
		expect(active[0]).toEqual(expect.objectContaining({ name: expect.any(String), status: 'active', isActive: true }));
		expect(nodeJson(all.run, 'Get Many All Limit 5')).toHaveLength(5);
		const inactive = nodeJson(all.run, 'Get Many Inactive Raw');
		expect(inactive).toHaveLength(sandbox.store.listCampaigns('inactive').length);
		// Raw: the API's own field names, audience included.
		expect(inactive[0]).toEqual(expect.objectContaining({ campaignStatus: 'inactive', audience: expect.any(Object) }));
	});

	it('campaign: Get reads one campaign', () => {
		const [campaign] = nodeJson(all.run, 'Get Campaign');
		expect(campaign).toEqual(expect.objectContaining({ id: '1001', name: 'Summer Sprint 1001', isActive: true }));
		expect(nodeJson(all.run, 'Get Campaign')).toHaveLength(1);
	});

	it('campaign: Get Eligible for Member lists what the sandbox says, tricky ids included', () => {
		const ids = (name: string) => nodeJson(all.run, name).map((campaign) => String(campaign.id)).sort();
		const expected = (member: string) =>
			sandbox.store
				.eligibleCampaigns(member)
				.map((campaign) => String(campaign.campaignId))
				.sort();
		expect(ids('Get Eligible')).toEqual(expected('jane.doe@example.com'));
		expect(ids('Get Eligible')).toContain('1001');
		expect(ids('Get Eligible Tricky Id')).toEqual(expected(TRICKY_MEMBER));
		const tricky = sandbox.requests().find((entry) => entry.params.includes(TRICKY_MEMBER));
		expect(tricky).toMatchObject({ verified: true, status: 200 });
	});

	it('campaign: Get for Member by campaign and by status', () => {
		const [one] = nodeJson(all.run, 'Get For Member By Campaign');
		expect(one).toEqual(
			expect.objectContaining({ id: '1001', memberId: 'jane.doe@example.com', eligible: true, activated: false }),
		);
		const byStatus = nodeJson(all.run, 'Get For Member By Status');
		expect(byStatus.length).toBeGreaterThan(0);
		expect(byStatus.length).toBeLessThanOrEqual(3);
		for (const campaign of byStatus) expect(campaign.memberId).toBe('member-0002');
	});

	it('campaign group: Get Many and Get', () => {
		expect(nodeJson(all.run, 'Get Many Groups')).toHaveLength(sandbox.store.listGroups('all').length);
		const [group] = nodeJson(all.run, 'Get Group');
		expect(JSON.stringify(group)).toContain('501');
	});

	it('campaign: Activate for Member activates in the sandbox', () => {
		const [activated] = nodeJson(all.run, 'Activate');
		expect(activated).toEqual(expect.objectContaining({ success: true, memberId: 'member-0003', campaignId: '1001' }));
		expect(sandbox.store.getActivation('member-0003', '1001')).toBeDefined();
	});

	it('campaign: Set Individual Validity gives one result per member, paired, with the failing member reported', () => {
		const items = nodeItems(all.run, 'Set Individual Validity');
		expect(items.map((item) => item.json.memberId)).toEqual(VALIDITY_MEMBERS);
		expect(items.map((item) => (item.pairedItem as { item: number }).item)).toEqual([0, 1, 2]);
		expect(items.map((item) => item.json.success)).toEqual([true, true, false]);
		expect(items[2]?.json).toEqual(expect.objectContaining({ status: 'refused', code: 'MEMBER_NOT_FOUND' }));
		const records = sandbox.store.individualValidity('1001').map((record) => record.memberId);
		expect(records).toEqual(expect.arrayContaining(['member-0003', 'id with space/slash']));
		// One request for the three members.
		expect(sandbox.requests().filter((entry) => entry.path.endsWith('/campaign/individualvalidity'))).toHaveLength(1);
	});

	it('campaign: Reactivate for Member runs once (Execute Once) and reaches the sandbox', () => {
		expect(nodeJson(all.run, 'Reactivate')).toHaveLength(1);
		const patches = sandbox.requests().filter((entry) => entry.method === 'PATCH');
		expect(patches).toHaveLength(1);
		expect(patches[0]).toMatchObject({ status: 200, verified: true });
	});

	it('campaign: Treat Already Active as Success and a refused member are output items, not errors', () => {
		expect(nodeJson(all.run, 'Activate Again, Already Active Is Success')).toEqual([
			{ success: true, memberId: 'member-0003', campaignId: '1001', alreadyActive: true },
		]);
		expect(nodeJson(all.run, 'Activate Blocked')).toEqual([
			expect.objectContaining({ success: false, status: 'refused', code: 'AC1008', memberId: 'member-blocked', campaignId: '1001' }),
		]);
	});

	it('Continue On Fail: failing calls become error items with our message, and the run goes on', () => {
		const [again] = nodeJson(all.run, 'Activate Again').map(errorInfo);
		expect(again).toEqual(expect.objectContaining({ httpCode: '409', message: expect.stringMatching(/^Campaign "1001" is already active for this member \("[^"]+"\)$/) }));
		const [inactive] = nodeJson(all.run, 'Activate Inactive').map(errorInfo);
		expect(inactive).toEqual(expect.objectContaining({ httpCode: '400', message: expect.stringMatching(/^Annex Cloud/) }));
		const [missing] = nodeJson(all.run, 'Get Missing Campaign').map(errorInfo);
		expect(missing).toEqual(expect.objectContaining({ httpCode: '404', message: 'Campaign "999999" was not found in Annex Cloud' }));
		expect(missing?.description).toContain('999999');
	});

	it('without Continue On Fail, a failing call stops the run with our message', async () => {
		const failed = await n8n.execute(FAILING);
		timings.add('execute failing', failed.durationMs);
		expect(runStatus(failed.run)).toBe('error');
		const error = nodeError(failed.run, 'Get Missing Campaign') ?? runError(failed.run);
		expect(error?.message).toBe('Campaign "999999" was not found in Annex Cloud');
		expect(String(error?.description)).toContain('999999');
	});
});
