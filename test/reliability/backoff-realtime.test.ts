/**
 * The retry backoff on the wall clock, for a few cases of the fault matrix (which records
 * the waits instead of sleeping them): exponential waits with jitter between attempts,
 * Retry-After honoured, and the total wait of a persistent failure bounded.
 *
 * The waits the code asked for are recorded (and really slept): the bounds are asserted on
 * them. Of the time that passed only lower bounds are checked: a busy machine makes every
 * wait longer, never shorter, so no assertion here depends on the machine's speed.
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

const asked: number[] = [];
jest.mock('n8n-workflow', () =>
	jest.requireActual<typeof import('./instantSleep')>('./instantSleep').withRecordedSleep((ms) => asked.push(ms)),
);

let ctx: ReliabilityContext;
const started = Date.now();

beforeAll(async () => {
	ctx = await startReliabilityContext();
});
afterAll(async () => {
	printSummary('backoff on the wall clock', ctx.stats, `, ${((Date.now() - started) / 1000).toFixed(1)} s`);
	await ctx.close();
});
beforeEach(() => {
	ctx.reset();
	asked.length = 0;
});

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
	// The schedule the code chose: each wait within its jitter range, the total within the budget.
	expect(asked).toHaveLength(ATTEMPTS - 1);
	asked.forEach((wait, k) => {
		expect(wait).toBeGreaterThanOrEqual((waits[k] ?? 0) / 2);
		expect(wait).toBeLessThanOrEqual(waits[k] ?? 0);
	});
	expect(asked.reduce((sum, wait) => sum + wait, 0)).toBeLessThanOrEqual(MAX_TOTAL_WAIT);
	// And it was slept: each gap between attempts at least the wait asked for.
	gaps(run).forEach((gap, k) => expect(gap).toBeGreaterThanOrEqual((asked[k] ?? 0) - 5));
	expect(ms).toBeGreaterThanOrEqual(MIN_TOTAL_WAIT - 5);
});

it('Retry-After is waited for on the wall clock, then the read succeeds', async () => {
	const op = operation('campaignGroup.getMany');
	ctx.inject({ kind: 'status', status: 429, retryAfter: 1, count: 2 });
	const { run, ms } = await timed(async () => await ctx.run(op.parameters()));
	expect(run.error).toBeUndefined();
	expect(run.log.slice(0, 3).map((entry) => entry.status)).toEqual([429, 429, 200]);
	expect(asked.slice(0, 2)).toEqual([1000, 1000]);
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
	expect(asked).toHaveLength(ATTEMPTS - 1);
	expect(asked.reduce((sum, wait) => sum + wait, 0)).toBeLessThanOrEqual(MAX_TOTAL_WAIT);
	// ms includes waiting for the last slow answer to be logged (SLOW_MS after it was sent).
	expect(ms).toBeGreaterThanOrEqual((ATTEMPTS - 1) * CASE_TIMEOUT_MS + MIN_TOTAL_WAIT + SLOW_MS - 5);
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
	const run = await ctx.poll({ event: 'campaignBecameActive' }, staticData, { pollBudgetMs: 1200 });
	expect(run.error?.name).toBe('NodeOperationError');
	expect(run.error?.message).toMatch(/took longer than the time allowed/);
	expect(run.stateAfter).toBe(run.stateBefore);
	// No retry was asked for past the deadline, and no request after the slow one was sent.
	expect(asked).toEqual([]);
	expect(run.log.length).toBeLessThanOrEqual(secondPage ? 2 : 1);
	expect(run.log.filter((entry) => entry.fault === 'latency' && entry.durationMs >= 1000)).toHaveLength(1);
});
