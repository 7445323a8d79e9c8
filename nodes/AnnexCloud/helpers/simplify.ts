/**
 * "Simplify" output: a short, useful set of fields per record, named after the contract so
 * that a renamed API field is fixed in the contract alone. Fields the API did not send are
 * left out rather than set to null.
 */
import type { IDataObject } from 'n8n-workflow';

import { FIELDS, isActiveStatusValue, statusValueMeaning } from '../transport/contract';

function pick(record: IDataObject, fields: Record<string, string>): IDataObject {
	const result: IDataObject = {};
	for (const [outputName, apiName] of Object.entries(fields)) {
		if (record[apiName] !== undefined) result[outputName] = record[apiName];
	}
	return result;
}

/**
 * A simplified campaign: at most ten fields, the most useful first (the order of this list is
 * the order of the output's keys). `isActive` follows `status`. Everything else (terms,
 * tagline, audience, milestones, individual validity...) is in the raw output (Simplify off).
 */
export const CAMPAIGN_SIMPLE_FIELDS = [
	['id', FIELDS.campaign.id],
	['name', FIELDS.campaign.name],
	['description', FIELDS.campaign.description],
	['status', FIELDS.campaign.status],
	['isActive', undefined],
	['activationRequired', FIELDS.campaign.activationRequired],
	['startDate', FIELDS.campaign.dateFrom],
	['endDate', FIELDS.campaign.dateTo],
	['groupId', FIELDS.campaign.groupId],
	['groupName', FIELDS.campaign.groupName],
] as const;

export function simplifyCampaign(campaign: IDataObject): IDataObject {
	const simple: IDataObject = {};
	for (const [outputName, apiName] of CAMPAIGN_SIMPLE_FIELDS) {
		if (apiName === undefined) {
			// isActive: what the status says, as a boolean, when there is a status.
			const status = campaign[FIELDS.campaign.status];
			if (status !== undefined) simple[outputName] = isActiveStatusValue(status);
		} else if (campaign[apiName] !== undefined) {
			simple[outputName] = campaign[apiName];
		}
	}
	return simple;
}

const GROUP_SIMPLE_FIELDS = {
	id: FIELDS.campaignGroup.id,
	name: FIELDS.campaignGroup.name,
	status: FIELDS.campaignGroup.status,
} as const;

/** The output fields of a simplified campaign, in order. */
export const CAMPAIGN_SIMPLE_FIELD_NAMES: readonly string[] = CAMPAIGN_SIMPLE_FIELDS.map(([name]) => name);

/** The output fields of a simplified campaign group, in order. */
export const GROUP_SIMPLE_FIELD_NAMES: readonly string[] = [...Object.keys(GROUP_SIMPLE_FIELDS), 'campaignIds', 'campaignCount'];

/**
 * A simplified campaign group: id, name, status, and the ids of its campaigns with their
 * count. A group lists its campaigns as ids or as campaign objects; both give ids.
 */
export function simplifyCampaignGroup(group: IDataObject): IDataObject {
	const simple = pick(group, GROUP_SIMPLE_FIELDS);
	const campaigns = group[FIELDS.campaignGroup.campaigns];
	if (Array.isArray(campaigns)) {
		simple.campaignIds = campaigns.map(campaignIdIn).filter((id) => id !== '');
		simple.campaignCount = campaigns.length;
	}
	return simple;
}

/** A group's campaign entry as an id: an id itself, or a campaign object's id ('' when neither). */
function campaignIdIn(entry: unknown): string {
	if (typeof entry === 'string' || typeof entry === 'number') return String(entry);
	if (typeof entry === 'object' && entry !== null && !Array.isArray(entry)) return campaignIdOf(entry as IDataObject);
	return '';
}

/** The id of a campaign record as a string ('' when absent). */
export function campaignIdOf(campaign: IDataObject): string {
	const id = campaign[FIELDS.campaign.id];
	return typeof id === 'string' || typeof id === 'number' ? String(id) : '';
}

/** The id of a campaign group record as a string ('' when absent). */
export function campaignGroupIdOf(group: IDataObject): string {
	const id = group[FIELDS.campaignGroup.id];
	return typeof id === 'string' || typeof id === 'number' ? String(id) : '';
}

const YES_WORDS: ReadonlySet<string> = new Set(['true', '1', 'yes', 'y']);
const NO_WORDS: ReadonlySet<string> = new Set(['false', '0', 'no', 'n']);

/**
 * What a campaign list entry says about it: "active"/"inactive" (or the API's own status word),
 * then "needs activation"/"no activation needed". Words for values that are absent or unclear
 * are left out.
 */
export function campaignStateWords(campaign: IDataObject): string[] {
	const details: string[] = [];
	const status = campaign[FIELDS.campaign.status];
	const meaning = statusValueMeaning(status);
	if (meaning === 'active' || meaning === 'inactive') details.push(meaning);
	else if (meaning === 'unknown' && (typeof status === 'string' || typeof status === 'number')) details.push(String(status).trim());
	const required = campaign[FIELDS.campaign.activationRequired];
	const word = typeof required === 'string' || typeof required === 'number' ? String(required).trim().toLowerCase() : '';
	if (required === true || YES_WORDS.has(word)) details.push('needs activation');
	else if (required === false || NO_WORDS.has(word)) details.push('no activation needed');
	return details;
}
