/**
 * The trigger's parameters as the state machine needs them. Pure reading, no requests.
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { DEFAULT_ENDING_WITHIN_DAYS, endingWithinMs, isTriggerEvent, TRIGGER_EVENTS, type EventSettings } from './events';
import type { CampaignFilters, StartFrom, TriggerOptions } from './state';

/** Filters, Start From, Emit Once, the event and its settings; `nowMs` is the poll's time. */
export function readTriggerOptions(context: IPollFunctions, nowMs: number): TriggerOptions & { event: EventSettings } {
	const filters = context.getNodeParameter('filters', {}) as IDataObject;
	const options = context.getNodeParameter('options', {}) as IDataObject;
	const campaignFilters: CampaignFilters = {};
	if (typeof filters.campaignGroup === 'string' || typeof filters.campaignGroup === 'number') {
		campaignFilters.campaignGroup = String(filters.campaignGroup);
	}
	if (typeof filters.nameContains === 'string') campaignFilters.nameContains = filters.nameContains;
	const startFrom: StartFrom = options.startFrom === 'includeActive' ? 'includeActive' : 'now';
	const eventName = context.getNodeParameter('event', TRIGGER_EVENTS.becameActive);
	const event: EventSettings = {
		event: isTriggerEvent(eventName) ? eventName : TRIGGER_EVENTS.becameActive,
		endingWithinMs: endingWithinMs(context.getNodeParameter('endingWithinDays', DEFAULT_ENDING_WITHIN_DAYS)),
	};
	return {
		startFrom,
		emitOnce: options.emitOnce === true,
		filters: campaignFilters,
		firstSequence: nowMs,
		event,
		nowMs,
	};
}
