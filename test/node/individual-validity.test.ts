/**
 * Campaign > Set Individual Validity: one input item per member, batched per campaign,
 * exactly one output item per input item, in input order, paired to it.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { getGlobalState } from 'n8n-workflow';

import { FIELDS } from '../../nodes/AnnexCloud/transport/contract';
import { description } from '../../nodes/AnnexCloud/actions/campaign/setIndividualValidity.operation';
import { RESHAPE_ERROR, type Reshape } from '../../sandbox';
import { bodyOf, byId, errorOf, jsonOf, pairedIndexes, startNodeTestContext, type NodeTestContext } from './helpers';

let ctx: NodeTestContext;

/** Campaigns added for these tests, with fixed periods in 2025. */
const CAMPAIGN = '7001';
const OTHER_CAMPAIGN = '7003';
const NO_VALIDITY_CAMPAIGN = '7002';

beforeAll(async () => {
	// 400 members: the partial-failure runs below need 350 distinct, existing ones.
	ctx = await startNodeTestContext({ campaigns: 5, members: 400 });
});
afterAll(async () => {
	await ctx.sandbox.close();
});
beforeEach(() => {
	const { store } = ctx.sandbox;
	store.reset();
	const period = { campaignDateFrom: '2025-01-01T00:00:00+0000', campaignDateTo: '2025-12-31T00:00:00+0000' };
	store.addCampaign({ campaignId: CAMPAIGN, individualValidity: true, ...period });
	store.addCampaign({ campaignId: NO_VALIDITY_CAMPAIGN, individualValidity: false, ...period });
	store.addCampaign({ campaignId: OTHER_CAMPAIGN, individualValidity: true, ...period });
	ctx.sandbox.faults.clear();
	ctx.sandbox.clearLog();
});

/** Parameters reading everything from the item. */
function params(options: INodeParameters = {}): INodeParameters {
	return {
		resource: 'campaign',
		operation: 'setIndividualValidity',
		campaignId: byId(`={{ $json.campaign ?? "${CAMPAIGN}" }}`),
		memberId: '={{ $json.member }}',
		startDate: '={{ $json.start ?? "2025-03-01T00:00:00Z" }}',
		endDate: '={{ $json.end ?? "2025-03-31T00:00:00Z" }}',
		options,
	};
}

const validityRequests = () => ctx.apiRequests().filter((entry) => entry.route === 'setIndividualValidity');

describe('Campaign > Set Individual Validity', () => {
	it('one output per item, paired, with each member’s own failure reason', async () => {
		const result = await ctx.run(params(), [
			{ member: 'member-0001' },
			{ member: 'ghost-member' },
			{ member: 'member-0002', end: '2026-06-01T00:00:00Z' },
			{ member: 'member-0003' },
		]);
		expect(result.error).toBeUndefined();
		expect(pairedIndexes(result.items)).toEqual([0, 1, 2, 3]);
		const out = jsonOf(result.items);
		expect(out.map((json) => json.memberId)).toEqual(['member-0001', 'ghost-member', 'member-0002', 'member-0003']);
		expect(out.map((json) => json.success)).toEqual([true, false, false, true]);
		expect(out[1]).toMatchObject({ code: 'MEMBER_NOT_FOUND', status: 'refused' });
		expect(out[1]).not.toHaveProperty('errorCode');
		expect(String(out[1]?.reason)).toContain('ghost-member');
		expect(out[2]).toMatchObject({ code: 'OUTSIDE_CAMPAIGN_PERIOD' });
		expect(out[0]).toMatchObject({ campaignId: CAMPAIGN, startDate: '2025-03-01T00:00:00+0000', endDate: '2025-03-31T00:00:00+0000' });
		// One request for the four members, and the sandbox stored the two good windows.
		expect(validityRequests()).toHaveLength(1);
		const stored = ctx.sandbox.store.individualValidity(CAMPAIGN).map((record) => record.memberId).sort();
		expect(stored).toEqual(['member-0001', 'member-0003']);
	});

	it('Batch Size splits the items into several requests, output still in input order', async () => {
		const members = ['member-0001', 'member-0002', 'ghost', 'member-0004', 'member-0005'];
		const result = await ctx.run(params({ batchSize: 2 }), members.map((member) => ({ member })));
		expect(result.error).toBeUndefined();
		const requests = validityRequests();
		expect(requests).toHaveLength(3);
		// The batches go out concurrently (Concurrent Requests 5 by default): any arrival order.
		expect(requests.map((entry) => (bodyOf(entry)[FIELDS.request.members] as unknown[]).length).sort()).toEqual([1, 2, 2]);
		expect(jsonOf(result.items).map((json) => json.memberId)).toEqual(members);
		expect(jsonOf(result.items).map((json) => json.success)).toEqual([true, true, false, true, true]);
		expect(pairedIndexes(result.items)).toEqual([0, 1, 2, 3, 4]);
	});

	it('groups items per campaign: one request per campaign, results back in input order', async () => {
		const input = [
			{ member: 'member-0001', campaign: CAMPAIGN },
			{ member: 'member-0002', campaign: OTHER_CAMPAIGN },
			{ member: 'member-0003', campaign: CAMPAIGN },
			{ member: 'member-0004', campaign: OTHER_CAMPAIGN },
		];
		const result = await ctx.run(params(), input);
		const requests = validityRequests().sort((a, b) =>
			String(bodyOf(a)[FIELDS.request.campaignId]).localeCompare(String(bodyOf(b)[FIELDS.request.campaignId])),
		);
		expect(requests.map((entry) => bodyOf(entry)[FIELDS.request.campaignId])).toEqual([CAMPAIGN, OTHER_CAMPAIGN]);
		expect(requests.map((entry) => (bodyOf(entry)[FIELDS.request.members] as Array<Record<string, unknown>>).map((m) => m[FIELDS.request.memberId]))).toEqual([
			['member-0001', 'member-0003'],
			['member-0002', 'member-0004'],
		]);
		expect(jsonOf(result.items).map((json) => [json.memberId, json.campaignId, json.success])).toEqual(
			input.map((item) => [item.member, item.campaign, true]),
		);
		expect(pairedIndexes(result.items)).toEqual([0, 1, 2, 3]);
	});

	it('the same member twice for one campaign is an input mistake of the later item, found before anything is sent', async () => {
		const input = [{ member: 'member-0001' }, { member: 'member-0002' }, { member: 'member-0001', start: '2025-03-10T00:00:00Z' }];
		const error = errorOf(await ctx.run(params({ batchSize: 1 }), input));
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toBe('Parameter "Member ID" repeats item 0: member "member-0001" appears twice for campaign "7001" (item 2)');
		expect(error.context?.itemIndex).toBe(2);
		expect(validityRequests()).toHaveLength(0);

		// With Continue On Fail the later item is an error item and the first is sent; the same
		// member for another campaign is no duplicate.
		const result = await ctx.run(params(), [...input, { member: 'member-0001', campaign: OTHER_CAMPAIGN }], { continueOnFail: true });
		expect(pairedIndexes(result.items)).toEqual([0, 1, 2, 3]);
		expect(jsonOf(result.items).map((json) => json.success)).toEqual([true, true, undefined, true]);
		expect(String(result.items[2]?.json.error)).toContain('repeats item 0');
		const sent = validityRequests().flatMap((entry) => (bodyOf(entry)[FIELDS.request.members] as Array<Record<string, unknown>>).map((m) => m[FIELDS.request.memberId]));
		expect(sent.sort()).toEqual(['member-0001', 'member-0001', 'member-0002']);
		expect(ctx.sandbox.store.individualValidity(CAMPAIGN).find((r) => r.memberId === 'member-0001')?.startDate).toBe('2025-03-01T00:00:00+0000');
	});

	it('a whole-batch failure: with Continue On Fail every item of that batch fails, the others succeed', async () => {
		const input = [
			{ member: 'member-0001', campaign: CAMPAIGN },
			{ member: 'member-0002', campaign: NO_VALIDITY_CAMPAIGN },
			{ member: 'member-0003', campaign: NO_VALIDITY_CAMPAIGN },
			{ member: 'member-0004', campaign: CAMPAIGN },
		];
		const result = await ctx.run(params(), input, { continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(pairedIndexes(result.items)).toEqual([0, 1, 2, 3]);
		const out = jsonOf(result.items);
		// Members of a failed request are error items ({ error, details }), routable to n8n's error output.
		expect(out.map((json) => json.success ?? (json.details as IDataObject | undefined)?.success)).toEqual([true, false, false, true]);
		for (const failed of [out[1], out[2]]) {
			expect(Object.keys(failed ?? {}).sort()).toEqual(['details', 'error']);
			expect(failed?.details).toMatchObject({ httpCode: '400', campaignId: NO_VALIDITY_CAMPAIGN });
			expect(String(failed?.error)).toContain('individual validity');
		}
		expect((out[2]?.details as IDataObject | undefined)?.memberId).toBe('member-0003');
		expect(validityRequests()).toHaveLength(2);
	});

	it('a whole-batch failure without Continue On Fail throws with the batch’s first item', async () => {
		const input = [
			{ member: 'member-0001', campaign: CAMPAIGN },
			{ member: 'member-0002', campaign: NO_VALIDITY_CAMPAIGN },
			{ member: 'member-0003', campaign: NO_VALIDITY_CAMPAIGN },
		];
		const error = errorOf(await ctx.run(params(), input));
		expect(error.name).toBe('NodeApiError');
		expect(error.httpCode).toBe('400');
		expect(error.context?.itemIndex).toBe(1);

		ctx.sandbox.clearLog();
		const missing = errorOf(await ctx.run(params(), [{ member: 'member-0001', campaign: '424242' }]));
		expect(missing.httpCode).toBe('404');
		expect(missing.description).toContain('Check the campaign ID');
	});

	it('reads ISO strings with offsets, Luxon DateTime, JS Date and epoch milliseconds; sends UTC in the API format', async () => {
		const result = await ctx.run(
			{
				...params(),
				startDate: '={{ $json.kind === "luxon" ? DateTime.fromISO("2025-04-01T12:30:00", { zone: "Asia/Tokyo" }) : $json.kind === "date" ? new Date(Date.UTC(2025, 3, 2, 8, 0, 0)) : $json.kind === "ms" ? 1743667200000 : "2025-04-01T10:00:00+02:00" }}',
				endDate: '2025-05-01T00:00:00.000Z',
			},
			[{ member: 'member-0001', kind: 'iso' }, { member: 'member-0002', kind: 'luxon' }, { member: 'member-0003', kind: 'date' }, { member: 'member-0004', kind: 'ms' }],
		);
		expect(result.error).toBeUndefined();
		const members = bodyOf(validityRequests()[0])[FIELDS.request.members] as Array<Record<string, unknown>>;
		expect(members.map((member) => member[FIELDS.request.startDate])).toEqual([
			'2025-04-01T08:00:00+0000',
			'2025-04-01T03:30:00+0000',
			'2025-04-02T08:00:00+0000',
			'2025-04-03T08:00:00+0000',
		]);
		expect(members.every((member) => member[FIELDS.request.endDate] === '2025-05-01T00:00:00+0000')).toBe(true);
		expect(jsonOf(result.items).every((json) => json.success === true)).toBe(true);
	});

	it('reads a date without an offset in the workflow time zone (DST-aware)', async () => {
		expect(getGlobalState().defaultTimezone).toBe('America/New_York');
		await ctx.run({ ...params(), startDate: '2025-01-10T10:00:00', endDate: '2025-07-10T10:00:00' }, [{ member: 'member-0001' }]);
		const member = (bodyOf(validityRequests()[0])[FIELDS.request.members] as Array<Record<string, unknown>>)[0];
		expect(member?.[FIELDS.request.startDate]).toBe('2025-01-10T15:00:00+0000');
		expect(member?.[FIELDS.request.endDate]).toBe('2025-07-10T14:00:00+0000');
	});

	it('a date alone (from a sheet) is the whole day in the workflow time zone: Start Date its start, End Date its end (23:59:59)', async () => {
		expect(getGlobalState().defaultTimezone).toBe('America/New_York');
		await ctx.run({ ...params(), startDate: '2025-03-01', endDate: '2025-03-31' }, [{ member: 'member-0001' }]);
		const member = (bodyOf(validityRequests()[0])[FIELDS.request.members] as Array<Record<string, unknown>>)[0];
		// New York: UTC-5 on 1 March, UTC-4 (daylight time) on 31 March
		expect(member?.[FIELDS.request.startDate]).toBe('2025-03-01T05:00:00+0000');
		expect(member?.[FIELDS.request.endDate]).toBe('2025-04-01T03:59:59+0000');
		// The same day as both Start and End Date is a one-day window, not an empty one.
		ctx.sandbox.clearLog();
		const oneDay = await ctx.run({ ...params(), startDate: '2025-06-15', endDate: '2025-06-15' }, [{ member: 'member-0002' }]);
		expect(oneDay.error).toBeUndefined();
		const same = (bodyOf(validityRequests()[0])[FIELDS.request.members] as Array<Record<string, unknown>>)[0];
		expect([same?.[FIELDS.request.startDate], same?.[FIELDS.request.endDate]]).toEqual(['2025-06-15T04:00:00+0000', '2025-06-16T03:59:59+0000']);
	});

	it('the date fields say what a date alone means', () => {
		const fields = description.filter((property) => property.name === 'startDate' || property.name === 'endDate');
		expect(fields.map((field) => field.description)).toEqual([
			expect.stringMatching(/A date alone \(e\.g\. 2026-03-01\) means the start of that day \(00:00:00\)/),
			expect.stringMatching(/A date alone \(e\.g\. 2026-03-31\) means the end of that day \(23:59:59\)/),
		]);
	});

	it('checks every item before sending: end before start, unreadable dates, empty ids', async () => {
		const cases: Array<[IDataObject, string]> = [
			[{ member: 'member-0002', start: '2025-04-01T00:00:00Z', end: '2025-03-01T00:00:00Z' }, '"End Date" must be after'],
			[{ member: 'member-0002', start: 'next tuesday' }, '"Start Date" is not a date'],
			[{ member: 'member-0002', end: '2025-02-30T00:00:00Z' }, '"End Date" is not a date'],
			[{ member: '   ' }, '"Member ID" is empty'],
			[{ member: 'member-0002', campaign: '' }, '"Campaign" is empty'],
		];
		for (const [item, message] of cases) {
			const error = errorOf(await ctx.run(params(), [{ member: 'member-0001' }, item]));
			expect(error.name).toBe('NodeOperationError');
			expect(error.message).toContain(message);
			expect(error.message).toContain('(item 1)');
			expect(error.context?.itemIndex).toBe(1);
		}
		expect(ctx.apiRequests()).toHaveLength(0);
	});

	it('with Continue On Fail an invalid item gets its error and the rest is sent', async () => {
		const result = await ctx.run(
			params(),
			[{ member: 'member-0001' }, { member: 'member-0002', start: 'soon' }, { member: 'member-0003' }],
			{ continueOnFail: true },
		);
		expect(pairedIndexes(result.items)).toEqual([0, 1, 2]);
		expect(String(result.items[1]?.json.error)).toContain('"Start Date"');
		expect(result.items[0]?.json.success).toBe(true);
		expect(result.items[2]?.json.success).toBe(true);
		const members = bodyOf(validityRequests()[0])[FIELDS.request.members] as Array<Record<string, unknown>>;
		expect(members.map((member) => member[FIELDS.request.memberId])).toEqual(['member-0001', 'member-0003']);
	});

	it('extra body fields go to the top level (one request per distinct set), extra member fields to the member', async () => {
		const result = await ctx.run(
			params({ extraBodyFields: '={{ JSON.stringify({ note: $json.note }) }}', extraMemberFields: '={{ { tier: $json.tier } }}' }),
			[
				{ member: 'member-0001', note: 'a', tier: 'gold' },
				{ member: 'member-0002', note: 'b', tier: 'silver' },
				{ member: 'member-0003', note: 'a', tier: 'bronze' },
			],
		);
		expect(result.error).toBeUndefined();
		const bodies = validityRequests()
			.map(bodyOf)
			.sort((a, b) => String(a.note).localeCompare(String(b.note)));
		expect(bodies.map((body) => body.note)).toEqual(['a', 'b']);
		expect(bodies[0]?.[FIELDS.request.members]).toEqual([
			{ id: 'member-0001', startDate: '2025-03-01T00:00:00+0000', endDate: '2025-03-31T00:00:00+0000', tier: 'gold' },
			{ id: 'member-0003', startDate: '2025-03-01T00:00:00+0000', endDate: '2025-03-31T00:00:00+0000', tier: 'bronze' },
		]);
		expect(jsonOf(result.items).map((json) => json.memberId)).toEqual(['member-0001', 'member-0002', 'member-0003']);
	});

	it('rejects a Batch Size above the maximum before any request', async () => {
		const error = errorOf(await ctx.run(params({ batchSize: 1001 }), [{ member: 'member-0001' }]));
		expect(error.message).toContain('"Batch Size"');
		expect(ctx.apiRequests()).toHaveLength(0);
	});
});

describe('answers in other shapes (the sandbox\'s reshape fault, over real HTTP)', () => {
	/** member-0001 and member-0002 are applied, ghost-member fails (MEMBER_NOT_FOUND). */
	const input = [{ member: 'member-0001' }, { member: 'ghost-member' }, { member: 'member-0002' }];
	const reshaped = async (shape: Reshape, options: INodeParameters = {}): Promise<IDataObject[]> => {
		ctx.sandbox.faults.inject({ kind: 'reshape', shape, match: { pathPrefix: '/campaign/individualvalidity' } });
		const result = await ctx.run(params(options), input);
		expect(result.error).toBeUndefined();
		expect(pairedIndexes(result.items)).toEqual([0, 1, 2]);
		// (An error-body fault answers before routing: the entry has no route.)
		expect(ctx.apiRequests()).toEqual([expect.objectContaining({ fault: 'reshape', status: 200 })]);
		return jsonOf(result.items);
	};

	it.each<Reshape>(['results-key', 'bare-array', 'other-key', 'reversed', 'no-ids', 'failed-list'])(
		'%s: each member gets its own result and reason',
		async (shape) => {
			const out = await reshaped(shape);
			expect(out.map((json) => [json.memberId, json.success])).toEqual([['member-0001', true], ['ghost-member', false], ['member-0002', true]]);
			expect(out[1]).toMatchObject({ status: 'refused', code: 'MEMBER_NOT_FOUND', reason: 'Member "ghost-member" not found' });
			expect(out.some((json) => 'note' in json || 'response' in json)).toBe(false);
		},
	);

	it('failed-ids: a top-level success with a failure list fails the listed member, not every member succeeds', async () => {
		const out = await reshaped('failed-ids');
		expect(out.map((json) => json.success)).toEqual([true, false, true]);
		expect(out[1]).toMatchObject({ status: 'refused', reason: 'Annex Cloud rejected this member without giving a reason' });
	});

	it('status-only: a top-level success without any per-member list speaks for every member', async () => {
		expect((await reshaped('status-only')).map((json) => [json.success, json.status])).toEqual([[true, 'success'], [true, 'success'], [true, 'success']]);
	});

	it('foreign-ids: results for other ids are given to no member; every member is unknown and the note names them', async () => {
		const out = await reshaped('foreign-ids');
		expect(out.map((json) => [json.success, json.status])).toEqual([[false, 'unknown'], [false, 'unknown'], [false, 'unknown']]);
		expect(out[0]?.note).toBe(
			'Annex Cloud\'s answer held 3 result(s) that match no member of this request (for member ids "other-member-0001", "other-ghost-member", "other-member-0002"); they were not given to any member.',
		);
	});

	it('no-ids-short: results without ids are not matched by position when a result is missing', async () => {
		const out = await reshaped('no-ids-short');
		expect(out.map((json) => json.status)).toEqual(['unknown', 'unknown', 'unknown']);
		expect(String(out[2]?.note)).toContain('2 result(s) that match no member of this request (without a member id)');
	});

	it('error-body: a 200 with errorCode/errorMessage fails every member of the batch with that message', async () => {
		const out = await reshaped('error-body');
		for (const json of out) {
			expect(json).toMatchObject({ success: false, status: 'refused', reason: RESHAPE_ERROR.message, code: RESHAPE_ERROR.code });
		}
		expect(ctx.sandbox.store.individualValidity(CAMPAIGN)).toEqual([]);
	});

	it.each<Reshape | 'none'>(['none', 'foreign-ids'])(
		'answer %s: each item carries only its own result, so its size does not grow with Batch Size',
		async (shape) => {
			const members = Array.from({ length: 300 }, (_, i) => ({ member: i % 3 === 0 ? `ghost-${String(i).padStart(4, '0')}` : `member-${String(i + 1).padStart(4, '0')}` }));
			const largest: number[] = [];
			for (const batchSize of [10, 300]) {
				ctx.sandbox.clearLog();
				if (shape !== 'none') ctx.sandbox.faults.inject({ kind: 'reshape', shape, count: 300 });
				const result = await ctx.run(params({ batchSize }), members);
				ctx.sandbox.faults.clear();
				expect(result.error).toBeUndefined();
				expect(validityRequests()).toHaveLength(300 / batchSize);
				largest.push(Math.max(...result.items.map((item) => JSON.stringify(item.json).length)));
			}
			// One member's fields, its status and reason, and a note of bounded length: a few hundred bytes.
			expect(largest[1]).toBeLessThan(600);
			expect(Math.abs((largest[1] ?? 0) - (largest[0] ?? 0))).toBeLessThanOrEqual(20);
		},
	);
});

describe('a failed batch without Continue On Fail: the error says what became of every item', () => {
	const members = (count: number): IDataObject[] => Array.from({ length: count }, (_, i) => ({ member: `member-${String(i + 1).padStart(4, '0')}` }));
	const path = { pathPrefix: '/campaign/individualvalidity' };

	it('350 items, Batch Size 100, one at a time: batch 2 gets a 503 (may have been applied), batches 3 and 4 are never sent', async () => {
		ctx.sandbox.faults.inject({ kind: 'latency', latencyMs: 0, match: path });
		ctx.sandbox.faults.inject({ kind: 'status', status: 503, match: path });
		const error = errorOf(await ctx.run(params({ batchSize: 100, concurrency: 1 }), members(350)));
		expect(error.message).toBe('Annex Cloud had a server error (HTTP 503): Injected fault: HTTP 503');
		expect(error.context?.itemIndex).toBe(100);
		expect(error.description).toMatch(/may already have been applied/);
		expect(error.description).toMatch(
			/\n\nThis run: items 0-99 applied; items 100-199 unknown \(the request may have been applied: check these in Annex Cloud before sending them again\); items 200-349 not sent\. Send again only the items that were not applied\.$/,
		);
		expect(ctx.apiRequests().map((entry) => entry.status)).toEqual([200, 503]);
		expect(ctx.sandbox.store.individualValidity(CAMPAIGN)).toHaveLength(100);
	});

	it('refused members and requests, an answer without usable results, and batches never sent', async () => {
		const input = members(350);
		input[5] = { member: 'ghost-member' };
		ctx.sandbox.faults.inject({ kind: 'latency', latencyMs: 0, match: path });
		ctx.sandbox.faults.inject({ kind: 'reshape', shape: 'no-ids-short', match: path });
		ctx.sandbox.faults.inject({ kind: 'status', status: 400, match: path });
		const error = errorOf(await ctx.run(params({ batchSize: 100, concurrency: 1 }), input));
		expect(error.httpCode).toBe('400');
		expect(error.context?.itemIndex).toBe(200);
		expect(error.description).toContain(
			'This run: items 0-4, 6-99 applied; items 5, 200-299 refused by Annex Cloud (not applied); items 100-199 unknown (the request may have been applied: check these in Annex Cloud before sending them again); items 300-349 not sent.',
		);
		expect(ctx.apiRequests().map((entry) => entry.status)).toEqual([200, 200, 400]);
	});

	it('a single batch: the error is the request\'s own, without a run summary', async () => {
		ctx.sandbox.faults.inject({ kind: 'status', status: 503, match: path });
		const error = errorOf(await ctx.run(params(), members(3)));
		expect(error.description).not.toContain('This run:');
		expect(error.description).toMatch(/\(POST \/campaign\/individualvalidity\)$/);
	});
});
