/**
 * Reading a raw HTTP answer: its body as JSON (big ids kept, json.ts), the first characters of
 * one that is not JSON, a header by name. Shared by the request path (request.ts) and the
 * credential test (methods/credentialTest.ts), which reads its answer through another helper.
 */
import type { IDataObject } from 'n8n-workflow';

import { parseJson } from './json';

export function headerValue(headers: IDataObject | undefined, name: string): unknown {
	if (!headers) return undefined;
	const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
	return key === undefined ? undefined : headers[key];
}

/** The first characters of a body that is not JSON, on one line, for messages. */
export function snippet(text: string): string {
	const compact = text.replace(/\s+/g, ' ').trim();
	return compact.length > 80 ? `${compact.slice(0, 80)}...` : compact;
}

/** A body as JSON: `undefined` for an empty body, `{ ok: false }` for one that is not JSON. */
export function parseBody(text: string): { ok: true; value: unknown } | { ok: false } {
	if (text.trim() === '') return { ok: true, value: undefined };
	try {
		return { ok: true, value: parseJson(text) };
	} catch {
		return { ok: false };
	}
}
