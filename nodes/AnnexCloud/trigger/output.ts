/**
 * The items the trigger emits. Pure, no n8n context.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { simplifyCampaign } from '../helpers/simplify';

export const CAMPAIGN_BECAME_ACTIVE = 'campaignBecameActive';

/** Suffix of the event key of a "Fetch Test Event" sample (never a real event's key). */
export const SAMPLE_KEY_SUFFIX = 'test';

export interface CampaignEvent {
	campaignId: string;
	campaign: IDataObject;
	eventKey: string;
}

/**
 * One item per event: `{ event, eventKey, campaignId, detectedAt, campaign }`, where
 * `campaign` is simplified or the record exactly as the API sent it.
 */
export function toEventItems(events: readonly CampaignEvent[], simplify: boolean, detectedAt: string): INodeExecutionData[] {
	return events.map((event, index) => ({
		json: {
			event: CAMPAIGN_BECAME_ACTIVE,
			eventKey: event.eventKey,
			campaignId: event.campaignId,
			detectedAt,
			campaign: simplify ? simplifyCampaign(event.campaign) : event.campaign,
		},
		pairedItem: { item: index },
	}));
}
