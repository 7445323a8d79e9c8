/**
 * Concurrent Requests Auto against a rate-limited sandbox (its token bucket answers 429 with
 * Retry-After), in n8n-core's WorkflowExecute over real HTTP: no item fails because the node
 * went too fast, output order and pairing are the input's, Continue On Fail is unchanged, and
 * the batched Set Individual Validity loses no member. The contrast: No Limit against the
 * same limit runs out of retries.
 * Nothing here measures time: the sandbox's log says what was sent and what was answered.
 */
import { campaignIds, errorOf, getCampaigns, jsonOf, pairedIndexes, addValidityCampaign, useNodeTestContext, validityRun } from './helpers';

const ctx = useNodeTestContext({ campaigns: 120, members: 1000 });

beforeEach(() => {
	// 40 requests per second, 5 at once: a run of 80 reads meets the limit many times over.
	ctx.sandbox.pace.set({ rate: 40, burst: 5 });
});
afterEach(() => {
	ctx.sandbox.pace.set({});
});

describe('Concurrent Requests Auto against a rate limit', () => {
	it('reads every item, in input order, each answered 200 exactly once, although the API answered 429 along the way', async () => {
		const ids = campaignIds(80);
		const result = await ctx.run(getCampaigns(), ids.map((id) => ({ id })));

		expect(result.error).toBeUndefined();
		expect(jsonOf(result.items).map((json) => json.id)).toEqual(ids);
		expect(pairedIndexes(result.items)).toEqual(ids.map((_id, k) => k));
		const requests = ctx.apiRequests();
		const answered = requests.filter((entry) => entry.status === 200).map((entry) => entry.params[0]);
		expect(answered.sort()).toEqual(ids);
		const limited = requests.filter((entry) => entry.status === 429);
		// The limit was met (the test is about something) and every other answer is a read.
		expect(limited.length).toBeGreaterThan(0);
		expect(requests).toHaveLength(ids.length + limited.length);
	});

	it('No Limit against the same rate limit runs out of retries: the items Auto saved', async () => {
		const ids = campaignIds(80);
		const result = await ctx.run(getCampaigns(0), ids.map((id) => ({ id })), { continueOnFail: true });

		expect(result.error).toBeUndefined();
		const failed = jsonOf(result.items).filter((json) => json.error !== undefined);
		expect(failed.length).toBeGreaterThan(0);
		expect(String(failed[0]?.error)).toMatch(/429|too many/i);
	});

	it('Continue On Fail: a missing campaign becomes an error item in its place, the others are read', async () => {
		const ids = campaignIds(40);
		ids[3] = '999999';
		ids[31] = '999998';
		const result = await ctx.run(getCampaigns('auto'), ids.map((id) => ({ id })), { continueOnFail: true });

		expect(result.error).toBeUndefined();
		expect(pairedIndexes(result.items)).toEqual(ids.map((_id, k) => k));
		jsonOf(result.items).forEach((json, k) => {
			if (k === 3 || k === 31) expect(json).toMatchObject({ error: expect.stringMatching(/not found|404/i) });
			else expect(json.id).toBe(ids[k]);
		});
	});

	it('without Continue On Fail, the first failing item (by index) fails the run; no later item is sent after it settles', async () => {
		const ids = campaignIds(60);
		ids[2] = '999999';
		const result = await ctx.run(getCampaigns(), ids.map((id) => ({ id })));

		const error = errorOf(result);
		expect(error.context?.itemIndex).toBe(2);
		expect(error.message).toMatch(/not found|404/i);
		const read = new Set(ctx.apiRequests().map((entry) => entry.params[0]));
		expect(read.size).toBeLessThan(ids.length);
	});

	it('Set Individual Validity: 1,000 members in batches of 10 under the limit, none lost, one result per member in input order', async () => {
		const { store } = ctx.sandbox;
		const members = addValidityCampaign(ctx.sandbox, 1000);
		ctx.sandbox.pace.set({ rate: 80, burst: 5 });

		const result = await ctx.run(
			validityRun({ batchSize: 10 }),
			members.map((member) => ({ member })),
		);

		expect(result.error).toBeUndefined();
		expect(pairedIndexes(result.items)).toEqual(members.map((_member, k) => k));
		expect(jsonOf(result.items).map((json) => [json.memberId, json.success])).toEqual(members.map((member) => [member, true]));
		expect(store.individualValidity('7001').map((record) => record.memberId).sort()).toEqual(members);
		const requests = ctx.apiRequests();
		expect(requests.filter((entry) => entry.status === 429).length).toBeGreaterThan(0);
		expect(requests.filter((entry) => entry.status === 200)).toHaveLength(100);
	});
});
