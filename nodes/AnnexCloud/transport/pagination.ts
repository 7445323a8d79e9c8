/**
 * Reading list responses. Annex Cloud lists arrive as `{"<listKey>": [...], "pages": "3",
 * "currentPage": "1"}` with counts as strings or numbers; we also accept a bare array and
 * any other single array-valued key, so an unexpected envelope never loses records.
 */
import type { IDataObject } from 'n8n-workflow';

import { FIELDS } from './contract';
import { isPlainObject as isObject } from './values';


function onlyObjects(values: unknown[]): IDataObject[] {
	return values.map((value) => (isObject(value) ? value : { value: value as IDataObject[string] }));
}

/** The records of a list response; `preferredKey` first, then any array-valued key. */
export function extractList(response: unknown, preferredKey?: string): IDataObject[] {
	if (Array.isArray(response)) return onlyObjects(response);
	if (!isObject(response)) return [];
	if (preferredKey !== undefined && Array.isArray(response[preferredKey])) {
		return onlyObjects(response[preferredKey] as unknown[]);
	}
	const arrays = Object.values(response).filter((value): value is unknown[] => Array.isArray(value));
	if (arrays.length === 1 && arrays[0] !== undefined) return onlyObjects(arrays[0]);
	// Several arrays and none under the expected key: take the longest; records beat metadata.
	if (arrays.length > 1) return onlyObjects(arrays.reduce((a, b) => (b.length > a.length ? b : a)));
	return [];
}

/** A page count that may be a number or a numeric string; undefined when absent or invalid. */
export function toCount(value: unknown): number | undefined {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isFinite(number) || number < 0) return undefined;
	return Math.floor(number);
}

export interface PageInfo {
	/** Total pages, or undefined when the response is not paged. */
	pages?: number;
	currentPage?: number;
}

export function pageInfoOf(response: unknown): PageInfo {
	if (!isObject(response)) return {};
	return {
		pages: toCount(response[FIELDS.list.pages]),
		currentPage: toCount(response[FIELDS.list.currentPage]),
	};
}

/** Whether another page should be fetched after `requestedPage`. */
export function hasNextPage(info: PageInfo, requestedPage: number, itemsOnPage: number): boolean {
	if (info.pages === undefined || itemsOnPage === 0) return false;
	const current = info.currentPage ?? requestedPage;
	// A server that ignores ?page= keeps answering page 1: stop rather than loop.
	if (current < requestedPage) return false;
	return current < info.pages;
}
