/**
 * The "Concurrent Requests" option, in n8n-core's WorkflowExecute against the sandbox over
 * HTTP: how many requests the sandbox saw at once (from its own log), output order and
 * pairing, failures with and without Continue On Fail, the shared 429 back-off, and the
 * batched Set Individual Validity.
 */
import { MAX_CONCURRENCY, NO_LIMIT } from '../../nodes/AnnexCloud/helpers/concurrency';
import { INITIAL_LIMIT } from '../../nodes/AnnexCloud/transport/adaptiveLimit';
import type { RequestLogEntry } from '../../sandbox';
import { campaignIds, errorOf, getCampaigns, jsonOf, pairedIndexes, addValidityCampaign, useNodeTestContext, validityRun } from './helpers';

const ctx = useNodeTestContext({ campaigns: 30, members: 60 });

const arrival = (entry: RequestLogEntry): number => Date.parse(entry.time);

/** The most requests the sandbox was answering at the same moment. */
function peakInFlight(entries: RequestLogEntry[]): number {
	const events = entries.flatMap((entry) => [
		{ at: arrival(entry), delta: 1 },
		{ at: arrival(entry) + entry.durationMs, delta: -1 },
	]);
	// An answer that ends when the next request arrives does not overlap it.
	events.sort((a, b) => a.at - b.at || a.delta - b.delta);
	let current = 0;
	let peak = 0;
	for (const event of events) {
		current += event.delta;
		peak = Math.max(peak, current);
	}
	return peak;
}

/** Read `ids` with this setting, each answer held 60 ms: every item out, in input order, paired. */
async function readAll(ids: string[], concurrency: number | string | undefined): Promise<RequestLogEntry[]> {
	ctx.sandbox.faults.inject({ kind: 'latency', latencyMs: 60, count: ids.length });
	const result = await ctx.run(getCampaigns(concurrency), ids.map((id) => ({ id })));
	expect(result.error).toBeUndefined();
	expect(jsonOf(result.items).map((json) => json.id)).toEqual(ids);
	expect(pairedIndexes(result.items)).toEqual(ids.map((_id, k) => k));
	return ctx.apiRequests();
}

describe('Concurrent Requests', () => {
	it.each<[number | string | undefined, number]>([
		[1, 1],
		[4, 4],
		[NO_LIMIT, 16],
	])('with Concurrent Requests %s the sandbox sees at most %s requests at once, output in input order', async (concurrency, limit) => {
		const ids = campaignIds(16);
		const requests = await readAll(ids, concurrency);
		expect(requests).toHaveLength(ids.length);
		expect(requests.every((entry) => entry.verified && entry.status === 200)).toBe(true);
		// Each campaign read exactly once (in input order when one at a time).
		const read = requests.map((entry) => entry.params[0]);
		expect(limit === 1 ? read : [...read].sort()).toEqual(ids);
		const peak = peakInFlight(requests);
		expect(peak).toBeLessThanOrEqual(limit);
		if (limit > 1) expect(peak).toBeGreaterThan(1);
		// No limit: more at once than any bounded setting allows (all 16 start together).
		if (concurrency === NO_LIMIT) expect(peak).toBeGreaterThan(MAX_CONCURRENCY);
	});

	it.each([undefined, 'auto', ' Auto '])(
		`with Concurrent Requests %p (Auto, the default) the first ${INITIAL_LIMIT} requests go at once, then more as answers come fast`,
		async (concurrency) => {
			const ids = campaignIds(3 * INITIAL_LIMIT);
			const requests = await readAll(ids, concurrency);
			expect(requests.map((entry) => entry.params[0]).sort()).toEqual(ids);
			// Slow start: the first INITIAL_LIMIT start together; each fast answer lets two more go.
			const firstAnswer = Math.min(...requests.map((entry) => arrival(entry) + entry.durationMs));
			expect(requests.filter((entry) => arrival(entry) < firstAnswer)).toHaveLength(INITIAL_LIMIT);
			expect(peakInFlight(requests)).toBeGreaterThan(INITIAL_LIMIT);
		},
	);

	it('fails on the first failing item (by index) and sends no further items, without Continue On Fail', async () => {
		const ids = campaignIds(20);
		ids[4] = '999999';
		ctx.sandbox.faults.inject({ kind: 'latency', latencyMs: 30, count: ids.length });
		const result = await ctx.run(getCampaigns(3), ids.map((id) => ({ id })));

		const error = errorOf(result);
		expect(error.context?.itemIndex).toBe(4);
		expect(error.message).toMatch(/not found|404/i);
		const sent = ctx.apiRequests().length;
		expect(sent).toBeGreaterThanOrEqual(5);
		expect(sent).toBeLessThan(ids.length);
	});

	it('with Continue On Fail, the failing item becomes an error item in its place and the others go on', async () => {
		const ids = campaignIds(12);
		ids[4] = '999999';
		ids[9] = '999998';
		const result = await ctx.run(getCampaigns(4), ids.map((id) => ({ id })), { continueOnFail: true });

		expect(result.error).toBeUndefined();
		expect(pairedIndexes(result.items)).toEqual(ids.map((_id, k) => k));
		jsonOf(result.items).forEach((json, k) => {
			if (k === 4 || k === 9) expect(json).toMatchObject({ error: expect.stringMatching(/not found|404/i) });
			else expect(json.id).toBe(ids[k]);
		});
		expect(ctx.apiRequests()).toHaveLength(ids.length);
	});

	it('a 429 pauses every request of the run for as long as the API asked, then all items succeed', async () => {
		const ids = campaignIds(24);
		ctx.sandbox.faults.inject({ kind: 'status', status: 429, retryAfter: 1, count: 1 });
		ctx.sandbox.faults.inject({ kind: 'latency', latencyMs: 100, count: 200 });
		const result = await ctx.run(getCampaigns(4), ids.map((id) => ({ id })));

		expect(result.error).toBeUndefined();
		expect(jsonOf(result.items).map((json) => json.id)).toEqual(ids);
		const requests = ctx.apiRequests();
		const limited = requests.filter((entry) => entry.status === 429);
		expect(limited).toHaveLength(1);
		expect(requests).toHaveLength(ids.length + 1);
		const answeredAt = arrival(limited[0]!) + limited[0]!.durationMs;
		// Requests already on their way may land; nothing new starts until the second is over.
		// Without the shared pause, the three other lanes would send about 20 requests here.
		const during = requests.filter((entry) => arrival(entry) > answeredAt + 150 && arrival(entry) < answeredAt + 850);
		expect(during.length).toBeLessThanOrEqual(3);
		const retried = requests.filter((entry) => entry.path === limited[0]!.path);
		expect(retried).toHaveLength(2);
		expect(arrival(retried[1]!) - answeredAt).toBeGreaterThanOrEqual(950);
	});

	it('Set Individual Validity sends its batches concurrently, one result per member in input order', async () => {
		const members = addValidityCampaign(ctx.sandbox, 50);

		ctx.sandbox.faults.inject({ kind: 'latency', latencyMs: 80, count: 5 });
		const result = await ctx.run(
			validityRun({ batchSize: 10, concurrency: 3 }),
			members.map((member) => ({ member })),
		);

		expect(result.error).toBeUndefined();
		expect(pairedIndexes(result.items)).toEqual(members.map((_member, k) => k));
		expect(jsonOf(result.items).map((json) => [json.memberId, json.success])).toEqual(members.map((member) => [member, true]));
		const requests = ctx.apiRequests();
		expect(requests).toHaveLength(5);
		const peak = peakInFlight(requests);
		expect(peak).toBeGreaterThan(1);
		expect(peak).toBeLessThanOrEqual(3);
	});

	it.each([-1, 11, 2.5, 'many', 'automatic'])('rejects Concurrent Requests %p before sending anything', async (concurrency) => {
		const result = await ctx.run({ ...getCampaigns(), options: { concurrency } }, [{ id: '1001' }]);
		const error = errorOf(result);
		expect(error.message).toContain('"Concurrent Requests" must be "auto" or a whole number from 0 to 10');
		expect(ctx.apiRequests()).toHaveLength(0);
	});
});
