/**
 * What the transport knows about a request that failed, handed to the one place that turns it
 * into an error (errors.ts). Types only.
 */

/**
 * What became of a request that failed: never sent, refused by the API (not applied), or
 * unknown (it reached the API and may have been applied). Decided once, where the request
 * failed, from the one answer to "was it sent" (delivery.ts).
 */
export type RequestFate = 'notSent' | 'refused' | 'unknown';

export interface FailedExchange {
	method: string;
	/** Path relative to the base URL, without query. */
	path: string;
	status?: number;
	/** Parsed JSON body of the response, if any. */
	body?: unknown;
	/** The first characters of a response that was not JSON. */
	rawText?: string;
	/** Network error code (ECONNRESET, ETIMEDOUT, ...) when there was no response. */
	networkCode?: string;
	networkMessage?: string;
	/** Seconds between the server's Date header and our clock, when known. */
	clockSkewSeconds?: number;
	retryAfterSeconds?: number;
	attempts: number;
	/** The request was a write that may have been applied although it failed. */
	maybeApplied?: boolean;
	/** Operation-specific advice for a 404, e.g. "Check the member ID". */
	notFoundHint?: string;
	/** What a read by id asked for, e.g. `Campaign "1234"`: "No data found" names it. */
	notFoundSubject?: string;
	/** What "Data already exists" (AC1006) means for this operation, e.g. "already active for this member". */
	alreadyExistsMessage?: string;
	siteId?: string;
	baseUrl?: string;
	timeoutMs?: number;
	/** Why a 2xx answer was not the data asked for (responseShape.ts). */
	notData?: string;
	/** The Location of a redirect that was not followed. */
	redirectLocation?: string;
	/** What became of the request (retryPolicy.ts requestFate), for callers that report it. */
	fate?: RequestFate;
}
