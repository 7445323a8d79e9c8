/**
 * Following `?page=N` through a list endpoint, on top of the one request path.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { PAGE_QUERY_PARAMETER } from './contract';
import { extractList, hasNextPage, readPageInfo } from './pagination';
import { annexCloudApiRequest, type AnnexCloudFunctions, type AnnexCloudRequest } from './request';

export const MAX_PAGES = 10_000;

export interface AllItemsRequest extends AnnexCloudRequest {
	/** The list key to read first (see LIST_KEYS in the contract). */
	listKey?: string;
	/** Stop after this many records; undefined or 0 means all. */
	limit?: number;
	/** Epoch milliseconds after which no further page is started (a poll's time budget). */
	deadlineMs?: number;
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
	for (let page = 1; page <= MAX_PAGES; page++) {
		if (request.deadlineMs !== undefined && page > 1 && Date.now() > request.deadlineMs) {
			throw new NodeOperationError(
				this.getNode(),
				`Reading the list took longer than the time allowed and stopped at page ${page - 1}`,
				{
					description: 'Nothing was emitted and nothing was marked as seen; the next run starts over.',
					itemIndex: request.itemIndex,
				},
			);
		}
		const response = await annexCloudApiRequest.call(this, {
			...request,
			qs: { ...(request.qs ?? {}), [PAGE_QUERY_PARAMETER]: page },
		});
		const items = extractList(response, request.listKey);
		request.onPage?.(items, page);
		for (const item of items) {
			collected.push(item);
			if (collected.length >= limit) return collected;
		}
		if (!hasNextPage(readPageInfo(response), page, items.length)) return collected;
	}
	return collected;
}
