/**
 * What a 'transform' fault (faults.ts) does to a request and to the real answer: paging that
 * lies and list content that is not what the contract promises. Only 2xx list answers are
 * changed; anything else passes through.
 */
import { FIELDS, PAGE_QUERY_PARAMETER } from '../nodes/AnnexCloud/transport/contract';
import type { Transform } from './faults';
import type { Reply } from './http';

const L = FIELDS.list;

function requestedPage(query: Record<string, string>): number {
	const page = Number(query[PAGE_QUERY_PARAMETER] ?? '1');
	return Number.isSafeInteger(page) && page >= 1 ? page : 1;
}

/** The query the API sees. */
export function transformQuery(query: Record<string, string>, transform: Transform | undefined): Record<string, string> {
	if (transform === 'ignore-page') {
		const rest = { ...query };
		delete rest[PAGE_QUERY_PARAMETER];
		return rest;
	}
	if (transform === 'repeat-previous-page') {
		const page = requestedPage(query);
		return page > 1 ? { ...query, [PAGE_QUERY_PARAMETER]: String(page - 1) } : query;
	}
	return query;
}

function listKeyOf(body: Record<string, unknown>): string | undefined {
	return Object.keys(body).find((key) => Array.isArray(body[key]));
}

/** The reply the client gets. `query` is the request's own query (before transformQuery). */
export function transformReply(reply: Reply, query: Record<string, string>, transform: Transform | undefined): Reply {
	if (transform === undefined || reply.status < 200 || reply.status >= 300) return reply;
	if (typeof reply.body !== 'object' || reply.body === null || Array.isArray(reply.body)) return reply;
	const body = { ...(reply.body as Record<string, unknown>) };
	const key = listKeyOf(body);
	if (key === undefined) return reply;
	const records = body[key] as Array<Record<string, unknown>>;
	const page = requestedPage(query);
	switch (transform) {
		case 'ignore-page':
		case 'repeat-previous-page':
			// The server labels its answer as the page that was asked for.
			if (body[L.currentPage] !== undefined) body[L.currentPage] = String(page);
			break;
		case 'stuck-current-page':
			body[L.currentPage] = '1';
			break;
		case 'zero-based-pages':
			body[L.currentPage] = String(page - 1);
			break;
		case 'endless-pages':
			body[L.pages] = String(page + 1);
			break;
		case 'empty-page':
			body[key] = [];
			break;
		case 'drop-ids':
			body[key] = records.map((record) => {
				const rest = { ...record };
				delete rest[FIELDS.campaign.id];
				delete rest[FIELDS.campaignGroup.id];
				return rest;
			});
			break;
		case 'unknown-status':
			body[key] = records.map((record) => ({ ...record, [FIELDS.campaign.status]: 'LIVE' }));
			break;
		case 'empty-list':
			body[key] = [];
			body[L.pages] = '1';
			body[L.currentPage] = '1';
			break;
	}
	return { ...reply, body };
}
