/**
 * The trigger's parameters as the state machine needs them. Pure reading, no requests.
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { DEFAULT_ENDING_WITHIN_DAYS, endingWithinMs, isTriggerEvent, TRIGGER_EVENTS, type EventSettings } from './events';
import type { CampaignFilters, StartFrom, TriggerOptions } from './state';

/**
 * The Campaign Group filter's value: a From List / By ID picker (`{ __rl, mode, value }`), or
 * the plain string (id or name) that workflows saved before the picker hold.
 */
export function campaignGroupFilterValue(value: unknown): string | undefined {
	const inner = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as IDataObject).value : value;
	return typeof inner === 'string' || typeof inner === 'number' ? String(inner) : undefined;
}

/** Filters, Start From, Emit Once, the event and its settings; `nowMs` is the poll's time. */
export function readTriggerOptions(context: IPollFunctions, nowMs: number): TriggerOptions & { event: EventSettings } {
	const filters = context.getNodeParameter('filters', {}) as IDataObject;
	const options = context.getNodeParameter('options', {}) as IDataObject;
	const campaignFilters: CampaignFilters = {};
	const campaignGroup = campaignGroupFilterValue(filters.campaignGroup);
	if (campaignGroup !== undefined) campaignFilters.campaignGroup = campaignGroup;
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
