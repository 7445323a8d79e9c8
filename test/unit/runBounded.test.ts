/**
 * runBounded, the pool behind "Concurrent Requests": fast-check's scheduler decides in which
 * order the tasks' answers arrive, so every interleaving of fast and slow requests is tried.
 */
import fc from 'fast-check';

import { firstFailure, NO_LIMIT, runBounded, type Settled } from '../../nodes/AnnexCloud/helpers/concurrency';

interface Plan {
	count: number;
	limit: number;
	/** indexes whose task fails */
	failing: number[];
	/** stop after a failure (no "Continue On Fail") */
	stopOnFailure: boolean;
}

const planArb: fc.Arbitrary<Plan> = fc
	.record({
		count: fc.integer({ min: 0, max: 30 }),
		limit: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.constant(NO_LIMIT)),
		failing: fc.array(fc.integer({ min: 0, max: 29 }), { maxLength: 4 }),
		stopOnFailure: fc.boolean(),
	})
	.map((plan) => ({ ...plan, failing: plan.failing.filter((index) => index < plan.count) }));

describe('runBounded', () => {
	it('keeps at most `limit` tasks in flight, starts them in index order, and returns results by index', async () => {
		await fc.assert(
			fc.asyncProperty(fc.scheduler(), planArb, async (s, plan) => {
				const started: number[] = [];
				const startedAfterStop: number[] = [];
				let inFlight = 0;
				let peak = 0;
				let stopSeen = false;
				let decisions = 0;
				const run = runBounded(
					plan.count,
					plan.limit,
					async (index) => {
						started.push(index);
						if (stopSeen) startedAfterStop.push(index);
						inFlight++;
						peak = Math.max(peak, inFlight);
						try {
							await s.schedule(Promise.resolve(), `answer ${index}`);
							if (plan.failing.includes(index)) throw new Error(`task ${index} failed`);
							return index * 10;
						} finally {
							inFlight--;
						}
					},
					(settled: Settled<number>) => {
						decisions++;
						const stop = plan.stopOnFailure && !settled.ok;
						if (stop) stopSeen = true;
						return stop;
					},
				);
				await s.waitFor(run);
				const results = await run;

				// No limit: as many in flight as there are tasks.
				const limit = plan.limit === NO_LIMIT ? plan.count : plan.limit;
				expect(results).toHaveLength(plan.count);
				expect(peak).toBeLessThanOrEqual(limit);
				// Starts are 0, 1, 2, ... with no gap and no repeat.
				expect(started).toEqual(started.map((_value, k) => k));
				// Every settled task is asked about, and nothing starts once one said stop.
				expect(decisions).toBe(started.length);
				expect(startedAfterStop).toEqual([]);
				const stopped = plan.stopOnFailure && plan.failing.length > 0;
				if (!stopped) {
					expect(started).toHaveLength(plan.count);
					// With nothing stopping it, the pool is as wide as allowed.
					expect(peak).toBe(Math.min(limit, plan.count));
				}
				results.forEach((settled, index) => {
					if (index >= started.length) {
						expect(settled).toBeUndefined();
						return;
					}
					if (plan.failing.includes(index)) {
						expect(settled).toEqual({ ok: false, error: new Error(`task ${index} failed`) });
					} else {
						expect(settled).toEqual({ ok: true, value: index * 10 });
					}
				});
				const failure = firstFailure(results);
				const startedFailures = plan.failing.filter((index) => index < started.length);
				expect(failure?.index).toBe(startedFailures.length > 0 ? Math.min(...startedFailures) : undefined);
			}),
			{ numRuns: 300 },
		);
	});

	it('with a limit of 1 runs one task at a time, each after the previous one settled', async () => {
		const events: string[] = [];
		await runBounded(3, 1, async (index) => {
			events.push(`start ${index}`);
			await Promise.resolve();
			await Promise.resolve();
			events.push(`end ${index}`);
			return index;
		});
		expect(events).toEqual(['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2']);
	});

	it('starts nothing for no tasks', async () => {
		const task = jest.fn(async () => await Promise.resolve(1));
		expect(await runBounded(0, 4, task)).toEqual([]);
		expect(task).not.toHaveBeenCalled();
	});
});
