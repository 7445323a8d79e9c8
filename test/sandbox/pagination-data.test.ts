import { LIST_KEYS } from '../../nodes/AnnexCloud/transport/contract';
import { SandboxStore, TRICKY_MEMBER_IDS, epochForSeed, startSandbox, type Sandbox } from '../../sandbox';
import { signedGet, type CallResult } from './helpers';

type Json = Record<string, unknown>;
const campaignsOf = (res: CallResult): Json[] => (res.json as Json)[LIST_KEYS.campaigns] as Json[];

describe('sandbox pagination', () => {
	let sandbox: Sandbox;

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0 });
	});
	afterAll(async () => {
		await sandbox.close();
	});

	it('pages 40 campaigns by 25 with string counts', async () => {
		const first = await signedGet(sandbox, '/campaign/all', 'all');
		expect(first.json).toMatchObject({ pages: '2', currentPage: '1' });
		expect(campaignsOf(first)).toHaveLength(25);
		const second = await signedGet(sandbox, '/campaign/all', 'all', { query: 'page=2' });
		expect(second.json).toMatchObject({ pages: '2', currentPage: '2' });
		expect(campaignsOf(second)).toHaveLength(15);
	});

	it('returns an empty list with the right page count beyond the last page', async () => {
		const beyond = await signedGet(sandbox, '/campaign/all', 'all', { query: 'page=3' });
		expect(beyond.status).toBe(200);
		expect(beyond.json).toEqual({ [LIST_KEYS.campaigns]: [], pages: '2', currentPage: '3' });
	});

	it('orders campaigns by numeric id so pages are stable and complete', async () => {
		const ids: string[] = [];
		for (let page = 1; page <= 2; page++) {
			const res = await signedGet(sandbox, '/campaign/all', 'all', { query: `page=${page}` });
			ids.push(...campaignsOf(res).map((c) => c.campaignId as string));
		}
		expect(ids).toEqual(Array.from({ length: 40 }, (_, i) => String(1001 + i)));
		const again = await signedGet(sandbox, '/campaign/all', 'all');
		expect(campaignsOf(again).map((c) => c.campaignId)).toEqual(ids.slice(0, 25));
	});

	it('pages a status list over its own count', async () => {
		const active = sandbox.store.counts().activeCampaigns;
		const res = await signedGet(sandbox, '/campaign/active', 'active');
		expect((res.json as Json).pages).toBe(String(Math.ceil(active / 25)));
	});

	it('uses the pageSize option and number counts for groups', async () => {
		const small = await startSandbox({ port: 0, pageSize: 2, groups: 5, campaigns: 7 });
		try {
			const page = await signedGet(small, '/campaign/group/all', 'all', { query: 'page=3' });
			expect(page.json).toMatchObject({ pages: 3, currentPage: 3 });
			expect(((page.json as Json)[LIST_KEYS.campaignGroups] as Json[]).map((g) => g.campaignGroupId)).toEqual(['505']);
			const campaigns = await signedGet(small, '/campaign/all', 'all', { query: 'page=4' });
			expect(campaigns.json).toMatchObject({ pages: '4', currentPage: '4' });
			expect(campaignsOf(campaigns).map((c) => c.campaignId)).toEqual(['1007']);
		} finally {
			await small.close();
		}
	});
});

describe('sandbox size knob', () => {
	// How fast it starts and pages is measured by `npm run bench` (trigger section), not asserted here.
	it('starts with 10,000 campaigns and pages all of them', async () => {
		const big = await startSandbox({ port: 0, campaigns: 10_000 });
		try {
			expect(big.store.counts().campaigns).toBe(10_000);
			const last = await signedGet(big, '/campaign/all', 'all', { query: 'page=400' });
			expect(last.json).toMatchObject({ pages: '400', currentPage: '400' });
			expect(campaignsOf(last).map((c) => c.campaignId).at(-1)).toBe('11000');
			const beyond = await signedGet(big, '/campaign/all', 'all', { query: 'page=401' });
			expect(campaignsOf(beyond)).toEqual([]);
		} finally {
			await big.close();
		}
	});
});

describe('sandbox seeded data', () => {
	const snapshot = (store: SandboxStore): unknown => ({
		campaigns: store.listCampaigns(),
		groups: store.listGroups(),
		members: store.listMembers(),
		eligibility: store.listMembers().map((m) => store.eligibility(m.id)),
	});

	it('is identical for the same seed, whatever the clock', () => {
		const a = new SandboxStore({ seed: 7, campaigns: 60, groups: 6, members: 10, now: () => 0 });
		const b = new SandboxStore({ seed: 7, campaigns: 60, groups: 6, members: 10, now: () => Date.now() + 1e10 });
		expect(snapshot(a)).toEqual(snapshot(b));
	});

	it('differs for another seed, including its epoch', () => {
		const a = new SandboxStore({ seed: 7, campaigns: 60, groups: 6, members: 10 });
		const b = new SandboxStore({ seed: 8, campaigns: 60, groups: 6, members: 10 });
		expect(snapshot(a)).not.toEqual(snapshot(b));
		expect(epochForSeed(7)).not.toBe(epochForSeed(8));
		expect(a.epoch).toBe(epochForSeed(7));
	});

	it('has every kind of campaign and group, and the tricky member ids', () => {
		const store = new SandboxStore({ seed: 3, campaigns: 40, groups: 6, members: 20 });
		const campaigns = store.listCampaigns();
		expect(new Set(campaigns.map((c) => c.campaignStatus))).toEqual(new Set(['active', 'inactive']));
		expect(campaigns.some((c) => c.activationRequired)).toBe(true);
		expect(campaigns.some((c) => !c.activationRequired)).toBe(true);
		expect(campaigns.some((c) => c.individualValidity)).toBe(true);
		expect(new Set(campaigns.map((c) => c.campaignGroupId)).size).toBeGreaterThan(2);
		expect(new Set(store.listGroups().map((g) => g.status))).toEqual(new Set(['active', 'inactive']));
		const ids = store.listMembers().map((m) => m.id);
		expect(ids).toContain('member-0001');
		expect(ids).toContain('member-0020');
		for (const id of TRICKY_MEMBER_IDS) expect(ids).toContain(id);
		for (const c of campaigns) expect(Date.parse(c.campaignDateTo.replace('+0000', 'Z'))).toBeGreaterThan(Date.parse(c.campaignDateFrom.replace('+0000', 'Z')));
	});

	it('reset() restores the seeded state, and reset(seed) switches seed', () => {
		const store = new SandboxStore({ seed: 5, campaigns: 30, groups: 4, members: 5 });
		const before = snapshot(store);
		store.addCampaign({ campaignName: 'extra' });
		store.activate('member-0001', '1001');
		store.setCampaignStatus('1001', 'inactive');
		expect(snapshot(store)).not.toEqual(before);
		store.reset();
		expect(snapshot(store)).toEqual(before);
		expect(store.activations()).toEqual([]);
		store.reset(6);
		expect(store.seed).toBe(6);
		expect(snapshot(store)).not.toEqual(before);
	});
});
