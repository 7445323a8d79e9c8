/* eslint-disable no-console, @n8n/community-nodes/no-restricted-globals -- test code: it writes to the console and stdout on purpose, to show that the capture sees it */
/**
 * Secrets: every fault case and every bad-input case of this folder is run again here, with
 * n8n's own logger switched on and printing, and everything each run produces is scanned
 * for the shared secret (as is, base64, base64url, hex, URL- and JSON-encoded), for the
 * tokens that were sent, for any three-part JWT and for a "Bearer " header: output items,
 * error messages and descriptions, JSON.stringify and util.inspect of errors, the run data,
 * the trigger's static data, and everything written to the console, stdout and stderr
 * during the run.
 *
 * First, the scan itself is shown to find a planted secret or token in each of those places.
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import { LoggerProxy } from 'n8n-workflow';

import { PROPERTIES } from './badInputCases';
import { FAULTS, OVER_BUDGET, isRetried, runFaultCase, type Persistence } from './faultCases';
import {
	byId,
	captureOutput,
	emptyStats,
	findLeaks,
	OPERATIONS,
	printSummary,
	SECRET,
	secretEncodings,
	startReliabilityContext,
	VALIDITY_CAMPAIGN,
	type OperationSpec,
	type ReliabilityContext,
	type Stats,
} from './support';

jest.mock('n8n-workflow', () => jest.requireActual<typeof import('./instantSleep')>('./instantSleep').withInstantSleep());

let ctx: ReliabilityContext;
let skewMs = 0;
const started = Date.now();
const sweep: Stats = emptyStats();

/** n8n's logger proxy (WorkflowExecute, the execution contexts) prints everything it gets. */
function printEveryLog(): void {
	const print =
		(level: string) =>
		(message: string, meta?: unknown): void => {
			console.log(`[n8n ${level}] ${message} ${JSON.stringify(meta ?? {})}`);
		};
	LoggerProxy.init({ error: print('error'), warn: print('warn'), info: print('info'), debug: print('debug') } as never);
}

beforeAll(async () => {
	ctx = await startReliabilityContext({ now: () => Date.now() + skewMs });
	printEveryLog();
});
afterAll(async () => {
	printSummary('secrets sweep (every fault and bad-input case again)', sweep, `, ${((Date.now() - started) / 1000).toFixed(1)} s`);
	await ctx.close();
});

/** Count what a block of cases added to the context's totals. */
async function counted(block: () => Promise<void>): Promise<Stats> {
	const before = { ...ctx.stats };
	await block();
	const added = emptyStats();
	for (const key of Object.keys(added) as Array<keyof Stats>) {
		added[key] = ctx.stats[key] - before[key];
		sweep[key] += added[key];
	}
	return added;
}

describe('the scan finds a planted leak', () => {
	it.each(secretEncodings())('the secret written %s', (_encoding, form) => {
		expect(findLeaks(`some text ${form} more text`)).not.toEqual([]);
	});

	it('a JWT, a Bearer header and an exact token that was sent', () => {
		const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
		expect(findLeaks(`token=${jwt}`)).toContain('output: a three-part JWT');
		expect(findLeaks('Authorization: Bearer abc')).toContain('output: a Bearer header');
		expect(findLeaks('...opaque-token-1234...', ['opaque-token-1234'])).toContain('output: a token that was sent');
		expect(findLeaks('Annex Cloud refused the request signature: check the Shared Secret')).toEqual([]);
	});

	it('whatever is written to console, process.stdout and process.stderr is captured', async () => {
		const { captured } = await captureOutput(async () => {
			console.log('to console.log');
			console.error('to console.error');
			process.stdout.write('to stdout\n');
			process.stderr.write('to stderr\n');
			LoggerProxy.debug('to the n8n logger', { where: 'meta' });
		});
		for (const text of ['to console.log', 'to console.error', 'to stdout', 'to stderr', 'to the n8n logger', '"where":"meta"']) {
			expect(captured).toContain(text);
		}
	});

	it('a node run that echoes the secret (in its run data and in its error) is reported', async () => {
		const leaksBefore = ctx.stats.leaks;
		ctx.reset();
		const run = await ctx.run({ ...(OPERATIONS[1]?.parameters() ?? {}), campaignId: byId('={{ $json.planted }}') }, [{ planted: SECRET }]);
		expect(run.leaks).toEqual(
			expect.arrayContaining([expect.stringMatching(/^run data: the shared secret/), expect.stringMatching(/^error message: the shared secret/)]),
		);
		// Planted on purpose: not part of the sweep's count.
		ctx.stats.leaks = leaksBefore;
	});
});

/** Long blocks on a busy machine. */
const SWEEP_TIMEOUT_MS = 180_000;

/** What an API that echoes the Authorization header answers, in a JSON error body or on an HTML page. */
const ECHOES = [
	['a 400 whose JSON error repeats the header and the token', { kind: 'status', status: 400 }],
	['a 401 whose JSON error repeats the header and the token', { kind: 'status', status: 401 }],
	['a 500 whose JSON error repeats the header and the token', { kind: 'status', status: 500 }],
	['a 502 HTML page that begins with the header', { kind: 'html', status: 502 }],
] as const;

describe('an API that echoes the Authorization header in its error', () => {
	it.each(ECHOES.flatMap(([name, spec]) => [false, true].map((continueOnFail) => [name, continueOnFail, spec] as const)))(
		'%s (Continue On Fail %s): no usable token in the error, its JSON, the run data or the logs, for every operation',
		async (_name, continueOnFail, spec) => {
			for (const op of OPERATIONS) {
				ctx.reset();
				op.prepare?.(ctx.sandbox);
				ctx.inject({ ...spec, echoAuthorization: true, count: 20 });
				const run = await ctx.run(op.parameters(), [{}], { continueOnFail });
				expect(run.signed).toBeGreaterThan(0);
				expect(run.log.every((entry) => entry.fault === spec.kind)).toBe(true);
				expect(run.leaks).toEqual([]);
				const shown = continueOnFail ? JSON.stringify(run.items) : `${JSON.stringify(run.error)} ${run.error?.message} ${run.error?.description}`;
				for (const token of run.tokens) expect(shown).not.toContain(token.split('.')[2]);
				// The echo did reach the error (so this test can fail): redacted where it stood.
				if (spec.kind === 'status') expect(shown).toContain('Received Authorization: [redacted] (token [redacted])');
				else expect(shown).toMatch(/began with \\*"Authorization: \[redacted\]/i);
			}
		},
		SWEEP_TIMEOUT_MS,
	);
});

describe('sweep', () => {
	it.each(OPERATIONS.map((op) => [op.name, op] as const))(
		'every fault case of %s: no secret, no token',
		async (_name, op) => {
			const added = await counted(async () => {
				for (const fault of [...FAULTS, OVER_BUDGET]) {
					const kinds: Persistence[] = isRetried(op, fault) ? ['transient', 'persistent'] : ['transient'];
					for (const persistence of kinds) {
						expect((await runFaultCase(ctx, op, fault, persistence)).leaks).toEqual([]);
						if (op.list && op.name.endsWith('getMany')) {
							expect((await runFaultCase(ctx, op, fault, persistence, { secondPage: true })).leaks).toEqual([]);
						}
					}
				}
			});
			expect(added.leaks).toBe(0);
			expect(added.cases).toBeGreaterThanOrEqual(FAULTS.length + 1);
		},
		SWEEP_TIMEOUT_MS,
	);

	it(
		'every fault case of the trigger poll: no secret, no token',
		async () => {
			const added = await counted(async () => {
				ctx.reset();
				const recorded: IDataObject = {};
				await ctx.poll({ event: 'campaignBecameActive' }, recorded);
				ctx.sandbox.store.setCampaignStatus('1002', 'active');
				for (const fault of FAULTS) {
					for (const count of [1, 4]) {
						ctx.sandbox.faults.clear();
						ctx.inject({ ...fault.spec, count });
						const run = await ctx.poll({ event: 'campaignBecameActive' }, JSON.parse(JSON.stringify(recorded)) as IDataObject, {
							pollBudgetMs: fault.class === 'timeout' ? 1200 : undefined,
						});
						expect(run.leaks).toEqual([]);
					}
				}
			});
			expect(added.leaks).toBe(0);
			expect(added.cases).toBe(1 + 2 * FAULTS.length);
		},
		SWEEP_TIMEOUT_MS,
	);

	it.each(PROPERTIES.map((property) => [property.name, property] as const))(
		'bad input, %s, with the same seed: no secret, no token',
		async (_name, property) => {
			const added = await counted(async () => {
				await property.run(ctx);
			});
			expect(added.leaks).toBe(0);
			expect(added.cases).toBe(property.numRuns);
		},
		SWEEP_TIMEOUT_MS,
	);

	it(
		'a 1,000-member bulk Set Individual Validity, and every authentication failure: no secret, no token',
		async () => {
			const base = { ...ctx.harness.credentials };
			const added = await counted(async () => {
				ctx.reset();
				const input = Array.from({ length: 1000 }, (_, i) => ({ member: `member-${String((i % 20) + 1).padStart(4, '0')}` }));
				const validity = OPERATIONS.find((op) => op.name === 'campaign.setIndividualValidity') as OperationSpec;
				const bulk = await ctx.run(
					{ ...validity.parameters({ batchSize: 100 }), campaignId: byId(VALIDITY_CAMPAIGN), memberId: '={{ $json.member }}' },
					input,
				);
				expect(bulk.leaks).toEqual([]);
				const failures: Array<[ICredentialDataDecryptedObject, number]> = [
					[{ sharedSecret: `${SECRET}-but-wrong` }, 0],
					[{ siteId: '999999' }, 0],
					[{}, 600_000],
					[{ signatureValiditySeconds: 1 }, 15_000],
					[{ baseUrl: `${ctx.sandbox.origin}/not-the-api` }, 0],
				];
				for (const [credentials, skew] of failures) {
					for (const op of OPERATIONS) {
						ctx.reset();
						op.prepare?.(ctx.sandbox);
						skewMs = skew;
						ctx.harness.credentials = { ...base, ...credentials };
						try {
							const run = await ctx.run(op.parameters());
							expect(run.error).toBeDefined();
							expect(run.leaks).toEqual([]);
						} finally {
							skewMs = 0;
							ctx.harness.credentials = base;
						}
					}
				}
			});
			expect(added.leaks).toBe(0);
		},
		SWEEP_TIMEOUT_MS,
	);

	it('the sweep found nothing', () => {
		expect(sweep.leaks).toBe(0);
		expect(sweep.cases).toBeGreaterThan(2000);
	});
});
