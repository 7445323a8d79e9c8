/**
 * Whether a successful (2xx) answer is the data that was asked for. A wrong answer is normal
 * input: an Annex error body sent with 200, `null`, `{}`, a bare number or string, or an
 * object without any list where a list was asked for. Each is turned into an error by the
 * transport, so no operation outputs it and the trigger never stores state from it.
 * Pure, no n8n context.
 */
import { ERROR_CODES, FIELDS } from './contract';
import { annexField } from './annexBody';
import { isPlainObject } from './values';

/**
 * What a request expects back: a list of records, one record, whatever a write answers but an
 * Annex error body, or anything at all (the caller reads error bodies itself: Set Individual
 * Validity turns a 2xx error body into each member's reason).
 */
export type Expected = 'list' | 'record' | 'write' | 'any';


/** The Annex error carried by a body, if it is one: `errorCode` (or an `errorMessage` alone). */
export function annexErrorOf(body: unknown): { code?: string; message?: string } | undefined {
	if (!isPlainObject(body)) return undefined;
	const code = annexField(body, FIELDS.error.code);
	const message = annexField(body, FIELDS.error.message);
	if (code !== undefined) return { code, message };
	// An errorMessage with nothing that looks like data beside it.
	if (message !== undefined && !Object.values(body).some((value) => Array.isArray(value) || isPlainObject(value))) {
		return { message };
	}
	return undefined;
}

function describeValue(value: unknown): string {
	if (value === null) return 'null';
	if (value === undefined) return 'nothing';
	if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : `an array of ${value.length}`;
	if (isPlainObject(value)) {
		const keys = Object.keys(value);
		if (keys.length === 0) return 'an empty object {}';
		const shown = keys.slice(0, 5).join(', ');
		return `an object with ${keys.length === 1 ? 'the key' : 'the keys'} ${shown}${keys.length > 5 ? ', ...' : ''}`;
	}
	if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
	return `the ${typeof value} ${String(value)}`;
}

/**
 * Why a 2xx body is not the data asked for, or undefined when it is. A list is an array or an
 * object with an array-valued key (records under whatever key; see extractList); a record is
 * an object with at least one key, or an array of records. A write may answer anything but
 * an Annex error body.
 */
export function notDataReason(body: unknown, expected: Expected): string | undefined {
	if (expected === 'any') return undefined;
	const error = annexErrorOf(body);
	if (error !== undefined) {
		return `an Annex Cloud error${error.code ? ` ${error.code}` : ''}${error.message ? ` ("${error.message}")` : ''}`;
	}
	switch (expected) {
		case 'list':
			if (Array.isArray(body)) return undefined;
			if (isPlainObject(body) && Object.values(body).some((value) => Array.isArray(value))) return undefined;
			return `${describeValue(body)}, where a list was expected`;
		case 'record':
			if (isPlainObject(body) && Object.keys(body).length > 0) return undefined;
			if (Array.isArray(body) && body.length > 0 && body.every((entry) => isPlainObject(entry))) return undefined;
			return `${describeValue(body)}, where a record was expected`;
		case 'write':
			return undefined;
	}
}

/** Whether an error answer is "No data found" [doc]: `AC1005`, sent with 404 or 400. On a list read: an empty list. */
export function isNoDataAnswer(status: number | undefined, body: unknown): boolean {
	const code = annexErrorOf(body)?.code;
	return code?.toUpperCase() === ERROR_CODES.noData && (status === 404 || status === 400);
}

/**
 * Whether an error answer to a read by id means "no such record": "No data found", or a 404
 * that carries an Annex error code other than the generic `AC1001`. A 404 without an Annex
 * error body did not come from the API (a proxy, a wrong Base URL) and means nothing.
 */
export function isNotFoundAnswer(status: number | undefined, body: unknown): boolean {
	if (isNoDataAnswer(status, body)) return true;
	const code = annexErrorOf(body)?.code;
	return status === 404 && code !== undefined && code.toUpperCase() !== ERROR_CODES.generic;
}
