/**
 * Fault matrix: every operation of the node against every fault the sandbox can inject
 * (429 with and without Retry-After, 500, 502, 503, a response slower than the Timeout
 * option, a connection reset, malformed JSON, an HTML error page, an empty body).
 *
 * - Reads are retried: a transient fault (one faulted answer) still gives the same output
 *   as a clean run, with one more request; a persistent fault gives up after the bounded
 *   number of attempts with a NodeApiError whose message and description say what happened.
 * - Writes (Activate, Reactivate, Set Individual Validity) are sent exactly once on a 5xx,
 *   a reset, a timeout or an unreadable answer (the write may have been applied), and are
 *   retried on 429.
 *
 * The trigger's poll() gets the same faults, on page 1, on page 2 and while it confirms a
 * campaign missing from the list: a failed poll emits nothing and leaves the state as it was.
 *
 * The backoff waits are recorded instead of slept (n8n-workflow's `sleep` is replaced in
 * this file only), so the suite checks the exact waits the policy asked for (exponential
 * with jitter, Retry-After honoured, within the 30 s budget) without spending them;
 * backoff-realtime.test.ts checks a few of them on the wall clock.
 */
import type { IDataObject } from 'n8n-workflow';

import { DEFAULT_RETRY_POLICY } from '../../nodes/AnnexCloud/transport/retryPolicy';
import {
	ATTEMPTS,
	FAULTS,
	OVER_BUDGET,
	isRetried,
	runBaseline,
	runFaultCase,
	type FaultCase,
	type Persistence,
} from './faultCases';
import {
	CASE_TIMEOUT_MS,
	nodeOperations,
	OPERATIONS,
	printSummary,
	startReliabilityContext,
	writeApplied,
	type CaseRun,
	type OperationSpec,
	type PollRun,
	type ReliabilityContext,
} from './support';

function jsonCopy<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

function idsOf(run: PollRun): string[] {
	return (run.result?.[0] ?? []).map((item) => String(item.json.campaignId));
}

const mockSleeps: number[] = [];
/**
 * Waits are recorded, not slept, but the clock moves on by what they would have taken (a 429's
 * pause ends at a time of day, and a request made after the wait must find it over). The
 * sandbox and the signer read the same clock, so tokens stay valid.
 */
const clock = { skippedMs: 0 };
const realNow = Date.now.bind(Date);
jest.spyOn(Date, 'now').mockImplementation(() => realNow() + clock.skippedMs);
jest.mock('n8n-workflow', () =>
	jest.requireActual<typeof import('./instantSleep')>('./instantSleep').withInstantSleep((ms) => {
		mockSleeps.push(ms);
		clock.skippedMs += ms;
	}),
);

let ctx: ReliabilityContext;
const baselines = new Map<string, CaseRun>();
const started = Date.now();

beforeAll(async () => {
	ctx = await startReliabilityContext();
	for (const op of OPERATIONS) baselines.set(op.name, await runBaseline(ctx, op));
});
afterAll(async () => {
	printSummary('fault matrix', ctx.stats, `, ${((Date.now() - started) / 1000).toFixed(1)} s`);
	await ctx.close();
});

async function runCase(op: OperationSpec, fault: FaultCase, persistence: Persistence, secondPage = false): Promise<CaseRun> {
	mockSleeps.length = 0;
	const run = await runFaultCase(ctx, op, fault, persistence, { secondPage });
	expect(run.leaks).toEqual([]);
	// Whatever happened, nothing was sent anywhere but the operation's own route (a request
	// answered by a fault before routing has no route: it must have the path of one that has).
	const routedPaths = new Set(run.log.filter((entry) => entry.route !== null).map((entry) => entry.path.split('?')[0]));
	for (const entry of run.log) {
		if (entry.route !== null) expect(entry.route).toBe(op.route);
		else if (routedPaths.size > 0) expect(routedPaths.has(entry.path.split('?')[0])).toBe(true);
	}
	return run;
}

function baselineOf(op: OperationSpec): CaseRun {
	const baseline = baselines.get(op.name);
	if (!baseline) throw new Error(`no baseline for ${op.name}`);
	return baseline;
}

/** The waits of a run that retried `retries` times: the jittered exponential backoff, or Retry-After. */
function expectBackoff(fault: FaultCase, retries: number): void {
	const { baseDelayMs, maxDelayMs, maxTotalWaitMs } = DEFAULT_RETRY_POLICY;
	expect(mockSleeps).toHaveLength(retries);
	mockSleeps.forEach((delay, k) => {
		if (fault.retryAfterMs !== undefined) {
			expect(delay).toBe(fault.retryAfterMs);
			return;
		}
		const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** k);
		expect(delay).toBeGreaterThanOrEqual(Math.floor(backoff / 2));
		expect(delay).toBeLessThanOrEqual(backoff);
	});
	expect(mockSleeps.reduce((sum, delay) => sum + delay, 0)).toBeLessThanOrEqual(maxTotalWaitMs);
}

function tries(attempts: number): string {
	return attempts > 1 ? ` after ${attempts} attempts` : '';
}

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The message of the NodeApiError a fault ends in. */
function expectedMessageOf(fault: FaultCase, attempts: number): RegExp {
	const t = escape(tries(attempts));
	switch (fault.class) {
		case 'rate':
			return new RegExp(`^Annex Cloud rate limit reached${t}: Injected fault: HTTP 429$`);
		case 'server':
			return new RegExp(`^Annex Cloud had a server error \\(HTTP ${fault.spec.status}\\)${t}: Injected fault: HTTP ${fault.spec.status}$`);
		case 'html':
			return new RegExp(`^Annex Cloud had a server error \\(HTTP 502\\)${t}$`);
		case 'timeout':
			return new RegExp(`^Annex Cloud did not answer within ${CASE_TIMEOUT_MS} ms${t}$`);
		case 'reset':
			return new RegExp(`^Could not reach Annex Cloud \\(ECONNRESET\\)${t}$`);
		case 'unreadable':
		case 'empty':
			return new RegExp(`^Annex Cloud sent a response that is not valid JSON${t}$`);
	}
}

/** What the description of that error must tell the user. */
function expectedHint(fault: FaultCase, write: boolean): RegExp {
	if (write && fault.class !== 'rate') return /may (already )?have been applied/;
	switch (fault.class) {
		case 'rate':
			return fault.retryAfterMs !== undefined
				? new RegExp(`Annex Cloud asked to wait ${fault.retryAfterMs / 1000} seconds`)
				: /^Reduce the number of items per run/;
		case 'server':
			return /This is usually temporary/;
		case 'html':
			return /The response was not JSON \(it began with "<!DOCTYPE html>/;
		case 'timeout':
			return /^Raise the Timeout option/;
		case 'reset':
			return /^Check the Base URL .* and the network/;
		case 'unreadable':
			return /^It began with "\{"allCampaignDetails"/;
		case 'empty':
			return /^It began with "\(empty body\)"/;
	}
}

function expectNodeApiError(run: CaseRun, op: OperationSpec, fault: FaultCase, attempts: number): void {
	const error = run.error;
	expect(error?.name).toBe('NodeApiError');
	expect(error?.message).toMatch(expectedMessageOf(fault, attempts));
	expect(error?.description).toMatch(expectedHint(fault, op.write));
	// The description ends with the request that failed, e.g. "(GET /campaign/1001)".
	const first = run.log[0];
	expect(first).toBeDefined();
	expect(error?.description).toMatch(new RegExp(`\\(${first?.method} /[^)]*\\)$`));
	if (fault.class === 'rate' || fault.class === 'server' || fault.class === 'html') {
		expect(error?.httpCode).toBe(String(fault.spec.status ?? 502));
	}
	expect(error?.context?.itemIndex).toBe(0);
	expect(run.items).toEqual([]);
}

const READS = OPERATIONS.filter((op) => !op.write);
const WRITES = OPERATIONS.filter((op) => op.write);
const PAGED = OPERATIONS.filter((op) => op.list && op.name.endsWith('getMany'));

describe.each(READS.map((op) => [op.name, op] as const))('read %s', (_name, op) => {
	it.each(FAULTS.map((fault) => [fault.label, fault] as const))(
		'recovers from one %s: one retry, same output as a clean run',
		async (_label, fault) => {
			const run = await runCase(op, fault, 'transient');
			const baseline = baselineOf(op);
			expect(run.error).toBeUndefined();
			expect(run.items.map((item) => item.json)).toEqual(baseline.items.map((item) => item.json));
			expect(run.log).toHaveLength(baseline.log.length + 1);
			const [faulted, retry] = run.log;
			expect(faulted?.fault).toBe(fault.spec.kind);
			// The retry repeats the very request, signed again and accepted.
			expect(retry).toMatchObject({ method: faulted?.method, path: faulted?.path, rawBody: faulted?.rawBody, verified: true, fault: null });
			expectBackoff(fault, 1);
		},
	);

	it.each(FAULTS.map((fault) => [fault.label, fault] as const))(
		'gives up on a persistent %s after the bounded attempts with a clear NodeApiError',
		async (_label, fault) => {
			const run = await runCase(op, fault, 'persistent');
			expect(run.log).toHaveLength(ATTEMPTS);
			expect(run.log.every((entry) => entry.fault === fault.spec.kind)).toBe(true);
			expect(new Set(run.log.map((entry) => entry.path)).size).toBe(1);
			expectNodeApiError(run, op, fault, ATTEMPTS);
			expectBackoff(fault, ATTEMPTS - 1);
		},
	);

	it('fails at once on a 429 whose Retry-After exceeds the wait budget', async () => {
		const run = await runCase(op, OVER_BUDGET, 'transient');
		expect(run.log).toHaveLength(1);
		expectNodeApiError(run, op, OVER_BUDGET, 1);
		expect(mockSleeps).toEqual([]);
	});
});

describe.each(PAGED.map((op) => [op.name, op] as const))('paged read %s, fault on page 2', (_name, op) => {
	it.each(FAULTS.map((fault) => [fault.label, fault] as const))('recovers from one %s on page 2', async (_label, fault) => {
		const baseline = baselineOf(op);
		expect(baseline.log.length).toBeGreaterThanOrEqual(2);
		const run = await runCase(op, fault, 'transient', true);
		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => item.json)).toEqual(baseline.items.map((item) => item.json));
		// The first page is asked for without ?page=1.
		expect(run.log.map((entry) => entry.query.page)).toEqual([undefined, '2', ...baseline.log.slice(1).map((entry) => entry.query.page)]);
		expect(run.log[1]?.fault).toBe(fault.spec.kind);
	});

	it.each(FAULTS.map((fault) => [fault.label, fault] as const))(
		'a persistent %s on page 2 fails the node without partial output',
		async (_label, fault) => {
			const run = await runCase(op, fault, 'persistent', true);
			expect(run.log.map((entry) => entry.query.page)).toEqual([undefined, '2', '2', '2', '2']);
			expectNodeApiError(run, op, fault, ATTEMPTS);
		},
	);
});

describe.each(WRITES.map((op) => [op.name, op] as const))('write %s', (_name, op) => {
	const once = FAULTS.filter((fault) => !isRetried(op, fault));
	const rate = FAULTS.filter((fault) => isRetried(op, fault));

	it('a clean run applies the write once (the reference for the cases below)', () => {
		const baseline = baselineOf(op);
		expect(baseline.error).toBeUndefined();
		expect(baseline.log).toHaveLength(1);
	});

	it.each(once.filter((fault) => fault.class !== 'empty').map((fault) => [fault.label, fault] as const))(
		'is sent exactly once on %s, and the error says it may have been applied',
		async (_label, fault) => {
			const run = await runCase(op, fault, 'transient');
			expect(run.signed).toBe(1);
			expect(run.log).toHaveLength(1);
			expectNodeApiError(run, op, fault, 1);
			expect(mockSleeps).toEqual([]);
			// A timed-out write reached the API after the node gave up: repeating it would apply it twice.
			expect(writeApplied(ctx.sandbox, op)).toBe(fault.class === 'timeout' ? 1 : 0);
		},
	);

	it('is sent exactly once on an empty 2xx body (accepted; Set Individual Validity reports each member as unknown)', async () => {
		const fault = FAULTS.find((candidate) => candidate.class === 'empty') as FaultCase;
		const run = await runCase(op, fault, 'transient');
		expect(run.log).toHaveLength(1);
		expect(run.error).toBeUndefined();
		const json = run.items[0]?.json;
		if (op.name === 'campaign.setIndividualValidity') {
			expect(json).toMatchObject({ success: false, status: 'unknown' });
		} else {
			expect(json).toEqual({ success: true, memberId: 'member-0001', campaignId: '1001' });
		}
		expect(mockSleeps).toEqual([]);
	});

	it.each(rate.map((fault) => [fault.label, fault] as const))('is retried on one %s and applied once', async (_label, fault) => {
		const run = await runCase(op, fault, 'transient');
		expect(run.error).toBeUndefined();
		expect(run.log.map((entry) => entry.status)).toEqual([429, 200]);
		expect(run.log[1]?.rawBody).toBe(run.log[0]?.rawBody);
		expect(writeApplied(ctx.sandbox, op)).toBe(1);
		expectBackoff(fault, 1);
	});

	it.each(rate.map((fault) => [fault.label, fault] as const))(
		'gives up on a persistent %s after the bounded attempts, nothing applied',
		async (_label, fault) => {
			const run = await runCase(op, fault, 'persistent');
			expect(run.log).toHaveLength(ATTEMPTS);
			expectNodeApiError(run, op, fault, ATTEMPTS);
			expect(writeApplied(ctx.sandbox, op)).toBe(0);
			expectBackoff(fault, ATTEMPTS - 1);
		},
	);

	it('fails at once on a 429 whose Retry-After exceeds the wait budget', async () => {
		const run = await runCase(op, OVER_BUDGET, 'transient');
		expect(run.log).toHaveLength(1);
		expectNodeApiError(run, op, OVER_BUDGET, 1);
		expect(mockSleeps).toEqual([]);
	});
});

describe('trigger poll()', () => {
	const PARAMETERS = { event: 'campaignBecameActive' };
	/** Active at the first poll (two pages of 5), then 1002 is switched on. */
	const ACTIVE = ['1001', '1003', '1004', '1005', '1006', '1007', '1008', '1009'];
	const SWITCHED_ON = '1002';
	let recorded: IDataObject;
	let clean: PollRun;
	const FAULTS_FOR_POLL = FAULTS.filter((fault) => fault.class !== 'timeout');

	beforeAll(async () => {
		ctx.reset();
		for (const campaign of ctx.sandbox.store.listCampaigns('all')) {
			const id = String(campaign.campaignId);
			ctx.sandbox.store.setCampaignStatus(id, ACTIVE.includes(id) ? 'active' : 'inactive');
		}
		const staticData: IDataObject = {};
		const first = await ctx.poll(PARAMETERS, staticData);
		expect(first.error).toBeUndefined();
		expect(first.result).toBeNull();
		recorded = jsonCopy(staticData);
		ctx.sandbox.store.setCampaignStatus(SWITCHED_ON, 'active');
		clean = await ctx.poll(PARAMETERS, jsonCopy(recorded));
		expect(clean.error).toBeUndefined();
		expect(idsOf(clean)).toEqual([SWITCHED_ON]);
		expect(clean.log.map((entry) => entry.query.page)).toEqual([undefined, '2']);
	});

	async function pollWith(fault: FaultCase, count: number, options: { secondPage?: boolean; pollBudgetMs?: number } = {}) {
		mockSleeps.length = 0;
		ctx.sandbox.faults.clear();
		if (options.secondPage) ctx.inject({ kind: 'latency', latencyMs: 0, count: 1 });
		ctx.inject({ ...fault.spec, count });
		const run = await ctx.poll(PARAMETERS, jsonCopy(recorded), { pollBudgetMs: options.pollBudgetMs });
		expect(run.leaks).toEqual([]);
		for (const entry of run.log) if (entry.route !== null) expect(entry.route).toBe('getCampaignsByStatus');
		return run;
	}

	function expectFailedWithoutAdvancing(run: PollRun): void {
		expect(run.result).toBeNull();
		expect(run.stateAfter).toBe(run.stateBefore);
		expect(JSON.parse(run.stateAfter)).toEqual(recorded);
	}

	describe.each([
		['page 1', false],
		['page 2', true],
	] as const)('fault on %s', (_page, secondPage) => {
		it.each(FAULTS_FOR_POLL.map((fault) => [fault.label, fault] as const))(
			'one %s: retried, emits the newly active campaign, state advanced as in a clean poll',
			async (_label, fault) => {
				const run = await pollWith(fault, 1, { secondPage });
				expect(run.error).toBeUndefined();
				expect(idsOf(run)).toEqual([SWITCHED_ON]);
				expect(run.stateAfter).toBe(clean.stateAfter);
				expect(run.log).toHaveLength(clean.log.length + 1);
				expectBackoff(fault, 1);
			},
		);

		it.each(FAULTS_FOR_POLL.map((fault) => [fault.label, fault] as const))(
			'a persistent %s: NodeApiError, nothing emitted, state not advanced',
			async (_label, fault) => {
				const run = await pollWith(fault, ATTEMPTS, { secondPage });
				expect(run.error?.name).toBe('NodeApiError');
				expect(run.error?.message).toMatch(expectedMessageOf(fault, ATTEMPTS));
				expect(run.error?.description).toMatch(expectedHint(fault, false));
				expect(run.log).toHaveLength(ATTEMPTS + (secondPage ? 1 : 0));
				expectFailedWithoutAdvancing(run);
				expectBackoff(fault, ATTEMPTS - 1);
			},
		);
	});

	it.each([
		['page 1', false],
		['page 2', true],
	] as const)('a response on %s slower than the poll budget allows: deadline error, state not advanced', async (_page, secondPage) => {
		// A 1.2 s budget leaves 0.6 s for the whole list: the slow page is cut at the deadline.
		const slow = FAULTS.find((fault) => fault.class === 'timeout') as FaultCase;
		const run = await pollWith(slow, 1, { secondPage, pollBudgetMs: 1200 });
		expect(run.error?.name).toBe('NodeOperationError');
		expect(run.error?.message).toMatch(/^Reading the list took longer than the time allowed and stopped at page [12]$/);
		expect(run.error?.description).toMatch(/nothing was marked as seen/);
		expectFailedWithoutAdvancing(run);
	});

	it.each(FAULTS_FOR_POLL.map((fault) => [fault.label, fault] as const))(
		'a persistent %s while confirming a campaign missing from the list: state not advanced',
		async (_label, fault) => {
			// 1009 was active at the last poll and is switched off: the trigger looks it up alone.
			ctx.sandbox.store.setCampaignStatus('1009', 'inactive');
			try {
				mockSleeps.length = 0;
				ctx.sandbox.faults.clear();
				ctx.inject({ ...fault.spec, count: ATTEMPTS, match: { method: 'GET', pathPrefix: '/campaign/1009' } });
				const run = await ctx.poll(PARAMETERS, jsonCopy(recorded));
				expect(run.leaks).toEqual([]);
				expect(run.error?.name).toBe('NodeApiError');
				expect(run.error?.message).toMatch(expectedMessageOf(fault, ATTEMPTS));
				expect(run.log.filter((entry) => entry.fault !== null)).toHaveLength(ATTEMPTS);
				expectFailedWithoutAdvancing(run);
			} finally {
				ctx.sandbox.store.setCampaignStatus('1009', 'active');
			}
		},
	);
});

it('every operation of the node is in the matrix, and nothing leaked', () => {
	expect(OPERATIONS.map((op) => op.name).sort()).toEqual(nodeOperations());
	expect(ctx.stats.leaks).toBe(0);
});
