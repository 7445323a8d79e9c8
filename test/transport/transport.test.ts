/**
 * The one request path, over real HTTP against the sandbox, inside n8n-core's real execution
 * context: signing accepted, retries and backoff, Retry-After, pagination, error mapping.
 */
import { ProbeNode, type ProbeInput } from '../helpers/probeNode';
import { startSandboxHarness, type SandboxHarness } from '../helpers/sandboxHarness';
import { LIST_KEYS } from '../../nodes/AnnexCloud/transport';

let ctx: SandboxHarness;
const FAST = { baseDelayMs: 5 };

beforeAll(async () => {
	ctx = await startSandboxHarness([new ProbeNode()], { campaigns: 40, pageSize: 7 });
});
afterAll(async () => await ctx.close());
beforeEach(() => {
	ctx.sandbox.faults.clear();
	ctx.sandbox.clearLog();
	ctx.harness.credentials = {
		baseUrl: ctx.sandbox.credentials.baseUrl,
		siteId: ctx.sandbox.credentials.siteId,
		siteName: ctx.sandbox.credentials.siteName,
		sharedSecret: ctx.sandbox.credentials.sharedSecret,
		signatureValiditySeconds: 300,
	};
});

async function probe(input: ProbeInput, options: { continueOnFail?: boolean } = {}) {
	return await ctx.harness.runNode('transportProbe', {}, [input], options);
}

describe('signed requests', () => {
	it('a GET and a POST signed by the credential are verified by the sandbox', async () => {
		const get = await probe({ route: 'getCampaign', pathParams: { campaignId: '1001' } });
		expect(get.error).toBeUndefined();
		expect((get.items[0]!.json.response as { campaignId: string }).campaignId).toBe('1001');
		const post = await probe({ route: 'getCampaignForMember', body: { id: 'member-0001', campaignId: '1001' } });
		expect(post.error).toBeUndefined();
		const log = ctx.sandbox.requests();
		expect(log.map((entry) => [entry.method, entry.verified, entry.status])).toEqual([
			['GET', true, 200],
			['POST', true, 200],
		]);
		expect(log[1]!.rawBody).toBe('{"id":"member-0001","campaignId":"1001"}');
	});

	it('ids with /, ?, #, %, spaces and unicode reach the intended record and verify', async () => {
		for (const memberId of ['id with space/slash', 'ünï-cødé', 'jane.doe@example.com']) {
			if (!ctx.sandbox.store.hasMember(memberId)) continue;
			const result = await probe({ route: 'getEligibleCampaigns', pathParams: { memberId } });
			expect(result.error).toBeUndefined();
		}
		const verified = ctx.sandbox.requests().filter((entry) => entry.verified && entry.status === 200);
		expect(verified.length).toBeGreaterThanOrEqual(2);
		for (const entry of verified) expect(entry.route).toBe('getEligibleCampaigns');
		const weird = await probe({ route: 'getCampaign', pathParams: { campaignId: '../campaign/all?x=#%' } }, { continueOnFail: true });
		const entry = ctx.sandbox.requests().at(-1)!;
		expect(entry.route).toBe('getCampaign');
		expect(entry.params).toEqual(['../campaign/all?x=#%']);
		expect(entry.verified).toBe(true);
		expect(weird.items[0]!.json.error).toMatch(/^Annex Cloud found no data for this request: No data found \(CAMPAIGN_NOT_FOUND\)/);
	});
});

describe('retries', () => {
	it('honours Retry-After on 429 and then succeeds', async () => {
		ctx.sandbox.faults.inject({ kind: 'status', status: 429, retryAfter: 1, count: 1 });
		const started = Date.now();
		const result = await probe({ route: 'getCampaign', pathParams: { campaignId: '1001' }, ...FAST });
		expect(result.error).toBeUndefined();
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
		expect(ctx.sandbox.requests().map((entry) => entry.status)).toEqual([429, 200]);
	});

	it('retries a read on 500, 502, 503, reset, malformed JSON, HTML and empty bodies', async () => {
		ctx.sandbox.faults.inject({ kind: 'status', status: 500 });
		ctx.sandbox.faults.inject({ kind: 'html', status: 502 });
		ctx.sandbox.faults.inject({ kind: 'reset' });
		ctx.sandbox.faults.inject({ kind: 'malformed-json' });
		const result = await probe({ route: 'getCampaign', pathParams: { campaignId: '1001' }, ...FAST, maxRetries: 5 });
		expect(result.error).toBeUndefined();
		expect(ctx.sandbox.requests().map((entry) => entry.fault)).toEqual(['status', 'html', 'reset', 'malformed-json', null]);
		ctx.sandbox.clearLog();
		ctx.sandbox.faults.inject({ kind: 'empty' });
		ctx.sandbox.faults.inject({ kind: 'status', status: 503 });
		const second = await probe({ route: 'getCampaignsByStatus', pathParams: { status: 'active' }, ...FAST });
		expect(second.error).toBeUndefined();
		expect(ctx.sandbox.requests()).toHaveLength(3);
	});

	it('gives up after the bounded number of attempts with a clear NodeApiError', async () => {
		ctx.sandbox.faults.inject({ kind: 'status', status: 503, count: 10 });
		const result = await probe({ route: 'getCampaign', pathParams: { campaignId: '1001' }, ...FAST, maxRetries: 2 });
		expect(result.error?.message).toMatch(/server error \(HTTP 503\) after 3 attempts/);
		expect(result.error?.httpCode).toBe('503');
		expect(ctx.sandbox.requests()).toHaveLength(3);
	});

	it('fails at once when Retry-After exceeds the total wait budget', async () => {
		ctx.sandbox.faults.inject({ kind: 'status', status: 429, retryAfter: 120, count: 1 });
		const result = await probe({ route: 'getCampaign', pathParams: { campaignId: '1001' }, ...FAST });
		expect(result.error?.message).toMatch(/rate limit/);
		expect(result.error?.description).toMatch(/wait 120 seconds/);
		expect(ctx.sandbox.requests()).toHaveLength(1);
	});

	it('does not repeat a write that may have been applied (5xx, reset) but retries a 429', async () => {
		ctx.sandbox.faults.inject({ kind: 'status', status: 503, match: { method: 'POST' } });
		const body = { id: 'member-0001', campaignId: '1001' };
		const failed = await probe({ route: 'activateCampaignForMember', body, ...FAST });
		expect(failed.error?.description).toMatch(/not retried because it may already have been applied/);
		expect(ctx.sandbox.requests()).toHaveLength(1);

		ctx.sandbox.clearLog();
		ctx.sandbox.faults.inject({ kind: 'reset', match: { method: 'POST' } });
		const reset = await probe({ route: 'activateCampaignForMember', body, ...FAST });
		expect(reset.error?.description).toMatch(/may already have been applied/);
		expect(ctx.sandbox.requests()).toHaveLength(1);

		ctx.sandbox.clearLog();
		ctx.sandbox.faults.inject({ kind: 'status', status: 429, match: { method: 'POST' } });
		const limited = await probe({ route: 'activateCampaignForMember', body, ...FAST });
		expect(ctx.sandbox.requests().map((entry) => entry.status)).toEqual([429, expect.any(Number)]);
		expect(limited.error?.message ?? 'ok').not.toMatch(/rate limit/);
	});

	it('times out a slow response after the configured timeout', async () => {
		ctx.sandbox.faults.inject({ kind: 'latency', latencyMs: 1500, count: 5 });
		const result = await probe({ route: 'getCampaign', pathParams: { campaignId: '1001' }, ...FAST, maxRetries: 1, timeoutMs: 200 });
		expect(result.error?.message).toBe('Annex Cloud did not answer within 200 ms after 2 attempts');
		expect(result.error?.description).toMatch(/Timeout/);
	});
});

describe('credential loading', () => {
	it('loads the credential once per node run, not once per item or request', async () => {
		const before = ctx.harness.credentialsHelper.decryptCount;
		const input = Array.from({ length: 5 }, () => ({ route: 'getCampaign' as const, pathParams: { campaignId: '1001' } }));
		const result = await ctx.harness.runNode('transportProbe', {}, input);
		expect(result.items).toHaveLength(5);
		expect(ctx.sandbox.requests().filter((entry) => entry.verified)).toHaveLength(5);
		expect(ctx.harness.credentialsHelper.decryptCount - before).toBe(1);
		await ctx.harness.runNode('transportProbe', {}, input.slice(0, 1));
		expect(ctx.harness.credentialsHelper.decryptCount - before).toBe(2);
	});
});

describe('pagination', () => {
	it('follows ?page=N with string counts until the last page', async () => {
		const active = ctx.sandbox.store.listCampaigns('active').length;
		const result = await probe({ route: 'getCampaignsByStatus', pathParams: { status: 'active' }, all: true, listKey: LIST_KEYS.campaigns });
		expect(result.items[0]!.json.count).toBe(active);
		const pages = Math.ceil(active / 7);
		expect(ctx.sandbox.requests().map((entry) => entry.query.page)).toEqual(
			// The first page is asked for without ?page=1.
			Array.from({ length: pages }, (_, index) => (index === 0 ? undefined : String(index + 1))),
		);
		const ids = (result.items[0]!.json.records as Array<{ campaignId: string }>).map((record) => record.campaignId);
		expect(new Set(ids).size).toBe(active);
	});

	it('stops at the limit without reading further pages', async () => {
		const result = await probe({ route: 'getCampaignsByStatus', pathParams: { status: 'all' }, all: true, limit: 10 });
		expect(result.items[0]!.json.count).toBe(10);
		expect(ctx.sandbox.requests()).toHaveLength(2);
	});

	it('refuses to return a partial list when the page bound is reached', async () => {
		const result = await probe({ route: 'getCampaignsByStatus', pathParams: { status: 'all' }, all: true, maxPages: 2 });
		expect(result.error?.message).toBe('The list has more than 2 pages');
		expect(ctx.sandbox.requests()).toHaveLength(2);
	});

	it('reads numeric counts (campaign groups) and bare arrays (eligible campaigns)', async () => {
		const groups = await probe({ route: 'getCampaignGroupsByStatus', pathParams: { status: 'all' }, all: true });
		expect(groups.items[0]!.json.count).toBe(ctx.sandbox.store.listGroups().length);
		const eligible = await probe({ route: 'getEligibleCampaigns', pathParams: { memberId: 'member-0001' }, all: true });
		expect(eligible.items[0]!.json.count).toBe(ctx.sandbox.store.eligibleCampaigns('member-0001').length);
	});
});

describe('error mapping', () => {
	it('"No data found" on a read by id names what was asked for, with the code and the operation hint', async () => {
		const result = await probe({
			route: 'getEligibleCampaigns',
			pathParams: { memberId: 'nobody' },
			notFoundHint: 'Check the member ID.',
			notFoundSubject: 'Member "nobody"',
		});
		expect(result.error?.message).toBe('Member "nobody" was not found in Annex Cloud');
		expect(result.error?.description).toMatch(/Check the member ID\. \[Annex error code: AC1005\]/);
		expect(result.error?.httpCode).toBe('404');
	});

	it('continueOnFail turns the error into an output item paired with its input', async () => {
		const result = await ctx.harness.runNode(
			'transportProbe',
			{},
			[
				{ route: 'getCampaign', pathParams: { campaignId: '1001' } },
				{ route: 'getCampaign', pathParams: { campaignId: 'missing' } },
			],
			{ continueOnFail: true },
		);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(result.items[1]!.json.error).toMatch(/^Annex Cloud found no data for this request/);
	});

	it.each([
		['a wrong secret', { sharedSecret: 'not-the-secret' }, /Shared Secret is most likely wrong/, 'INVALID_SIGNATURE'],
		['a wrong site id', { siteId: '999' }, /Site ID does not match/, 'SITE_MISMATCH'],
	])('401 from %s names the likely cause', async (_name, override, hint, code) => {
		ctx.harness.credentials = { ...ctx.harness.credentials, ...override };
		const result = await probe({ route: 'getCampaign', pathParams: { campaignId: '1001' }, ...FAST });
		expect(result.error?.message).toMatch(/refused the request signature/);
		expect(result.error?.description).toMatch(hint);
		expect(result.error?.description).toContain('[Annex error code: AC1002]');
		expect(ctx.sandbox.requests().map((entry) => entry.reason)).toEqual([code]);
	});

	it('a wrong Base URL is explained as such', async () => {
		ctx.harness.credentials = { ...ctx.harness.credentials, baseUrl: `${ctx.sandbox.origin}/api/2.0` };
		const result = await probe({ route: 'getCampaign', pathParams: { campaignId: '1001' } });
		expect(result.error?.httpCode).toBe('404');
		expect(result.error?.description).toMatch(/Base URL/);
	});

	it('never puts the secret or the token in the error', async () => {
		ctx.harness.credentials = { ...ctx.harness.credentials, siteId: '999' };
		const result = await probe({ route: 'getCampaign', pathParams: { campaignId: '1001' } });
		const serialised = JSON.stringify({ error: result.error, context: result.error?.context, run: result.run });
		expect(serialised).not.toContain(ctx.sandbox.credentials.sharedSecret);
		expect(serialised).not.toMatch(/Bearer|eyJ[\w-]+\.eyJ/);
	});
});
