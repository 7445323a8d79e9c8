/**
 * Turning what went wrong on the wire into an error a user can act on. Every failure of
 * every request becomes a `NodeApiError` built here: the Annex Cloud message, the HTTP
 * status, the `errorCode`, and a hint that says what to check. Nothing here ever sees the
 * secret or the token: the error body is built from the response and the request path only.
 */
import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { ERROR_CODES, FIELDS } from './contract';
import { displayBaseUrl, redactSecrets, redactValue } from './redact';

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

/**
 * What became of a request that failed: never sent, refused by the API (not applied), or
 * unknown (it reached the API and may have been applied). Decided once, where the request
 * failed, from the one answer to "was it sent" (delivery.ts).
 */
export type RequestFate = 'notSent' | 'refused' | 'unknown';

const fates = new WeakMap<object, RequestFate>();

/** The fate of a failed request from its error: 'notSent' for anything the transport did not send. */
export function requestFateOf(error: unknown): RequestFate {
	if (typeof error === 'object' && error !== null) {
		const fate = fates.get(error);
		if (fate !== undefined) return fate;
	}
	return error instanceof NodeApiError ? 'unknown' : 'notSent';
}

function annexField(body: unknown, field: string): string | undefined {
	if (typeof body !== 'object' || body === null) return undefined;
	const value = (body as Record<string, unknown>)[field];
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	if (typeof value === 'number') return String(value);
	return undefined;
}

export function annexErrorCode(body: unknown): string | undefined {
	return annexField(body, FIELDS.error.code);
}

export function annexErrorMessage(body: unknown): string | undefined {
	return annexField(body, FIELDS.error.message) ?? annexField(body, 'message');
}

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
const FIELD_LABELS: Readonly<Record<string, string>> = {
	[FIELDS.request.memberId]: 'Member ID',
	[FIELDS.request.campaignId]: 'Campaign',
	[FIELDS.request.status]: 'Status',
	[FIELDS.request.members]: 'members',
	[FIELDS.request.startDate]: 'Start Date',
	[FIELDS.request.endDate]: 'End Date',
};

/**
 * The parameter an AC1004/AC1007 message names, if it names one: a quoted name
 * (`"campaignId" is required`) or the names after a colon (`Missing Parameters: id`).
 */
export function parameterNamedIn(message: string | undefined): string | undefined {
	if (message === undefined) return undefined;
	const quoted = /["'`]([A-Za-z_][\w.]*)["'`]/.exec(message);
	const listed = /parameters?\s*[:-]\s*([A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*)/i.exec(message);
	const names = quoted?.[1] ?? listed?.[1];
	if (names === undefined) return undefined;
	return names
		.split(/\s*,\s*/)
		.map((name) => (Object.prototype.hasOwnProperty.call(FIELD_LABELS, name) ? `"${name}" (${FIELD_LABELS[name]})` : `"${name}"`))
		.join(', ');
}

interface Described {
	message: string;
	hint: string;
}

/**
 * What an Annex error code means [doc], whatever the HTTP status it came with; undefined for
 * a code this package does not know (the status decides, and the code is shown as it is).
 */
function describeAnnexCode(exchange: FailedExchange, code: string, suffix: string, tries: string): Described | undefined {
	const status = exchange.status ?? 0;
	const annexMessage = annexErrorMessage(exchange.body);
	switch (code) {
		case ERROR_CODES.generic:
			// "Oops! Something went wrong": not about an id, whatever status it came with.
			return {
				message: `Annex Cloud could not complete the request (HTTP ${status})${tries}${suffix}`,
				hint: exchange.maybeApplied
					? 'Annex Cloud reported a general failure. This write was not retried because it may already have been applied: check in Annex Cloud before running it again. If it persists, contact Annex Cloud support.'
					: 'Annex Cloud reported a general failure, not a problem with the values sent. Try again later; if it persists, contact Annex Cloud support with the request shown below.',
			};
		case ERROR_CODES.notAuthorized:
			return { message: `Annex Cloud refused the request signature${suffix}`, hint: explainAuthFailure(exchange) };
		case ERROR_CODES.methodNotAllowed:
			return {
				message: `Annex Cloud does not allow ${exchange.method} on this path${suffix}`,
				hint: `If every call fails this way, check the Base URL${exchange.baseUrl ? ` (now ${displayBaseUrl(exchange.baseUrl)})` : ''}; otherwise report it to the maintainers of this node.`,
			};
		case ERROR_CODES.missingParameters: {
			const named = parameterNamedIn(annexMessage);
			return {
				message: named ? `Annex Cloud says the parameter ${named} is missing` : `Annex Cloud says a parameter is missing${suffix}`,
				hint: 'Fill in every required field of the node; if you add Extra Body Fields, check that they do not replace a required field with an empty value.',
			};
		}
		case ERROR_CODES.invalidParameters: {
			const named = parameterNamedIn(annexMessage);
			return {
				message: named ? `Annex Cloud says the parameter ${named} is not valid${suffix}` : `Annex Cloud rejected a parameter as invalid${suffix}`,
				hint: 'Check the values of the parameters and of any extra body fields.',
			};
		}
		case ERROR_CODES.noData:
			return {
				message: exchange.notFoundSubject
					? `${exchange.notFoundSubject} was not found in Annex Cloud`
					: `Annex Cloud found no data for this request${suffix}`,
				hint:
					exchange.notFoundHint ??
					'Check the IDs you entered. If every call fails this way, check the Base URL in the credential.',
			};
		case ERROR_CODES.alreadyExists:
			return {
				message: exchange.alreadyExistsMessage ?? `Annex Cloud says this already exists${suffix}`,
				hint: 'Nothing was changed: it is already in place. To skip such items, turn on Continue On Fail (Settings > On Error).',
			};
		case ERROR_CODES.userBlocked:
			return {
				message: `This member is blocked in Annex Cloud${suffix}`,
				hint: 'Annex Cloud does not act for a blocked member. Unblock the member in Annex Cloud, or filter blocked members out before this node.',
			};
		case ERROR_CODES.optedOut:
			return {
				message: `This member has opted out${suffix}`,
				hint: 'The member opted out of the loyalty program, so Annex Cloud does not act for them. Leave such members out of this workflow.',
			};
		case ERROR_CODES.duplicateOrderId:
			return {
				message: `Annex Cloud says this order ID was already used${suffix}`,
				hint: 'Each order ID may be sent once. Check whether the order was already recorded before sending it again.',
			};
		default:
			return undefined;
	}
}

/** An error answer, decided by its Annex error code first and its HTTP status second. */
function describeStatus(exchange: FailedExchange): Described {
	const status = exchange.status ?? 0;
	const annexMessage = annexErrorMessage(exchange.body);
	const suffix = annexMessage ? `: ${annexMessage}` : '';
	const tries = exchange.attempts > 1 ? ` after ${exchange.attempts} attempts` : '';
	const code = annexErrorCode(exchange.body)?.toUpperCase();
	const byCode = code === undefined ? undefined : describeAnnexCode(exchange, code, suffix, tries);
	if (byCode !== undefined) return byCode;
	switch (true) {
		case status === 400:
			return {
				message: `Annex Cloud rejected the request as invalid${suffix}`,
				hint: 'Check the values of the parameters and of any extra body fields.',
			};
		case status === 401:
			return { message: `Annex Cloud refused the request signature${suffix}`, hint: explainAuthFailure(exchange) };
		case status === 403:
			return {
				message: `Annex Cloud denied access${suffix}`,
				hint: 'The credential is valid but this site may not use this API. Ask your Annex Cloud account team to enable it.',
			};
		case status === 404 && code === undefined:
			// Annex Cloud answers its 404s with an error code: nothing that speaks its API is there.
			return {
				message: `Nothing answers at this Base URL like the Annex Cloud API (HTTP 404)${suffix}`,
				hint: `Check the Base URL${exchange.baseUrl ? ` (now ${displayBaseUrl(exchange.baseUrl)})` : ''}: it should be the API root ending in /api/3.0, e.g. https://s15.socialannex.net/api/3.0.`,
			};
		case status === 404:
			return {
				message: `Annex Cloud could not find the resource${suffix}`,
				hint:
					exchange.notFoundHint ??
					'Check the ID you entered. If every call fails this way, check the Base URL in the credential.',
			};
		case status === 409:
			return {
				message: exchange.alreadyExistsMessage ?? `Annex Cloud reported a conflict${suffix}`,
				hint: 'The change is already in place (for example, the campaign is already active for this member).',
			};
		case status === 429:
			return {
				message: `Annex Cloud rate limit reached${tries}${suffix}`,
				hint:
					exchange.retryAfterSeconds !== undefined
						? `Annex Cloud asked to wait ${exchange.retryAfterSeconds} seconds. Reduce the number of items per run, or add a Wait node between batches.`
						: 'Reduce the number of items per run, or add a Wait node between batches.',
			};
		case status >= 500:
			return {
				message: `Annex Cloud had a server error (HTTP ${status})${tries}${suffix}`,
				hint: exchange.maybeApplied
					? 'This write was not retried because it may already have been applied. Check in Annex Cloud before running it again.'
					: 'This is usually temporary. Try again later; if it persists, contact Annex Cloud support.',
			};
		default:
			return { message: `Annex Cloud answered with HTTP ${status}${suffix}`, hint: 'Check the request parameters.' };
	}
}

function formatDuration(ms: number): string {
	return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} seconds`;
}

/** What went wrong, in words: the message, the hint and the HTTP code of a failed exchange. */
function describeFailure(exchange: FailedExchange): { message: string; hint: string; httpCode?: string } {
	if (exchange.redirectLocation !== undefined) {
		const target = displayBaseUrl(exchange.redirectLocation);
		return {
			message: `Annex Cloud answered with a redirect (HTTP ${exchange.status ?? '3xx'})${target ? ` to ${target}` : ''}, which was not followed`,
			hint: `A redirect could carry the signed token or the request body to another server, so it is never followed. If the API has moved, set the Base URL in the credential to its new address${exchange.baseUrl ? ` (now ${displayBaseUrl(exchange.baseUrl)})` : ''}. Nothing was changed.`,
			httpCode: exchange.status === undefined ? undefined : String(exchange.status),
		};
	}
	if (exchange.notData !== undefined) {
		return {
			message: `Annex Cloud answered HTTP ${exchange.status ?? 200} but not with the data asked for: it sent ${exchange.notData}`,
			hint: `Nothing was taken from this answer. If it persists, check the Base URL${exchange.baseUrl ? ` (now ${displayBaseUrl(exchange.baseUrl)})` : ''} and any proxy in between, or report it to Annex Cloud support.`,
			httpCode: exchange.status === undefined ? undefined : String(exchange.status),
		};
	}
	if (exchange.status !== undefined && exchange.status >= 300 && exchange.rawText === undefined) {
		const described = describeStatus(exchange);
		// A 4xx in JSON but without an Annex error code: the ID hint alone would mislead when
		// the Base URL points at another server. (401 explains this itself.)
		const foreign =
			exchange.status >= 400 && exchange.status < 500 && exchange.status !== 401 && exchange.status !== 404 && exchange.status !== 429 &&
			annexErrorCode(exchange.body) === undefined;
		const hint = foreign
			? `${described.hint} The answer carries no Annex error code, so it may not come from the Annex Cloud API: if every call fails this way, check the Base URL${exchange.baseUrl ? ` (now ${displayBaseUrl(exchange.baseUrl)})` : ''}.`
			: described.hint;
		return { message: described.message, hint, httpCode: String(exchange.status) };
	}
	if (exchange.status !== undefined && exchange.status >= 300) {
		// An error status whose body is not JSON: an HTML page from a proxy, an empty body.
		const base = describeStatus(exchange);
		return {
			message: base.message,
			hint: `${base.hint} The response was not JSON (it began with "${exchange.rawText}"), so it may come from a proxy or a wrong Base URL.`,
			httpCode: String(exchange.status),
		};
	}
	const tries = exchange.attempts > 1 ? ` after ${exchange.attempts} attempts` : '';
	if (exchange.networkCode !== undefined) {
		const timedOut = /ETIMEDOUT|ECONNABORTED|TIMEOUT/i.test(exchange.networkCode);
		const message = timedOut
			? `Annex Cloud did not answer within ${formatDuration(exchange.timeoutMs ?? 0)}${tries}`
			: `Could not reach Annex Cloud (${exchange.networkCode})${tries}`;
		const applied = exchange.maybeApplied
			? ' This write was not retried because it may already have been applied: check in Annex Cloud before running it again.'
			: '';
		const hint = timedOut
			? `Raise the Timeout option or try again later.${applied}`
			: `Check the Base URL${exchange.baseUrl ? ` (${displayBaseUrl(exchange.baseUrl)})` : ''} and the network between n8n and Annex Cloud.${applied}`;
		return { message, hint };
	}
	const applied = exchange.maybeApplied
		? ' The request was accepted, so the change may have been applied: check in Annex Cloud before running it again.'
		: '';
	return {
		message: `Annex Cloud sent a response that is not valid JSON${tries}`,
		hint: `It began with "${exchange.rawText ?? ''}". If this persists, check the Base URL and any proxy in between.${applied}`,
		httpCode: exchange.status !== undefined ? String(exchange.status) : undefined,
	};
}

/** The one place that builds a NodeApiError for a failed Annex Cloud request. */
export function toNodeApiError(node: INode, exchange: FailedExchange, itemIndex?: number): NodeApiError {
	const { message, hint, httpCode } = describeFailure(exchange);
	const errorCode = annexErrorCode(exchange.body);
	const response: JsonObject = {
		method: exchange.method,
		path: exchange.path,
		attempts: exchange.attempts,
	};
	if (exchange.status !== undefined) response.httpCode = exchange.status;
	if (errorCode !== undefined) response[FIELDS.error.code] = errorCode;
	const annexMessage = annexErrorMessage(exchange.body);
	if (annexMessage !== undefined) response[FIELDS.error.message] = annexMessage;
	// Not under `code`: NodeApiError would replace our message with its generic one for it.
	if (exchange.networkCode !== undefined) response.networkError = exchange.networkCode;
	const codeNote = errorCode ? ` [Annex error code: ${errorCode}]` : '';
	// An API may echo the token it received: nothing token-shaped leaves here (redact.ts).
	const shownMessage = redactSecrets(message);
	const error = new NodeApiError(node, redactValue(response), {
		message: shownMessage,
		description: redactSecrets(`${hint}${codeNote} (${exchange.method} ${exchange.path})`),
		httpCode,
		itemIndex,
	});
	// NodeApiError swaps a message that names a network code (ECONNRESET, ECONNREFUSED...) for
	// n8n's generic text, which drops the attempts and says "You can retry the request
	// immediately": wrong for a write that may have been applied. Keep ours.
	error.message = shownMessage;
	if (exchange.fate !== undefined) fates.set(error, exchange.fate);
	return error;
}

/**
 * For catch blocks: an error that is already a NodeApiError or NodeOperationError passes
 * through (keeping its HTTP code and hint), tied to the item if it was not yet; anything
 * else is wrapped, with the item.
 */
export function asNodeError(node: INode, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (itemIndex !== undefined && error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(node, error instanceof Error ? error : String(error), { itemIndex });
}
