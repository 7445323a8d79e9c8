/**
 * The sandbox's pace: how fast a real API answers and how many requests it takes.
 * - a rate limit: a token bucket of `burst` requests refilled at `rate` per second; a request
 *   that finds it empty is answered 429 with `Retry-After` (whole seconds until a token is
 *   back, at least 1, as APIs send it);
 * - latency: every API answer waits `latencyMs` plus a uniform random share of `jitterMs`.
 * Settable at start (`npm run sandbox -- --rate 20 --burst 20 --latency 25 --jitter 10`), from
 * the control API (`PUT /__sandbox/pace`) and from code (`sandbox.pace.set`).
 */

export interface PaceSettings {
	/** requests per second; 0 = no rate limit (default) */
	rate: number;
	/** bucket size; default: one second's worth (`rate`, at least 1) */
	burst: number;
	/** added to every API answer, ms (default 0) */
	latencyMs: number;
	/** plus up to this much more, uniformly random, ms (default 0) */
	jitterMs: number;
}

export const PACE_OFF: PaceSettings = { rate: 0, burst: 0, latencyMs: 0, jitterMs: 0 };

export type PaceAdmission = { ok: true } | { ok: false; retryAfterSeconds: number };

function nonNegative(value: unknown, name: string): number | undefined {
	if (value === undefined) return undefined;
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isFinite(number) || number < 0) {
		throw new RangeError(`pace "${name}" must be a number >= 0`);
	}
	return number;
}

/** Complete, checked settings from a partial object (missing fields: their defaults). */
export function paceSettings(input: Partial<Record<keyof PaceSettings, unknown>>): PaceSettings {
	const rate = nonNegative(input.rate, 'rate') ?? 0;
	return {
		rate,
		burst: nonNegative(input.burst, 'burst') ?? (rate > 0 ? Math.max(1, rate) : 0),
		latencyMs: nonNegative(input.latencyMs, 'latencyMs') ?? 0,
		jitterMs: nonNegative(input.jitterMs, 'jitterMs') ?? 0,
	};
}

export class Pace {
	private current: PaceSettings = PACE_OFF;
	private tokens = 0;
	private refilledAtMs = 0;

	constructor(
		settings: Partial<PaceSettings> = {},
		private readonly now: () => number = Date.now,
		private readonly random: () => number = Math.random,
	) {
		this.set(settings);
	}

	get settings(): PaceSettings {
		return { ...this.current };
	}

	/** Replace the settings; the bucket starts full. */
	set(settings: Partial<Record<keyof PaceSettings, unknown>>): PaceSettings {
		this.current = paceSettings(settings);
		this.tokens = this.current.burst;
		this.refilledAtMs = this.now();
		return this.settings;
	}

	/** Take a token for one request, or say when to come back. */
	admit(): PaceAdmission {
		const { rate, burst } = this.current;
		if (rate <= 0) return { ok: true };
		const now = this.now();
		this.tokens = Math.min(burst, this.tokens + ((now - this.refilledAtMs) * rate) / 1000);
		this.refilledAtMs = now;
		if (this.tokens >= 1) {
			this.tokens -= 1;
			return { ok: true };
		}
		return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - this.tokens) / rate)) };
	}

	/** How long this answer waits, ms. */
	delayMs(): number {
		const { latencyMs, jitterMs } = this.current;
		return latencyMs + (jitterMs > 0 ? this.random() * jitterMs : 0);
	}
}
