/**
 * Following `?page=N` through a list endpoint, on top of the one request path.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { PAGE_QUERY_PARAMETER } from './contract';
import { extractList, hasNextPage, readPageInfo } from './pagination';
import { asNodeError } from './errors';
import {
	annexCloudApiRequest,
	type AnnexCloudFunctions,
	type AnnexCloudRequest,
} from './request';

export const MAX_PAGES = 10_000;

export interface AllItemsRequest extends AnnexCloudRequest {
	/** The list key to read first (see LIST_KEYS in the contract). */
	listKey?: string;
	/** Stop after this many records; undefined or 0 means all. */
	limit?: number;
	/** Safety bound on pages read (default MAX_PAGES); more pages than this is an error. */
	maxPages?: number;
	/** Called with each page's records as it arrives. */
	onPage?: (items: IDataObject[], page: number) => void;
}

/** All records of a list endpoint, across pages, up to `limit`. */
export async function annexCloudApiRequestAllItems(
	this: AnnexCloudFunctions,
	request: AllItemsRequest,
): Promise<IDataObject[]> {
	const collected: IDataObject[] = [];
	const limit = request.limit !== undefined && request.limit > 0 ? request.limit : Infinity;
	const maxPages = request.maxPages ?? MAX_PAGES;
	for (let page = 1; page <= maxPages; page++) {
		if (request.deadlineMs !== undefined && page > 1 && Date.now() > request.deadlineMs) {
			throw deadlineError(this, request, page);
		}
		let response: unknown;
		try {
			response = await annexCloudApiRequest.call(this, {
				...request,
				qs: { ...(request.qs ?? {}), [PAGE_QUERY_PARAMETER]: page },
			});
		} catch (error) {
			// A page cut short by the deadline is reported as the deadline, not as a slow API.
			if (request.deadlineMs !== undefined && Date.now() >= request.deadlineMs) {
				throw deadlineError(this, request, page);
			}
			throw asNodeError(this.getNode(), error, request.itemIndex);
		}
		const items = extractList(response, request.listKey);
		request.onPage?.(items, page);
		for (const item of items) {
			collected.push(item);
			if (collected.length >= limit) return collected;
		}
		if (!hasNextPage(readPageInfo(response), page, items.length)) return collected;
	}
	// Never hand back a partial list as if it were complete.
	throw new NodeOperationError(this.getNode(), `The list has more than ${maxPages} pages`, {
		description: 'Use a Limit, or narrow the request (for example by status), to read fewer records.',
		itemIndex: request.itemIndex,
	});
}

function deadlineError(context: AnnexCloudFunctions, request: AllItemsRequest, page: number): NodeOperationError {
	return new NodeOperationError(
		context.getNode(),
		`Reading the list took longer than the time allowed and stopped at page ${page}`,
		{
			description: 'Nothing was emitted and nothing was marked as seen; the next run starts over.',
			itemIndex: request.itemIndex,
		},
	);
}
