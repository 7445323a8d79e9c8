/**
 * Why Annex Cloud refused a signature (401): which credential setting the answer's words, the
 * server's clock and the Base URL point at. Pure, no n8n context.
 */
import { annexErrorCode, annexErrorMessage } from './annexBody';
import type { FailedExchange } from './failedExchange';
import { displayBaseUrl } from './redact';

/** Which credential setting most likely caused a 401, from what the API said and what we sent. */
export function explainAuthFailure(exchange: FailedExchange): string {
	// The documented AC1002 text ("Request Not Authorized") names no cause: only other words count.
	const said = `${annexErrorCode(exchange.body) ?? ''} ${annexErrorMessage(exchange.body) ?? ''}`
		.toLowerCase()
		.replace(/request not authori[sz]ed/g, '');
	const skew = exchange.clockSkewSeconds;
	const clockNote =
		skew !== undefined && Math.abs(skew) >= 30
			? ` This computer's clock differs from Annex Cloud's by about ${Math.round(Math.abs(skew))} seconds (${skew > 0 ? 'behind' : 'ahead'}): correct the clock (NTP) or raise Signature Validity.`
			: '';
	const cause = causeFromWords(said, exchange);
	// Annex Cloud answers with an errorCode: a 401 without one (an API gateway's
	// {"message":"Unauthorized"}, a sign-in page) comes from something else at the Base URL.
	if (annexErrorCode(exchange.body) === undefined) {
		const notTheApi = `The answer did not come from the Annex Cloud API (no Annex error code). Check the Base URL${exchange.baseUrl ? ` (now ${displayBaseUrl(exchange.baseUrl)})` : ''}; it should end in /api/3.0.`;
		return `${notTheApi}${cause === undefined ? '' : ` If the Base URL is right: ${cause}`}${clockNote}`;
	}
	return `${cause ?? 'Check, in this order: the Shared Secret, the Site ID, the clock of the computer running n8n, and the Base URL.'}${clockNote}`;
}

/** The credential setting that the words of a 401 point at, if any. */
function causeFromWords(said: string, exchange: FailedExchange): string | undefined {
	if (/expir|\bexp\b|clock|time|stale/.test(said)) {
		return 'The signed token was considered expired. Check the clock of the computer running n8n, or raise Signature Validity in the credential.';
	}
	if (/site/.test(said)) {
		return `The Site ID does not match the secret or the account (we sent Site ID "${exchange.siteId ?? '?'}"). Check the Site ID in the credential.`;
	}
	if (/payload|hmac|body|digest/.test(said)) {
		return 'The request body did not match its signature. If a proxy between n8n and Annex Cloud rewrites request bodies, bypass it; otherwise check the Shared Secret.';
	}
	if (/signature|secret|invalid token|malformed|jwt|bearer|auth/.test(said)) {
		return `The signature was rejected: the Shared Secret is most likely wrong (it must be the secret issued for Site ID "${exchange.siteId ?? '?'}").`;
	}
	return undefined;
}

/** The names of request fields a user knows from the node, for "missing" and "invalid" answers. */
