/**
 * "Fetch Test Event": which active campaigns to show as samples. Pure, no n8n context.
 */
import type { IDataObject } from 'n8n-workflow';

import { FIELDS } from '../transport/contract';
import { parseApiDateMs } from './dates';
import { compareCampaignIds } from './idSet';
import { campaignIdOf } from '../helpers/simplify';
import { activeCampaigns, matchesFilters, type ActiveCampaign, type CampaignFilters } from './state';

export const MAX_SAMPLES = 3;

/**
 * The campaigns of a list with an id, first of each id. From an active list, not those whose
 * own status says they are not active (a server that ignores the status filter); from the
 * inactive list (`anyStatus`), all.
 */
function withIds(records: readonly IDataObject[], anyStatus: boolean): ActiveCampaign[] {
	if (!anyStatus) return activeCampaigns(records);
	const seen = new Set<string>();
	const campaigns: ActiveCampaign[] = [];
	for (const record of records) {
		const id = campaignIdOf(record);
		if (id === '' || seen.has(id)) continue;
		seen.add(id);
		campaigns.push({ id, record });
	}
	return campaigns;
}

/** How samples are ordered: the most recently started, the soonest to end, the most recently ended. */
export type SampleOrder = 'latestStart' | 'soonestEnd' | 'latestEnd';

/**
 * Up to `max` campaigns that pass the filters, in `order` (campaigns without a readable date
 * last; ties: highest id first): from an active list, or for `latestEnd` the inactive one.
 */
export function pickSamples(
	records: readonly IDataObject[],
	filters: CampaignFilters,
	max: number = MAX_SAMPLES,
	order: SampleOrder = 'latestStart',
): ActiveCampaign[] {
	const field = order === 'latestStart' ? FIELDS.campaign.dateFrom : FIELDS.campaign.dateTo;
	const ascending = order === 'soonestEnd';
	return withIds(records, order === 'latestEnd')
		.filter((campaign) => matchesFilters(campaign.record, filters))
		.map((campaign) => ({
			campaign,
			date: parseApiDateMs(campaign.record[field]),
		}))
		.sort((a, b) => {
			if (a.date !== b.date) {
				if (a.date === undefined) return 1;
				if (b.date === undefined) return -1;
				return ascending ? a.date - b.date : b.date - a.date;
			}
			return compareCampaignIds(b.campaign.id, a.campaign.id);
		})
		.slice(0, Math.max(0, max))
		.map(({ campaign }) => campaign);
}
