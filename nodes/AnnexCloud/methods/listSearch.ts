/**
 * "From list" search for campaigns and campaign groups, through the same transport as the
 * operations. `paginationToken` is the next page number to read. A filter keeps the records
 * whose name or id contains it (case-insensitive); while filtering, several pages are read
 * per call so that a sparse match still fills the list. A campaign's entry also says whether it
 * is active and whether members must activate it: "Summer Points (1001, active, needs activation)".
 */
import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { campaignGroupIdOf, campaignIdOf, campaignStateWords } from '../helpers/simplify';
import {
	annexCloudApiRequest,
	extractList,
	FIELDS,
	hasNextPage,
	LIST_KEYS,
	PAGE_QUERY_PARAMETER,
	pageInfoOf,
	ROUTES,
	type CampaignStatus,
	type RouteDefinition,
} from '../transport';

/** The list search offers everything, active or not. */
const ALL_STATUSES: CampaignStatus = 'all';

/** With a filter, stop reading pages once this many matches were found... */
const MIN_FILTERED_RESULTS = 20;
/** ...or after this many pages in one call. */
const MAX_PAGES_PER_CALL = 10;

interface SearchTarget {
	route: RouteDefinition;
	listKey: string;
	idOf: (record: IDataObject) => string;
	nameField: string;
	/** Words shown after the id, e.g. the campaign's status. */
	detailsOf?: (record: IDataObject) => string[];
}

/** The name a list entry shows: "Name (id, details...)", or the id when the record has no name. */
function entryName(name: string, id: string, details: string[]): string {
	const inBrackets = name === '' ? details : [id, ...details];
	const label = name === '' ? id : name;
	return inBrackets.length === 0 ? label : `${label} (${inBrackets.join(', ')})`;
}

function pageFromToken(token: string | undefined): number {
	const page = Number(token);
	return Number.isInteger(page) && page >= 1 ? page : 1;
}

async function search(
	this: ILoadOptionsFunctions,
	target: SearchTarget,
	filter: string | undefined,
	paginationToken: string | undefined,
): Promise<INodeListSearchResult> {
	const needle = (filter ?? '').trim().toLowerCase();
	const results: INodeListSearchItems[] = [];
	let page = pageFromToken(paginationToken);
	for (let read = 0; read < MAX_PAGES_PER_CALL; read++) {
		const response = await annexCloudApiRequest.call(this, {
			route: target.route,
			pathParams: { status: ALL_STATUSES },
			// The first page is asked for without ?page=1, as Annex Cloud documents paging.
			qs: page > 1 ? { [PAGE_QUERY_PARAMETER]: page } : undefined,
			expect: 'list',
		});
		const records = extractList(response, target.listKey);
		for (const record of records) {
			const id = target.idOf(record);
			if (id === '') continue;
			const nameValue = record[target.nameField];
			const name = typeof nameValue === 'string' || typeof nameValue === 'number' ? String(nameValue) : '';
			if (needle !== '' && !name.toLowerCase().includes(needle) && !id.toLowerCase().includes(needle)) continue;
			results.push({ name: entryName(name, id, target.detailsOf?.(record) ?? []), value: id });
		}
		const more = hasNextPage(pageInfoOf(response), page, records.length);
		page += 1;
		if (!more) return { results };
		if (needle === '' || results.length >= MIN_FILTERED_RESULTS) return { results, paginationToken: String(page) };
	}
	return { results, paginationToken: String(page) };
}

export async function searchCampaigns(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await search.call(
		this,
		{
			route: ROUTES.getCampaignsByStatus,
			listKey: LIST_KEYS.campaigns,
			idOf: campaignIdOf,
			nameField: FIELDS.campaign.name,
			detailsOf: campaignStateWords,
		},
		filter,
		paginationToken,
	);
}

export async function searchCampaignGroups(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await search.call(
		this,
		{
			route: ROUTES.getCampaignGroupsByStatus,
			listKey: LIST_KEYS.campaignGroups,
			idOf: campaignGroupIdOf,
			nameField: FIELDS.campaignGroup.name,
		},
		filter,
		paginationToken,
	);
}
