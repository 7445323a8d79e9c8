/* eslint-disable @n8n/community-nodes/no-restricted-imports -- tests of the dev-only sandbox talk raw HTTP and wait on timers */
/**
 * Test-side client for the sandbox. Tokens are built with the `jsonwebtoken` package and
 * the hmac with node:crypto here, independently of both the sandbox and our credential.
 */
import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';

import jwt from 'jsonwebtoken';

import type { Sandbox } from '../../sandbox';

/** base64(HMAC-SHA256(secret, base64(payload))), straight from the documented formula. */
export function hmacFor(secret: string, payload: string | Buffer): string {
	const b64 = (typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload).toString('base64');
	return createHmac('sha256', secret).update(b64).digest('base64');
}

export interface SignOptions {
	secret: string;
	siteId: string;
	sub?: string;
	/** seconds; default now + 300 */
	exp?: number;
	/** what is signed (body, or a GET identifier's JSON literal) */
	payload: string | Buffer;
	/** claims to add or replace; a value of `undefined` removes the claim */
	claims?: Record<string, unknown>;
}

export function signToken(opts: SignOptions): string {
	const claims: Record<string, unknown> = {
		sub: opts.sub ?? 'n8n-sandbox',
		exp: opts.exp ?? Math.floor(Date.now() / 1000) + 300,
		site_id: opts.siteId,
		hmac: hmacFor(opts.secret, opts.payload),
	};
	for (const [key, value] of Object.entries(opts.claims ?? {})) {
		if (value === undefined) delete claims[key];
		else claims[key] = value;
	}
	// A string payload is signed as it is (jsonwebtoken would refuse a non-numeric exp object
	// claim, which some tests need); the header is {"alg":"HS256","typ":"JWT"}.
	return jwt.sign(JSON.stringify(claims), opts.secret, { algorithm: 'HS256' });
}

export interface CallOptions {
	/** sign with this secret instead of the sandbox's */
	secret?: string;
	/** site id put in the claim (default: the sandbox's) */
	siteClaim?: string;
	/** X-AnnexCloud-Site header; null omits it (default: the sandbox's site id) */
	siteHeader?: string | null;
	exp?: number;
	sub?: string;
	claims?: Record<string, unknown>;
	/** sign this instead of what is sent */
	signedPayload?: string | Buffer;
	/** full Authorization header; null omits it */
	authorization?: string | null;
	/** raw query string without '?' */
	query?: string;
}

export interface CallResult {
	status: number;
	headers: Headers;
	text: string;
	json: unknown;
}

/** An error body's errorCode (or undefined). */
export function errorCodeOf(result: CallResult): unknown {
	return (result.json as Record<string, unknown> | null)?.errorCode;
}

/**
 * The sandbox's own reason for an error answer: on the API it answers Annex Cloud's code
 * (AC1005 ...) and keeps its reason in the errorMessage (`No data found (CAMPAIGN_NOT_FOUND): ...`);
 * the control API answers the reason as its errorCode.
 */
export function reasonOf(result: CallResult): unknown {
	const body = result.json as Record<string, unknown> | null;
	const message = body?.errorMessage;
	const reason = typeof message === 'string' ? /^[^(]*\(([A-Z_]+)\)/.exec(message)?.[1] : undefined;
	return reason ?? body?.errorCode;
}

async function send(sandbox: Sandbox, method: string, path: string, body: string | undefined, headers: Record<string, string>, query?: string): Promise<CallResult> {
	const url = `${sandbox.baseUrl}${path}${query ? `?${query}` : ''}`;
	const response = await fetch(url, body === undefined ? { method, headers } : { method, headers, body });
	const text = await response.text();
	let json: unknown = null;
	try {
		json = JSON.parse(text);
	} catch {
		json = null;
	}
	return { status: response.status, headers: response.headers, text, json };
}

function authHeaders(sandbox: Sandbox, payload: string | Buffer, opts: CallOptions): Record<string, string> {
	const headers: Record<string, string> = { 'Content-Type': 'application/json' };
	if (opts.authorization !== null) {
		headers.Authorization =
			opts.authorization ??
			`Bearer ${signToken({
				secret: opts.secret ?? sandbox.credentials.sharedSecret,
				siteId: opts.siteClaim ?? sandbox.credentials.siteId,
				sub: opts.sub,
				exp: opts.exp,
				claims: opts.claims,
				payload: opts.signedPayload ?? payload,
			})}`;
	}
	if (opts.siteHeader !== null) headers['X-AnnexCloud-Site'] = opts.siteHeader ?? sandbox.credentials.siteId;
	return headers;
}

/**
 * Signed GET. `path` is relative to the base URL and already URL-encoded; `identifier` is
 * the decoded path parameter that gets signed as a JSON string literal.
 */
export function signedGet(sandbox: Sandbox, path: string, identifier: string, opts: CallOptions = {}): Promise<CallResult> {
	return send(sandbox, 'GET', path, undefined, authHeaders(sandbox, JSON.stringify(identifier), opts), opts.query);
}

/** Signed POST/PATCH of a raw body string (signed byte for byte unless overridden). */
export function signedSend(sandbox: Sandbox, method: 'POST' | 'PATCH', path: string, body: string, opts: CallOptions = {}): Promise<CallResult> {
	return send(sandbox, method, path, body, authHeaders(sandbox, body, opts), opts.query);
}

/** JSON call to the control API. */
export async function control(sandbox: Sandbox, method: string, path: string, body?: unknown): Promise<CallResult> {
	const response = await fetch(`${sandbox.controlUrl}${path}`, {
		method,
		headers: { 'Content-Type': 'application/json' },
		...(body === undefined ? {} : { body: JSON.stringify(body) }),
	});
	const text = await response.text();
	let json: unknown = null;
	try {
		json = JSON.parse(text);
	} catch {
		json = null;
	}
	return { status: response.status, headers: response.headers, text, json };
}

/** A raw node:http request without connection reuse (to observe socket resets). */
export function rawRequest(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
	return new Promise((resolve, reject) => {
		const req = httpRequest(url, { method: 'GET', headers, agent: false }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end();
	});
}

/** Headers of a correctly signed GET, for use with rawRequest. */
export function signedGetHeaders(sandbox: Sandbox, identifier: string): Record<string, string> {
	return authHeaders(sandbox, JSON.stringify(identifier), {});
}
