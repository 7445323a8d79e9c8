/**
 * The fault catalogue: every fault the sandbox can inject, and how one case runs. Used by
 * the fault matrix (which asserts the behaviour) and the secrets sweep (which scans it).
 */
import type { FaultSpec } from '../../sandbox';
import { DEFAULT_RETRY_POLICY } from '../../nodes/AnnexCloud/transport/retryPolicy';
import { CASE_TIMEOUT_MS, type CaseRun, type OperationSpec, type ReliabilityContext } from './support';

export type FaultClass = 'rate' | 'server' | 'timeout' | 'reset' | 'unreadable' | 'html' | 'empty';

export interface FaultCase {
	label: string;
	spec: FaultSpec;
	class: FaultClass;
	/** the Retry-After the fault sends, in ms */
	retryAfterMs?: number;
}

/** Latency of the timeout fault: well past CASE_TIMEOUT_MS. */
export const SLOW_MS = 1000;

export const FAULTS: readonly FaultCase[] = [
	{ label: '429 without Retry-After', spec: { kind: 'status', status: 429 }, class: 'rate' },
	{ label: '429 with Retry-After: 2', spec: { kind: 'status', status: 429, retryAfter: 2 }, class: 'rate', retryAfterMs: 2000 },
	{ label: '500', spec: { kind: 'status', status: 500 }, class: 'server' },
	{ label: '502', spec: { kind: 'status', status: 502 }, class: 'server' },
	{ label: '503', spec: { kind: 'status', status: 503 }, class: 'server' },
	{ label: `a response slower than the ${CASE_TIMEOUT_MS} ms timeout`, spec: { kind: 'latency', latencyMs: SLOW_MS }, class: 'timeout' },
	{ label: 'a connection reset', spec: { kind: 'reset' }, class: 'reset' },
	{ label: 'malformed JSON', spec: { kind: 'malformed-json' }, class: 'unreadable' },
	{ label: 'an HTML error page (502)', spec: { kind: 'html' }, class: 'html' },
	{ label: 'an empty body', spec: { kind: 'empty' }, class: 'empty' },
];

/** A 429 whose Retry-After is longer than the whole wait budget. */
export const OVER_BUDGET: FaultCase = {
	label: '429 with Retry-After: 120 (over the 30 s budget)',
	spec: { kind: 'status', status: 429, retryAfter: 120 },
	class: 'rate',
	retryAfterMs: 120_000,
};

export const ATTEMPTS = DEFAULT_RETRY_POLICY.maxRetries + 1;

/** Whether the transport may repeat this request after this fault. */
export function isRetried(op: OperationSpec, fault: FaultCase): boolean {
	return !op.write || fault.class === 'rate';
}

export type Persistence = 'transient' | 'persistent';

/** How many requests the fault answers: one, or every attempt the transport may make. */
export function faultCount(op: OperationSpec, fault: FaultCase, persistence: Persistence): number {
	return persistence === 'persistent' && isRetried(op, fault) ? ATTEMPTS : 1;
}

export interface FaultCaseOptions {
	/** let page 1 through and fault page 2 (paged list reads) */
	secondPage?: boolean;
}

/** Reset, prepare, inject, run with the short Timeout option. */
export async function runFaultCase(
	ctx: ReliabilityContext,
	op: OperationSpec,
	fault: FaultCase,
	persistence: Persistence,
	options: FaultCaseOptions = {},
): Promise<CaseRun> {
	ctx.reset();
	op.prepare?.(ctx.sandbox);
	// Faults are taken first come, first served: a zero-latency fault lets page 1 through.
	if (options.secondPage) ctx.inject({ kind: 'latency', latencyMs: 0, count: 1 });
	ctx.inject({ ...fault.spec, count: faultCount(op, fault, persistence) });
	return await ctx.run(op.parameters({ timeout: CASE_TIMEOUT_MS }));
}

/** A run of the operation without faults, with the same options. */
/**
 * The clean run every fault case is compared with. On a loaded machine the very first request of
 * a process can miss the short case timeout and be retried; such a run is no baseline, so it is
 * made again (at most 3 times) until every request was answered once, with 200.
 */
export async function runBaseline(ctx: ReliabilityContext, op: OperationSpec): Promise<CaseRun> {
	let run: CaseRun | undefined;
	for (let attempt = 1; attempt <= 3; attempt++) {
		ctx.reset();
		op.prepare?.(ctx.sandbox);
		run = await ctx.run(op.parameters({ timeout: CASE_TIMEOUT_MS }));
		const paths = run.log.map((entry) => `${entry.method} ${entry.path} ${JSON.stringify(entry.query)} ${entry.rawBody}`);
		const clean = run.log.every((entry) => entry.status === 200) && new Set(paths).size === paths.length;
		if (clean && run.error === undefined) return run;
	}
	return run as CaseRun;
}
