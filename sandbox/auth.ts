/**
 * Independent verification of Annex Cloud request authentication, as documented in the
 * contract (/work/shared/annex-cloud-api.md, "Authentication: one JWT per request").
 *
 * Deliberately shares no code with the credential or the transport: it is written with
 * node:crypto only, so that the sandbox really checks what our client sends. Only names
 * (header and claim names) come from the contract module.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

import { CLAIMS } from '../nodes/AnnexCloud/transport/contract';

/** Distinct 401 error codes, one per cause, in the order they are checked. */
export const AUTH_ERROR_CODES = {
	missing: 'AUTH_MISSING',
	malformed: 'TOKEN_MALFORMED',
	signature: 'INVALID_SIGNATURE',
	claimsMissing: 'CLAIMS_MISSING',
	invalidExp: 'INVALID_EXP',
	expired: 'TOKEN_EXPIRED',
	site: 'SITE_MISMATCH',
	payload: 'PAYLOAD_MISMATCH',
} as const;

export type AuthErrorCode = (typeof AUTH_ERROR_CODES)[keyof typeof AUTH_ERROR_CODES];

/** `exp` values above this are taken for milliseconds and rejected (year 5138 in seconds). */
export const MAX_EXP_SECONDS = 1e11;

/** The claims the sandbox reads; other claims are allowed and ignored. */
export interface VerifiedClaims {
	sub: string;
	exp: number;
	site_id: string;
	hmac: string;
	[claim: string]: unknown;
}

export interface VerifyInput {
	/** the `Authorization` header value */
	authorization: string | undefined;
	/** the `X-AnnexCloud-Site` header value */
	siteHeader: string | undefined;
	/**
	 * What was signed: the raw body bytes for POST/PATCH, or the JSON string literal of
	 * the decoded path parameter for GET.
	 */
	payload: Buffer | string;
}

export interface VerifyConfig {
	secret: string;
	siteId: string;
	/** tolerance for `exp`, in seconds */
	clockSkewSeconds: number;
	/** current time in epoch milliseconds */
	nowMs: number;
}

export type VerifyResult =
	| { ok: true; claims: VerifiedClaims }
	| { ok: false; errorCode: AuthErrorCode; errorMessage: string; claims?: Record<string, unknown> };

const BASE64URL = /^[A-Za-z0-9_-]+$/;

function fail(errorCode: AuthErrorCode, errorMessage: string, claims?: Record<string, unknown>): VerifyResult {
	return claims === undefined ? { ok: false, errorCode, errorMessage } : { ok: false, errorCode, errorMessage, claims };
}

function constantTimeEqual(a: string, b: string): boolean {
	const left = Buffer.from(a, 'utf8');
	const right = Buffer.from(b, 'utf8');
	// Compare against itself when lengths differ so the time taken does not depend on content.
	if (left.length !== right.length) {
		timingSafeEqual(left, left);
		return false;
	}
	return timingSafeEqual(left, right);
}

function decodeJsonObject(segment: string): Record<string, unknown> | undefined {
	if (!BASE64URL.test(segment)) return undefined;
	try {
		const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
		if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
		return value as Record<string, unknown>;
	} catch {
		return undefined;
	}
}

/**
 * The `hmac` claim for a payload: base64(HMAC-SHA256(key = secret, message = base64(payload))).
 * A string payload is taken as UTF-8; a Buffer is used byte for byte.
 */
export function computePayloadHmac(secret: string, payload: Buffer | string): string {
	const bytes = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
	return createHmac('sha256', secret).update(bytes.toString('base64'), 'utf8').digest('base64');
}

/** The HS256 signature (base64url) of `header.claims`. */
function computeSignature(secret: string, signingInput: string): string {
	return createHmac('sha256', secret).update(signingInput, 'utf8').digest('base64url');
}

/**
 * Verify a request's authentication. Checks, in order: Authorization header (AUTH_MISSING),
 * JWT structure and `alg` HS256 (TOKEN_MALFORMED), signature (INVALID_SIGNATURE), required
 * claims (CLAIMS_MISSING), `exp` in seconds (INVALID_EXP, TOKEN_EXPIRED), site header and
 * `site_id` (SITE_MISMATCH), `hmac` of the payload (PAYLOAD_MISMATCH).
 */
export function verifyRequest(input: VerifyInput, config: VerifyConfig): VerifyResult {
	const codes = AUTH_ERROR_CODES;
	const match = /^Bearer +(\S+) *$/i.exec(input.authorization ?? '');
	const token = match?.[1];
	if (token === undefined) {
		return fail(codes.missing, 'Authorization header with a Bearer token is required');
	}

	const parts = token.split('.');
	if (parts.length !== 3) return fail(codes.malformed, 'The token must have three dot-separated parts');
	const [headerPart = '', claimsPart = '', signaturePart = ''] = parts;
	const header = decodeJsonObject(headerPart);
	if (!header) return fail(codes.malformed, 'The token header is not base64url-encoded JSON');
	if (header.alg !== 'HS256') return fail(codes.malformed, `The token algorithm must be HS256 (got ${String(header.alg)})`);
	if (header.typ !== undefined && String(header.typ).toUpperCase() !== 'JWT') {
		return fail(codes.malformed, 'The token type must be JWT');
	}
	const claims = decodeJsonObject(claimsPart);
	if (!claims) return fail(codes.malformed, 'The token claims are not base64url-encoded JSON');
	if (!BASE64URL.test(signaturePart)) return fail(codes.malformed, 'The token signature is not base64url');

	const expectedSignature = computeSignature(config.secret, `${headerPart}.${claimsPart}`);
	if (!constantTimeEqual(signaturePart, expectedSignature)) {
		return fail(codes.signature, 'The token signature does not match the shared secret');
	}

	const sub = claims[CLAIMS.subject];
	const exp = claims[CLAIMS.expiry];
	const siteId = claims[CLAIMS.siteId];
	const hmac = claims[CLAIMS.hmac];
	const missing: string[] = [];
	if (typeof sub !== 'string' || sub.length === 0) missing.push(CLAIMS.subject);
	if (exp === undefined || exp === null) missing.push(CLAIMS.expiry);
	if (!((typeof siteId === 'string' && siteId.length > 0) || typeof siteId === 'number')) missing.push(CLAIMS.siteId);
	if (typeof hmac !== 'string' || hmac.length === 0) missing.push(CLAIMS.hmac);
	if (missing.length > 0) return fail(codes.claimsMissing, `Missing or empty claims: ${missing.join(', ')}`, claims);

	if (typeof exp !== 'number' || !Number.isFinite(exp)) {
		return fail(codes.invalidExp, `${CLAIMS.expiry} must be a number of seconds`, claims);
	}
	if (exp > MAX_EXP_SECONDS) {
		return fail(codes.invalidExp, `${CLAIMS.expiry} looks like milliseconds; it must be Unix time in seconds`, claims);
	}
	if (config.nowMs / 1000 >= exp + config.clockSkewSeconds) {
		return fail(codes.expired, 'The token has expired', claims);
	}

	const siteClaim = String(siteId);
	if (input.siteHeader === undefined || input.siteHeader === '') {
		return fail(codes.site, 'The X-AnnexCloud-Site header is required', claims);
	}
	if (input.siteHeader !== siteClaim) {
		return fail(codes.site, `The X-AnnexCloud-Site header does not match the ${CLAIMS.siteId} claim`, claims);
	}
	if (siteClaim !== config.siteId) {
		return fail(codes.site, `Unknown site id "${siteClaim}"`, claims);
	}

	const expectedHmac = computePayloadHmac(config.secret, input.payload);
	if (!constantTimeEqual(hmac as string, expectedHmac)) {
		return fail(codes.payload, `The ${CLAIMS.hmac} claim does not match the request payload`, claims);
	}

	return {
		ok: true,
		claims: { ...claims, sub: sub as string, exp, site_id: siteClaim, hmac: hmac as string },
	};
}
