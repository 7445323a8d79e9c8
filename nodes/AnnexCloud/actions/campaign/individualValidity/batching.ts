/**
 * Set Individual Validity, pure part 1: the checked member entries of a run and how they are
 * split into requests. One request per campaign and set of extra body fields, in order of
 * first appearance, at most Batch Size members each.
 */
import type { IDataObject } from 'n8n-workflow';

export interface MemberEntry {
	itemIndex: number;
	campaignId: string;
	memberId: string;
	startDate: string;
	endDate: string;
	/** The member's entry in the request body. */
	member: IDataObject;
	/** Top-level extra body fields. */
	extraBody: IDataObject;
	timeoutMs: number;
}

/**
 * What makes two items the same member: one member has one window per campaign, so a second
 * item for the same campaign and member in one run is refused before anything is sent (its
 * result could not be told apart from the first's, and two batches in flight at once would
 * apply the two windows in no defined order).
 */
export function memberKey(entry: Pick<MemberEntry, 'campaignId' | 'memberId'>): string {
	return JSON.stringify([entry.campaignId, entry.memberId]);
}

/** Batches of entries: per campaign and extra body fields, in order of first appearance. */
export function toBatches<E extends Pick<MemberEntry, 'campaignId' | 'extraBody'>>(entries: E[], batchSize: number): E[][] {
	const groups = new Map<string, E[]>();
	for (const entry of entries) {
		const key = JSON.stringify([entry.campaignId, entry.extraBody]);
		const group = groups.get(key);
		if (group) group.push(entry);
		else groups.set(key, [entry]);
	}
	const batches: E[][] = [];
	for (const group of groups.values()) {
		for (let start = 0; start < group.length; start += batchSize) batches.push(group.slice(start, start + batchSize));
	}
	return batches;
}
