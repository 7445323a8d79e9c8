/**
 * The waiting around the Auto limit (adaptiveLimit.ts): requests are let in first come,
 * first served; the one at the head of the line waits for a free slot (a request ending) or
 * for its paced start time (`sleep` from n8n-workflow, the only timer runtime code may use).
 */
import { sleep } from 'n8n-workflow';

import { AdaptiveLimit, type Permit, type Signal } from './adaptiveLimit';

export class AdmissionGate {
	private busy = false;
	private readonly line: Array<() => void> = [];
	private onRelease: (() => void) | undefined;

	constructor(readonly limiter: AdaptiveLimit = new AdaptiveLimit(Date.now())) {}

	/** Wait for this request's turn and its slot; give the permit back with `release`. */
	async admit(): Promise<Permit> {
		if (this.busy) await new Promise<void>((resolve) => this.line.push(resolve));
		this.busy = true;
		try {
			for (;;) {
				const admission = this.limiter.tryStart(Date.now());
				if (admission.admitted) return admission.permit;
				if (admission.waitMs !== undefined) await sleep(admission.waitMs);
				else await new Promise<void>((resolve) => (this.onRelease = resolve));
			}
		} finally {
			const next = this.line.shift();
			if (next === undefined) this.busy = false;
			else next();
		}
	}

	release(permit: Permit, signal: Signal): void {
		this.limiter.release(permit, signal, Date.now());
		const wake = this.onRelease;
		this.onRelease = undefined;
		wake?.();
	}
}

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNABORTED']);

/** What an exchange tells the limit: its outcome, status, network code and Retry-After. */
export function signalOf(
	exchange: { outcome: string; status?: number; networkCode?: string },
	retryAfterMs: number | undefined,
	latencyMs: number,
): Signal {
	if (exchange.status === 429 || retryAfterMs !== undefined) return { kind: 'rateLimited', retryAfterMs };
	if (exchange.outcome === 'network') return TIMEOUT_CODES.has(exchange.networkCode ?? '') ? { kind: 'timeout' } : { kind: 'neutral' };
	const answered = exchange.outcome === 'ok' || (exchange.outcome === 'status' && (exchange.status ?? 500) < 500);
	return answered ? { kind: 'success', latencyMs } : { kind: 'neutral' };
}
