/**
 * One step of the trigger's state machine: the last poll's set and the campaigns active now
 * in, the next set and the events to emit out. Pure: the inputs are not changed.
 *
 * The stored `active` set holds the event's keys (events.ts): campaign ids for Became Active,
 * Started and Ended or Deactivated (so a v0.1 state reads as it was written), `<id>@<end>` for
 * Ending Soon.
 */
import type { IDataObject } from 'n8n-workflow';

import { directionOf, idOfKey, isRetained, memberKey, TRIGGER_EVENTS, type EndReason, type EventSettings } from './events';
import {
	activeCampaigns,
	DEFAULT_ONCE_MEMORY_LIMIT,
	matchesFilters,
	pruneEmitted,
	type ActiveCampaign,
	type Activation,
	type AdvanceResult,
	type TriggerOptions,
	type TriggerState,
} from './state';

/** What became of a campaign that left the list, as its look-up said. */
export interface Departure {
	/** undefined when Annex Cloud has no such campaign any more */
	record?: IDataObject;
	reason: EndReason;
}

export const DEFAULT_EVENT: EventSettings = {
	event: TRIGGER_EVENTS.becameActive,
};

/** The members of the event's set now: the campaign's record under the event's key. */
export function membersOf(campaigns: readonly ActiveCampaign[], settings: EventSettings, nowMs: number): ActiveCampaign[] {
	const members: ActiveCampaign[] = [];
	for (const campaign of campaigns) {
		const key = memberKey(campaign.record, settings, nowMs);
		if (key !== undefined) members.push({ id: key, record: campaign.record });
	}
	return members;
}

interface Candidate {
	campaignId: string;
	record: IDataObject | undefined;
	endReason?: EndReason;
}

function safeFirstSequence(value: number | undefined): number {
	return value !== undefined && Number.isSafeInteger(value) && value >= 0 ? value : 0;
}

/** The next state and the events to emit. `departures`: look-ups of campaigns that left the list. */
export function advance(
	previous: TriggerState | undefined,
	records: readonly IDataObject[],
	options: TriggerOptions,
	departures: ReadonlyMap<string, Departure> = new Map(),
): AdvanceResult {
	const settings = options.event ?? DEFAULT_EVENT;
	const nowMs = options.nowMs ?? Date.now();
	const campaigns = activeCampaigns(records);
	const members = membersOf(campaigns, settings, nowMs);
	const memberKeys = new Set(members.map((member) => member.id));
	const previousEmitted = options.emitOnce ? (previous?.emitted ?? new Set<string>()) : undefined;
	const tracked = new Set(memberKeys);
	let candidates: Candidate[] = [];

	if (directionOf(settings.event) === 'enter') {
		const entering =
			previous === undefined
				? options.startFrom === 'includeActive'
					? members
					: []
				: members.filter((member) => !previous.active.has(member.id));
		candidates = entering.map((member) => ({
			campaignId: idOfKey(member.id),
			record: member.record,
		}));
		for (const key of previous?.active ?? []) if (!memberKeys.has(key) && isRetained(key, settings, nowMs)) tracked.add(key);
	} else if (previous !== undefined) {
		const listed = new Map(campaigns.map((campaign) => [campaign.id, campaign.record]));
		for (const key of previous.active) {
			if (memberKeys.has(key)) continue;
			const campaignId = idOfKey(key);
			const stillListed = listed.get(campaignId);
			const departure =
				stillListed !== undefined ? { record: stillListed, reason: 'ended' as const } : departures.get(campaignId);
			// Not looked up this poll: it stays in the set and is decided by a later poll.
			if (departure === undefined) tracked.add(key);
			else
				candidates.push({
					campaignId,
					record: departure.record,
					endReason: departure.reason,
				});
		}
	}

	const hasFilters = Boolean(options.filters.campaignGroup?.trim() || options.filters.nameContains?.trim());
	const toEmit = candidates.filter(
		(candidate) =>
			(candidate.record === undefined ? !hasFilters : matchesFilters(candidate.record, options.filters)) &&
			(previousEmitted === undefined || !previousEmitted.has(candidate.campaignId)),
	);
	const previousSequence = previous?.sequence ?? safeFirstSequence(options.firstSequence);
	const sequence = toEmit.length > 0 ? previousSequence + 1 : previousSequence;
	const state: TriggerState = { sequence, active: tracked };
	if (previousEmitted !== undefined) {
		const emitted = new Set(previousEmitted);
		for (const candidate of toEmit) emitted.add(candidate.campaignId);
		const trackedIds = new Set([...tracked].map(idOfKey));
		state.emitted = pruneEmitted(emitted, trackedIds, options.onceMemoryLimit ?? DEFAULT_ONCE_MEMORY_LIMIT);
	}
	const emitted: Activation[] = toEmit.map((candidate) => ({
		campaignId: candidate.campaignId,
		campaign: candidate.record,
		eventKey: `${candidate.campaignId}:${sequence}`,
		sequence,
		...(candidate.endReason === undefined ? {} : { endReason: candidate.endReason }),
	}));
	return { state, initial: previous === undefined, emitted };
}
