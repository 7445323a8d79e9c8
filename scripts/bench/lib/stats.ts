/* eslint-disable @n8n/community-nodes/no-restricted-globals -- dev-only benchmark tooling, never in the package: reads the high-resolution clock of process */
/** Small statistics and formatting helpers for the benchmarks. */

/** Median of a non-empty list (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function min(values: readonly number[]): number {
	return values.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
}

export function max(values: readonly number[]): number {
	return values.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
}

/** Milliseconds since an arbitrary origin, sub-microsecond resolution. */
export function nowMs(): number {
	return Number(process.hrtime.bigint()) / 1e6;
}

/** Run `fn` and return its result with the elapsed milliseconds. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
	const started = nowMs();
	const value = await fn();
	return { value, ms: nowMs() - started };
}

/** `1,234` */
export function int(value: number): string {
	return Math.round(value).toLocaleString('en-US');
}

/** Fixed decimals with thousands separators: fixed(1234.567, 1) = `1,234.6`. */
export function fixed(value: number, decimals: number): string {
	if (!Number.isFinite(value)) return 'n/a';
	return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** A ratio as `1.07x`. */
export function ratio(value: number): string {
	if (!Number.isFinite(value)) return 'n/a';
	return `${value >= 10 ? fixed(value, 1) : fixed(value, 2)}x`;
}

/** Bytes as `12.3 KB` / `4.56 MB` (1 KB = 1024 bytes). */
export function bytes(value: number): string {
	if (!Number.isFinite(value)) return 'n/a';
	const sign = value < 0 ? '-' : '';
	const abs = Math.abs(value);
	if (abs < 1024) return `${sign}${int(abs)} B`;
	if (abs < 1024 * 1024) return `${sign}${fixed(abs / 1024, 1)} KB`;
	return `${sign}${fixed(abs / (1024 * 1024), 1)} MB`;
}

/** Milliseconds as `850 ms` or `12.3 s`. */
export function duration(ms: number): string {
	if (!Number.isFinite(ms)) return 'n/a';
	if (Math.abs(ms) < 10) return `${fixed(ms, 2)} ms`;
	if (Math.abs(ms) < 10_000) return `${int(ms)} ms`;
	return `${fixed(ms / 1000, 1)} s`;
}
