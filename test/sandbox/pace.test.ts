/**
 * The sandbox's pace (sandbox/pace.ts): the token bucket on a test clock, then over HTTP with
 * the control API and the CLI flags. Times come from the test's clock or the sandbox's log,
 * never from how fast the machine is.
 */
import { parseArgs } from '../../sandbox/cli';
import { Pace, startSandbox, type Sandbox } from '../../sandbox';
import { control, signedGet } from './helpers';

describe('Pace: token bucket and latency', () => {
	it('lets `burst` requests through at once, then one per 1/rate s, and says when to come back', () => {
		let now = 0;
		const pace = new Pace({ rate: 20, burst: 3 }, () => now);
		expect([pace.admit(), pace.admit(), pace.admit()]).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
		expect(pace.admit()).toEqual({ ok: false, retryAfterSeconds: 1 });
		now += 49;
		expect(pace.admit().ok).toBe(false);
		now += 1;
		expect(pace.admit()).toEqual({ ok: true });
		// Slower than a token a second: Retry-After says how many whole seconds.
		pace.set({ rate: 0.25, burst: 1 });
		expect(pace.admit().ok).toBe(true);
		expect(pace.admit()).toEqual({ ok: false, retryAfterSeconds: 4 });
	});

	it('defaults: no limit, no latency; a burst of one second when only the rate is set; rejects negative values', () => {
		expect(new Pace().settings).toEqual({ rate: 0, burst: 0, latencyMs: 0, jitterMs: 0 });
		expect(new Pace({ rate: 20 }).settings.burst).toBe(20);
		expect(() => new Pace({ rate: -1 })).toThrow(/rate/);
		const pace = new Pace({ latencyMs: 25, jitterMs: 10 }, Date.now, () => 0.5);
		expect(pace.delayMs()).toBe(30);
		expect(Array.from({ length: 100 }, () => new Pace({}).admit().ok).every(Boolean)).toBe(true);
	});

	it('CLI flags --rate, --burst, --latency, --jitter set the pace', () => {
		expect(parseArgs(['--rate', '20', '--burst=5', '--latency', '25', '--jitter', '10'])).toEqual({
			port: 8787,
			pace: { rate: 20, burst: 5, latencyMs: 25, jitterMs: 10 },
		});
		expect(() => parseArgs(['--rate', '-3'])).toThrow(/--rate needs a number/);
	});
});

describe('sandbox pace over HTTP', () => {
	let sandbox: Sandbox;

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0, pace: { rate: 1, burst: 2 } });
	});
	afterAll(async () => {
		await sandbox.close();
	});

	it('answers 429 with Retry-After once the bucket is empty, and logs it', async () => {
		sandbox.clearLog();
		const statuses = [];
		for (let k = 0; k < 3; k++) statuses.push((await signedGet(sandbox, '/campaign/all', 'all')).status);
		expect(statuses).toEqual([200, 200, 429]);
		const limited = await signedGet(sandbox, '/campaign/all', 'all');
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('1');
		expect(limited.json).toEqual({ errorCode: 'RATE_LIMITED', errorMessage: expect.stringMatching(/rate limit/) });
		expect(sandbox.requests().map((entry) => entry.status)).toEqual([200, 200, 429, 429]);
	});

	it('the control API reads, sets and clears the pace; latency holds every answer', async () => {
		expect((await control(sandbox, 'GET', '/pace')).json).toEqual({ rate: 1, burst: 2, latencyMs: 0, jitterMs: 0 });
		expect((await control(sandbox, 'PUT', '/pace', { latencyMs: 120 })).json).toEqual({ rate: 0, burst: 0, latencyMs: 120, jitterMs: 0 });
		sandbox.clearLog();
		expect((await signedGet(sandbox, '/campaign/all', 'all')).status).toBe(200);
		expect(sandbox.requests()[0]?.durationMs).toBeGreaterThanOrEqual(119);
		expect((await control(sandbox, 'PUT', '/pace', { rate: 'fast' })).status).toBe(400);
		expect((await control(sandbox, 'DELETE', '/pace')).json).toEqual({ rate: 0, burst: 0, latencyMs: 0, jitterMs: 0 });
	});
});
