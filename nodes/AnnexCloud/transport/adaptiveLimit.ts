/**
 * "Concurrent Requests: Auto": how many requests of a run may be in flight, and how fast they
 * may start, learned from the answers. Pure: no clock and no waiting here; the caller passes
 * the time and waits (admission.ts).
 *
 * Why this design. Netflix's concurrency-limits offers AIMD, Vegas and Gradient limiters;
 * the gradient ones cut the limit as soon as latency rises above its minimum. In n8n the
 * client is the bottleneck on a fast API: with hundreds of requests in flight the measured
 * latency rises because n8n itself is busy, not because the API is, and a gradient limiter
 * would then throttle exactly the run that is going well (BENCHMARKS.md: 1,000 reads on
 * loopback are fastest with every request in flight). So the limit is TCP-style AIMD:
 * - slow start: from INITIAL_LIMIT the limit grows by one per fast success (it doubles
 *   every round trip) until the first overload signal, then by one per round trip;
 * - it grows only while the run uses it (at least half of it in flight), so a sequential
 *   run (pages) does not earn a limit it never tested;
 * - overload signals cut it multiplicatively: a 429, any answer with Retry-After or a
 *   timeout halve it, a clear rise in latency (the smoothed latency above both
 *   LATENCY_RISE x the run's fastest answer and that plus LATENCY_MARGIN_MS) cuts it by a
 *   fifth; once per round trip: answers to requests started before a cut do not cut again;
 * - never below 1, never above the ceiling.
 * A concurrency limit alone cannot keep to a rate limit on a fast network (one request at a
 * time is already hundreds per second), so a 429 also turns on pacing, AIMD on the rate:
 * the first rate is what the API allowed since the last pause, the successes over that
 * time plus the pause it now asks for (once there are MIN_PACE_EVIDENCE successes to tell a
 * rate by; before that the cut and the pause are the answer); every later 429 cuts it by a
 * tenth, and every success
 * raises it by PACE_GROWTH requests per second (5% per second at any rate). The run-wide 429
 * pause (runState.ts, waited out in request.ts) is kept as it is; pacing spaces the starts
 * around it.
 */

export const INITIAL_LIMIT = 10;
/** The hard ceiling of Auto: n8n's HTTP Request node has none; a thousand sockets is plenty. */
export const AUTO_CEILING = 1000;
export const OVERLOAD_DECREASE = 0.5;
export const LATENCY_DECREASE = 0.8;
export const LATENCY_RISE = 4;
export const LATENCY_MARGIN_MS = 1000;
/** Weight of a new latency sample in the smoothed latency. */
export const LATENCY_SMOOTHING = 0.2;
export const PACE_DECREASE = 0.9;
/** Requests per second added to the pace per success (5% per second at any rate). */
export const PACE_GROWTH = 0.05;
/** Successes since the last pause needed before a 429 turns pacing on. */
export const MIN_PACE_EVIDENCE = 5;
/** The slowest pace: one request per this many ms. */
export const MAX_PACE_INTERVAL_MS = 10_000;

/** What became of a request, as far as the limit is concerned. */
export type Signal =
	| { kind: 'success'; latencyMs: number }
	/** a 429, or any answer carrying Retry-After */
	| { kind: 'rateLimited'; retryAfterMs?: number }
	| { kind: 'timeout' }
	/** neither: a 5xx without Retry-After, a reset, a request not sent */
	| { kind: 'neutral' };

/** A request let in: give it back with `release`. */
export interface Permit {
	readonly epoch: number;
}

export type Admission = { admitted: true; permit: Permit } | { admitted: false; waitMs?: number };

export class AdaptiveLimit {
	private limitValue: number;
	private threshold = Number.POSITIVE_INFINITY;
	private epoch = 0;
	private inFlightCount = 0;
	private fastestMs = Number.POSITIVE_INFINITY;
	private smoothedMs: number | undefined;
	/** Requests per second; undefined until the API first answers 429. */
	private rate: number | undefined;
	private nextStartMs = 0;
	/** The successes since the last pause ended, and when it ended. */
	private windowSuccesses = 0;
	private windowStartMs: number;

	constructor(
		nowMs: number,
		readonly ceiling: number = AUTO_CEILING,
		initial: number = INITIAL_LIMIT,
	) {
		this.limitValue = Math.max(1, Math.min(ceiling, initial));
		this.windowStartMs = nowMs;
	}

	/** Requests allowed in flight now: a whole number in [1, ceiling]. */
	get limit(): number {
		return Math.max(1, Math.min(this.ceiling, Math.floor(this.limitValue)));
	}

	/** How many times the limit was cut; a permit issued since the last cut carries this epoch. */
	get cuts(): number {
		return this.epoch;
	}

	get inFlight(): number {
		return this.inFlightCount;
	}

	/** Requests per second while pacing, else undefined. */
	get pace(): number | undefined {
		return this.rate;
	}

	/** Let a request start now, or say how long to wait (undefined: until a request ends). */
	tryStart(nowMs: number): Admission {
		if (this.inFlightCount >= this.limit) return { admitted: false };
		if (this.rate !== undefined && nowMs < this.nextStartMs) return { admitted: false, waitMs: this.nextStartMs - nowMs };
		if (this.rate !== undefined) this.nextStartMs = Math.max(nowMs, this.nextStartMs) + 1000 / this.rate;
		this.inFlightCount++;
		return { admitted: true, permit: { epoch: this.epoch } };
	}

	/** A request ended (or was given up before it was sent: neutral). */
	release(permit: Permit, signal: Signal, nowMs: number): void {
		const inFlightBefore = this.inFlightCount;
		this.inFlightCount = Math.max(0, this.inFlightCount - 1);
		if (signal.kind === 'neutral') return;
		if (signal.kind === 'success') {
			this.windowSuccesses++;
			if (this.rate !== undefined) this.rate += PACE_GROWTH;
			const latency = Math.max(0, signal.latencyMs);
			this.fastestMs = Math.min(this.fastestMs, latency);
			this.smoothedMs = this.smoothedMs === undefined ? latency : this.smoothedMs + LATENCY_SMOOTHING * (latency - this.smoothedMs);
			if (this.latencyRose()) {
				this.cut(permit, LATENCY_DECREASE);
				return;
			}
			// Grow only a limit the run is using.
			if (inFlightBefore * 2 < this.limit) return;
			this.limitValue += this.limitValue < this.threshold ? 1 : 1 / this.limitValue;
			this.limitValue = Math.min(this.limitValue, this.ceiling);
			return;
		}
		const cut = this.cut(permit, OVERLOAD_DECREASE);
		if (signal.kind === 'rateLimited' && cut) this.slowDown(nowMs, signal.retryAfterMs ?? 0);
	}

	private latencyRose(): boolean {
		const smoothed = this.smoothedMs ?? 0;
		return smoothed > this.fastestMs * LATENCY_RISE && smoothed > this.fastestMs + LATENCY_MARGIN_MS;
	}

	/** Cut the limit once per round trip: not again for requests started before the last cut. */
	private cut(permit: Permit, factor: number): boolean {
		if (permit.epoch < this.epoch) return false;
		this.epoch++;
		this.limitValue = Math.max(1, this.limitValue * factor);
		this.threshold = this.limitValue;
		// The latency that caused a cut is not a reason for the next one.
		this.smoothedMs = undefined;
		return true;
	}

	private slowDown(nowMs: number, retryAfterMs: number): void {
		const elapsedMs = Math.max(0, nowMs - this.windowStartMs) + retryAfterMs;
		const allowed = (1000 * this.windowSuccesses) / Math.max(1, elapsedMs);
		const slowest = 1000 / MAX_PACE_INTERVAL_MS;
		if (this.rate !== undefined) this.rate = Math.max(slowest, this.rate * PACE_DECREASE);
		// Too few answers since the last pause to tell a rate: the pause and the cut are the answer.
		else if (this.windowSuccesses >= MIN_PACE_EVIDENCE) this.rate = Math.max(slowest, allowed);
		this.windowSuccesses = 0;
		this.windowStartMs = nowMs + retryAfterMs;
	}
}
