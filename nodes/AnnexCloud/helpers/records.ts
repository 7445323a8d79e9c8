/**
 * Turning API responses into output records.
 */
import type { IDataObject } from 'n8n-workflow';

import { extractList, FIELDS } from '../transport';
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

/** The response of a write, or a summary of what was sent when the API answered with nothing. */
export function writeResult(response: unknown, sent: IDataObject): IDataObject {
	if (isPlainObject(response) && Object.keys(response).length > 0) return response;
	if (Array.isArray(response) && response.length > 0) return { success: true, ...sent, response };
	return { success: true, ...sent };
}
