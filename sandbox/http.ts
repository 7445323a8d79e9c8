/* eslint-disable @n8n/community-nodes/no-restricted-imports -- the sandbox is a dev-only local test server (never in the published package); it needs node:http and timers */
/** Small node:http helpers shared by the API and the control API. */
import type { IncomingMessage, ServerResponse } from 'node:http';

import {
	ERROR_CODES,
	ERROR_MESSAGES,
	FIELDS,
	JSON_CONTENT_TYPE,
	type AnnexErrorCode,
} from '../nodes/AnnexCloud/transport/contract';
import { SandboxError } from './data';

/** Largest request body read (bigger bodies get 413). */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

/** What a handler answers; the server writes it. */
export interface Reply {
	status: number;
	/** JSON-serialised unless `raw` is set */
	body?: unknown;
	/** pre-serialised body, sent as it is */
	raw?: string;
	contentType?: string;
	headers?: Record<string, string>;
}

export function errorBody(errorCode: string, errorMessage: string): Record<string, string> {
	return { [FIELDS.error.code]: errorCode, [FIELDS.error.message]: errorMessage };
}

export function errorReply(status: number, errorCode: string, errorMessage: string, headers?: Record<string, string>): Reply {
	return headers ? { status, body: errorBody(errorCode, errorMessage), headers } : { status, body: errorBody(errorCode, errorMessage) };
}

export function replyFromError(error: unknown): Reply {
	if (error instanceof SandboxError) return errorReply(error.status, error.errorCode, error.message);
	const message = error instanceof Error ? error.message : String(error);
	return errorReply(500, 'INTERNAL_ERROR', `Sandbox error: ${message}`);
}

/**
 * The Annex Cloud code [doc] each of the sandbox's own reasons is answered with on the API.
 * Every 401 is AC1002 whatever its reason; a reason not listed is the generic AC1001.
 * The reason stays readable in the errorMessage (`No data found (CAMPAIGN_NOT_FOUND): ...`),
 * so that tests can tell causes apart; the control API keeps the plain reasons.
 */
export const ANNEX_CODE_OF_REASON: Readonly<Record<string, AnnexErrorCode>> = {
	NOT_FOUND: ERROR_CODES.generic,
	INTERNAL_ERROR: ERROR_CODES.generic,
	METHOD_NOT_ALLOWED: ERROR_CODES.methodNotAllowed,
	MISSING_PARAMETER: ERROR_CODES.missingParameters,
	CAMPAIGN_NOT_FOUND: ERROR_CODES.noData,
	GROUP_NOT_FOUND: ERROR_CODES.noData,
	MEMBER_NOT_FOUND: ERROR_CODES.noData,
	NOT_ACTIVATED: ERROR_CODES.noData,
	NO_DATA: ERROR_CODES.noData,
	ALREADY_ACTIVATED: ERROR_CODES.alreadyExists,
	INVALID_REQUEST: ERROR_CODES.invalidParameters,
	INVALID_STATUS: ERROR_CODES.invalidParameters,
	INVALID_PAGE: ERROR_CODES.invalidParameters,
	INVALID_JSON: ERROR_CODES.invalidParameters,
	INVALID_DATE: ERROR_CODES.invalidParameters,
	INVALID_DATE_RANGE: ERROR_CODES.invalidParameters,
	CAMPAIGN_INACTIVE: ERROR_CODES.invalidParameters,
	ACTIVATION_NOT_REQUIRED: ERROR_CODES.invalidParameters,
	INDIVIDUAL_VALIDITY_NOT_ENABLED: ERROR_CODES.invalidParameters,
	BATCH_TOO_LARGE: ERROR_CODES.invalidParameters,
	MEMBER_BLOCKED: ERROR_CODES.userBlocked,
	MEMBER_OPTED_OUT: ERROR_CODES.optedOut,
};

/** The Annex code a sandbox reason is answered with on the API. */
export function annexCodeOf(status: number, reason: string): AnnexErrorCode {
	if (status === 401) return ERROR_CODES.notAuthorized;
	return ANNEX_CODE_OF_REASON[reason] ?? ERROR_CODES.generic;
}

/** An API error answer as Annex Cloud sends it: its code and documented message, then the sandbox's reason. */
export function annexErrorReply(status: number, reason: string, detail: string, headers?: Record<string, string>): Reply {
	const code = annexCodeOf(status, reason);
	return errorReply(status, code, `${ERROR_MESSAGES[code]} (${reason}): ${detail}`, headers);
}

/** replyFromError for the API: the same answer in Annex Cloud's codes. */
export function annexReplyFromError(error: unknown): Reply {
	if (error instanceof SandboxError) return annexErrorReply(error.status, error.errorCode, error.message);
	const message = error instanceof Error ? error.message : String(error);
	return annexErrorReply(500, 'INTERNAL_ERROR', `Sandbox error: ${message}`);
}

/** The sandbox's own reason in an API error answer (`... (REASON): ...`), or its errorCode. */
export function replyReason(reply: Reply): string | null {
	const code = replyErrorCode(reply);
	const message = (reply.body as Record<string, unknown> | undefined)?.[FIELDS.error.message];
	const reason = typeof message === 'string' ? /^[^(]*\(([A-Z_]+)\)/.exec(message)?.[1] : undefined;
	return reason ?? code;
}

/** The errorCode of a reply, if it carries an Annex-style error body. */
export function replyErrorCode(reply: Reply): string | null {
	if (reply.status < 400 || typeof reply.body !== 'object' || reply.body === null) return null;
	const code = (reply.body as Record<string, unknown>)[FIELDS.error.code];
	return typeof code === 'string' ? code : null;
}

export function writeReply(res: ServerResponse, reply: Reply): void {
	if (res.destroyed || res.headersSent) return;
	const text = reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
	const payload = Buffer.from(text, 'utf8');
	res.statusCode = reply.status;
	res.setHeader('Content-Type', reply.contentType ?? `${JSON_CONTENT_TYPE}; charset=utf-8`);
	res.setHeader('Content-Length', payload.length);
	res.setHeader('Cache-Control', 'no-store');
	for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
	res.end(payload);
}

/** Read the whole body as raw bytes; never decoded or re-serialised. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<{ body: Buffer; tooLarge: boolean }> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let tooLarge = false;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > limit) tooLarge = true;
			else chunks.push(chunk);
		});
		req.on('end', () => resolve({ body: Buffer.concat(chunks), tooLarge }));
		req.on('error', reject);
	});
}

/** Split a request target into raw path and raw query (absolute-form targets accepted). */
export function splitTarget(target: string | undefined): { rawPath: string; rawQuery: string } {
	let value = target ?? '/';
	const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(value);
	if (absolute) value = value.slice(absolute[0].length) || '/';
	const hash = value.indexOf('#');
	if (hash !== -1) value = value.slice(0, hash);
	const q = value.indexOf('?');
	return q === -1 ? { rawPath: value, rawQuery: '' } : { rawPath: value.slice(0, q), rawQuery: value.slice(q + 1) };
}

export function parseQuery(rawQuery: string): Record<string, string> {
	const result: Record<string, string> = {};
	for (const [key, value] of new URLSearchParams(rawQuery)) result[key] = value;
	return result;
}

/**
 * Split a raw path on '/' and URL-decode each segment. A single trailing slash is ignored.
 * Returns undefined when a segment is not valid percent-encoding.
 */
export function decodeSegments(rawPath: string): string[] | undefined {
	const parts = rawPath.split('/').slice(1);
	if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
	const decoded: string[] = [];
	for (const part of parts) {
		try {
			decoded.push(decodeURIComponent(part));
		} catch {
			return undefined;
		}
	}
	return decoded;
}

/** Parse a JSON request body; `undefined` for an empty body when allowed. */
export function parseJsonBody(body: Buffer, allowEmpty: boolean): unknown {
	const text = body.toString('utf8');
	if (text.trim() === '') {
		if (allowEmpty) return undefined;
		throw new SandboxError(400, 'INVALID_JSON', 'The request body must be JSON');
	}
	let parsed: { ok: true; value: unknown } | { ok: false; message: string };
	try {
		parsed = { ok: true, value: JSON.parse(text) as unknown };
	} catch (error) {
		parsed = { ok: false, message: error instanceof Error ? error.message : String(error) };
	}
	if (!parsed.ok) throw new SandboxError(400, 'INVALID_JSON', `The request body is not valid JSON: ${parsed.message}`);
	return parsed.value;
}

export function asObject(value: unknown, what = 'The request body'): Record<string, unknown> {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new SandboxError(400, 'INVALID_REQUEST', `${what} must be a JSON object`);
	}
	return value as Record<string, unknown>;
}
