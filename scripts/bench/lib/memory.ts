/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- dev-only benchmark tooling, never in the package: process memory, v8 flags and timers */
/**
 * Peak memory of one operation in this process: a forced GC first (so the baseline is live
 * data only), then process.memoryUsage() sampled every millisecond or two while the operation
 * runs (it awaits I/O often, so the sampler gets to run), plus the kernel's peak RSS
 * (getrusage maxRSS) when it rose during the operation, which catches peaks between samples.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gcFunction: (() => void) | undefined;

/** A full garbage collection (enables --expose-gc at run time when the flag was not given). */
export function forceGc(): void {
	if (gcFunction === undefined) {
		const existing = (globalThis as { gc?: () => void }).gc;
		if (typeof existing === 'function') gcFunction = existing;
		else {
			setFlagsFromString('--expose-gc');
			gcFunction = runInNewContext('gc') as () => void;
		}
	}
	gcFunction();
	gcFunction();
}

export interface MemoryPeak {
	/** RSS before the operation (after GC) */
	rssBefore: number;
	heapBefore: number;
	/** highest RSS seen during the operation minus rssBefore */
	peakRssDelta: number;
	/** highest heapUsed seen during the operation minus heapBefore */
	peakHeapDelta: number;
	/** heapUsed after the operation and a GC, minus heapBefore: what its result keeps alive */
	retainedHeapDelta: number;
	samples: number;
}

/**
 * Measure `fn`'s peak memory. The result of `fn` is held while the retained heap is measured,
 * then returned.
 */
export async function measurePeak<T>(fn: () => Promise<T>, intervalMs = 1): Promise<{ value: T; memory: MemoryPeak }> {
	forceGc();
	const before = process.memoryUsage();
	const kernelPeakBefore = process.resourceUsage().maxRSS * 1024;
	let peakRss = before.rss;
	let peakHeap = before.heapUsed;
	let samples = 0;
	const sample = (): void => {
		const usage = process.memoryUsage();
		samples++;
		if (usage.rss > peakRss) peakRss = usage.rss;
		if (usage.heapUsed > peakHeap) peakHeap = usage.heapUsed;
	};
	const timer = setInterval(sample, intervalMs);
	let value: T;
	try {
		value = await fn();
	} finally {
		clearInterval(timer);
	}
	sample();
	// maxRSS is the process's lifetime peak: it tells something only when it rose during fn.
	const kernelPeak = process.resourceUsage().maxRSS * 1024;
	if (kernelPeak > kernelPeakBefore && kernelPeak > peakRss) peakRss = kernelPeak;
	forceGc();
	const after = process.memoryUsage();
	return {
		value,
		memory: {
			rssBefore: before.rss,
			heapBefore: before.heapUsed,
			peakRssDelta: peakRss - before.rss,
			peakHeapDelta: peakHeap - before.heapUsed,
			retainedHeapDelta: after.heapUsed - before.heapUsed,
			samples,
		},
	};
}
