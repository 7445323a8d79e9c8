/**
 * When to retry a request, and how long to wait first. Pure: the transport feeds it what
 * happened and sleeps for the delay it returns.
 *
 * - A read (idempotent route) is retried on 429, 5xx, timeouts, resets and unreadable
 *   responses.
 * - A write is retried only when the API cannot have applied it: 429 (rate limited) and a
 *   connection that was refused before anything was sent. A 5xx, a timeout or a reset after
 *   a write was sent may have applied it, so it is reported, not repeated.
 * - Waits grow exponentially with jitter, honour `Retry-After`, and never exceed the total
 *   wait budget: a `Retry-After` longer than what is left fails at once with a clear message.
 */

export interface RetryPolicy {
	/** Retries after the first attempt. */
	readonly maxRetries: number;
	readonly baseDelayMs: number;
	readonly maxDelayMs: number;
	/** Upper bound on the sum of all waits for one request. */
	readonly maxTotalWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxRetries: 3,
	baseDelayMs: 500,
	maxDelayMs: 10_000,
	maxTotalWaitMs: 30_000,
};

export type AttemptOutcome =
	| { kind: 'status'; status: number; retryAfterMs?: number }
	/** `sent` comes from delivery.ts, the one answer to "may it have reached the server?" */
	| { kind: 'network'; code: string; sent: boolean }
	| { kind: 'unreadable' }
	/** The server answered, but not with data (a redirect, a 2xx error body): not repeated. */
	| { kind: 'answered' };

export type RetryDecision =
	| { retry: true; delayMs: number }
	| { retry: false; reason: 'not-retryable' | 'attempts-exhausted' | 'budget-exhausted' };

export function isTransient(outcome: AttemptOutcome, idempotent: boolean): boolean {
	switch (outcome.kind) {
		case 'status':
			if (outcome.status === 429) return true;
			return idempotent && (outcome.status >= 500 || outcome.status === 408);
		case 'network':
			return idempotent || !outcome.sent;
		case 'unreadable':
			return idempotent;
		case 'answered':
			return false;
	}
}

/**
 * Whether a failed write may nevertheless have been applied: it reached the server and the
 * answer does not say it was refused (a 5xx, a timeout after sending, a garbled 2xx). A write
 * that was never sent, or that the API refused (4xx, an error body, a redirect), was not.
 */
export function mayHaveBeenApplied(outcome: AttemptOutcome): boolean {
	switch (outcome.kind) {
		case 'status':
			return outcome.status >= 500 || outcome.status === 408;
		case 'network':
			return outcome.sent;
		case 'unreadable':
			return true;
		case 'answered':
			return false;
	}
}

/** Parse `Retry-After`: delay seconds or an HTTP date. Returns milliseconds, or undefined. */
export function parseRetryAfter(value: unknown, nowMs: number): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text === 'number' && Number.isFinite(text) && text >= 0) return text * 1000;
	if (typeof text !== 'string' || text.trim() === '') return undefined;
	const trimmed = text.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
	const date = Date.parse(trimmed);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - nowMs);
}

/**
 * Decide about the attempt that just failed. `attempt` is 1 for the first try;
 * `waitedMs` is the sum of the waits so far; `random` in [0, 1) adds jitter.
 */
export function decideRetry(
	policy: RetryPolicy,
	outcome: AttemptOutcome,
	idempotent: boolean,
	attempt: number,
	waitedMs: number,
	random: number = Math.random(),
): RetryDecision {
	if (!isTransient(outcome, idempotent)) return { retry: false, reason: 'not-retryable' };
	if (attempt > policy.maxRetries) return { retry: false, reason: 'attempts-exhausted' };
	const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
	const jittered = Math.round(backoff * (0.5 + random / 2));
	const retryAfter = outcome.kind === 'status' ? outcome.retryAfterMs : undefined;
	const delayMs = retryAfter !== undefined ? Math.ceil(retryAfter) : jittered;
	if (waitedMs + delayMs > policy.maxTotalWaitMs) return { retry: false, reason: 'budget-exhausted' };
	return { retry: true, delayMs };
}
