/**
 * The output of a write (helpers/records.ts writeResult) over any answer the API could give,
 * and the refused-member item every write builds (refusedResult).
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { refusedResult, writeResult } from '../../nodes/AnnexCloud/helpers/records';

const sentArb = fc.record({ memberId: fc.string(), campaignId: fc.string() });
/** Answers with keys that collide with ours as often as not. */
const keyArb = fc.oneof(fc.constantFrom('memberId', 'campaignId', 'success', 'response', 'alreadyActive', '__proto__', 'status', 'id'), fc.string());
const answerArb = fc.oneof(
	fc.dictionary(keyArb, fc.jsonValue(), { maxKeys: 8 }),
	fc.jsonValue(),
	fc.anything(),
	fc.constantFrom(undefined, null, '', [], {}),
);

describe('writeResult', () => {
	it('memberId and campaignId are always what was sent, success is a boolean, and it never throws (property)', () => {
		fc.assert(
			fc.property(answerArb, sentArb, fc.option(fc.boolean(), { nil: undefined }), (answer, sent, alreadyActive) => {
				const ours: IDataObject = alreadyActive === undefined ? { ...sent } : { ...sent, alreadyActive };
				const result = writeResult(answer, ours);
				expect(result.memberId).toBe(sent.memberId);
				expect(result.campaignId).toBe(sent.campaignId);
				expect(typeof result.success).toBe('boolean');
				if (alreadyActive !== undefined) expect(result.alreadyActive).toBe(alreadyActive);
				expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
			}),
		);
	});

	it('nothing the API answered is lost: each field is at the top level as it came, or the whole answer is under response (property)', () => {
		fc.assert(
			fc.property(fc.dictionary(keyArb, fc.jsonValue(), { maxKeys: 8 }), sentArb, (answer, sent) => {
				const result = writeResult(answer, sent);
				const kept = Object.entries(answer).every(
					([key, value]) => Object.prototype.hasOwnProperty.call(result, key) && Object.is(result[key], value),
				);
				if (!kept) expect(result.response).toBe(answer);
			}),
		);
	});

	it('examples: the API\'s fields after ours; an echo of the same id is no collision; another value keeps the answer', () => {
		const sent = { memberId: 'member-0001', campaignId: '1001' };
		expect(writeResult({ status: 'success', id: 'member-0001', campaignId: '1001', activatedAt: 't' }, sent)).toEqual({
			success: true,
			memberId: 'member-0001',
			campaignId: '1001',
			status: 'success',
			id: 'member-0001',
			activatedAt: 't',
		});
		expect(writeResult({ campaignId: 1001 }, sent)).toEqual({ success: true, ...sent });
		const other = { memberId: 'someone-else', success: false, note: 'n' };
		expect(writeResult(other, sent)).toEqual({ success: true, ...sent, note: 'n', response: other });
		expect(writeResult(undefined, sent)).toEqual({ success: true, ...sent });
		expect(writeResult(['a'], sent)).toEqual({ success: true, ...sent, response: ['a'] });
		expect(writeResult('OK', sent)).toEqual({ success: true, ...sent, response: 'OK' });
		const proto = JSON.parse('{"__proto__":{"polluted":true}}') as IDataObject;
		const result = writeResult(proto, sent);
		expect(Object.keys(result)).toContain('__proto__');
		expect((result as { polluted?: unknown }).polluted).toBeUndefined();
	});
});

describe('refusedResult', () => {
	it('has exactly the refused keys, Annex Cloud\'s code and message, then what to do', () => {
		expect(refusedResult('m', 'c', { code: 'AC1008', message: 'User is blocked' })).toEqual({
			success: false,
			status: 'refused',
			code: 'AC1008',
			reason:
				'User is blocked. Annex Cloud does not act for a blocked member. Unblock the member in Annex Cloud, or filter blocked members out before this node.',
			memberId: 'm',
			campaignId: 'c',
		});
		expect(refusedResult('m', 'c', { code: 'ac1009' }).reason).toMatch(/^Opt out user\. The member opted out/);
		expect(refusedResult('m', 'c', { code: 'MEMBER_NOT_FOUND', message: 'Member "m" not found' })).toEqual({
			success: false,
			status: 'refused',
			code: 'MEMBER_NOT_FOUND',
			reason: 'Member "m" not found',
			memberId: 'm',
			campaignId: 'c',
		});
		expect(Object.keys(refusedResult('m', 'c', {}))).toEqual(['success', 'status', 'reason', 'memberId', 'campaignId']);
	});
});
