/**
 * The retry backoff on the wall clock, for a few cases of the fault matrix (which records
 * the waits instead of sleeping them): exponential waits with jitter between attempts,
 * Retry-After honoured, and the total time of a persistent failure bounded.
 */
import { DEFAULT_RETRY_POLICY } from '../../nodes/AnnexCloud/transport/retryPolicy';
import { ATTEMPTS, SLOW_MS } from './faultCases';
import {
	CASE_TIMEOUT_MS,
	operation,
	printSummary,
	startReliabilityContext,
	type CaseRun,
	type ReliabilityContext,
} from './support';

let ctx: ReliabilityContext;
const started = Date.now();
/** Scheduling slack on a loaded CI machine. */
const SLACK_MS = 1000;

beforeAll(async () => {
	ctx = await startReliabilityContext();
});
afterAll(async () => {
	printSummary('backoff on the wall clock', ctx.stats, `, ${((Date.now() - started) / 1000).toFixed(1)} s`);
	await ctx.close();
});
beforeEach(() => ctx.reset());

/** Milliseconds between the arrivals of consecutive requests. */
function gaps(run: CaseRun): number[] {
	const times = run.log.map((entry) => Date.parse(entry.time));
	return times.slice(1).map((time, k) => time - (times[k] ?? time));
}

async function timed(fn: () => Promise<CaseRun>): Promise<{ run: CaseRun; ms: number }> {
	const begin = Date.now();
	const run = await fn();
	return { run, ms: Date.now() - begin };
}

const { baseDelayMs } = DEFAULT_RETRY_POLICY;
/** The shortest and longest possible sum of the backoff waits of a read that fails every attempt. */
const waits = Array.from({ length: ATTEMPTS - 1 }, (_, k) => baseDelayMs * 2 ** k);
const MIN_TOTAL_WAIT = waits.reduce((sum, wait) => sum + wait / 2, 0);
const MAX_TOTAL_WAIT = waits.reduce((sum, wait) => sum + wait, 0);

it('a persistent 503 on a read: exponential jittered waits, then a NodeApiError within the bound', async () => {
	const op = operation('campaign.get');
	ctx.inject({ kind: 'status', status: 503, count: ATTEMPTS });
	const { run, ms } = await timed(async () => await ctx.run(op.parameters()));
	expect(run.error?.message).toMatch(/server error \(HTTP 503\) after 4 attempts/);
	expect(run.log).toHaveLength(ATTEMPTS);
	gaps(run).forEach((gap, k) => {
		expect(gap).toBeGreaterThanOrEqual((waits[k] ?? 0) / 2 - 5);
		expect(gap).toBeLessThanOrEqual((waits[k] ?? 0) + SLACK_MS);
	});
	expect(ms).toBeGreaterThanOrEqual(MIN_TOTAL_WAIT - 5);
	expect(ms).toBeLessThanOrEqual(MAX_TOTAL_WAIT + SLACK_MS);
});

it('Retry-After is waited for on the wall clock, then the read succeeds', async () => {
	const op = operation('campaignGroup.getMany');
	ctx.inject({ kind: 'status', status: 429, retryAfter: 1, count: 2 });
	const { run, ms } = await timed(async () => await ctx.run(op.parameters()));
	expect(run.error).toBeUndefined();
	expect(run.log.slice(0, 3).map((entry) => entry.status)).toEqual([429, 429, 200]);
	for (const gap of gaps(run).slice(0, 2)) expect(gap).toBeGreaterThanOrEqual(995);
	expect(ms).toBeGreaterThanOrEqual(1990);
});

it('a write rate-limited once waits, is sent again and applied once', async () => {
	const op = operation('campaign.activateForMember');
	ctx.inject({ kind: 'status', status: 429, count: 1 });
	const { run } = await timed(async () => await ctx.run(op.parameters()));
	expect(run.error).toBeUndefined();
	expect(run.log.map((entry) => entry.status)).toEqual([429, 200]);
	expect(gaps(run)[0]).toBeGreaterThanOrEqual(baseDelayMs / 2 - 5);
	expect(ctx.sandbox.store.getActivation('member-0001', '1001')).toBeDefined();
});

it('a read that times out every time fails within attempts x timeout + the backoff budget', async () => {
	const op = operation('campaign.getEligibleForMember');
	ctx.inject({ kind: 'latency', latencyMs: SLOW_MS, count: ATTEMPTS });
	const { run, ms } = await timed(async () => await ctx.run(op.parameters({ timeout: CASE_TIMEOUT_MS })));
	expect(run.error?.message).toBe(`Annex Cloud did not answer within ${CASE_TIMEOUT_MS} ms after ${ATTEMPTS} attempts`);
	expect(run.log).toHaveLength(ATTEMPTS);
	// ms includes waiting for the last slow answer to be logged (SLOW_MS after it was sent).
	expect(ms).toBeGreaterThanOrEqual((ATTEMPTS - 1) * CASE_TIMEOUT_MS + MIN_TOTAL_WAIT + SLOW_MS - 5);
	expect(ms).toBeLessThanOrEqual((ATTEMPTS - 1) * CASE_TIMEOUT_MS + MAX_TOTAL_WAIT + SLOW_MS + 2 * SLACK_MS);
	expect(ctx.stats.leaks).toBe(0);
});

it.each([
	['page 1', false],
	['page 2', true],
] as const)('a trigger poll whose %s stays slow fails at its deadline, not after its budget; state not advanced', async (_page, secondPage) => {
	// Budget 1.2 s: the trigger starts no page after 0.6 s. Every answer takes longer than that.
	const staticData = {};
	if (secondPage) ctx.inject({ kind: 'latency', latencyMs: 0, count: 1 });
	ctx.inject({ kind: 'latency', latencyMs: 1200, count: ATTEMPTS });
	const begin = Date.now();
	const run = await ctx.poll({ event: 'campaignBecameActive' }, staticData, { pollBudgetMs: 1200 });
	const pollMs = run.log.length > 0 ? Math.max(...run.log.map((entry) => Date.parse(entry.time))) - begin : 0;
	expect(run.error?.name).toBe('NodeOperationError');
	expect(run.error?.message).toMatch(/took longer than the time allowed/);
	expect(run.stateAfter).toBe(run.stateBefore);
	// No request was started after the deadline, and none was retried past it.
	expect(pollMs).toBeLessThanOrEqual(600 + SLACK_MS);
	expect(run.log.filter((entry) => entry.fault === 'latency' && entry.durationMs >= 1000)).toHaveLength(1);
});
