/**
 * Keeping secrets out of text. An API (or a proxy in front of it) may echo what it received
 * in its error message: the `Authorization` header, the bearer token, the JWT. Whatever we
 * show from a response passes through `redactSecrets` first, so that no usable token reaches
 * run data, error messages or logs. Base URLs shown in hints go through `displayBaseUrl`,
 * which drops user-info (`user:pass@`) and the query string.
 *
 * Pure functions over strings; no imports.
 */

export const REDACTED = '[redacted]';

/**
 * Token-shaped text: three base64url segments joined by dots whose first one is a JSON header
 * (`eyJ` is `{"`), or any three long base64url segments (a JWT with an unusual header; too
 * long for host names).
 */
const JWT = /\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*|\b[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}/g;

/** `Bearer <anything up to a space or a quote>`, in any case: replaced as a whole. */
const BEARER = /\bBearer\s+[^\s"'<>,;]+/gi;

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The text with every JWT, every `Bearer <token>` and each known secret (with its common
 * encodings) replaced by `[redacted]`. Secrets shorter than 4 characters are not searched for
 * (they would blank out ordinary words).
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
	let result = text.replace(JWT, REDACTED).replace(BEARER, REDACTED);
	for (const secret of secrets) {
		if (secret.length < 4) continue;
		const forms = new Set([
			secret,
			JSON.stringify(secret).slice(1, -1),
			encodeURIComponent(secret),
			Buffer.from(secret, 'utf8').toString('base64'),
			Buffer.from(secret, 'utf8').toString('base64url'),
			Buffer.from(secret, 'utf8').toString('hex'),
		]);
		for (const form of forms) {
			if (form.length >= 4) result = result.replace(new RegExp(escapeRegExp(form), 'gi'), REDACTED);
		}
	}
	return result;
}

/** A copy of a JSON value with every string in it (keys included) passed through `redactSecrets`. */
export function redactValue<T>(value: T, secrets: readonly string[] = []): T {
	if (typeof value === 'string') return redactSecrets(value, secrets) as T;
	if (Array.isArray(value)) return value.map((entry: unknown) => redactValue(entry, secrets)) as T;
	if (typeof value === 'object' && value !== null) {
		const copy: Record<string, unknown> = {};
		for (const [key, entry] of Object.entries(value)) copy[redactSecrets(key, secrets)] = redactValue(entry, secrets);
		return copy as T;
	}
	return value;
}

/**
 * A base URL as it may be shown to the user: without `user:pass@`, query or fragment. Text
 * that is not a URL is cut the same way by hand.
 */
export function displayBaseUrl(baseUrl: string): string {
	try {
		const url = new URL(baseUrl);
		if (url.host === '') throw new TypeError('no host');
		url.username = '';
		url.password = '';
		url.search = '';
		url.hash = '';
		return url.href.replace(/\/+$/, '');
	} catch {
		return baseUrl.split(/[?#]/, 1)[0]!.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/@]*@/i, '$1');
	}
}
