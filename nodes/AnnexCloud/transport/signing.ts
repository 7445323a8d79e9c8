/**
 * Annex Cloud request signing: one HS256 JWT per request whose `hmac` claim binds the
 * token to the exact request body (POST/PATCH) or to the request identifier (GET).
 *
 * Pure functions over strings; only `node:crypto`. The credential's `authenticate` is the
 * only caller at runtime.
 */
import { createHmac } from 'node:crypto';

import { CLAIMS } from './contract';
import { clampSignatureValidity } from './credentialData';

export interface SigningKey {
	/** Shared secret, used as given (UTF-8), for both the hmac claim and the JWT signature. */
	readonly sharedSecret: string;
	readonly siteId: string;
	/** The JWT `sub`. */
	readonly siteName: string;
}

export interface TokenOptions {
	/** Unix time in seconds. */
	readonly nowSeconds: number;
	/** Clamped to the documented Signature Validity range, whatever is passed. */
	readonly lifetimeSeconds: number;
}

const JWT_HEADER_SEGMENT = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' }), 'utf8').toString(
	'base64url',
);

/** base64(HMAC-SHA256(secret, base64(utf8(payload)))), the documented `hmac` claim. */
export function computePayloadHmac(sharedSecret: string, payload: string | Buffer): string {
	const bytes = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
	const encodedPayload = bytes.toString('base64');
	return createHmac('sha256', sharedSecret).update(encodedPayload, 'utf8').digest('base64');
}

/** Build the signed JWT for a payload string P. */
export function createRequestToken(
	key: SigningKey,
	payload: string | Buffer,
	options: TokenOptions,
): string {
	const claims = {
		[CLAIMS.subject]: key.siteName,
		[CLAIMS.expiry]: Math.floor(options.nowSeconds) + clampSignatureValidity(options.lifetimeSeconds),
		[CLAIMS.siteId]: key.siteId,
		[CLAIMS.hmac]: computePayloadHmac(key.sharedSecret, payload),
	};
	const claimsSegment = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
	const signingInput = `${JWT_HEADER_SEGMENT}.${claimsSegment}`;
	const signature = createHmac('sha256', key.sharedSecret).update(signingInput, 'utf8').digest('base64url');
	return `${signingInput}.${signature}`;
}
