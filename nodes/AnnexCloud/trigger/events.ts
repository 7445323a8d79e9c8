/**
 * The trigger's events, as sets: at each poll a campaign active now is or is not a member of
 * the event's set, under a key. An "enter" event fires for keys that join the set since the
 * last poll, a "leave" event for keys that left it. The state machine (state.ts) keeps the set
 * of the last poll (`active` in the stored state) and diffs; this module says what the set is.
 * Pure, no n8n context: `nowMs` is passed in.
 *
 * - Campaign Became Active: every active campaign, keyed by id (the set v0.1 stored).
 * - Campaign Started: active campaigns whose start date has been reached (or that have none).
 *   A campaign switched on before its start fires on the start date; one switched on after its
 *   start fires at once.
 * - Campaign Ending Soon: active campaigns whose end date is within the chosen time, keyed by
 *   id and end date, so a changed end date may fire again. A key stays remembered until its end
 *   date has passed, so a campaign that leaves the window and comes back with the same end
 *   date does not fire twice.
 * - Campaign Ended or Deactivated: active campaigns that have not passed their end date; it
 *   fires for the ones that leave: switched off, removed, or past their end date.
 */
import type { IDataObject } from 'n8n-workflow';

import { campaignIdOf } from '../helpers/simplify';
import { FIELDS } from '../transport/contract';
import { parseApiDateMs } from './dates';

export const TRIGGER_EVENTS = {
	becameActive: 'campaignBecameActive',
	started: 'campaignStarted',
	endingSoon: 'campaignEndingSoon',
	ended: 'campaignEnded',
} as const;

export type TriggerEvent = (typeof TRIGGER_EVENTS)[keyof typeof TRIGGER_EVENTS];

export const DEFAULT_ENDING_WITHIN_DAYS = 3;
const DAY_MS = 86_400_000;

export interface EventSettings {
	event: TriggerEvent;
	/** Campaign Ending Soon: how far ahead of its end date a campaign fires. */
	endingWithinMs?: number;
}

export function isTriggerEvent(value: unknown): value is TriggerEvent {
	return (Object.values(TRIGGER_EVENTS) as unknown[]).includes(value);
}

export function endingWithinMs(days: unknown): number {
	const value = typeof days === 'number' && Number.isFinite(days) && days > 0 ? days : DEFAULT_ENDING_WITHIN_DAYS;
	return value * DAY_MS;
}

/** Whether an event fires for keys that join its set (enter) or leave it (leave). */
export function directionOf(event: TriggerEvent): 'enter' | 'leave' {
	return event === TRIGGER_EVENTS.ended ? 'leave' : 'enter';
}

const KEY_SEPARATOR = '@';

/**
 * The key of an active campaign in the event's set now, or undefined when it is not a member.
 * Keys are the campaign id, except for Ending Soon: `<id>@<end date in epoch ms>`.
 */
export function memberKey(record: IDataObject, settings: EventSettings, nowMs: number): string | undefined {
	const id = campaignIdOf(record);
	if (id === '') return undefined;
	switch (settings.event) {
		case TRIGGER_EVENTS.becameActive:
			return id;
		case TRIGGER_EVENTS.started: {
			const start = parseApiDateMs(record[FIELDS.campaign.dateFrom]);
			return start === undefined || start <= nowMs ? id : undefined;
		}
		case TRIGGER_EVENTS.endingSoon: {
			const end = parseApiDateMs(record[FIELDS.campaign.dateTo]);
			const within = settings.endingWithinMs ?? endingWithinMs(undefined);
			return end !== undefined && end > nowMs && end <= nowMs + within ? `${id}${KEY_SEPARATOR}${end}` : undefined;
		}
		case TRIGGER_EVENTS.ended: {
			const end = parseApiDateMs(record[FIELDS.campaign.dateTo]);
			return end === undefined || end > nowMs ? id : undefined;
		}
	}
}

/** The campaign id of a key. */
export function idOfKey(key: string): string {
	const at = key.lastIndexOf(KEY_SEPARATOR);
	return at < 0 ? key : key.slice(0, at);
}

/**
 * Whether a key of the last poll's set is kept although its campaign is no longer a member:
 * an Ending Soon key until its end date has passed (it cannot fire twice for one end date).
 */
export function isRetained(key: string, settings: EventSettings, nowMs: number): boolean {
	if (settings.event !== TRIGGER_EVENTS.endingSoon) return false;
	const at = key.lastIndexOf(KEY_SEPARATOR);
	const end = at < 0 ? Number.NaN : Number(key.slice(at + 1));
	return Number.isFinite(end) && end > nowMs;
}

/** Why a campaign left the Ended or Deactivated set. */
export type EndReason = 'ended' | 'deactivated' | 'removed';
