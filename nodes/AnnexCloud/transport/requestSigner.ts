/**
 * Turns any outgoing request into a signed Annex Cloud request. This is the body of the
 * credential's `authenticate`, so it serves every caller: our transport, list search, the
 * credential test, and n8n's generic HTTP Request node when a user picks this credential.
 *
 * It is idempotent: n8n calls `authenticate` again on the already-signed request after a
 * 401. The body is put in its final form once (signedBody.ts); headers are overwritten.
 *
 * A request to another host than the credential's Base URL is refused: its token is bound
 * to our site and would stay usable (for that body or identifier) until it expires, so it
 * must not be handed to anyone else. n8n's "Allowed HTTP Request Domains" setting restricts
 * the HTTP Request node further, but defaults to "All".
 */
import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { HEADERS, JSON_CONTENT_TYPE } from './contract';
import { credentialDataOf, SigningInputError } from './credentialData';
import { displayBaseUrl } from './redact';
import { prepareSignedBody, type AnyRequestOptions } from './signedBody';
import { BODY_SIGNED_METHODS, getIdentifierFromPath, identifierPayload } from './signedPayload';
import { createRequestToken, type SigningKey } from './signing';

const ABSOLUTE_URL = /^[a-z][a-z0-9+.-]*:\/\//i;

/** The request's target as text, from `url` (n8n's httpRequest) or `uri` (the legacy request helper). */
function requestTarget(options: AnyRequestOptions): string {
	const target: unknown = options.url ?? options.uri;
	return typeof target === 'string' ? target : target instanceof URL ? target.href : '';
}

/** The request's path, for the GET identifier. */
function requestPath(options: AnyRequestOptions): string {
	const text = requestTarget(options);
	if (ABSOLUTE_URL.test(text)) {
		try {
			return new URL(text).pathname;
		} catch {
			return text;
		}
	}
	return text;
}

function originOf(url: string): string | undefined {
	try {
		return new URL(url).origin;
	} catch {
		return undefined;
	}
}

/** The origin the request goes to: its absolute URL's, else its baseURL's; undefined if neither says. */
function requestOrigin(options: AnyRequestOptions): string | undefined {
	const target = requestTarget(options);
	if (ABSOLUTE_URL.test(target)) return originOf(target) ?? target;
	const baseURL = (options as { baseURL?: unknown }).baseURL;
	const base = typeof baseURL === 'string' ? baseURL : baseURL instanceof URL ? baseURL.href : '';
	return base ? (originOf(base) ?? base) : undefined;
}

function assertSameOrigin(options: AnyRequestOptions, baseUrl: string): void {
	const origin = requestOrigin(options);
	const allowed = originOf(baseUrl);
	if (origin === undefined || origin === allowed) return;
	throw new SigningInputError(
		`This Annex Cloud credential signs requests for ${displayBaseUrl(allowed ?? baseUrl)} only, and this request goes to ${displayBaseUrl(origin)}. ` +
			'A signed token is bound to your Annex Cloud site and must not be sent to another host. ' +
			`Use a URL under ${displayBaseUrl(baseUrl)}, or change the credential's Environment or Base URL.`,
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
	const data = credentialDataOf(credentials);
	const options = requestOptions as AnyRequestOptions;
	assertSameOrigin(options, data.baseUrl);
	const method = String(options.method ?? 'GET').toUpperCase();
	const payload = BODY_SIGNED_METHODS.includes(method)
		? prepareSignedBody(options)
		: identifierPayload(getIdentifierFromPath(requestPath(options)));
	const key: SigningKey = { sharedSecret: data.sharedSecret, siteId: data.siteId, siteName: data.siteName };
	const token = createRequestToken(key, payload, { nowSeconds, lifetimeSeconds: data.signatureValiditySeconds });
	const headers: IDataObject = { ...(options.headers ?? {}) };
	setHeader(headers, HEADERS.authorization, `Bearer ${token}`);
	setHeader(headers, HEADERS.site, data.siteId);
	setHeader(headers, HEADERS.contentType, JSON_CONTENT_TYPE);
	options.headers = headers;
	// Where n8n follows redirects (its HTTP Request node with this credential), the signed token
	// must not go to another origin. The node's own requests never follow redirects at all. The
	// option exists from n8n-workflow 2.x on; older n8n ignores it (typed here for the oldest).
	(options as AnyRequestOptions & { sendCredentialsOnCrossOriginRedirect?: boolean }).sendCredentialsOnCrossOriginRedirect = false;
	return options;
}
