/**
 * Campaigns that were active at the last poll and are missing from this poll's list. A list
 * read page by page can skip a campaign when another one changes status in between, and a
 * misbehaving server can drop campaigns (or answer an empty list): each missing campaign is
 * looked up on its own before it counts as deactivated. When many are missing at once, an
 * even sample of them is looked up; if any of those is still active, the list is not
 * trusted and the poll fails (nothing is emitted or stored). A real mass deactivation passes,
 * because every sampled campaign is then inactive or gone.
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { campaignIdOf } from '../helpers/simplify';
import { annexCloudApiRequest, extractList, FIELDS, isStatusWord, ROUTES, statusValueMeaning } from '../transport';
import { isPlainObject } from '../transport/values';
import type { Departure } from './advance';
import { compareCampaignIds } from './idSet';

/** Missing campaigns looked up one by one at most (all of them, or an even sample). */
export const MAX_CONFIRMATIONS = 10;

/** Up to `count` entries spread evenly over `sorted`, first and last included. */
export function evenSample<T>(sorted: readonly T[], count: number): T[] {
	if (sorted.length <= count) return [...sorted];
	if (count <= 1) return sorted.slice(0, Math.max(0, count));
	const picked: T[] = [];
	for (let k = 0; k < count; k++) {
		const entry = sorted[Math.round((k * (sorted.length - 1)) / (count - 1))];
		if (entry !== undefined) picked.push(entry);
	}
	return picked;
}

export function outOfTime(context: IPollFunctions, done: string): NodeOperationError {
	return new NodeOperationError(context.getNode(), `Reading the campaigns took longer than the time allowed (${done})`, {
		description: 'Nothing was emitted and nothing was marked as seen; the next poll starts over.',
	});
}

/** One campaign by id, or undefined when Annex Cloud says there is no such campaign. */
async function fetchCampaign(context: IPollFunctions, campaignId: string, deadlineMs: number): Promise<IDataObject | undefined> {
	const response = await annexCloudApiRequest.call(context, {
		route: ROUTES.getCampaign,
		pathParams: { campaignId },
		deadlineMs,
		expect: 'record',
		notFoundIsEmpty: true,
	});
	if (response === undefined) return undefined;
	const records = isPlainObject(response) && campaignIdOf(response) !== '' ? [response] : extractList(response);
	const record = records.find((candidate) => campaignIdOf(candidate) === campaignId);
	if (record === undefined) {
		const other = records.map((candidate) => campaignIdOf(candidate)).find((id) => id !== '');
		throw new NodeOperationError(
			context.getNode(),
			`Annex Cloud answered the look-up of campaign ${campaignId} with ${other === undefined ? 'a record without an id' : `campaign ${other}`}`,
			{
				description: 'Nothing was emitted and nothing was marked as seen; the next poll starts over.',
			},
		);
	}
	return record;
}

/** Whether a looked-up campaign is still active; a status word nobody knows is an error. */
function stillActive(context: IPollFunctions, record: IDataObject, campaignId: string): boolean {
	const status = record[FIELDS.campaign.status];
	const meaning = statusValueMeaning(status);
	if (meaning === 'unknown') {
		throw new NodeOperationError(
			context.getNode(),
			`Campaign ${campaignId} has the status ${JSON.stringify(status)}, which this node does not know`,
			{
				description: 'Nothing was emitted and nothing was marked as seen. Report the status word so that it can be added.',
			},
		);
	}
	return meaning === 'active';
}

/**
 * The records of missing campaigns that are still active (the list skipped them). Throws when
 * many campaigns are missing and a sampled one is still active: the list is not trusted.
 */
export async function confirmMissing(
	context: IPollFunctions,
	missingIds: readonly string[],
	deadlineMs: number,
): Promise<IDataObject[]> {
	// A status word as an id would address the list route, not the campaign.
	const missing = missingIds.filter((id) => !isStatusWord(id)).sort(compareCampaignIds);
	if (missing.length === 0) return [];
	const sampled = missing.length > MAX_CONFIRMATIONS;
	const confirmed: IDataObject[] = [];
	for (const id of evenSample(missing, MAX_CONFIRMATIONS)) {
		if (Date.now() > deadlineMs) throw outOfTime(context, 'while checking campaigns missing from the list');
		const record = await fetchCampaign(context, id, deadlineMs);
		if (record === undefined || !stillActive(context, record, id)) continue;
		if (sampled) {
			throw new NodeOperationError(
				context.getNode(),
				`The list of active campaigns left out ${missing.length} campaigns that were active, but campaign ${id} is still active when looked up`,
				{
					description:
						'The list is not trusted, so nothing was emitted and nothing was marked as seen; the next poll starts over. If this repeats, the server is leaving campaigns out of its list: report it to Annex Cloud support.',
				},
			);
		}
		confirmed.push(record);
	}
	return confirmed;
}

/** Campaigns that left the list looked up in one poll at most (Campaign Ended or Deactivated); the rest wait. */
export const MAX_DEPARTURE_LOOKUPS = 25;

/**
 * Campaign Ended or Deactivated: what became of campaigns that left the active list, each
 * looked up on its own (at most MAX_DEPARTURE_LOOKUPS a poll, lowest ids first; the others stay
 * in the set for the next poll, so none is missed and no poll runs long). A campaign still
 * active was skipped by the list and stays; one that is off left as "deactivated"; one Annex
 * Cloud no longer has left as "removed".
 */
export async function lookUpDepartures(
	context: IPollFunctions,
	missingIds: readonly string[],
	deadlineMs: number,
): Promise<{ stillActive: IDataObject[]; departures: Map<string, Departure> }> {
	const stillActiveRecords: IDataObject[] = [];
	const departures = new Map<string, Departure>();
	const ids = missingIds
		.filter((id) => !isStatusWord(id))
		.sort(compareCampaignIds)
		.slice(0, MAX_DEPARTURE_LOOKUPS);
	for (const id of ids) {
		if (Date.now() > deadlineMs) throw outOfTime(context, 'while looking up campaigns that left the list');
		const record = await fetchCampaign(context, id, deadlineMs);
		if (record === undefined) departures.set(id, { reason: 'removed' });
		else if (stillActive(context, record, id)) stillActiveRecords.push(record);
		else departures.set(id, { record, reason: 'deactivated' });
	}
	return { stillActive: stillActiveRecords, departures };
}
