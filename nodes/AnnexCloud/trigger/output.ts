/**
 * The items the trigger emits. Pure, no n8n context.
 *
 * - Version 2 (flat): the campaign's fields (simplified or exactly as the API sent them) at
 *   the top level, and the event's own fields beside them: `event`, `eventKey`, `detectedAt`,
 *   and for Campaign Ended or Deactivated `endReason`. The event's fields are written last:
 *   they are never campaign fields (Annex Cloud's are `campaign...`, Simplify's `id`, `name`...).
 * - Version 1 (nested, as v0.1 emitted): `{ event, eventKey, campaignId, detectedAt, campaign }`.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { simplifyCampaign } from '../helpers/simplify';
import { FIELDS } from '../transport/contract';
import { TRIGGER_EVENTS, type EndReason, type TriggerEvent } from './events';

/** v0.1's one event, the default. */
export const CAMPAIGN_BECAME_ACTIVE = TRIGGER_EVENTS.becameActive;

/** Suffix of the event key of a "Fetch Test Event" sample (never a real event's key). */
export const SAMPLE_KEY_SUFFIX = 'test';

export interface CampaignEvent {
	campaignId: string;
	/** undefined for a campaign that was removed (only its id is known) */
	campaign: IDataObject | undefined;
	eventKey: string;
	endReason?: EndReason;
}

export interface OutputShape {
	event: TriggerEvent;
	simplify: boolean;
	/** Version 2 of the trigger: the campaign's fields at the top level. */
	flat: boolean;
	detectedAt: string;
}

function campaignFields(event: CampaignEvent, simplify: boolean): IDataObject {
	if (event.campaign === undefined) return simplify ? { id: event.campaignId } : { [FIELDS.campaign.id]: event.campaignId };
	return simplify ? simplifyCampaign(event.campaign) : event.campaign;
}

/** One item per event, paired with the poll's single (virtual) input in order. */
export function toEventItems(events: readonly CampaignEvent[], shape: OutputShape): INodeExecutionData[] {
	return events.map((event, index) => {
		const fields = campaignFields(event, shape.simplify);
		const meta: IDataObject = {
			event: shape.event,
			eventKey: event.eventKey,
			detectedAt: shape.detectedAt,
		};
		if (event.endReason !== undefined) meta.endReason = event.endReason;
		const json: IDataObject = shape.flat
			? { ...fields, ...meta }
			: {
					event: shape.event,
					eventKey: event.eventKey,
					campaignId: event.campaignId,
					detectedAt: shape.detectedAt,
					...(event.endReason === undefined ? {} : { endReason: event.endReason }),
					campaign: fields,
				};
		return { json, pairedItem: { item: index } };
	});
}
