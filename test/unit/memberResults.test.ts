/**
 * Set Individual Validity's pure parts: batching, reading an answer, matching its results to
 * the members of the request (fast-check: no result ever goes to a member whose id it does not
 * carry, id'd results always reach their member, counts are kept), and the run summary of
 * helpers/execute.ts.
 */
import fc from 'fast-check';
import { NodeApiError, NodeOperationError, type IDataObject, type INode } from 'n8n-workflow';

import { memberKey, toBatches, type MemberEntry } from '../../nodes/AnnexCloud/actions/campaign/individualValidity/batching';
import {
	matchResults,
	memberOutcomes,
	readBatchAnswer,
	resultId,
	unmatchedNote,
} from '../../nodes/AnnexCloud/actions/campaign/individualValidity/memberResults';
import { itemRanges, runProgress, type ItemFate } from '../../nodes/AnnexCloud/helpers/execute';
import { requestFateOf, toNodeApiError } from '../../nodes/AnnexCloud/transport/errors';

const POOL = ['a', 'b', 'c', 'd'];
const FOREIGN = ['x', 'y'];

/** A list entry as an API might write it: with `id`, with `memberId`, without id, a bare id, or junk. */
const entryArb: fc.Arbitrary<unknown> = fc.oneof(
	fc.record({ id: fc.constantFrom(...POOL, ...FOREIGN), status: fc.constantFrom('success', 'failed') }),
	fc.record({ memberId: fc.constantFrom(...POOL, ...FOREIGN), status: fc.constantFrom('success', 'failed') }),
	fc.record({ status: fc.constantFrom('success', 'failed'), reason: fc.constant('r') }),
	fc.constantFrom(...POOL, ...FOREIGN),
	fc.constantFrom(null, true, [1]),
);
const caseArb = fc.record({
	memberIds: fc.array(fc.constantFrom(...POOL), { maxLength: 8 }),
	results: fc.array(entryArb, { maxLength: 9 }),
	failures: fc.array(entryArb, { maxLength: 4 }),
});

const usable = (entries: unknown[]): number =>
	entries.filter((entry) => (typeof entry === 'object' && entry !== null && !Array.isArray(entry)) || typeof entry === 'string').length;
const idOf = (entry: unknown): string | undefined =>
	typeof entry === 'string' ? entry : typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? resultId(entry as IDataObject) : undefined;

describe('matchResults (property)', () => {
	it('never gives a result to a member whose id it does not carry', () => {
		fc.assert(
			fc.property(caseArb, ({ memberIds, results, failures }) => {
				const { assigned } = matchResults(memberIds, results, failures);
				assigned.forEach((result, k) => {
					if (result === undefined) return;
					const id = resultId(result);
					if (id !== undefined) expect(id).toBe(memberIds[k]);
				});
			}),
			{ numRuns: 2000 },
		);
	});

	it('gives every id\'d result to a member with that id while such a member is left', () => {
		fc.assert(
			fc.property(caseArb, ({ memberIds, results, failures }) => {
				const { assigned } = matchResults(memberIds, results, failures);
				for (const id of [...POOL, ...FOREIGN]) {
					const members = memberIds.filter((memberId) => memberId === id).length;
					const carrying = [...results, ...failures].filter((entry) => idOf(entry) === id).length;
					const got = assigned.filter((result) => result !== undefined && resultId(result) === id).length;
					expect(got).toBe(Math.min(members, carrying));
				}
			}),
			{ numRuns: 2000 },
		);
	});

	it('keeps the counts: each usable entry is assigned once or reported unmatched; each member gets at most one', () => {
		fc.assert(
			fc.property(caseArb, ({ memberIds, results, failures }) => {
				const { assigned, unmatched } = matchResults(memberIds, results, failures);
				expect(assigned).toHaveLength(memberIds.length);
				const given = assigned.filter((result) => result !== undefined);
				expect(given.length + unmatched.length).toBe(usable(results) + usable(failures));
				const fromResults = given.filter((result) => results.includes(result));
				expect(new Set(fromResults).size).toBe(fromResults.length);
			}),
			{ numRuns: 2000 },
		);
	});

	it('matches a result without id by position only when the list has one result per member, never a failure without id', () => {
		fc.assert(
			fc.property(caseArb, ({ memberIds, results, failures }) => {
				const { assigned } = matchResults(memberIds, results, failures);
				assigned.forEach((result, k) => {
					if (result === undefined || resultId(result) !== undefined) return;
					expect(results).toHaveLength(memberIds.length);
					expect(result).toBe(results[k]);
				});
			}),
			{ numRuns: 2000 },
		);
	});

	it('examples: a foreign id is not given by position; results of a member listed twice come in turn', () => {
		const foreign = [{ id: 'a', status: 'success' }, { id: 'zz', status: 'failed' }];
		expect(matchResults(['a', 'b'], foreign)).toEqual({ assigned: [foreign[0], undefined], unmatched: [foreign[1]] });
		const twice = [{ id: 'a', status: 'failed' }, { id: 'a', status: 'success' }];
		expect(matchResults(['a', 'a'], twice).assigned).toEqual(twice);
		const noIds = [{ status: 'success' }, { status: 'failed' }];
		expect(matchResults(['a', 'b'], noIds).assigned).toEqual(noIds);
		expect(matchResults(['a', 'b', 'c'], noIds)).toEqual({ assigned: [undefined, undefined, undefined], unmatched: noIds });
		expect(matchResults(['a'], [], ['a']).assigned).toEqual([{ id: 'a', status: 'failed' }]);
	});
});

const entry = (memberId: string, itemIndex = 0, campaignId = 'c1', extraBody: IDataObject = {}): MemberEntry => ({
	itemIndex,
	campaignId,
	memberId,
	startDate: 's',
	endDate: 'e',
	member: {},
	extraBody,
	timeoutMs: 1000,
});
const batch = [entry('a', 0), entry('b', 1), entry('c', 2)];
const summary = (response: unknown): unknown[] =>
	memberOutcomes(batch, response).map(({ json, fate }) => [json.memberId, json.success, json.status, fate, json.reason ?? null]);

describe('readBatchAnswer and memberOutcomes', () => {
	const results = [{ id: 'c', status: 'failed', reason: 'no' }, { id: 'a', status: 'success' }, { id: 'b', success: true }];
	const expected = [['a', true, 'success', 'applied', null], ['b', true, true, 'applied', null], ['c', false, 'refused', 'refused', 'no']];

	it.each<[string, unknown]>([
		['members', { members: results }],
		['results', { results }],
		['memberResults', { memberResults: results }],
		['a bare array', results],
		['any other single array key', { status: 'partial', data: results }],
		['the longest of several other arrays', { warnings: ['w'], items: results }],
	])('reads the per-member list under %s', (_label, response) => {
		expect(summary(response)).toEqual(expected);
	});

	it('a failure list is not the per-member list: with a top-level success the others succeeded', () => {
		expect(readBatchAnswer({ success: true, failed: [{ id: 'b' }] })).toEqual({ results: undefined, failures: [{ id: 'b' }], success: true });
		expect(summary({ success: true, failed: [{ id: 'b', reason: 'expired' }] })).toEqual([
			['a', true, true, 'applied', null],
			['b', false, 'refused', 'refused', 'expired'],
			['c', true, true, 'applied', null],
		]);
		expect(summary({ status: 'success', failedMembers: ['c'] }).map((row) => (row as unknown[])[3])).toEqual(['applied', 'applied', 'refused']);
	});

	it('a failure that names no member of the request leaves the others unknown, not succeeded', () => {
		const outcomes = memberOutcomes(batch, { success: true, failed: [{ reason: 'one failed' }] });
		expect(outcomes.map((outcome) => outcome.fate)).toEqual(['unknown', 'unknown', 'unknown']);
		expect(outcomes[0]?.json.note).toContain('1 result(s) that match no member of this request (without a member id)');
	});

	it('a 2xx error body fails every member with its message; without a message its code speaks', () => {
		expect(summary({ errorCode: 'E1', errorMessage: 'Campaign locked' })).toEqual(
			['a', 'b', 'c'].map((id) => [id, false, 'refused', 'refused', 'Campaign locked']),
		);
		expect(memberOutcomes(batch, { errorCode: 'E1' })[0]?.json).toMatchObject({ reason: 'Annex Cloud answered with error code E1', code: 'E1' });
	});

	it('no list and no verdict, null, a scalar, an empty object: every member unknown', () => {
		for (const response of [{}, null, 'ok', 42, { status: 'partial' }, { members: [] }, { status: 'success', members: [] }]) {
			expect(memberOutcomes(batch, response).map((outcome) => outcome.fate)).toEqual(['unknown', 'unknown', 'unknown']);
		}
		expect(summary({ status: 'success' }).map((row) => (row as unknown[])[3])).toEqual(['applied', 'applied', 'applied']);
	});

	it('a result without status or reason is unknown; one with only a reason is refused', () => {
		const outcomes = memberOutcomes(batch, [{ id: 'a' }, { id: 'b', errorMessage: 'bad date' }, { id: 'c', success: false }]);
		expect(outcomes.map((outcome) => [outcome.fate, outcome.json.reason])).toEqual([
			['unknown', 'Annex Cloud listed this member without a status. Check it in Annex Cloud.'],
			['refused', 'bad date'],
			['refused', 'Annex Cloud rejected this member without giving a reason'],
		]);
	});

	it('each outcome carries only its member\'s fields: its size does not grow with the batch', () => {
		const sizes = [3, 300].map((n) => {
			const members = Array.from({ length: n }, (_, i) => entry(`m${String(i).padStart(4, '0')}`, i));
			const response = { members: members.map((m) => ({ id: `other-${m.memberId}`, status: 'success' })) };
			return Math.max(...memberOutcomes(members, response).map((outcome) => JSON.stringify(outcome.json).length));
		});
		// Only the note's "and N more" grows, by the digits of N.
		expect(Math.abs((sizes[1] ?? 0) - (sizes[0] ?? 0))).toBeLessThanOrEqual(20);
		expect(unmatchedNote(Array.from({ length: 5000 }, (_, i) => ({ id: 'z'.repeat(i % 90) + String(i) })))?.length).toBeLessThan(300);
	});
});

describe('batching', () => {
	it('one batch per campaign and extra body fields, in order of first appearance, at most Batch Size each (property)', () => {
		fc.assert(
			fc.property(
				fc.array(fc.record({ campaignId: fc.constantFrom('1', '2'), note: fc.constantFrom('x', 'y') }), { maxLength: 40 }),
				fc.integer({ min: 1, max: 7 }),
				(rows, size) => {
					const entries = rows.map((row, i) => entry(`m${i}`, i, row.campaignId, { note: row.note }));
					const batches = toBatches(entries, size);
					expect(batches.flat().map((e) => e.itemIndex).sort((a, b) => a - b)).toEqual(entries.map((e) => e.itemIndex));
					for (const b of batches) {
						expect(b.length).toBeGreaterThan(0);
						expect(b.length).toBeLessThanOrEqual(size);
						expect(new Set(b.map((e) => JSON.stringify([e.campaignId, e.extraBody]))).size).toBe(1);
						expect(b.map((e) => e.itemIndex)).toEqual([...b.map((e) => e.itemIndex)].sort((x, y) => x - y));
					}
				},
			),
		);
	});

	it('memberKey: the same member of the same campaign, and nothing else', () => {
		expect(memberKey(entry('a', 0, '1'))).toBe(memberKey(entry('a', 5, '1', { note: 'x' })));
		expect(memberKey(entry('a', 0, '1'))).not.toBe(memberKey(entry('a', 0, '2')));
		expect(memberKey({ campaignId: 'a","b', memberId: 'c' })).not.toBe(memberKey({ campaignId: 'a', memberId: 'b","c' }));
	});
});

describe('the run summary of a failed batched run (helpers/execute.ts)', () => {
	const node: INode = { id: '1', name: 'Annex Cloud', type: 'annexCloud', typeVersion: 1, position: [0, 0], parameters: {} };

	it('itemRanges: sorted, merged, capped', () => {
		expect(itemRanges([7, 0, 2, 1, 5, 8])).toBe('0-2, 5, 7-8');
		expect(itemRanges([3])).toBe('3');
		expect(itemRanges(Array.from({ length: 100 }, (_, i) => i * 2), 3)).toBe('0, 2, 4 and 97 more');
	});

	it('runProgress names every fate with its items, in a fixed order', () => {
		const fates = new Map<number, ItemFate>([[4, 'notSent'], [0, 'applied'], [1, 'applied'], [2, 'unknown'], [3, 'refused']]);
		expect(runProgress(fates)).toBe(
			'This run: items 0-1 applied; item 3 refused by Annex Cloud (not applied); item 2 unknown (the request may have been applied: check these in Annex Cloud before sending them again); item 4 not sent. Send again only the items that were not applied.',
		);
	});

	it("the fate of a failed batch is the transport's: decided where the request failed, else unknown or not sent", () => {
		const exchange = { method: 'POST', path: '/campaign/individualvalidity', attempts: 1 };
		expect(requestFateOf(toNodeApiError(node, { ...exchange, status: 400, fate: 'refused' }))).toBe('refused');
		expect(requestFateOf(toNodeApiError(node, { ...exchange, status: 503, fate: 'unknown' }))).toBe('unknown');
		expect(requestFateOf(toNodeApiError(node, { ...exchange, networkCode: 'ECONNREFUSED', fate: 'notSent' }))).toBe('notSent');
		// A NodeApiError the transport did not build: it may have reached the API.
		expect(requestFateOf(new NodeApiError(node, { message: 'x' }, { httpCode: '400' }))).toBe('unknown');
		// Anything else was thrown before a request was sent.
		expect(requestFateOf(new NodeOperationError(node, 'not sent'))).toBe('notSent');
	});
});
