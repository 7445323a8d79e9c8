/**
 * Set Individual Validity, pure part 2: what one answer of Annex Cloud says about each member
 * of its request.
 *
 * - The per-member list is read in the shapes list reads accept: under a known key
 *   (MEMBER_RESULT_LIST_KEYS), as a bare array, or under any other single array-valued key
 *   (the longest of several); failure lists (`failed`, `failedMembers`...) name failures only.
 * - A result that carries a member id goes to the member with that id and to no one else; a
 *   result whose id matches no member of the request is reported, never given to a member
 *   by position. Only results with no id at all are matched by position, and only when the
 *   list has exactly one result per member.
 * - A refused member's item is built by helpers/records.ts `refusedResult`, as Activate and
 *   Reactivate build theirs: `{ success: false, status: 'refused', code, reason, memberId,
 *   campaignId }` (plus the window it asked for).
 * - A member without a result: a 2xx error body (`errorCode`/`errorMessage`) refuses it with
 *   that message; a top-level success speaks for it only when the answer lists no per-member
 *   results and every failure it lists names its member; otherwise its result is unknown.
 */
import type { IDataObject } from 'n8n-workflow';

import { isPlainObject, refusedResult } from '../../../helpers/records';
import { FIELDS, MEMBER_FAILURE_LIST_KEYS, MEMBER_RESULT_LIST_KEYS } from '../../../transport';
import type { MemberEntry } from './batching';

/** What happened to one member, as far as the answer tells. */
export type MemberFate = 'applied' | 'refused' | 'unknown';

export interface MemberOutcome {
	json: IDataObject;
	fate: MemberFate;
}

export interface BatchAnswer {
	/** The per-member results as listed; undefined when the answer has no such list. */
	results?: unknown[];
	/** Entries of the failure lists. */
	failures: unknown[];
	/** The message and code of a 2xx error body. */
	error?: { message: string; code?: string };
	/** The top-level status word, when it means success. */
	success?: IDataObject[string];
}

export interface MatchedResults {
	/** The result of each member, by position in the batch. */
	assigned: Array<IDataObject | undefined>;
	/** Results that could not be given to any member. */
	unmatched: IDataObject[];
}

const SUCCESS_WORDS = ['success', 'succeeded', 'ok', 'true', 'updated'];
const R = FIELDS.memberResult;
const FAILURE_KEYS: ReadonlySet<string> = new Set(MEMBER_FAILURE_LIST_KEYS);
/** How many unmatched ids a note names; the note stays small whatever the batch size. */
const NOTE_IDS = 3;

function isSuccessWord(status: unknown): boolean {
	if (typeof status === 'boolean') return status;
	return typeof status === 'string' && SUCCESS_WORDS.includes(status.trim().toLowerCase());
}

function textOf(value: unknown): string | undefined {
	if (typeof value === 'string' && value !== '') return value;
	if (typeof value === 'number') return String(value);
	return undefined;
}

/** The member id a result carries, if any. */
export function resultId(result: IDataObject): string | undefined {
	return textOf(result[R.id]) ?? textOf(result[R.memberId]);
}

/** A list entry as an object: a bare id (string or number) becomes `{ id }`; anything else is dropped. */
function asResult(value: unknown): IDataObject | undefined {
	if (isPlainObject(value)) return value;
	const id = textOf(value);
	return id === undefined ? undefined : { [R.id]: id };
}

function statusOf(object: IDataObject): IDataObject[string] {
	return object[R.status] ?? object[R.success];
}

/** The per-member list: a known key first, else the only (or longest) other array. */
function resultList(response: IDataObject): unknown[] | undefined {
	for (const key of MEMBER_RESULT_LIST_KEYS) {
		const value = response[key];
		if (Array.isArray(value)) return value;
	}
	const arrays = Object.entries(response)
		.filter(([key, value]) => !FAILURE_KEYS.has(key) && Array.isArray(value))
		.map(([, value]) => value as unknown[]);
	return arrays.length === 0 ? undefined : arrays.reduce((a, b) => (b.length > a.length ? b : a));
}

/** Read one answer of `POST /campaign/individualvalidity` (see the module comment). */
export function readBatchAnswer(response: unknown): BatchAnswer {
	if (Array.isArray(response)) return { results: response, failures: [] };
	if (!isPlainObject(response)) return { failures: [] };
	const failures = MEMBER_FAILURE_LIST_KEYS.flatMap((key) => {
		const value = response[key];
		return Array.isArray(value) ? (value as unknown[]) : [];
	});
	const answer: BatchAnswer = { results: resultList(response), failures };
	const message = textOf(response[FIELDS.error.message]);
	const code = textOf(response[FIELDS.error.code]);
	if (message !== undefined || code !== undefined) {
		answer.error = { message: message ?? `Annex Cloud answered with error code ${code}`, ...(code === undefined ? {} : { code }) };
	} else if (isSuccessWord(statusOf(response))) {
		answer.success = statusOf(response);
	}
	return answer;
}

/**
 * The result of each member of a batch (see the module comment): failures and results with an
 * id go to the first member with that id that has none yet (so a member listed twice gets its
 * results in turn); results without an id go to the member at their position, only when
 * there is one result per member.
 */
export function matchResults(memberIds: readonly string[], results: readonly unknown[], failures: readonly unknown[] = []): MatchedResults {
	const assigned = new Array<IDataObject | undefined>(memberIds.length).fill(undefined);
	const unmatched: IDataObject[] = [];
	const byId = (result: IDataObject, id: string): void => {
		const index = memberIds.findIndex((memberId, k) => memberId === id && assigned[k] === undefined);
		if (index >= 0) assigned[index] = result;
		else unmatched.push(result);
	};
	for (const failure of failures) {
		const result = asResult(failure);
		if (result === undefined) continue;
		const id = resultId(result);
		// A failure list only names failures: a bare entry without a status is a failure.
		const failed = statusOf(result) === undefined ? { ...result, [R.status]: 'failed' } : result;
		if (id === undefined) unmatched.push(failed);
		else byId(failed, id);
	}
	const withoutId: Array<{ result: IDataObject; position: number }> = [];
	results.forEach((value, position) => {
		const result = asResult(value);
		if (result === undefined) return;
		const id = resultId(result);
		if (id === undefined) withoutId.push({ result, position });
		else byId(result, id);
	});
	const countsAgree = results.length === memberIds.length;
	for (const { result, position } of withoutId) {
		if (countsAgree && assigned[position] === undefined) assigned[position] = result;
		else unmatched.push(result);
	}
	return { assigned, unmatched };
}

/** A short, bounded note on results that match no member of the request. */
export function unmatchedNote(unmatched: readonly IDataObject[]): string | undefined {
	if (unmatched.length === 0) return undefined;
	const ids = unmatched.map(resultId).filter((id): id is string => id !== undefined);
	const named = ids.slice(0, NOTE_IDS).map((id) => `"${id.length > 40 ? `${id.slice(0, 40)}...` : id}"`);
	const more = ids.length > NOTE_IDS ? ` and ${ids.length - NOTE_IDS} more` : '';
	const which = ids.length === 0 ? 'without a member id' : `for member ids ${named.join(', ')}${more}${ids.length < unmatched.length ? ' or without an id' : ''}`;
	return `Annex Cloud's answer held ${unmatched.length} result(s) that match no member of this request (${which}); they were not given to any member.`;
}

function resultOutcome(base: IDataObject, result: IDataObject): MemberOutcome {
	const status = statusOf(result);
	if (isSuccessWord(status)) return { json: { ...base, success: true, status }, fate: 'applied' };
	const reason = textOf(result[R.reason]) ?? textOf(result[FIELDS.error.message]);
	const errorCode = textOf(result[R.errorCode]);
	if (status === undefined && reason === undefined && errorCode === undefined) {
		const json = { ...base, success: false, status: 'unknown', reason: 'Annex Cloud listed this member without a status. Check it in Annex Cloud.' };
		return { json, fate: 'unknown' };
	}
	const refusal = { code: errorCode, message: reason ?? 'Annex Cloud rejected this member without giving a reason' };
	return { json: refused(base, refusal), fate: 'refused' };
}

/** A refused member's item (helpers/records.ts refusedResult), with its dates. */
function refused(base: IDataObject, refusal: { code?: string; message: string }): IDataObject {
	return { ...base, ...refusedResult(String(base.memberId), String(base.campaignId), refusal) };
}

/** One outcome per member of the batch, in batch order; each carries only its own member's result. */
export function memberOutcomes(batch: readonly MemberEntry[], response: unknown): MemberOutcome[] {
	const answer = readBatchAnswer(response);
	const { assigned, unmatched } = matchResults(
		batch.map((entry) => entry.memberId),
		answer.results ?? [],
		answer.failures,
	);
	const note = unmatchedNote(unmatched);
	// A top-level success speaks for the members it does not list only if no failure went unattributed.
	const successForRest = answer.results === undefined && answer.success !== undefined && unmatched.length === 0;
	return batch.map((entry, k): MemberOutcome => {
		const base: IDataObject = { memberId: entry.memberId, campaignId: entry.campaignId, startDate: entry.startDate, endDate: entry.endDate };
		const result = assigned[k];
		let outcome: MemberOutcome;
		if (result !== undefined) outcome = resultOutcome(base, result);
		else if (answer.error !== undefined) {
			outcome = { json: refused(base, answer.error), fate: 'refused' };
		} else if (successForRest) outcome = { json: { ...base, success: true, status: answer.success }, fate: 'applied' };
		else {
			const reason = 'Annex Cloud did not report a result for this member. Check it in Annex Cloud.';
			outcome = { json: { ...base, success: false, status: 'unknown', reason }, fate: 'unknown' };
		}
		if (note !== undefined) outcome.json.note = note;
		return outcome;
	});
}
