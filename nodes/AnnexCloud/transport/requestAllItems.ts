/**
 * Following `?page=N` through a list endpoint, on top of the one request path. The first
 * request carries no page parameter [doc: paging is by `?page=N` only]; later ones ask for
 * page 2, 3, ... A server whose paging cannot be trusted is an error, never a silently
 * partial or duplicated list: a page that says it is another page, a page that repeats
 * records already read, an empty page before the last one the server announced, more pages
 * than the bound, or more time than allowed.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { FIELDS, PAGE_QUERY_PARAMETER } from './contract';
import { extractList, hasNextPage, pageInfoOf } from './pagination';
import { asNodeError } from './errors';
import {
	annexCloudApiRequest,
	DEFAULT_TIMEOUT_MS,
	type AnnexCloudFunctions,
	type AnnexCloudRequest,
} from './request';

export const MAX_PAGES = 10_000;

/** Time allowed for reading a whole list when the caller sets no deadline (at least 4 timeouts). */
export const LIST_DEADLINE_MS = 5 * 60_000;

export interface AllItemsRequest extends AnnexCloudRequest {
	/** The list key to read first (see LIST_KEYS in the contract). */
	listKey?: string;
	/** Stop after this many records; undefined or 0 means all. */
	limit?: number;
	/** Safety bound on pages read (default MAX_PAGES); more pages than this is an error. */
	maxPages?: number;
	/** Called with each page's records as it arrives. */
	onPage?: (items: IDataObject[], page: number) => void;
	/** What the user should know when the list could not be read in time (default: nothing was returned). */
	deadlineHint?: string;
}

/** What identifies a record when checking for repeats: its id, else its whole content. */
function recordKey(record: IDataObject): string {
	for (const field of [FIELDS.campaign.id, FIELDS.campaignGroup.id]) {
		const value = record[field];
		if (typeof value === 'string' || typeof value === 'number') return `${field}=${String(value)}`;
	}
	return JSON.stringify(record);
}

function describeKey(key: string): string {
	return key.startsWith('{') ? `a record (${key.length > 60 ? `${key.slice(0, 60)}...` : key})` : `the record with ${key}`;
}

/** All records of a list endpoint, across pages, up to `limit`. */
export async function annexCloudApiRequestAllItems(
	this: AnnexCloudFunctions,
	request: AllItemsRequest,
): Promise<IDataObject[]> {
	const collected: IDataObject[] = [];
	const limit = request.limit !== undefined && request.limit > 0 ? request.limit : Infinity;
	const maxPages = request.maxPages ?? MAX_PAGES;
	const deadlineMs =
		request.deadlineMs ?? Date.now() + Math.max(LIST_DEADLINE_MS, 4 * (request.timeoutMs ?? DEFAULT_TIMEOUT_MS));
	/** page on which each record was first read */
	const seen = new Map<string, number>();
	for (let page = 1; page <= maxPages; page++) {
		if (page > 1 && Date.now() > deadlineMs) throw deadlineError(this, request, page);
		let response: unknown;
		try {
			response = await annexCloudApiRequest.call(this, {
				...request,
				expect: 'list',
				deadlineMs,
				qs: page === 1 ? request.qs : { ...(request.qs ?? {}), [PAGE_QUERY_PARAMETER]: page },
			});
		} catch (error) {
			// A page cut short by the deadline is reported as the deadline, not as a slow API.
			if (Date.now() >= deadlineMs) throw deadlineError(this, request, page);
			throw asNodeError(this.getNode(), error, request.itemIndex);
		}
		const items = extractList(response, request.listKey);
		const info = pageInfoOf(response);
		if (info.currentPage !== undefined && info.currentPage !== page) {
			throw pagingError(this, request, `page ${page} was asked for, and the answer says it is page ${info.currentPage}`);
		}
		if (items.length === 0 && info.pages !== undefined && page < info.pages) {
			throw pagingError(this, request, `page ${page} of the ${info.pages} pages announced had no records`);
		}
		for (const item of items) {
			const key = recordKey(item);
			const first = seen.get(key);
			if (first !== undefined) {
				throw pagingError(
					this,
					request,
					`${describeKey(key)} came again on page ${page}${first === page ? '' : ` after page ${first}`}`,
				);
			}
			seen.set(key, page);
		}
		request.onPage?.(items, page);
		for (const item of items) {
			collected.push(item);
			if (collected.length >= limit) return collected;
		}
		if (!hasNextPage(info, page, items.length)) return collected;
	}
	// Never hand back a partial list as if it were complete.
	throw new NodeOperationError(this.getNode(), `The list has more than ${maxPages} pages`, {
		description: 'Use a Limit, or narrow the request (for example by status), to read fewer records.',
		itemIndex: request.itemIndex,
	});
}

function pagingError(context: AnnexCloudFunctions, request: AllItemsRequest, seen: string): NodeOperationError {
	return new NodeOperationError(context.getNode(), `Annex Cloud's list pages cannot be trusted: ${seen}`, {
		description:
			'No records were returned, so none is missing or counted twice. This happens when the list changes while it is read (try again) or when the server ignores or miscounts ?page=N (report it to Annex Cloud support).',
		itemIndex: request.itemIndex,
	});
}

function deadlineError(context: AnnexCloudFunctions, request: AllItemsRequest, page: number): NodeOperationError {
	return new NodeOperationError(
		context.getNode(),
		`Reading the list took longer than the time allowed and stopped at page ${page}`,
		{
			description:
				request.deadlineHint ??
				'No records were returned. Narrow the request (for example by status or with a Limit), or try again later.',
			itemIndex: request.itemIndex,
		},
	);
}
