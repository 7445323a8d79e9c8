/**
 * Bounded concurrency for a node run: tasks 0..count-1 start in index order with at most
 * `limit` in flight (NO_LIMIT: all of them at once). With a limit of 1 this is a plain
 * sequential loop. Once `stopAfter` says a settled task must end the run (an error without
 * "Continue On Fail"), no further task starts; the ones already in flight are waited for, so
 * no request outlives the run.
 * Results are returned by index, so output order never depends on which answer came first.
 */

/**
 * A few requests in flight by default: over a network, one at a time is many times slower than
 * n8n's own HTTP Request node, which does not bound them at all (BENCHMARKS.md: 25 ms per answer,
 * 200 items); a small bound keeps a rate-limited API's 429s rare, and a 429 pauses them all.
 */
export const DEFAULT_CONCURRENCY = 5;
/** The largest bound offered: enough to hide a network's latency (BENCHMARKS.md); beyond it, NO_LIMIT. */
export const MAX_CONCURRENCY = 10;
/**
 * "Concurrent Requests" 0: no limit, every request of the run at once, as n8n's HTTP Request
 * node sends them. The fastest choice on a fast network or for an API with room to spare; a
 * rate-limited API answers 429 and the run pauses (transport/request.ts).
 */
export const NO_LIMIT = 0;

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export async function runBounded<T>(
	count: number,
	limit: number,
	task: (index: number) => Promise<T>,
	stopAfter: (settled: Settled<T>, index: number) => boolean = () => false,
): Promise<Array<Settled<T> | undefined>> {
	const results = new Array<Settled<T> | undefined>(count);
	let next = 0;
	let stopped = false;

	async function lane(): Promise<void> {
		while (!stopped && next < count) {
			const index = next++;
			let settled: Settled<T>;
			try {
				settled = { ok: true, value: await task(index) };
			} catch (error) {
				settled = { ok: false, error };
			}
			results[index] = settled;
			if (stopAfter(settled, index)) stopped = true;
		}
	}

	const lanes = limit === NO_LIMIT ? count : Math.max(1, Math.min(Math.floor(limit), count));
	await Promise.all(Array.from({ length: lanes }, async () => await lane()));
	return results;
}

/** The settled failure with the lowest index, if any: the error a sequential run would have met first. */
export function firstFailure<T>(results: Array<Settled<T> | undefined>): { index: number; error: unknown } | undefined {
	for (let index = 0; index < results.length; index++) {
		const settled = results[index];
		if (settled !== undefined && !settled.ok) return { index, error: settled.error };
	}
	return undefined;
}
