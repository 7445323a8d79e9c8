/**
 * One exchange on the wire: n8n's `httpRequestWithAuthentication` with our credential (whose
 * `authenticate` signs the request), and what came back, classified: data, an error status,
 * a redirect, an unreadable body, a network failure (with "was it sent", delivery.ts), or an
 * error that is not a network failure at all. No retries and no messages here (request.ts).
 */
import type { ICredentialsDecrypted, IDataObject, IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';

import { networkFailureOf } from './delivery';
import { parseJson } from './json';
import type { AttemptOutcome } from './retryPolicy';
import { CREDENTIAL_TYPE, type AnnexCloudFunctions } from './runState';

export interface WireResult {
	outcome: 'ok' | 'thrown' | 'redirect' | AttemptOutcome['kind'];
	/** what was thrown, for 'thrown': not a network failure */
	thrown?: unknown;
	status?: number;
	body?: unknown;
	rawText?: string;
	headers?: IDataObject;
	networkCode?: string;
	networkMessage?: string;
	/** for 'network': whether the request may have reached the server */
	sent?: boolean;
}

export function headerValue(headers: IDataObject | undefined, name: string): unknown {
	if (!headers) return undefined;
	const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
	return key === undefined ? undefined : headers[key];
}

function snippet(text: string): string {
	const compact = text.replace(/\s+/g, ' ').trim();
	return compact.length > 80 ? `${compact.slice(0, 80)}...` : compact;
}

function parseBody(text: string): { ok: true; value: unknown } | { ok: false } {
	if (text.trim() === '') return { ok: true, value: undefined };
	try {
		return { ok: true, value: parseJson(text) };
	} catch {
		return { ok: false };
	}
}

export async function sendOnce(
	this: AnnexCloudFunctions,
	options: IHttpRequestOptions,
	expectBody: boolean,
	credentialsDecrypted: ICredentialsDecrypted,
): Promise<WireResult> {
	let response: IN8nHttpFullResponse;
	try {
		// Signed by the credential's authenticate, called by n8n with the already loaded credential.
		response = (await this.helpers.httpRequestWithAuthentication.call(
			this,
			CREDENTIAL_TYPE,
			{ ...options, headers: { ...(options.headers ?? {}) } },
			{ credentialsDecrypted },
		)) as IN8nHttpFullResponse;
	} catch (error) {
		const failure = networkFailureOf(error);
		if (failure === undefined) return { outcome: 'thrown', thrown: error };
		return { outcome: 'network', networkCode: failure.code, networkMessage: failure.message, sent: failure.sent };
	}
	const text =
		typeof response.body === 'string'
			? response.body
			: Buffer.isBuffer(response.body)
				? response.body.toString('utf8')
				: JSON.stringify(response.body ?? '');
	const parsed = parseBody(text);
	const status = response.statusCode;
	const headers = response.headers as IDataObject;
	const success = status >= 200 && status < 300;
	// Redirects are not followed (disableFollowRedirect): the signed token and the body stay with the Base URL.
	if (status >= 300 && status < 400) return { outcome: 'redirect', status, headers, rawText: snippet(text) };
	// A read that answers 2xx with nothing in it has not answered: treat it like a garbled response.
	if (success && expectBody && parsed.ok && parsed.value === undefined) {
		return { outcome: 'unreadable', status, rawText: '(empty body)', headers };
	}
	if (!parsed.ok) {
		return { outcome: success ? 'unreadable' : 'status', status, rawText: snippet(text), headers };
	}
	if (success) return { outcome: 'ok', status, body: parsed.value, headers };
	return { outcome: 'status', status, body: parsed.value, headers };
}
