/* eslint-disable @n8n/community-nodes/no-restricted-globals -- tests of the dev-only sandbox talk raw HTTP and wait on timers */
import { main, parseArgs } from '../../sandbox/cli';
import { matchRoute } from '../../sandbox/api';
import { formatApiDate, parseApiDate, startSandbox, SANDBOX_DEFAULTS, compareIds, mulberry32 } from '../../sandbox';
import { signedGet } from './helpers';

describe('sandbox CLI', () => {
	it('parses --port, --host, --campaigns, --seed and --page-size', () => {
		expect(parseArgs(['--port', '9000', '--host=0.0.0.0', '--campaigns', '120', '--seed', '9', '--page-size', '10'])).toEqual({
			port: 9000,
			host: '0.0.0.0',
			campaigns: 120,
			seed: 9,
			pageSize: 10,
		});
		expect(parseArgs([])).toEqual({ port: 8787 });
		expect(() => parseArgs(['--bogus'])).toThrow(/Unknown option/);
		expect(() => parseArgs(['--port'])).toThrow(/needs a value/);
		expect(() => parseArgs(['--campaigns', 'many'])).toThrow(/number/);
		expect(parseArgs(['--help']).help).toBe(true);
	});

	it('starts a sandbox and prints the credential values and the control URL', async () => {
		const lines: string[] = [];
		const sandbox = await main(['--port', '0', '--campaigns', '12', '--seed', '4', '--page-size', '5'], {
			print: (line) => lines.push(line),
			handleSignals: false,
		});
		if (!sandbox) throw new Error('no sandbox');
		try {
			const text = lines.join('\n');
			expect(text).toContain(sandbox.baseUrl);
			expect(text).toContain(SANDBOX_DEFAULTS.siteId);
			expect(text).toContain(SANDBOX_DEFAULTS.siteName);
			expect(text).toContain(SANDBOX_DEFAULTS.secret);
			expect(text).toContain(String(SANDBOX_DEFAULTS.signatureValiditySeconds));
			expect(text).toContain(sandbox.controlUrl);
			expect(sandbox.store.counts()).toMatchObject({ campaigns: 12, seed: 4 });
			const res = await signedGet(sandbox, '/campaign/all', 'all');
			expect(res.json).toMatchObject({ pages: '3' });
			expect(lines.at(-1)).toBe('[sandbox] GET /api/3.0/campaign/all -> 200');
		} finally {
			await sandbox.close();
		}
	});

	it('prints usage for --help without starting', async () => {
		const lines: string[] = [];
		expect(await main(['--help'], { print: (line) => lines.push(line), handleSignals: false })).toBeUndefined();
		expect(lines.join('\n')).toMatch(/--page-size/);
	});
});

describe('sandbox units', () => {
	it('formats and parses the contract date format', () => {
		const ms = Date.UTC(2024, 7, 8, 7, 0, 12);
		expect(formatApiDate(ms)).toBe('2024-08-08T07:00:12+0000');
		expect(parseApiDate('2024-08-08T07:00:12+0000')).toBe(ms);
		expect(parseApiDate('2024-08-08T09:00:12+0200')).toBe(ms);
		expect(parseApiDate('2024-08-08T02:00:12-0500')).toBe(ms);
		expect(parseApiDate('2024-08-08T07:00:12Z')).toBe(ms);
		expect(parseApiDate('2024-08-08T07:00:12.000Z')).toBe(ms);
		for (const bad of ['2024-08-08', '2024-02-30T00:00:00+0000', '2024-08-08T07:00:12+02:00', '2024-08-08 07:00:12+0000', 'x', 12]) {
			expect(parseApiDate(bad)).toBeUndefined();
		}
	});

	it('routes by value: status words are lists, anything else is an id', () => {
		expect(matchRoute('GET', ['campaign', 'All'])).toMatchObject({ kind: 'ok', route: { key: 'getCampaignsByStatus' } });
		expect(matchRoute('GET', ['campaign', 'allx'])).toMatchObject({ kind: 'ok', route: { key: 'getCampaign' }, params: ['allx'] });
		expect(matchRoute('GET', ['campaign', 'group', 'inactive'])).toMatchObject({ route: { key: 'getCampaignGroupsByStatus' } });
		expect(matchRoute('GET', ['campaign', 'group', '7'])).toMatchObject({ route: { key: 'getCampaignGroup' } });
		expect(matchRoute('POST', ['campaign', 'activation'])).toMatchObject({ route: { key: 'activateCampaignForMember' } });
		expect(matchRoute('PATCH', ['campaign', 'activation', 'a/b'])).toMatchObject({ route: { key: 'reactivateCampaignForMember' }, params: ['a/b'] });
		expect(matchRoute('GET', ['users', 'm', 'campaign'])).toMatchObject({ route: { key: 'getEligibleCampaigns' } });
		expect(matchRoute('DELETE', ['campaign', '1'])).toEqual({ kind: 'method', allow: ['GET'] });
		expect(matchRoute('GET', ['campaign', ''])).toEqual({ kind: 'none' });
	});

	it('orders ids numerically, then others', () => {
		expect(['10', 'b', '9', 'a', '100'].sort(compareIds)).toEqual(['9', '10', '100', 'a', 'b']);
	});

	it('has a deterministic PRNG', () => {
		const a = mulberry32(42);
		const b = mulberry32(42);
		const seqA = Array.from({ length: 5 }, () => a());
		expect(Array.from({ length: 5 }, () => b())).toEqual(seqA);
		expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true);
		expect(mulberry32(43)()).not.toBe(seqA[0]);
	});

	it('close() does not wait for a pending latency fault', async () => {
		const sandbox = await startSandbox({ port: 0 });
		sandbox.faults.inject({ kind: 'latency', latencyMs: 60_000 });
		const pending = signedGet(sandbox, '/campaign/all', 'all').catch((error: unknown) => error);
		await new Promise((resolve) => setTimeout(resolve, 50));
		const t0 = performance.now();
		await sandbox.close();
		expect(performance.now() - t0).toBeLessThan(1000);
		await pending;
	});
});
