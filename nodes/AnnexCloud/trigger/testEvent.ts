/**
 * "Fetch Test Event" (the editor's manual poll): up to three real campaigns for the chosen
 * event, shaped like the items a real poll emits. The static data is not even read.
 */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { annexCloudApiRequestAllItems, LIST_KEYS, ROUTES } from '../transport';
import { membersOf } from './advance';
import { TRIGGER_EVENTS, type EventSettings } from './events';
import { SAMPLE_KEY_SUFFIX, toEventItems, type OutputShape } from './output';
import { pickSamples, type SampleOrder } from './samples';
import { activeCampaigns, type TriggerOptions } from './state';

/** "Fetch Test Event": up to three real campaigns for the event; the static data is not even read. */
export async function testEvent(
	this: IPollFunctions,
	records: IDataObject[],
	options: TriggerOptions & { event: EventSettings },
	shape: OutputShape,
	deadlineMs: number,
): Promise<INodeExecutionData[][]> {
	const { event } = options.event;
	let candidates = membersOf(activeCampaigns(records), options.event, options.nowMs ?? Date.now()).map((m) => m.record);
	let order: SampleOrder = 'latestStart';
	if (event === TRIGGER_EVENTS.endingSoon) {
		// Nothing may end within the window right now: the active campaigns ending soonest show the shape.
		candidates = activeCampaigns(records).map((campaign) => campaign.record);
		order = 'soonestEnd';
	} else if (event === TRIGGER_EVENTS.ended) {
		candidates = await annexCloudApiRequestAllItems.call(this, {
			route: ROUTES.getCampaignsByStatus,
			pathParams: { status: 'inactive' },
			listKey: LIST_KEYS.campaigns,
			limit: 100,
			deadlineMs,
		});
		order = 'latestEnd';
	}
	const samples = pickSamples(candidates, options.filters, undefined, order);
	if (samples.length === 0) {
		const filtered = Boolean(options.filters.campaignGroup?.trim() || options.filters.nameContains?.trim());
		const what = event === TRIGGER_EVENTS.ended ? 'inactive' : 'active';
		throw new NodeOperationError(
			this.getNode(),
			`No ${what} campaigns found in Annex Cloud${filtered ? ' that match the filters' : ''}`,
			{
				description: filtered
					? 'Change the filters, or make a matching campaign fit the event in Annex Cloud, then fetch a test event again.'
					: `Make a campaign ${what} in Annex Cloud, then fetch a test event again.`,
			},
		);
	}
	const events = samples.map((sample) => ({
		campaignId: sample.id,
		campaign: sample.record,
		eventKey: `${sample.id}:${SAMPLE_KEY_SUFFIX}`,
		...(event === TRIGGER_EVENTS.ended ? { endReason: 'deactivated' as const } : {}),
	}));
	return [toEventItems(events, shape)];
}
