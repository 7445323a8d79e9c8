/**
 * The message and hint of every failed request: decided by Annex Cloud's `errorCode` first
 * (AC1001-AC1010 [doc]), then the HTTP status, then what happened on the network. Pure, no n8n
 * context: errors.ts builds the NodeApiError from what this says.
 */
import { annexErrorCode, annexErrorMessage } from './annexBody';
import { explainAuthFailure } from './authHints';
import { ERROR_CODES, FIELDS } from './contract';
import type { FailedExchange } from './failedExchange';
import { displayBaseUrl } from './redact';

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
 * What an error answer says about a write, when it says one of these: the change is already in
 * place (AC1006 "Data already exists", or a 409 without an error code this package knows), or
 * Annex Cloud will not act for this member (AC1008 blocked, AC1009 opted out: normal answers
 * about a real member [doc]). Decided like the message: by the error code first, the HTTP
 * status second. Operations read it from the error (errors.ts `answerOf`), never from the body.
 */
export type AnswerKind = 'alreadyExists' | 'memberRefused';

const KNOWN_CODES: ReadonlySet<string> = new Set(Object.values(ERROR_CODES));

/** What to do about a member Annex Cloud refuses to act for, by its error code. */
const MEMBER_REFUSAL_HINTS = {
	[ERROR_CODES.userBlocked]:
		'Annex Cloud does not act for a blocked member. Unblock the member in Annex Cloud, or filter blocked members out before this node.',
	[ERROR_CODES.optedOut]:
		'The member opted out of the loyalty program, so Annex Cloud does not act for them. Leave such members out of this workflow.',
} as const;

/** What to do about a member refused with this error code (AC1008, AC1009); undefined for other codes. */
export function memberRefusalHint(code: string | undefined): string | undefined {
	const key = code?.toUpperCase();
	return key === ERROR_CODES.userBlocked || key === ERROR_CODES.optedOut ? MEMBER_REFUSAL_HINTS[key] : undefined;
}

/** See AnswerKind. */
export function answerKind(status: number | undefined, body: unknown): AnswerKind | undefined {
	const code = annexErrorCode(body)?.toUpperCase();
	if (code !== undefined && KNOWN_CODES.has(code)) {
		if (code === ERROR_CODES.alreadyExists) return 'alreadyExists';
		return memberRefusalHint(code) === undefined ? undefined : 'memberRefused';
	}
	return status === 409 ? 'alreadyExists' : undefined;
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
				hint: 'Nothing was changed: it is already in place. On Activate or Reactivate for Member, the option Treat Already Active as Success outputs such members as success; elsewhere, to skip such items, turn on Continue On Fail (Settings > On Error).',
			};
		case ERROR_CODES.userBlocked:
			return { message: `This member is blocked in Annex Cloud${suffix}`, hint: MEMBER_REFUSAL_HINTS[ERROR_CODES.userBlocked] };
		case ERROR_CODES.optedOut:
			return { message: `This member has opted out${suffix}`, hint: MEMBER_REFUSAL_HINTS[ERROR_CODES.optedOut] };
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

/**
 * What went wrong, in words: the message, the hint and the HTTP code of a failed exchange, and
 * what a JSON error answer says about the write (AnswerKind), if anything.
 */
export function describeFailure(exchange: FailedExchange): { message: string; hint: string; httpCode?: string; kind?: AnswerKind } {
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
		return { message: described.message, hint, httpCode: String(exchange.status), kind: answerKind(exchange.status, exchange.body) };
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
