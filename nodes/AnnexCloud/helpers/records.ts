/**
 * Turning API responses into output records.
 */
import type { IDataObject } from 'n8n-workflow';

import { ERROR_MESSAGES, extractList, FIELDS, memberRefusalHint, type AnnexErrorCode } from '../transport';
import { isPlainObject } from '../transport/values';
import { simplifyCampaign } from './simplify';

export { isPlainObject } from '../transport/values';

/**
 * The records of a response that is usually one object: a bare array gives one record per
 * element, an object carrying the list under `listKey` gives its elements, any other
 * object is the record itself.
 */
export function recordsOf(response: unknown, listKey?: string): IDataObject[] {
	if (Array.isArray(response)) return extractList(response);
	if (!isPlainObject(response)) return [];
	if (listKey !== undefined && Array.isArray(response[listKey])) return extractList(response, listKey);
	return [response];
}

const CAMPAIGN_FIELD_NAMES: ReadonlySet<string> = new Set(Object.values(FIELDS.campaign));

/**
 * Simplified campaign seen by one member: the short campaign fields (helpers/simplify.ts),
 * the member's progress on milestones, and every field that is not a plain campaign field
 * (the member's own state, whatever the API calls it: eligibility, activation, validity).
 */
export function simplifyMemberCampaign(record: IDataObject): IDataObject {
	const simple = simplifyCampaign(record);
	const milestones = record[FIELDS.campaign.milestones];
	if (milestones !== undefined) simple.milestones = milestones;
	for (const [key, value] of Object.entries(record)) {
		if (!CAMPAIGN_FIELD_NAMES.has(key) && simple[key] === undefined) simple[key] = value;
	}
	return simple;
}

/** Whether the API's value for one of our keys says the same: equal, or the same id as text and number. */
function sameValue(ours: unknown, theirs: unknown): boolean {
	if (ours === theirs) return true;
	const asText = (value: unknown): string | undefined =>
		typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint' ? String(value) : undefined;
	const text = asText(ours);
	return text !== undefined && text === asText(theirs);
}

/**
 * The output item of a write: `{ success, memberId, campaignId, ...ours, ...what the API answered }`.
 *
 * - `success` is true: the transport only returns answers it accepted (2xx, not an Annex error
 *   body); failures are errors or refused items (refusedResult).
 * - Our keys (`success` and every key of `sent`, e.g. `memberId`, `campaignId`, `alreadyActive`)
 *   always hold our values: `memberId` and `campaignId` are what was sent, whatever the API
 *   echoes. The API's other fields follow as they are.
 * - When the API answers one of our keys with another value (an `id` sent as text comes back
 *   as the same number: not another value), its whole answer is kept under `response` too, so
 *   nothing it said is lost. An answer that is not an object (a list, a text) is kept under
 *   `response`; an empty answer adds nothing.
 */
export function writeResult(response: unknown, sent: IDataObject): IDataObject {
	const result: IDataObject = { success: true, ...sent };
	if (isPlainObject(response)) {
		let collides = false;
		for (const [key, value] of Object.entries(response)) {
			if (Object.prototype.hasOwnProperty.call(result, key)) {
				if (!sameValue(result[key], value)) collides = true;
				continue;
			}
			// defineProperty: a key named "__proto__" in the answer is a field, not a prototype.
			Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
		}
		if (collides) result.response = response;
		return result;
	}
	const empty = response === undefined || response === null || response === '' || (Array.isArray(response) && response.length === 0);
	if (!empty) result.response = response as IDataObject[string];
	return result;
}

/** What Annex Cloud said when it refused a member: its error code (when known) and message. */
export interface MemberRefusal {
	code?: string;
	message?: string;
}

/**
 * A member Annex Cloud refused to act for, as a normal output item, not an error:
 * `{ success: false, status: 'refused', code, reason, memberId, campaignId }`. Activate,
 * Reactivate (AC1008 blocked, AC1009 opted out) and Set Individual Validity (each refused member
 * of a batch) all build it here. `code` is Annex Cloud's, when it gave one; `reason` is its
 * message followed by what to do (for a blocked or opted-out member).
 */
export function refusedResult(memberId: string, campaignId: string, refusal: MemberRefusal): IDataObject {
	const { code } = refusal;
	const documented = code === undefined ? undefined : (ERROR_MESSAGES as Readonly<Record<string, string>>)[code.toUpperCase() as AnnexErrorCode];
	const message = refusal.message ?? documented ?? 'Annex Cloud refused this member without giving a reason';
	const hint = memberRefusalHint(code);
	const reason = hint === undefined ? message : `${message}${/[.!?]$/.test(message) ? '' : '.'} ${hint}`;
	const json: IDataObject = { success: false, status: 'refused' };
	if (code !== undefined) json.code = code;
	return { ...json, reason, memberId, campaignId };
}
