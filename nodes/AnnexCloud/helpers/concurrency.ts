/**
 * Bounded concurrency for a node run: tasks 0..count-1 start in index order with at most
 * `limit` in flight (NO_LIMIT: all of them at once; Auto: the run's learned limit). With a limit of 1 this is a plain
 * sequential loop. Once `stopAfter` says a settled task must end the run (an error without
 * "Continue On Fail"), no further task starts; the ones already in flight are waited for, so
 * no request outlives the run.
 * Results are returned by index, so output order never depends on which answer came first.
 */

/**
 * "Concurrent Requests: Auto", the default: the run learns how many requests the API takes at
 * once, and how fast, from its answers (transport/adaptiveLimit.ts), shared by every request
 * of the run. Over a network a fixed small bound is many times slower than n8n's own HTTP
 * Request node, which does not bound them at all, and no bound at all fails items against a
 * rate-limited API (BENCHMARKS.md).
 */
export const AUTO = 'auto';
export type Concurrency = number | typeof AUTO;
export const DEFAULT_CONCURRENCY: Concurrency = AUTO;
/** The largest fixed bound offered: enough to hide a network's latency (BENCHMARKS.md); beyond it, NO_LIMIT or Auto. */
export const MAX_CONCURRENCY = 10;
/**
 * "Concurrent Requests" 0: no limit, every request of the run at once, as n8n's HTTP Request
 * node sends them. The fastest choice on a fast network or for an API with room to spare; a
 * rate-limited API answers 429 and the run pauses (transport/request.ts).
 */
export const NO_LIMIT = 0;

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * `limit` is a fixed bound (NO_LIMIT: none) or a function read each time a task could start
 * (Auto: the run's current limit), so a limit that grows lets more tasks start as earlier
 * ones end, and one that shrinks starts none until enough have ended.
 */
export async function runBounded<T>(
	count: number,
	limit: number | (() => number),
	task: (index: number) => Promise<T>,
	stopAfter: (settled: Settled<T>, index: number) => boolean = () => false,
): Promise<Array<Settled<T> | undefined>> {
	const results = new Array<Settled<T> | undefined>(count);
	const bound = (): number => {
		const value = typeof limit === 'function' ? limit() : limit;
		return value === NO_LIMIT ? count : Math.max(1, Math.floor(value));
	};
	let next = 0;
	let running = 0;
	let stopped = false;

	return await new Promise((resolve) => {
		const startMore = (): void => {
			while (!stopped && next < count && running < bound()) {
				const index = next++;
				running++;
				void settle(index);
			}
			if (running === 0) resolve(results);
		};
		const settle = async (index: number): Promise<void> => {
			let settled: Settled<T>;
			try {
				settled = { ok: true, value: await task(index) };
			} catch (error) {
				settled = { ok: false, error };
			}
			results[index] = settled;
			if (stopAfter(settled, index)) stopped = true;
			running--;
			startMore();
		};
		startMore();
	});
}

/** The settled failure with the lowest index, if any: the error a sequential run would have met first. */
export function firstFailure<T>(results: Array<Settled<T> | undefined>): { index: number; error: unknown } | undefined {
	for (let index = 0; index < results.length; index++) {
		const settled = results[index];
		if (settled !== undefined && !settled.ok) return { index, error: settled.error };
	}
	return undefined;
}
