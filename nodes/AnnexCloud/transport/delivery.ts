/**
 * "Was the request sent?": the one answer used by the retry policy (a write is repeated only
 * when it cannot have reached Annex Cloud) and by the error messages (a write that may have
 * been applied says so; one that was never sent never does).
 *
 * n8n's request helper wraps whatever went wrong in a NodeApiError whose `cause` chain holds
 * the original error: a network error carries a Node.js / axios code (ECONNREFUSED,
 * ECONNRESET, ETIMEDOUT, ERR_TLS_...). Anything else thrown there (the credential's own
 * `authenticate` refusing a missing field, an aborted execution) is not a network failure:
 * the transport reports it as it is, at once, without retries.
 */

export interface NetworkFailure {
	/** The network error code, e.g. ECONNRESET. */
	code: string;
	message: string;
	/** Whether the request may have reached the server (false only when it provably did not). */
	sent: boolean;
}

/**
 * Codes raised before a single byte of the request left this machine: name resolution,
 * routing, a refused connection, a TLS handshake that failed (the body is sent only after it).
 */
const NOT_SENT_CODES: ReadonlySet<string> = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EAI_FAIL',
	'EAI_NONAME',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'EHOSTDOWN',
	'ENETDOWN',
	'EADDRNOTAVAIL',
	'ERR_INVALID_URL',
	'ERR_TLS_CERT_ALTNAME_INVALID',
	'CERT_HAS_EXPIRED',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'ERR_SSL_WRONG_VERSION_NUMBER',
]);

/** Codes of errors that come from the network (socket, DNS, TLS, client timeouts). */
const NETWORK_CODE = /^(?:E[A-Z0-9_]+|ERR_(?:TLS|SSL|SOCKET|HTTP|STREAM)[A-Z0-9_]*|[A-Z_]*CERT[A-Z_]*|UNABLE_TO_[A-Z_]+)$/;

/** Codes that are not about the network although they look like one. */
const NOT_NETWORK_CODES: ReadonlySet<string> = new Set(['ERR_CANCELED', 'ABORT_ERR', 'ERR_INVALID_ARG_TYPE', 'ERR_INVALID_ARG_VALUE']);

/** Timeouts raised by a client without a code (axios: "timeout of 30000ms exceeded"). */
const TIMEOUT_MESSAGE = /^timeout of \d+ms exceeded$/i;

/** Whether a network failure with this code may have reached the server. */
export function mayHaveBeenSent(code: string): boolean {
	return !NOT_SENT_CODES.has(code);
}

/**
 * The network failure inside whatever n8n's request helper threw, or undefined when the error
 * is not a network failure (then it is reported as it is, never as "could not reach").
 */
export function networkFailureOf(error: unknown): NetworkFailure | undefined {
	const seen = new Set<unknown>();
	let current: unknown = error;
	while (typeof current === 'object' && current !== null && !seen.has(current)) {
		seen.add(current);
		const candidate = current as { code?: unknown; cause?: unknown; message?: unknown; name?: unknown };
		const message = typeof candidate.message === 'string' ? candidate.message : '';
		if (candidate.name === 'AbortError' || candidate.name === 'CanceledError') return undefined;
		if (typeof candidate.code === 'string' && !NOT_NETWORK_CODES.has(candidate.code) && NETWORK_CODE.test(candidate.code)) {
			return { code: candidate.code, message: message || candidate.code, sent: mayHaveBeenSent(candidate.code) };
		}
		if (TIMEOUT_MESSAGE.test(message)) return { code: 'ETIMEDOUT', message, sent: true };
		current = candidate.cause;
	}
	return undefined;
}

/**
 * The innermost error that is not n8n's wrapper: what the credential or the HTTP layer really
 * said (n8n's NodeApiError replaces unknown messages with a generic one).
 */
export function originalError(error: unknown): Error | undefined {
	const seen = new Set<unknown>();
	let current: unknown = error;
	let innermost: Error | undefined;
	while (current instanceof Error && !seen.has(current)) {
		seen.add(current);
		innermost = current;
		current = (current as { cause?: unknown }).cause;
	}
	return innermost;
}
