/**
 * Other shapes of the individual validity answer, for the `reshape` fault: the request is
 * handled as usual (windows are stored), then its 2xx answer is rewritten into the shape a
 * real API might use instead. `error-body` is the exception: nothing is applied and the answer
 * is a 200 with an Annex error body.
 */
import { FIELDS } from '../nodes/AnnexCloud/transport/contract';

export const RESHAPES = [
	/** `{ ..., results: [...] }` instead of `members` */
	'results-key',
	/** the per-member list as a bare array */
	'bare-array',
	/** `{ data: [...] }`: the list under a key nobody declared */
	'other-key',
	/** `{ success: true, failed: [failed members] }`: no per-member list */
	'failed-list',
	/** `{ status: 'success', failedMembers: [failed member ids] }` */
	'failed-ids',
	/** `{ status: 'success' }` only */
	'status-only',
	/** the per-member results in reverse order */
	'reversed',
	/** every result's id replaced by one that is not in the request */
	'foreign-ids',
	/** results without ids, in request order */
	'no-ids',
	/** results without ids, the last one missing */
	'no-ids-short',
	/** a 200 with `{ errorCode, errorMessage }`; nothing is applied */
	'error-body',
] as const;
export type Reshape = (typeof RESHAPES)[number];

export const RESHAPE_ERROR = { code: 'BATCH_REJECTED', message: 'The batch was rejected by a sandbox reshape fault' };

type Json = Record<string, unknown>;

function without(object: Json, key: string): Json {
	return Object.fromEntries(Object.entries(object).filter(([name]) => name !== key));
}

/** The answer a `reshape` fault gives instead of `body` (a normal individual validity answer). */
export function reshapeValidityAnswer(shape: Reshape, body: unknown): unknown {
	const E = FIELDS.error;
	if (shape === 'error-body') return { [E.code]: RESHAPE_ERROR.code, [E.message]: RESHAPE_ERROR.message };
	const answer = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Json;
	const members = Array.isArray(answer[FIELDS.memberResults]) ? (answer[FIELDS.memberResults] as Json[]) : [];
	const rest = without(answer, FIELDS.memberResults);
	const R = FIELDS.memberResult;
	const failed = members.filter((member) => member[R.status] !== 'success');
	const withoutIds = members.map((member) => without(member, R.id));
	switch (shape) {
		case 'results-key':
			return { ...rest, results: members };
		case 'bare-array':
			return members;
		case 'other-key':
			return { ...rest, data: members };
		case 'failed-list':
			return { success: true, failed };
		case 'failed-ids':
			return { status: 'success', failedMembers: failed.map((member) => member[R.id]) };
		case 'status-only':
			return { status: 'success' };
		case 'reversed':
			return { ...rest, [FIELDS.memberResults]: [...members].reverse() };
		case 'foreign-ids':
			return { ...rest, [FIELDS.memberResults]: members.map((member) => ({ ...member, [R.id]: `other-${String(member[R.id])}` })) };
		case 'no-ids':
			return { ...rest, [FIELDS.memberResults]: withoutIds };
		case 'no-ids-short':
			return { ...rest, [FIELDS.memberResults]: withoutIds.slice(0, -1) };
	}
}
