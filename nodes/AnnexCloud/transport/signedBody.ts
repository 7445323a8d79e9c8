/**
 * The body of a POST/PATCH exactly as n8n's HTTP layer will send it, so that the signature
 * covers the bytes on the wire. Requests reach `authenticate` from our transport (a JSON
 * string), and from n8n's generic HTTP Request node, whose bodies n8n re-encodes after
 * `authenticate` unless they are already in their final form (measured in n8n-core 2.41,
 * whose HTTP layer hands the body to axios with our `Content-Type: application/json`):
 * - a string that is JSON is sent trimmed: we trim it here and sign that;
 * - a string that is not JSON is sent as a quoted JSON string: refused (Annex Cloud takes JSON);
 * - a plain object, array, number or boolean is sent as its JSON text: serialised here, once;
 * - a Buffer is sent byte for byte: signed as is;
 * - nothing (undefined, null, '') is sent as no body: signed as '' and left out (the legacy
 *   request helper would otherwise send '' as `""`);
 * - form (`form`, URLSearchParams) and multipart (`formData`, FormData) bodies are rebuilt by
 *   the HTTP layer and are not JSON: refused; so is any other object (a stream, a Date...).
 *
 * The result replaces the request's body, so signing the same request again (n8n calls
 * `authenticate` again after a 401) signs the same bytes.
 */
import type { IHttpRequestOptions } from 'n8n-workflow';

import { SigningInputError } from './credentialData';

const JSON_ADVICE =
	'In the HTTP Request node set Send Body on, Body Content Type "JSON", and write the body as JSON.';

/** A request as `authenticate` may get it: n8n's httpRequest options or the legacy request's. */
export type AnyRequestOptions = IHttpRequestOptions & { uri?: unknown; form?: unknown; formData?: unknown };

function isPlainJsonBody(body: unknown): boolean {
	if (body === null || typeof body !== 'object') return false;
	if (Array.isArray(body)) return true;
	const prototype = Object.getPrototypeOf(body) as unknown;
	return prototype === Object.prototype || prototype === null;
}

function isFormData(body: unknown): boolean {
	if (typeof body !== 'object' || body === null) return false;
	const candidate = body as { getHeaders?: unknown; append?: unknown; constructor?: { name?: unknown } };
	return (
		(typeof candidate.append === 'function' && typeof candidate.getHeaders === 'function') ||
		candidate.constructor?.name === 'FormData'
	);
}

function refuse(what: string, why: string): never {
	throw new SigningInputError(
		`Annex Cloud requests carry a JSON body, and this request's body is ${what}: ${why} ${JSON_ADVICE}`,
	);
}

/** Whether n8n's HTTP layer would send this string as it is (trimmed) rather than quote it. */
function isJsonText(text: string): boolean {
	try {
		JSON.parse(text);
		return true;
	} catch {
		return false;
	}
}

/** Put the body in the form it will be sent in, and return the payload to sign. */
export function prepareSignedBody(options: AnyRequestOptions): string | Buffer {
	if (options.formData !== undefined) {
		refuse('multipart form data', 'n8n rebuilds it after signing, so its signature could never match.');
	}
	if (options.form !== undefined) {
		refuse('a form (x-www-form-urlencoded)', 'n8n encodes it after signing, so its signature could never match.');
	}
	const { body } = options;
	if (body === undefined || body === null || body === '') {
		delete options.body;
		return '';
	}
	if (typeof body === 'string') {
		if (!isJsonText(body)) {
			refuse('text that is not JSON', 'n8n would send it as a quoted JSON string, not as written, and Annex Cloud would refuse it.');
		}
		options.body = body.trim();
		return options.body;
	}
	if (Buffer.isBuffer(body)) return body;
	if (typeof body === 'number' || typeof body === 'boolean' || isPlainJsonBody(body)) {
		const serialised = JSON.stringify(body);
		options.body = serialised;
		return serialised;
	}
	if (body instanceof URLSearchParams) {
		refuse('a form (x-www-form-urlencoded)', 'n8n encodes it after signing, so its signature could never match.');
	}
	if (isFormData(body)) {
		refuse('multipart form data', 'n8n rebuilds it after signing, so its signature could never match.');
	}
	refuse('an object that is not plain JSON', 'it cannot be signed as the bytes n8n will send.');
}
