/**
 * The one request path. Every call to Annex Cloud (node operations, the trigger, list
 * search) goes through `annexCloudApiRequest`: n8n's `httpRequestWithAuthentication` with
 * the `annexCloudApi` credential (whose `authenticate` signs the request), bounded retries,
 * and one error mapping.
 */
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import type { RouteDefinition } from './contract';
import { buildPath } from './paths';
import { originalError } from './delivery';
import { resolveBaseUrl } from './credentialData';
import { toNodeApiError, type FailedExchange } from './errors';
import { isNoDataAnswer, isNotFoundAnswer, notDataReason, type Expected } from './responseShape';
import {
	decideRetry,
	DEFAULT_RETRY_POLICY,
	mayHaveBeenApplied,
	parseRetryAfter,
	type AttemptOutcome,
	type RetryPolicy,
} from './retryPolicy';
import { signalOf } from './admission';
import { runState, type AnnexCloudFunctions } from './runState';
import { headerValue, sendOnce } from './wire';

export { CREDENTIAL_TYPE, startNewRun, type AnnexCloudFunctions } from './runState';

export const DEFAULT_TIMEOUT_MS = 30_000;

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
	/** Another request of this run was told to back off (429): wait with it, once per pause. */
	const waitOutPause = async (): Promise<void> => {
		const pausedUntilMs = run.pausedUntilMs;
		const pauseMs = pausedUntilMs > pauseWaitedUntilMs ? pausedUntilMs - Date.now() : 0;
		pauseWaitedUntilMs = Math.max(pauseWaitedUntilMs, pausedUntilMs);
		// Not past the deadline: the check below then reports the request as not sent.
		if (pauseMs > 0) await sleep(deadlineMs === undefined ? pauseMs : Math.min(pauseMs, Math.max(0, deadlineMs - Date.now())));
	};
	const gate = run.adaptive;
	for (let attempt = 1; ; attempt++) {
		await waitOutPause();
		// Concurrent Requests Auto: wait for a slot (and a paced start) of the run's limit; a
		// pause that began meanwhile is waited out before the request is sent.
		let permit = gate === undefined ? undefined : await gate.admit();
		while (gate !== undefined && permit !== undefined && run.pausedUntilMs > Math.max(pauseWaitedUntilMs, Date.now())) {
			gate.release(permit, { kind: 'neutral' });
			await waitOutPause();
			permit = await gate.admit();
		}
		if (deadlineMs !== undefined) {
			// Never start a request there is no time left to wait for: it would still reach the API.
			if (Date.now() >= deadlineMs) {
				if (permit !== undefined) gate?.release(permit, { kind: 'neutral' });
				throw new NodeOperationError(this.getNode(), 'The time allowed ran out before the request was sent', {
					description: `${route.method} ${path} was not sent. Nothing was changed; the next run starts over.`,
					itemIndex: request.itemIndex,
				});
			}
			options.timeout = Math.max(1, Math.min(timeoutMs, deadlineMs - Date.now()));
		}
		const sentAtMs = Date.now();
		const result = await sendOnce.call(this, options, route.idempotent, credentialsDecrypted);
		const retryAfterMs = parseRetryAfter(headerValue(result.headers, 'retry-after'), Date.now());
		if (permit !== undefined) gate?.release(permit, signalOf(result, retryAfterMs, Date.now() - sentAtMs));
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
