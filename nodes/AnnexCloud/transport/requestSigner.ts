/**
 * Turns any outgoing request into a signed Annex Cloud request. This is the body of the
 * credential's `authenticate`, so it serves every caller: our transport, list search, the
 * credential test, and n8n's generic HTTP Request node when a user picks this credential.
 *
 * It is idempotent: n8n calls `authenticate` again on the already-signed request after a
 * 401. A body that is already a string is signed as it is; headers are overwritten.
 */
import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { BODY_SIGNED_METHODS, getIdentifierFromPath, HEADERS, JSON_CONTENT_TYPE } from './contract';
import { createRequestToken, identifierPayload, type SigningKey } from './signing';

export const DEFAULT_SIGNATURE_VALIDITY_SECONDS = 300;

/** The credential's fields, as declared in AnnexCloudApi.credentials.ts. */
export interface AnnexCloudCredentialData {
	baseUrl: string;
	siteId: string;
	siteName: string;
	sharedSecret: string;
	signatureValiditySeconds: number;
}

export class SigningInputError extends Error {}

function asTrimmedString(value: unknown): string {
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return '';
}

/** Read and check the credential's fields; the message names the field to fix. */
export function readCredentialData(credentials: ICredentialDataDecryptedObject): AnnexCloudCredentialData {
	const baseUrl = asTrimmedString(credentials.baseUrl).replace(/\/+$/, '');
	const siteId = asTrimmedString(credentials.siteId);
	const siteName = asTrimmedString(credentials.siteName);
	// The secret is used exactly as given: surrounding spaces could be part of it.
	const sharedSecret = typeof credentials.sharedSecret === 'string' ? credentials.sharedSecret : '';
	const lifetime = Number(credentials.signatureValiditySeconds ?? DEFAULT_SIGNATURE_VALIDITY_SECONDS);
	const missing: string[] = [];
	if (!baseUrl) missing.push('Base URL');
	if (!siteId) missing.push('Site ID');
	if (!siteName) missing.push('Site Name');
	if (!sharedSecret) missing.push('Shared Secret');
	if (missing.length > 0) {
		throw new SigningInputError(
			`The Annex Cloud credential is missing: ${missing.join(', ')}. Open the credential and fill in these fields.`,
		);
	}
	return {
		baseUrl,
		siteId,
		siteName,
		sharedSecret,
		signatureValiditySeconds:
			Number.isFinite(lifetime) && lifetime >= 1 ? Math.floor(lifetime) : DEFAULT_SIGNATURE_VALIDITY_SECONDS,
	};
}

type AnyRequestOptions = IHttpRequestOptions & { uri?: unknown };

/** The request's path, from `url` (n8n's httpRequest) or `uri` (the legacy request helper). */
function requestPath(options: AnyRequestOptions): string {
	const target: unknown = options.url ?? options.uri;
	const text = typeof target === 'string' ? target : target instanceof URL ? target.href : '';
	if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
		try {
			return new URL(text).pathname;
		} catch {
			return text;
		}
	}
	return text;
}

function isPlainJsonBody(body: unknown): body is IDataObject | unknown[] {
	if (body === null || typeof body !== 'object') return false;
	if (Array.isArray(body)) return true;
	const prototype = Object.getPrototypeOf(body) as unknown;
	return prototype === Object.prototype || prototype === null;
}

/**
 * The payload string that is signed: the body exactly as it will be sent for POST/PATCH
 * (an object body is serialised here, once, and replaces the body so that the HTTP layer
 * sends the very string that was signed), or the quoted identifier for GET.
 */
function preparePayload(options: AnyRequestOptions, method: string): string | Buffer {
	if (!BODY_SIGNED_METHODS.includes(method)) {
		return identifierPayload(getIdentifierFromPath(requestPath(options)));
	}
	const { body } = options;
	if (body === undefined || body === null || body === '') {
		options.body = '';
		return '';
	}
	if (typeof body === 'string') return body;
	if (Buffer.isBuffer(body)) return body;
	if (isPlainJsonBody(body)) {
		const serialised = JSON.stringify(body);
		options.body = serialised;
		return serialised;
	}
	throw new SigningInputError(
		'Annex Cloud requests carry a JSON body. Send the body as JSON (not form data or a file) so that it can be signed.',
	);
}

function setHeader(headers: IDataObject, name: string, value: string): void {
	for (const key of Object.keys(headers)) {
		if (key.toLowerCase() === name.toLowerCase()) delete headers[key];
	}
	headers[name] = value;
}

/** Sign a request in place and return it. `nowSeconds` is injectable for tests. */
export function signRequest(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
	nowSeconds: number = Date.now() / 1000,
): IHttpRequestOptions {
	const data = readCredentialData(credentials);
	const options = requestOptions as AnyRequestOptions;
	const method = String(options.method ?? 'GET').toUpperCase();
	const payload = preparePayload(options, method);
	const key: SigningKey = { sharedSecret: data.sharedSecret, siteId: data.siteId, siteName: data.siteName };
	const token = createRequestToken(key, payload, { nowSeconds, lifetimeSeconds: data.signatureValiditySeconds });
	const headers: IDataObject = { ...(options.headers ?? {}) };
	setHeader(headers, HEADERS.authorization, `Bearer ${token}`);
	setHeader(headers, HEADERS.site, data.siteId);
	setHeader(headers, HEADERS.contentType, JSON_CONTENT_TYPE);
	options.headers = headers;
	return options;
}
