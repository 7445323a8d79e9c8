/**
 * The one request path. Every call to Annex Cloud (node operations, the trigger, list
 * search) goes through `annexCloudApiRequest`: n8n's `httpRequestWithAuthentication` with
 * the `annexCloudApi` credential (whose `authenticate` signs the request), bounded retries,
 * and one error mapping.
 */
import type {
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { buildPath, type RouteDefinition } from './contract';
import { networkFailureOf, originalError } from './delivery';
import { resolveBaseUrl } from './credentialData';
import { toNodeApiError, type FailedExchange } from './errors';
import { parseJson } from './json';
import { isNoDataAnswer, isNotFoundAnswer, notDataReason, type Expected } from './responseShape';
import {
	decideRetry,
	DEFAULT_RETRY_POLICY,
	mayHaveBeenApplied,
	parseRetryAfter,
	type AttemptOutcome,
	type RetryPolicy,
} from './retryPolicy';

export const CREDENTIAL_TYPE = 'annexCloudApi';
export const DEFAULT_TIMEOUT_MS = 30_000;

export type AnnexCloudFunctions = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions | IHookFunctions;

export interface AnnexCloudRequest {
	route: RouteDefinition;
	/** Raw (unencoded) values of the route's path parameters. */
	pathParams?: Record<string, string>;
	body?: IDataObject;
	qs?: IDataObject;
	/** The input item this request serves, for error messages. */
	itemIndex?: number;
	timeoutMs?: number;
	retry?: Partial<RetryPolicy>;
	/** Advice shown when the API answers 404, e.g. "Check the member ID". */
	notFoundHint?: string;
	/** What a read by id asks for, e.g. `Campaign "1234"`: "No data found" (AC1005) names it. */
	notFoundSubject?: string;
	/** The message for "Data already exists" (AC1006), e.g. "... is already active for this member". */
	alreadyExistsMessage?: string;
	/**
	 * Epoch ms by which the request must be done, retries included (a poll's time budget):
	 * each attempt's timeout is cut to the time left, and no retry starts after it.
	 */
	deadlineMs?: number;
	/**
	 * What a 2xx answer must be (responseShape.ts). Default: a record for a read, anything but
	 * an Annex error body for a write. A list read answers an empty list for "no data" (AC1005).
	 */
	expect?: Expected;
	/** A read by id: "no such record" (isNotFoundAnswer) answers undefined instead of failing. */
	notFoundIsEmpty?: boolean;
}

interface WireResult {
	outcome: 'ok' | 'thrown' | 'redirect' | AttemptOutcome['kind'];
	/** what was thrown, for 'thrown': not a network failure */
	thrown?: unknown;
	status?: number;
	body?: unknown;
	rawText?: string;
	headers?: IDataObject;
	networkCode?: string;
	networkMessage?: string;
	/** for 'network': whether the request may have reached the server */
	sent?: boolean;
}

function headerValue(headers: IDataObject | undefined, name: string): unknown {
	if (!headers) return undefined;
	const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
	return key === undefined ? undefined : headers[key];
}

function snippet(text: string): string {
	const compact = text.replace(/\s+/g, ' ').trim();
	return compact.length > 80 ? `${compact.slice(0, 80)}...` : compact;
}

function parseBody(text: string): { ok: true; value: unknown } | { ok: false } {
	if (text.trim() === '') return { ok: true, value: undefined };
	try {
		return { ok: true, value: parseJson(text) };
	} catch {
		return { ok: false };
	}
}

/**
 * What the requests of one node run share, keyed by the run's own context object, so that
 * nothing outlives the run or is shared between runs, executions or processes:
 * - the credential, loaded once. n8n reads, decrypts and resolves a credential on every
 *   `getCredentials` (a database read in n8n 2.x), which cost more than the request itself
 *   (BENCHMARKS.md). A failed load is not kept.
 * - a pause: when the API answers 429, no request of the run starts before the time it asked
 *   for, so concurrent requests back off together instead of each earning its own 429.
 */
interface RunState {
	credentials: Promise<ICredentialsDecrypted>;
	pausedUntilMs: number;
}

const runStates = new WeakMap<object, RunState>();

/**
 * Start a new run on a context n8n reuses: a polling trigger gets one context per activation
 * and polls with it every time, so each poll must read the credential again (a changed secret
 * takes effect at the next poll) and must not inherit an earlier poll's 429 pause.
 */
export function startNewRun(context: AnnexCloudFunctions): void {
	runStates.delete(context);
}

function runState(context: AnnexCloudFunctions): RunState {
	let state = runStates.get(context);
	if (state === undefined) {
		const credentials = (async () => {
			const data = await context.getCredentials(CREDENTIAL_TYPE);
			const reference = context.getNode().credentials?.[CREDENTIAL_TYPE];
			return { id: reference?.id ?? '', name: reference?.name ?? '', type: CREDENTIAL_TYPE, data };
		})();
		const created: RunState = { credentials, pausedUntilMs: 0 };
		credentials.catch(() => {
			if (runStates.get(context) === created) runStates.delete(context);
		});
		runStates.set(context, created);
		state = created;
	}
	return state;
}

async function sendOnce(
	this: AnnexCloudFunctions,
	options: IHttpRequestOptions,
	expectBody: boolean,
	credentialsDecrypted: ICredentialsDecrypted,
): Promise<WireResult> {
	let response: IN8nHttpFullResponse;
	try {
		// Signed by the credential's authenticate, called by n8n with the already loaded credential.
		response = (await this.helpers.httpRequestWithAuthentication.call(
			this,
			CREDENTIAL_TYPE,
			{ ...options, headers: { ...(options.headers ?? {}) } },
			{ credentialsDecrypted },
		)) as IN8nHttpFullResponse;
	} catch (error) {
		const failure = networkFailureOf(error);
		if (failure === undefined) return { outcome: 'thrown', thrown: error };
		return { outcome: 'network', networkCode: failure.code, networkMessage: failure.message, sent: failure.sent };
	}
	const text =
		typeof response.body === 'string'
			? response.body
			: Buffer.isBuffer(response.body)
				? response.body.toString('utf8')
				: JSON.stringify(response.body ?? '');
	const parsed = parseBody(text);
	const status = response.statusCode;
	const headers = response.headers as IDataObject;
	const success = status >= 200 && status < 300;
	// Redirects are not followed (disableFollowRedirect): the signed token and the body stay with the Base URL.
	if (status >= 300 && status < 400) return { outcome: 'redirect', status, headers, rawText: snippet(text) };
	// A read that answers 2xx with nothing in it has not answered: treat it like a garbled response.
	if (success && expectBody && parsed.ok && parsed.value === undefined) {
		return { outcome: 'unreadable', status, rawText: '(empty body)', headers };
	}
	if (!parsed.ok) {
		return { outcome: success ? 'unreadable' : 'status', status, rawText: snippet(text), headers };
	}
	if (success) return { outcome: 'ok', status, body: parsed.value, headers };
	return { outcome: 'status', status, body: parsed.value, headers };
}

/** Send one Annex Cloud request and return the parsed JSON response. */
export async function annexCloudApiRequest(this: AnnexCloudFunctions, request: AnnexCloudRequest): Promise<unknown> {
	const run = runState(this);
	const credentialsDecrypted = await run.credentials;
	const credentials = credentialsDecrypted.data ?? {};
	const baseUrl = resolveBaseUrl(credentials);
	const siteId = String(credentials.siteId ?? '');
	const { route } = request;
	const path = buildPath(route, request.pathParams);
	const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...request.retry };
	const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
	// Serialise the body once: the credential signs this exact string and n8n sends it as is.
	const body = request.body === undefined ? undefined : JSON.stringify(request.body);
	const options: IHttpRequestOptions = {
		method: route.method,
		baseURL: baseUrl,
		url: path,
		qs: request.qs,
		body,
		timeout: timeoutMs,
		encoding: 'text',
		json: false,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		// A redirect could take the signed token (and, for 307/308, the body) to another server.
		disableFollowRedirect: true,
	};
	const expected: Expected = request.expect ?? (route.idempotent ? 'record' : 'write');
	let waitedMs = 0;
	/** The latest run-wide pause this request has already waited out. */
	let pauseWaitedUntilMs = 0;
	const { deadlineMs } = request;
	for (let attempt = 1; ; attempt++) {
		// Another request of this run was told to back off (429): wait with it, once per pause.
		const pausedUntilMs = run.pausedUntilMs;
		const pauseMs = pausedUntilMs > pauseWaitedUntilMs ? pausedUntilMs - Date.now() : 0;
		pauseWaitedUntilMs = Math.max(pauseWaitedUntilMs, pausedUntilMs);
		// Not past the deadline: the check below then reports the request as not sent.
		if (pauseMs > 0) await sleep(deadlineMs === undefined ? pauseMs : Math.min(pauseMs, Math.max(0, deadlineMs - Date.now())));
		if (deadlineMs !== undefined) {
			// Never start a request there is no time left to wait for: it would still reach the API.
			if (Date.now() >= deadlineMs) {
				throw new NodeOperationError(this.getNode(), 'The time allowed ran out before the request was sent', {
					description: `${route.method} ${path} was not sent. Nothing was changed; the next run starts over.`,
					itemIndex: request.itemIndex,
				});
			}
			options.timeout = Math.max(1, Math.min(timeoutMs, deadlineMs - Date.now()));
		}
		const result = await sendOnce.call(this, options, route.idempotent, credentialsDecrypted);
		if (result.outcome === 'thrown') {
			// Not a network failure (the credential refused to sign, the execution was cancelled...):
			// reported as it is, at once. Nothing was sent.
			const original = originalError(result.thrown);
			throw new NodeOperationError(this.getNode(), original ?? String(result.thrown), {
				description: `${route.method} ${path} was not sent.`,
				itemIndex: request.itemIndex,
			});
		}
		let notData: string | undefined;
		if (result.outcome === 'ok') {
			notData = notDataReason(result.body, expected);
			if (notData === undefined) return result.body ?? {};
		}
		// "No data found" on a list read is an empty list [doc].
		if (expected === 'list' && result.outcome === 'status' && isNoDataAnswer(result.status, result.body)) return [];
		if (request.notFoundIsEmpty && result.outcome === 'status' && isNotFoundAnswer(result.status, result.body)) return undefined;
		const retryAfterMs = parseRetryAfter(headerValue(result.headers, 'retry-after'), Date.now());
		const outcome: AttemptOutcome =
			result.outcome === 'network'
				? { kind: 'network', code: result.networkCode ?? 'ENETWORK', sent: result.sent !== false }
				: result.outcome === 'unreadable'
					? { kind: 'unreadable' }
					: result.outcome === 'ok' || result.outcome === 'redirect'
						? { kind: 'answered' }
						: { kind: 'status', status: result.status ?? 0, retryAfterMs };
		const decision = decideRetry(policy, outcome, route.idempotent, attempt, waitedMs);
		// A retry that would start after the deadline is not made: this failure is reported.
		if (decision.retry && (deadlineMs === undefined || Date.now() + decision.delayMs < deadlineMs)) {
			waitedMs += decision.delayMs;
			if (outcome.kind === 'status' && outcome.status === 429) {
				// The whole run pauses; this request's own wait below covers it up to its end.
				pauseWaitedUntilMs = Date.now() + decision.delayMs;
				run.pausedUntilMs = Math.max(run.pausedUntilMs, pauseWaitedUntilMs);
			}
			await sleep(decision.delayMs);
			continue;
		}
		const serverDate = Date.parse(String(headerValue(result.headers, 'date') ?? ''));
		const exchange: FailedExchange = {
			method: route.method,
			path,
			status: result.status,
			body: result.body,
			rawText: result.rawText,
			networkCode: result.networkCode,
			networkMessage: result.networkMessage,
			clockSkewSeconds: Number.isNaN(serverDate) ? undefined : (serverDate - Date.now()) / 1000,
			retryAfterSeconds: retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000),
			attempts: attempt,
			maybeApplied: !route.idempotent && mayHaveBeenApplied(outcome),
			fate: outcome.kind === 'network' && !outcome.sent ? 'notSent' : mayHaveBeenApplied(outcome) ? 'unknown' : 'refused',
			notData,
			redirectLocation: result.outcome === 'redirect' ? String(headerValue(result.headers, 'location') ?? '') : undefined,
			notFoundHint: request.notFoundHint,
			notFoundSubject: request.notFoundSubject,
			alreadyExistsMessage: request.alreadyExistsMessage,
			siteId,
			baseUrl,
			timeoutMs: options.timeout ?? timeoutMs,
		};
		throw toNodeApiError(this.getNode(), exchange, request.itemIndex);
	}
}
