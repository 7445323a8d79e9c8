import type { IDataObject } from 'n8n-workflow';
/**
 * Read operations of the Annex Cloud node (Campaign: Get, Get Many, Get for Member, Get
 * Eligible for Member; Campaign Group: Get, Get Many), run in n8n-core's WorkflowExecute
 * against the sandbox over HTTP.
 */
import { FIELDS } from '../../nodes/AnnexCloud/transport/contract';
import { TRICKY_MEMBER_IDS } from '../../sandbox';
import { byId, bodyOf, errorOf, fromList, jsonOf, pairedIndexes, useNodeTestContext } from './helpers';

const PAGE_SIZE = 5;
const CAMPAIGNS = 23;
const GROUPS = 12;

const ctx = useNodeTestContext({ pageSize: PAGE_SIZE, campaigns: CAMPAIGNS, groups: GROUPS });

/** The page each request asked for: the first page is asked for without ?page (Annex Cloud's paging is ?page=N). */
const pages = (entries: { query: Record<string, string> }[]): string[] => entries.map((entry) => entry.query.page ?? '(none)');

describe('Campaign > Get', () => {
	it('reads one campaign, simplified by default, paired with its item', async () => {
		const result = await ctx.run({ resource: 'campaign', operation: 'get', campaignId: byId('1001') });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		const json = result.items[0]?.json;
		expect(json).toMatchObject({ id: '1001', status: 'active', isActive: true, activationRequired: true });
		expect(json).not.toHaveProperty(FIELDS.campaign.terms);
		expect(pairedIndexes(result.items)).toEqual([0]);
		const requests = ctx.apiRequests();
		expect(requests.map((entry) => [entry.method, entry.route, entry.params[0], entry.verified])).toEqual([
			['GET', 'getCampaign', '1001', true],
		]);
	});

	it('returns the raw campaign when Simplify is off', async () => {
		const result = await ctx.run({ resource: 'campaign', operation: 'get', campaignId: fromList('1001'), simplify: false });
		expect(result.items[0]?.json).toEqual(ctx.sandbox.store.getCampaign('1001'));
	});

	it('reads one campaign per input item, ids from an expression, trimmed', async () => {
		const result = await ctx.run(
			{ resource: 'campaign', operation: 'get', campaignId: byId('={{ $json.id }}') },
			[{ id: '1003' }, { id: ' 1001 ' }, { id: 1002 }],
		);
		expect(result.error).toBeUndefined();
		expect(jsonOf(result.items).map((json) => json.id)).toEqual(['1003', '1001', '1002']);
		expect(pairedIndexes(result.items)).toEqual([0, 1, 2]);
		// Sent concurrently by default (Concurrent Requests 5): which arrives first is not fixed.
		expect(ctx.apiRequests().map((entry) => entry.params[0]).sort()).toEqual(['1001', '1002', '1003']);
	});

	it('rejects an empty campaign id, naming the parameter and the item, before any request', async () => {
		const result = await ctx.run(
			{ resource: 'campaign', operation: 'get', campaignId: byId('={{ $json.id }}') },
			[{ id: '1001' }, { id: '   ' }],
		);
		const error = errorOf(result);
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toContain('"Campaign"');
		expect(error.message).toContain('item 1');
		expect(error.context?.itemIndex).toBe(1);
		expect(ctx.apiRequests()).toHaveLength(0);
	});

	it('rejects a status word as a campaign id (it would call the list route)', async () => {
		const result = await ctx.run({ resource: 'campaign', operation: 'get', campaignId: byId('Active') });
		expect(errorOf(result).message).toContain('"Campaign"');
		expect(errorOf(result).description).toContain('Get Many');
		expect(ctx.apiRequests()).toHaveLength(0);
	});

	it('turns a 404 into a NodeApiError with a campaign hint and the item index', async () => {
		const result = await ctx.run(
			{ resource: 'campaign', operation: 'get', campaignId: byId('={{ $json.id }}') },
			[{ id: '1001' }, { id: 'nope/404' }],
		);
		const error = errorOf(result);
		expect(error.name).toBe('NodeApiError');
		expect(error.httpCode).toBe('404');
		expect(error.description).toContain('Check the campaign ID');
		expect(error.context?.itemIndex).toBe(1);
		// The id with a slash reached the campaign route as one path parameter.
		expect(ctx.apiRequests()[1]).toMatchObject({ route: 'getCampaign', params: ['nope/404'], status: 404 });
	});

	it('continues on fail: a failing item becomes an error item paired to it', async () => {
		const result = await ctx.run(
			{ resource: 'campaign', operation: 'get', campaignId: byId('={{ $json.id }}') },
			[{ id: 'missing' }, { id: '' }, { id: '1001' }],
			{ continueOnFail: true },
		);
		expect(result.error).toBeUndefined();
		expect(pairedIndexes(result.items)).toEqual([0, 1, 2]);
		const [missing, empty, found] = jsonOf(result.items);
		expect(missing?.error).toBe('Campaign "missing" was not found in Annex Cloud');
		expect((missing?.details as IDataObject | undefined)?.httpCode).toBe('404');
		expect(empty?.error).toContain('"Campaign"');
		expect(found?.id).toBe('1001');
		expect(ctx.apiRequests()).toHaveLength(2);
	});
});

describe('Campaign > Get Many', () => {
	it('Return All reads every page, one item per campaign', async () => {
		const result = await ctx.run({ resource: 'campaign', operation: 'getMany', status: 'all', returnAll: true });
		expect(result.error).toBeUndefined();
		const expected = ctx.sandbox.store.listCampaigns('all').map((campaign) => campaign.campaignId);
		expect(jsonOf(result.items).map((json) => json.id)).toEqual(expected);
		expect(result.items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
		const requests = ctx.apiRequests();
		expect(requests.every((entry) => entry.route === 'getCampaignsByStatus' && entry.params[0] === 'all')).toBe(true);
		expect(pages(requests)).toEqual(['(none)', '2', '3', '4', '5']);
	});

	it('Limit stops after enough records (default 50, here 7: two pages)', async () => {
		const result = await ctx.run({ resource: 'campaign', operation: 'getMany', status: 'all', returnAll: false, limit: 7 });
		expect(result.items).toHaveLength(7);
		expect(pages(ctx.apiRequests())).toEqual(['(none)', '2']);
	});

	it('filters by status and returns raw campaigns when Simplify is off', async () => {
		const result = await ctx.run({
			resource: 'campaign',
			operation: 'getMany',
			status: 'inactive',
			returnAll: true,
			simplify: false,
		});
		const expected = ctx.sandbox.store.listCampaigns('inactive');
		expect(jsonOf(result.items)).toEqual(expected);
		expect(ctx.apiRequests()[0]?.params).toEqual(['inactive']);
	});

	it('rejects a Limit below 1 before any request', async () => {
		const result = await ctx.run({ resource: 'campaign', operation: 'getMany', status: 'all', returnAll: false, limit: 0 });
		expect(errorOf(result).message).toContain('"Limit"');
		expect(ctx.apiRequests()).toHaveLength(0);
	});

	it('rejects an unknown status from an expression, naming Status', async () => {
		const result = await ctx.run({ resource: 'campaign', operation: 'getMany', status: '={{ "paused" }}', returnAll: true });
		expect(errorOf(result).message).toContain('"Status"');
		expect(ctx.apiRequests()).toHaveLength(0);
	});
});

describe('Campaign > Get for Member', () => {
	it('by campaign: the member view of one campaign, with the member fields kept by Simplify', async () => {
		const result = await ctx.run({
			resource: 'campaign',
			operation: 'getForMember',
			memberId: 'member-0001',
			selectBy: 'campaign',
			campaignId: byId('1001'),
		});
		expect(result.error).toBeUndefined();
		const json = result.items[0]?.json;
		expect(json).toMatchObject({ id: '1001', memberId: 'member-0001', eligible: true, activated: false });
		expect(json).not.toHaveProperty(FIELDS.campaign.terms);
		const request = ctx.apiRequests()[0];
		expect(request?.route).toBe('getCampaignForMember');
		expect(bodyOf(request)).toEqual({ [FIELDS.request.memberId]: 'member-0001', [FIELDS.request.campaignId]: '1001' });
	});

	it('by status: every page of the member’s campaigns, extra body fields sent', async () => {
		for (const campaign of ctx.sandbox.store.listCampaigns('all').slice(0, 14)) {
			ctx.sandbox.store.setEligibility('member-0002', campaign.campaignId, true);
		}
		const result = await ctx.run({
			resource: 'campaign',
			operation: 'getForMember',
			memberId: 'member-0002',
			selectBy: 'status',
			status: 'all',
			returnAll: true,
			options: { extraBodyFields: '{"channel":"web"}' },
		});
		expect(result.error).toBeUndefined();
		const expected = ctx.sandbox.store.eligibility('member-0002');
		expect(jsonOf(result.items).map((json) => json.id)).toEqual(expected);
		const requests = ctx.apiRequests();
		expect(expected.length).toBeGreaterThanOrEqual(14);
		expect(requests.length).toBe(Math.ceil(expected.length / PAGE_SIZE));
		expect(pages(requests)).toEqual(requests.map((_entry, index) => (index === 0 ? '(none)' : String(index + 1))));
		expect(bodyOf(requests[0])).toEqual({
			[FIELDS.request.memberId]: 'member-0002',
			[FIELDS.request.status]: 'all',
			channel: 'web',
		});
	});

	it('"No data found" (AC1005, here with 400) for an unknown member: not found, with the ids and the member hint', async () => {
		const result = await ctx.run({
			resource: 'campaign',
			operation: 'getForMember',
			memberId: 'ghost',
			selectBy: 'campaign',
			campaignId: byId('1001'),
		});
		const error = errorOf(result);
		expect(error.httpCode).toBe('400');
		expect(error.message).toBe('Campaign "1001" for member "ghost" was not found in Annex Cloud');
		expect(error.description).toContain('Check the member ID');
		expect(error.description).toContain('[Annex error code: AC1005]');
	});

	it('by status: "No data found" (AC1005 with 400) is an empty list, for an unknown member and for one with no campaigns', async () => {
		for (const id of ctx.sandbox.store.listCampaigns('all').map((c) => c.campaignId)) ctx.sandbox.store.setEligibility('member-0001', id, false);
		const result = await ctx.run(
			{ resource: 'campaign', operation: 'getForMember', memberId: '={{ $json.member }}', selectBy: 'status', status: 'all', returnAll: true },
			[{ member: 'ghost' }, { member: 'member-0001' }, { member: 'member-0002' }],
		);
		expect(result.error).toBeUndefined();
		const answers = ctx.apiRequests().map((entry) => [entry.status, entry.errorCode]);
		expect(answers.slice(0, 2)).toEqual([
			[400, 'AC1005'],
			[400, 'AC1005'],
		]);
		// member-0002's campaigns, over as many pages as they take
		expect(answers.slice(2).length).toBeGreaterThan(0);
		expect(answers.slice(2).every(([status]) => status === 200)).toBe(true);
		const expected = ctx.sandbox.store.pageMemberCampaigns('member-0002', 'all', 1, 1000).items.map((c) => c.campaignId);
		expect(result.items.map((item) => [(item.pairedItem as { item: number }).item, item.json.id])).toEqual(
			expected.map((id) => [2, id]),
		);
	});
});

describe('Campaign > Get Eligible for Member', () => {
	it('lists the member’s eligible campaigns; tricky ids reach the right member', async () => {
		const result = await ctx.run(
			{ resource: 'campaign', operation: 'getEligibleForMember', memberId: '={{ $json.member }}', returnAll: true },
			TRICKY_MEMBER_IDS.map((member) => ({ member })),
		);
		expect(result.error).toBeUndefined();
		const requests = ctx.apiRequests();
		expect(requests.map((entry) => entry.params[0]).sort()).toEqual([...TRICKY_MEMBER_IDS].sort());
		expect(requests.every((entry) => entry.route === 'getEligibleCampaigns' && entry.status === 200)).toBe(true);
		const expected = TRICKY_MEMBER_IDS.flatMap((member, index) =>
			ctx.sandbox.store.eligibleCampaigns(member).map((campaign) => [index, campaign.campaignId]),
		);
		expect(result.items.map((item) => [(item.pairedItem as { item: number }).item, item.json.id])).toEqual(expected);
	});

	it('"No data found" (AC1005 with 404) is an empty list: an unknown member and one with no eligible campaign give no items', async () => {
		for (const id of ctx.sandbox.store.listCampaigns('all').map((c) => c.campaignId)) ctx.sandbox.store.setEligibility('member-0001', id, false);
		const result = await ctx.run(
			{ resource: 'campaign', operation: 'getEligibleForMember', memberId: '={{ $json.member }}', returnAll: true },
			[{ member: 'ghost' }, { member: 'member-0001' }, { member: 'member-0002' }],
		);
		expect(result.error).toBeUndefined();
		expect(ctx.apiRequests().map((entry) => [entry.status, entry.errorCode])).toEqual([
			[404, 'AC1005'],
			[404, 'AC1005'],
			[200, null],
		]);
		const expected = ctx.sandbox.store.eligibleCampaigns('member-0002').map((c) => c.campaignId);
		expect(expected.length).toBeGreaterThan(0);
		expect(result.items.map((item) => [(item.pairedItem as { item: number }).item, item.json.id])).toEqual(
			expected.map((id) => [2, id]),
		);
	});

	it('Limit cuts the list', async () => {
		const result = await ctx.run({
			resource: 'campaign',
			operation: 'getEligibleForMember',
			memberId: 'member-0001',
			returnAll: false,
			limit: 1,
			simplify: false,
		});
		expect(result.items).toHaveLength(1);
		expect(result.items[0]?.json).toEqual(ctx.sandbox.store.eligibleCampaigns('member-0001')[0]);
	});
});

describe('Campaign Group > Get and Get Many', () => {
	it('Get Many with Return All reads every page of groups', async () => {
		const result = await ctx.run({ resource: 'campaignGroup', operation: 'getMany', status: 'all', returnAll: true });
		const expected = ctx.sandbox.store.listGroups('all');
		expect(jsonOf(result.items)).toEqual(
			expected.map((group) => ({
				id: group.campaignGroupId,
				name: group.campaignGroupName,
				status: group.status,
				campaignIds: group.campaigns,
				campaignCount: group.campaigns.length,
			})),
		);
		expect(pages(ctx.apiRequests())).toEqual(['(none)', '2', '3']);
		expect(ctx.apiRequests().every((entry) => entry.route === 'getCampaignGroupsByStatus')).toBe(true);
	});

	it('Get Many with a Limit and raw output', async () => {
		const result = await ctx.run({
			resource: 'campaignGroup',
			operation: 'getMany',
			status: 'active',
			returnAll: false,
			limit: 6,
			simplify: false,
		});
		expect(jsonOf(result.items)).toEqual(ctx.sandbox.store.listGroups('active').slice(0, 6));
		expect(pages(ctx.apiRequests())).toEqual(['(none)', '2']);
	});

	it('Get reads one group', async () => {
		const result = await ctx.run({ resource: 'campaignGroup', operation: 'get', campaignGroupId: byId('502') });
		expect(result.items[0]?.json).toMatchObject({ id: '502', name: ctx.sandbox.store.getGroup('502')?.campaignGroupName });
		expect(ctx.apiRequests()[0]).toMatchObject({ route: 'getCampaignGroup', params: ['502'] });
	});

	it('Get of an unknown group: NodeApiError with a group hint; continue on fail gives an error item', async () => {
		const failed = await ctx.run({ resource: 'campaignGroup', operation: 'get', campaignGroupId: byId('9999') });
		expect(errorOf(failed).description).toContain('Check the campaign group ID');
		const continued = await ctx.run(
			{ resource: 'campaignGroup', operation: 'get', campaignGroupId: byId('9999') },
			[{}],
			{ continueOnFail: true },
		);
		expect(continued.items[0]).toMatchObject({ json: { details: { httpCode: '404' } }, pairedItem: { item: 0 } });
		// Only `error` and `details`: n8n's "Continue (using error output)" routes such items to the error output.
		expect(Object.keys(continued.items[0]!.json).sort()).toEqual(['details', 'error']);
		expect(String(continued.items[0]?.json.error)).toBe('Campaign group "9999" was not found in Annex Cloud');
	});
});
