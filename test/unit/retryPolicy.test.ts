import fc from 'fast-check';

import { decideRetry, DEFAULT_RETRY_POLICY, parseRetryAfter, type AttemptOutcome } from '../../nodes/AnnexCloud/transport/retryPolicy';

const outcomes: fc.Arbitrary<AttemptOutcome> = fc.oneof(
	fc.record({ kind: fc.constant('status' as const), status: fc.integer({ min: 300, max: 599 }), retryAfterMs: fc.option(fc.integer({ min: 0, max: 120_000 }), { nil: undefined }) }),
	fc.record({ kind: fc.constant('network' as const), code: fc.constantFrom('ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', 'ECONNABORTED'), sent: fc.boolean() }),
	fc.constant({ kind: 'unreadable' as const }),
);

describe('retry policy', () => {
	it('bounds attempts and total wait, and never repeats a write that may have been applied', () => {
		fc.assert(
			fc.property(fc.array(outcomes, { minLength: 1, maxLength: 10 }), fc.boolean(), fc.double({ min: 0, max: 0.999, noNaN: true }), (sequence, idempotent, random) => {
				let waited = 0;
				let attempts = 0;
				for (const outcome of sequence) {
					attempts++;
					const decision = decideRetry(DEFAULT_RETRY_POLICY, outcome, idempotent, attempts, waited, random);
					if (!decision.retry) break;
					expect(decision.delayMs).toBeGreaterThanOrEqual(0);
					waited += decision.delayMs;
					if (!idempotent) {
						const safe = (outcome.kind === 'status' && outcome.status === 429) || (outcome.kind === 'network' && !outcome.sent);
						expect(safe).toBe(true);
					}
				}
				expect(waited).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.maxTotalWaitMs);
				expect(attempts).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.maxRetries + 1);
			}),
			{ numRuns: 500 },
		);
	});

	it('waits what Retry-After says, and grows the backoff otherwise', () => {
		expect(decideRetry(DEFAULT_RETRY_POLICY, { kind: 'status', status: 429, retryAfterMs: 2000 }, false, 1, 0)).toEqual({ retry: true, delayMs: 2000 });
		const first = decideRetry(DEFAULT_RETRY_POLICY, { kind: 'status', status: 503 }, true, 1, 0, 0.999);
		const third = decideRetry(DEFAULT_RETRY_POLICY, { kind: 'status', status: 503 }, true, 3, 0, 0.999);
		expect(first.retry && third.retry && third.delayMs > first.delayMs).toBe(true);
		expect(decideRetry(DEFAULT_RETRY_POLICY, { kind: 'status', status: 404 }, true, 1, 0)).toEqual({ retry: false, reason: 'not-retryable' });
		expect(decideRetry(DEFAULT_RETRY_POLICY, { kind: 'status', status: 503 }, false, 1, 0)).toEqual({ retry: false, reason: 'not-retryable' });
	});

	it('parses Retry-After as seconds or an HTTP date', () => {
		const now = Date.parse('2026-11-25T12:00:00Z');
		expect(parseRetryAfter('3', now)).toBe(3000);
		expect(parseRetryAfter(['1.5'], now)).toBe(1500);
		expect(parseRetryAfter('Wed, 25 Nov 2026 12:00:10 GMT', now)).toBe(10_000);
		expect(parseRetryAfter('Wed, 25 Nov 2026 11:00:00 GMT', now)).toBe(0);
		expect(parseRetryAfter('soon', now)).toBeUndefined();
		expect(parseRetryAfter(undefined, now)).toBeUndefined();
	});
});
