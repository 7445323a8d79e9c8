/** The sandbox's request log: a ring buffer of what the API received and answered. */
import type { RouteKey } from '../nodes/AnnexCloud/transport/contract';
import type { FaultKind } from './faults';

/** Raw bodies are kept up to this many bytes (then cut, with `bodyTruncated`). */
export const LOG_BODY_LIMIT = 2048;

export interface RequestLogEntry {
	/** 1, 2, 3... since the sandbox started (not reset by clearLog) */
	seq: number;
	/** ISO time the request arrived */
	time: string;
	method: string;
	/** raw path as received (still URL-encoded) */
	path: string;
	/** decoded query parameters */
	query: Record<string, string>;
	/** the contract route that matched, if any */
	route: RouteKey | null;
	/** decoded path parameters of the route */
	params: string[];
	/** HTTP status answered; 0 when the connection was reset by a fault */
	status: number;
	/** true when the request passed authentication */
	verified: boolean;
	/** the 401 errorCode when authentication failed */
	authError: string | null;
	/** errorCode of an error answer (401, 404, 429 ...) */
	errorCode: string | null;
	/** the sandbox's own reason behind an API error answer (CAMPAIGN_NOT_FOUND, ALREADY_ACTIVATED ...), else its errorCode */
	reason: string | null;
	/** kind of the injected fault that answered or delayed the request */
	fault: FaultKind | null;
	/** raw body (UTF-8), at most LOG_BODY_LIMIT bytes */
	rawBody: string;
	bodyTruncated: boolean;
	bodyBytes: number;
	/** `sub` claim of the token, when it could be read */
	sub: string | null;
	/** all claims of the token when its signature was valid (never the token or the secret) */
	claims: Record<string, unknown> | null;
	/** X-AnnexCloud-Site header */
	siteHeader: string | null;
	contentType: string | null;
	durationMs: number;
}

export class RequestLog {
	private entries: RequestLogEntry[] = [];
	private seq = 0;
	private readonly limit: number;

	constructor(limit: number) {
		this.limit = limit;
	}

	nextSeq(): number {
		this.seq += 1;
		return this.seq;
	}

	push(entry: RequestLogEntry): void {
		this.entries.push(entry);
		if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
	}

	/** Copies of the entries, oldest first. */
	list(): RequestLogEntry[] {
		return this.entries.map((entry) => structuredClone(entry));
	}

	clear(): void {
		this.entries = [];
	}

	get size(): number {
		return this.entries.length;
	}
}

/** Body text for the log: UTF-8, cut at LOG_BODY_LIMIT bytes. */
export function bodyForLog(body: Buffer): { rawBody: string; bodyTruncated: boolean; bodyBytes: number } {
	const bodyTruncated = body.length > LOG_BODY_LIMIT;
	return {
		rawBody: (bodyTruncated ? body.subarray(0, LOG_BODY_LIMIT) : body).toString('utf8'),
		bodyTruncated,
		bodyBytes: body.length,
	};
}
