/**
 * "Simplify" output: a short, useful set of fields per record, named after the contract so
 * that a renamed API field is fixed in the contract alone. Fields the API did not send are
 * left out rather than set to null.
 */
import type { IDataObject } from 'n8n-workflow';

import { FIELDS, isActiveStatusValue } from '../transport/contract';

function pick(record: IDataObject, fields: Record<string, string>): IDataObject {
	const result: IDataObject = {};
	for (const [outputName, apiName] of Object.entries(fields)) {
		if (record[apiName] !== undefined) result[outputName] = record[apiName];
	}
	return result;
}

const CAMPAIGN_SIMPLE_FIELDS = {
	id: FIELDS.campaign.id,
	name: FIELDS.campaign.name,
	status: FIELDS.campaign.status,
	startDate: FIELDS.campaign.dateFrom,
	endDate: FIELDS.campaign.dateTo,
	groupId: FIELDS.campaign.groupId,
	groupName: FIELDS.campaign.groupName,
	activationRequired: FIELDS.campaign.activationRequired,
	individualValidity: FIELDS.campaign.individualValidity,
	tagline: FIELDS.campaign.tagline,
} as const;

const GROUP_SIMPLE_FIELDS = {
	id: FIELDS.campaignGroup.id,
	name: FIELDS.campaignGroup.name,
	status: FIELDS.campaignGroup.status,
} as const;

export function simplifyCampaign(campaign: IDataObject): IDataObject {
	const simple = pick(campaign, CAMPAIGN_SIMPLE_FIELDS);
	if (campaign[FIELDS.campaign.status] !== undefined) {
		simple.isActive = isActiveStatusValue(campaign[FIELDS.campaign.status]);
	}
	return simple;
}

export function simplifyCampaignGroup(group: IDataObject): IDataObject {
	const simple = pick(group, GROUP_SIMPLE_FIELDS);
	const campaigns = group[FIELDS.campaignGroup.campaigns];
	if (Array.isArray(campaigns)) simple.campaignCount = campaigns.length;
	return simple;
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
