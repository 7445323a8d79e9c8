/**
 * "From list" search of campaigns and campaign groups, through n8n-core's real
 * LoadOptionsContext and the signed transport.
 */
import { startNodeTestContext, type NodeTestContext } from './helpers';
import { NODE } from './helpers';

const PAGE_SIZE = 4;
let ctx: NodeTestContext;

beforeAll(async () => {
	ctx = await startNodeTestContext({ pageSize: PAGE_SIZE, campaigns: 30, groups: 9 });
});
afterAll(async () => {
	await ctx.sandbox.close();
});
beforeEach(() => {
	ctx.sandbox.store.reset();
	ctx.sandbox.clearLog();
});

describe('searchCampaigns', () => {
	it('without a filter: one page per call, paginationToken is the next page number', async () => {
		const first = await ctx.harness.listSearch(NODE, 'searchCampaigns');
		const all = ctx.sandbox.store.listCampaigns('all');
		expect(first.results).toEqual(
			all.slice(0, PAGE_SIZE).map((campaign) => ({
				name: `${campaign.campaignName} (${campaign.campaignId}, ${campaign.campaignStatus}, ${campaign.activationRequired ? 'needs activation' : 'no activation needed'})`,
				value: campaign.campaignId,
			})),
		);
		expect(first.paginationToken).toBe('2');
		const second = await ctx.harness.listSearch(NODE, 'searchCampaigns', undefined, first.paginationToken);
		expect(second.results.map((result) => result.value)).toEqual(all.slice(PAGE_SIZE, 2 * PAGE_SIZE).map((c) => c.campaignId));
		expect(second.paginationToken).toBe('3');
		const requests = ctx.apiRequests();
		expect(requests.map((entry) => [entry.route, entry.params[0], entry.query.page, entry.verified])).toEqual([
			['getCampaignsByStatus', 'all', undefined, true],
			['getCampaignsByStatus', 'all', '2', true],
		]);
		const last = await ctx.harness.listSearch(NODE, 'searchCampaigns', undefined, String(Math.ceil(all.length / PAGE_SIZE)));
		expect(last.paginationToken).toBeUndefined();
	});

	it('a filter matches names case-insensitively and reads on until the list is worth showing', async () => {
		const needle = (ctx.sandbox.store.listCampaigns('all')[2]?.campaignName ?? '').split(' ')[0] ?? '';
		expect(needle).not.toBe('');
		const expected = ctx.sandbox.store
			.listCampaigns('all')
			.filter((campaign) => campaign.campaignName.toLowerCase().includes(needle.toLowerCase()))
			.map((campaign) => campaign.campaignId);
		const seen: string[] = [];
		let token: string | undefined;
		let calls = 0;
		do {
			const page = await ctx.harness.listSearch(NODE, 'searchCampaigns', needle.toUpperCase(), token);
			seen.push(...page.results.map((result) => String(result.value)));
			token = page.paginationToken;
			calls++;
		} while (token !== undefined && calls < 20);
		expect(seen).toEqual(expected);
		// Sparse matches: more than one page was read per call.
		expect(ctx.apiRequests().length).toBeGreaterThan(calls);
	});

	it('a filter also matches the id', async () => {
		ctx.sandbox.store.addCampaign({ campaignId: 'X-77', campaignName: 'Zebra' });
		const found: string[] = [];
		let token: string | undefined;
		do {
			const page = await ctx.harness.listSearch(NODE, 'searchCampaigns', 'x-7', token);
			found.push(...page.results.map((result) => String(result.value)));
			token = page.paginationToken;
		} while (token !== undefined);
		expect(found).toEqual(['X-77']);
	});
});

describe('a campaign entry says its status and whether it needs activation (issue 17.4)', () => {
	async function entryOf(id: string): Promise<string | undefined> {
		const page = await ctx.harness.listSearch(NODE, 'searchCampaigns', id);
		return page.results.find((result) => result.value === id)?.name;
	}

	it.each([
		[{ campaignStatus: 'active', activationRequired: true }, 'Summer Points (Q-1, active, needs activation)'],
		[{ campaignStatus: 'inactive', activationRequired: false }, 'Summer Points (Q-1, inactive, no activation needed)'],
	])('%j -> %s', async (fields, expected) => {
		ctx.sandbox.store.addCampaign({ campaignId: 'Q-1', campaignName: 'Summer Points', ...fields });
		expect(await entryOf('Q-1')).toBe(expected);
	});

	it('a campaign without a name shows its id, then its status', async () => {
		ctx.sandbox.store.addCampaign({ campaignId: 'Q-2', campaignName: '', campaignStatus: 'active', activationRequired: false });
		expect(await entryOf('Q-2')).toBe('Q-2 (active, no activation needed)');
	});
});

describe('searchCampaignGroups', () => {
	it('pages through the groups and filters them', async () => {
		const groups = ctx.sandbox.store.listGroups('all');
		const first = await ctx.harness.listSearch(NODE, 'searchCampaignGroups');
		expect(first.results.map((result) => result.value)).toEqual(groups.slice(0, PAGE_SIZE).map((g) => g.campaignGroupId));
		expect(first.paginationToken).toBe('2');
		const target = groups[5];
		if (!target) throw new Error('not enough groups');
		const filtered = await ctx.harness.listSearch(NODE, 'searchCampaignGroups', target.campaignGroupName.toLowerCase());
		expect(filtered.results).toContainEqual({ name: `${target.campaignGroupName} (${target.campaignGroupId})`, value: target.campaignGroupId });
		expect(ctx.apiRequests().every((entry) => entry.route === 'getCampaignGroupsByStatus' && entry.verified)).toBe(true);
	});
});
