/**
 * The Annex Cloud Trigger's state machine, with no n8n context: previous state + the list of
 * campaigns that are active now + options in, new state + the campaigns to emit out.
 *
 * What the state holds (and nothing else):
 * - `active`: the ids of every campaign that was active at the last committed poll, whatever
 *   the filters, compactly encoded (see idSet.ts). A campaign "became active" when it is
 *   active now and was not in this set.
 * - `sequence`: how many polls have emitted so far. It is part of each event key
 *   (`<campaign id>:<sequence>`), so every activation of a campaign gets its own key while
 *   the same activation, emitted again by a poll whose result was never saved, keeps it.
 * - `emitted` (only with "Emit Each Campaign Only Once"): ids of emitted campaigns. It holds
 *   the emitted campaigns that are active now plus at most `onceMemoryLimit` emitted
 *   campaigns that are not active any more (the lowest ids are forgotten first).
 *
 * So the state grows with the number of active campaigns, never with the number of
 * campaigns ever seen.
 */
import type { IDataObject } from 'n8n-workflow';

import { campaignIdOf } from '../helpers/simplify';
import { FIELDS, statusValueMeaning } from '../transport/contract';
import { textOf as text } from '../transport/values';
import { canonicalJson } from './canonicalJson';
import type { EndReason, EventSettings } from './events';
import { compareCampaignIds, decodeIdSet, encodeIdSet, type EncodedIdSet } from './idSet';

export { canonicalJson } from './canonicalJson';

export const STATE_VERSION = 1;

/** Emitted campaigns that are no longer active, remembered in "once" mode. */
export const DEFAULT_ONCE_MEMORY_LIMIT = 10_000;

export type StartFrom = 'now' | 'includeActive';

export interface CampaignFilters {
	/** A campaign group id or name (name compared case-insensitively). Empty: any group. */
	campaignGroup?: string;
	/** Case-insensitive substring of the campaign name. Empty: any name. */
	nameContains?: string;
}

export interface TriggerOptions {
	/** What the very first poll (no state yet) does with the campaigns already active. */
	startFrom: StartFrom;
	/** Emit each campaign at most once, even if it is deactivated and activated again. */
	emitOnce: boolean;
	filters: CampaignFilters;
	/** Overrides DEFAULT_ONCE_MEMORY_LIMIT (tests). */
	onceMemoryLimit?: number;
	/**
	 * The sequence a first poll (no usable state) starts from. The trigger passes the current
	 * time in ms, so that event keys stay unique after the state was reset (a renamed node, a
	 * corrupt state): every earlier key's sequence is smaller, as polls are at least a minute
	 * apart and each emitting poll adds one. Default 0.
	 */
	firstSequence?: number;
	/** Which event the trigger watches (default: Campaign Became Active) and its settings. */
	event?: EventSettings;
	/** The time of the poll, epoch ms (the events that depend on dates read it). Default Date.now() at the call. */
	nowMs?: number;
}

/** The state as stored in the node's static data (a JSON object). */
export interface StoredTriggerState {
	version: typeof STATE_VERSION;
	sequence: number;
	active: EncodedIdSet;
	emitted?: EncodedIdSet;
}

/** The decoded state. */
export interface TriggerState {
	sequence: number;
	active: Set<string>;
	/** undefined unless "once" mode stored it */
	emitted?: Set<string>;
}

export interface ActiveCampaign {
	id: string;
	record: IDataObject;
}

export interface Activation {
	campaignId: string;
	/** The campaign's record (undefined only for a campaign that left and could not be read: removed). */
	campaign: IDataObject | undefined;
	/** `<campaign id>:<sequence>` */
	eventKey: string;
	sequence: number;
	/** Campaign Ended or Deactivated: why it left. */
	endReason?: EndReason;
}

export interface AdvanceResult {
	state: TriggerState;
	emitted: Activation[];
	/** true when this was the first poll (no usable previous state) */
	initial: boolean;
}

/**
 * The campaigns of an "active" list that count as active: records with an id, the first
 * record of each id, and not those whose own status field says they are not active (a
 * server that ignores the status filter cannot make inactive campaigns fire). Order kept.
 */
export function activeCampaigns(records: readonly IDataObject[]): ActiveCampaign[] {
	const seen = new Set<string>();
	const result: ActiveCampaign[] = [];
	for (const record of records) {
		const id = campaignIdOf(record);
		if (id === '' || seen.has(id)) continue;
		const meaning = statusValueMeaning(record[FIELDS.campaign.status]);
		if (meaning !== 'active' && meaning !== 'absent') continue;
		seen.add(id);
		result.push({ id, record });
	}
	return result;
}

/** Whether a campaign passes the filters. */
export function matchesFilters(campaign: IDataObject, filters: CampaignFilters): boolean {
	const group = text(filters.campaignGroup);
	if (group !== '') {
		const groupId = text(campaign[FIELDS.campaign.groupId]);
		const groupName = text(campaign[FIELDS.campaign.groupName]);
		if (groupId !== group && groupName.toLowerCase() !== group.toLowerCase()) return false;
	}
	const nameContains = text(filters.nameContains).toLowerCase();
	if (nameContains !== '') {
		const name = text(campaign[FIELDS.campaign.name]).toLowerCase();
		if (!name.includes(nameContains)) return false;
	}
	return true;
}

/** The keys a stored state may have; a state with any other key is rewritten by a full poll. */
const STORED_KEYS: ReadonlySet<string> = new Set<keyof StoredTriggerState>(['version', 'sequence', 'active', 'emitted']);

/**
 * Whether this poll changes nothing, decided without decoding the stored state: the campaigns
 * active now are exactly the stored ones (compared in their encoded form), the stored state is
 * one a full poll would keep as it is, and "Emit Each Campaign Only Once" is off (that mode
 * prunes its memory against the active set, so it always takes the full path). Then nothing
 * became active and nothing is missing from the list, and `advance` would return the stored
 * state unchanged: the poll can end there. Any doubt (another version, an encoding written
 * differently, extra keys) answers false and the full path decides.
 */
export function isUnchanged(stored: unknown, current: readonly ActiveCampaign[], options: TriggerOptions): boolean {
	if (options.emitOnce) return false;
	if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return false;
	const data = stored as Partial<Record<keyof StoredTriggerState, unknown>>;
	if (Object.keys(data).some((key) => !STORED_KEYS.has(key) && (data as Record<string, unknown>)[key] !== undefined))
		return false;
	if (data.version !== STATE_VERSION || data.emitted !== undefined) return false;
	const { sequence } = data;
	if (typeof sequence !== 'number' || !Number.isSafeInteger(sequence) || sequence < 0) return false;
	return canonicalJson(data.active) === canonicalJson(encodeIdSet(current.map((campaign) => campaign.id)));
}

/** Keep every emitted id that is active, and at most `limit` of the others (highest ids). */
export function pruneEmitted(emitted: Set<string>, active: Set<string>, limit: number): Set<string> {
	const inactive = [...emitted].filter((id) => !active.has(id));
	const excess = inactive.length - Math.max(0, limit);
	if (excess <= 0) return emitted;
	inactive.sort(compareCampaignIds);
	const kept = new Set(emitted);
	for (const id of inactive.slice(0, excess)) kept.delete(id);
	return kept;
}

export function serializeState(state: TriggerState): StoredTriggerState {
	const stored: StoredTriggerState = {
		version: STATE_VERSION,
		sequence: state.sequence,
		active: encodeIdSet(state.active),
	};
	if (state.emitted !== undefined) stored.emitted = encodeIdSet(state.emitted);
	return stored;
}

/**
 * The state stored in a node's static data, or undefined when there is none or it cannot be
 * read (unknown version, corrupt): the next poll then starts over as a first poll.
 */
export function parseState(stored: unknown): TriggerState | undefined {
	if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return undefined;
	const data = stored as Partial<Record<keyof StoredTriggerState, unknown>>;
	if (data.version !== STATE_VERSION) return undefined;
	const sequence = data.sequence;
	if (typeof sequence !== 'number' || !Number.isSafeInteger(sequence) || sequence < 0) return undefined;
	const active = decodeIdSet(data.active);
	if (active === undefined) return undefined;
	const state: TriggerState = { sequence, active };
	if (data.emitted !== undefined) {
		const emitted = decodeIdSet(data.emitted);
		if (emitted === undefined) return undefined;
		state.emitted = emitted;
	}
	return state;
}
