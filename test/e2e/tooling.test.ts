/* eslint-disable @n8n/community-nodes/no-restricted-imports -- tests, never in the package: a temporary log file for the tooling helpers */
/**
 * The pure parts of the real-n8n tooling (no n8n needed): demo arguments, parsing the
 * output of `n8n execute`, what a service that never gets ready leaves behind, and how
 * `npm run bench:profile` reads a CPU profile.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { costByWindow, groupOf, type CpuProfile } from '../../scripts/bench/lib/cpuProfile';
import { parseDemoArgs, UsageError } from '../../scripts/demo';
import {
	CI_MATRIX,
	COMPAT_MATRIX,
	fileTail,
	N8N_VERSION,
	newestVersion,
	nodeMajorsFor,
	parseExecuteOutput,
	readyOrStopped,
	runStatus,
} from '../../scripts/n8n';

describe('npm run demo arguments', () => {
	it('defaults: local n8n, sandbox on loopback', () => {
		expect(parseDemoArgs([])).toEqual({ sandboxHost: '127.0.0.1', fresh: false, check: false, help: false });
	});

	it('reads ports, flags and URLs, in both --flag value and --flag=value forms', () => {
		expect(parseDemoArgs(['--port', '5679', '--sandbox-port=8788', '--check', '--fresh'])).toEqual(
			expect.objectContaining({ port: 5679, sandboxPort: 8788, check: true, fresh: true }),
		);
		expect(
			parseDemoArgs(['--n8n-url', 'http://localhost:5678/', '--api-key=abc', '--sandbox-url', 'http://host.docker.internal:8787/api/3.0/']),
		).toEqual(
			expect.objectContaining({
				n8nUrl: 'http://localhost:5678',
				apiKey: 'abc',
				sandboxUrl: 'http://host.docker.internal:8787/api/3.0',
			}),
		);
	});

	it('rejects what cannot work', () => {
		expect(() => parseDemoArgs(['--port', 'x'])).toThrow(UsageError);
		expect(() => parseDemoArgs(['--port', '70000'])).toThrow(UsageError);
		expect(() => parseDemoArgs(['--n8n-url', 'http://localhost:5678'])).toThrow(/go together/);
		expect(() => parseDemoArgs(['--n8n-url', 'http://x', '--api-key', 'k', '--fresh'])).toThrow(UsageError);
		expect(() => parseDemoArgs(['--bogus'])).toThrow(/Unknown option/);
		expect(() => parseDemoArgs(['--port'])).toThrow(/needs a value/);
	});

	it('--n8n-version takes a release or a range, and only for the local n8n', () => {
		expect(parseDemoArgs(['--n8n-version', '1.123.x'])).toEqual(expect.objectContaining({ n8nVersion: '1.123.x' }));
		expect(parseDemoArgs(['--n8n-version=2.0.3'])).toEqual(expect.objectContaining({ n8nVersion: '2.0.3' }));
		expect(parseDemoArgs([]).n8nVersion).toBeUndefined();
		expect(() => parseDemoArgs(['--n8n-version', 'latest; rm -rf /'])).toThrow(UsageError);
		expect(() => parseDemoArgs(['--n8n-url', 'http://x', '--api-key', 'k', '--n8n-version', '1.123.x'])).toThrow(UsageError);
	});
});

describe('runStatus (the status of a run n8n execute printed)', () => {
	it("is n8n's status where n8n sets it", () => {
		expect(runStatus({ status: 'success', finished: true, stoppedAt: '2026-12-02T00:00:01Z' })).toBe('success');
		expect(runStatus({ status: 'error', stoppedAt: '2026-12-02T00:00:01Z' })).toBe('error');
	});

	it('reads a finished run that n8n 2.0.x prints as "running" from finished and the run error', () => {
		const stoppedAt = '2026-12-02T00:48:06.490Z';
		expect(runStatus({ status: 'running', finished: true, stoppedAt })).toBe('success');
		expect(runStatus({ status: 'running', stoppedAt, data: { resultData: { error: { message: 'boom' } } } })).toBe('error');
		expect(runStatus({ status: 'running', finished: true, stoppedAt, data: { resultData: { error: { message: 'x' } } } })).toBe('error');
		// stopped, without `finished: true` and without an error (e.g. cancelled): not a success
		expect(runStatus({ status: 'running', stoppedAt })).toBe('error');
		expect(runStatus({ status: 'running' })).toBe('running');
	});

	it('reads an execution without a status (n8n 1.100 public API) from finished and the run error', () => {
		const stoppedAt = '2026-12-02T00:54:27.096Z';
		expect(runStatus({ finished: true, stoppedAt })).toBe('success');
		expect(runStatus({ finished: false, stoppedAt })).toBe('error');
		expect(runStatus({ finished: false })).toBeUndefined();
	});
});

describe('compatibility matrix helpers', () => {
	it('newestVersion picks the newest exact release of what npm view lists', () => {
		expect(newestVersion(['1.123.9', '1.123.81', '1.123.10'])).toBe('1.123.81');
		expect(newestVersion(['2.0.0', '2.0.3', '2.0.1'])).toBe('2.0.3');
		expect(newestVersion([])).toBeUndefined();
	});

	it('runs n8n 1.x on the machine Node 20/22 and 2.x on Node 24; CI runs the oldest and the newest', () => {
		expect(nodeMajorsFor('1.123.81')).toEqual([20, 22]);
		expect(nodeMajorsFor('2.0.3')).toEqual([24]);
		expect(nodeMajorsFor(N8N_VERSION)).toEqual([24]);
		expect(CI_MATRIX).toEqual([COMPAT_MATRIX[0], N8N_VERSION]);
		expect(COMPAT_MATRIX).toContain(N8N_VERSION);
	});
});

describe('parseExecuteOutput (n8n execute --rawOutput with N8N_LOG_FORMAT=json)', () => {
	const run = { status: 'success', data: { resultData: { runData: { Start: [] } } } };
	const log = (message: string) => JSON.stringify({ level: 'info', message, metadata: {} });

	it('takes the run from the last log line whose message is the run JSON', () => {
		const stdout = [log('Loading...'), 'not json', log(JSON.stringify(run, null, 2)), ''].join('\n');
		expect(parseExecuteOutput(stdout)).toEqual(run);
	});

	it('finds the run of a failed execution before the error lines', () => {
		const failed = { ...run, status: 'error' };
		const stdout = [log('Execution was NOT successful.'), log(JSON.stringify(failed)), log('Error executing workflow.')].join('\n');
		expect(parseExecuteOutput(stdout)).toEqual(failed);
	});

	it('reads a run that n8n 1.100 prints as pretty JSON after its log lines', () => {
		const pretty = JSON.stringify(run, null, 2);
		const stdout = [log('Loading...'), 'Execution was successful:', '====', pretty, ''].join('\n');
		expect(parseExecuteOutput(stdout)).toEqual(run);
		// an inner "{" block of a larger value is never taken for the run
		expect(parseExecuteOutput(['{', '  "x": 1', '}', ''].join('\n'))).toBeUndefined();
	});

	it('is undefined when there is no run', () => {
		expect(parseExecuteOutput([log('The workflow with the id "x" does not exist.')].join('\n'))).toBeUndefined();
		expect(parseExecuteOutput('')).toBeUndefined();
	});
});

describe('starting a service (Redis, PostgreSQL)', () => {
	it('fileTail: the last lines of a log, or "(no log)" before there is one', () => {
		const dir = mkdtempSync(join(tmpdir(), 'annexcloud-tooling-'));
		const file = join(dir, 'service.log');
		expect(fileTail(file, 2)).toBe('(no log)');
		writeFileSync(file, 'one\ntwo\nthree\n');
		expect(fileTail(file, 2)).toBe('two\nthree');
		expect(fileTail(file, 10)).toBe('one\ntwo\nthree');
	});

	it('readyOrStopped: a service that never gets ready is stopped, and the error shows the end of its log', async () => {
		const stop = jest.fn(async () => await Promise.resolve());
		const service = { stop, logTail: () => 'FATAL: could not bind' };
		await expect(
			readyOrStopped('postgres', async () => await Promise.reject(new Error('postgres on 127.0.0.1:1 not ready')), service),
		).rejects.toThrow('postgres on 127.0.0.1:1 not ready\n--- postgres log:\nFATAL: could not bind');
		expect(stop).toHaveBeenCalledTimes(1);
	});

	it('readyOrStopped: a ready service keeps running', async () => {
		const stop = jest.fn(async () => await Promise.resolve());
		await readyOrStopped('redis', async () => await Promise.resolve(true), { stop, logTail: () => '' });
		expect(stop).not.toHaveBeenCalled();
	});
});

describe('bench:profile: reading a CPU profile by time window', () => {
	const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0 });
	const profile: CpuProfile = {
		nodes: [
			{ id: 1, callFrame: frame('(root)', '') },
			{ id: 2, callFrame: frame('sign', 'file:///n8n/node_modules/n8n-nodes-annexcloud/dist/signing.js') },
			{ id: 3, callFrame: frame('request', 'file:///n8n/node_modules/@n8n/backend-network/node_modules/axios/index.cjs') },
			{ id: 4, callFrame: frame('connect', 'node:net') },
			{ id: 5, callFrame: frame('(garbage collector)', '') },
		],
		// Monotonic µs: samples at 1000, 1100, ..., 1500; each stands for the time to the next one.
		startTime: 1000,
		samples: [2, 3, 4, 5, 2, 3],
		timeDeltas: [0, 100, 100, 100, 100, 100],
	};

	it('groups code by package, Node.js part or V8', () => {
		const own = 'n8n-nodes-annexcloud';
		expect(groupOf(frame('x', 'file:///a/node_modules/n8n-nodes-annexcloud/dist/x.js'), own)).toBe('n8n-nodes-annexcloud (this package)');
		expect(groupOf(frame('x', 'file:///a/node_modules/@n8n/expression-runtime/dist/x.js'), own)).toBe('@n8n/expression-runtime');
		expect(groupOf(frame('x', 'node:_http_client'), own)).toBe('Node.js: node:http, node:net');
		expect(groupOf(frame('x', 'node:internal/url'), own)).toBe('Node.js: other built-ins');
		expect(groupOf(frame('(idle)', ''), own)).toBe('idle (waiting for I/O)');
	});

	it('adds each sample to the window it falls in, windows of one label together; samples outside count nowhere', () => {
		// Epoch ms = monotonic µs / 1000 + 5 (offset 5,000 µs): windows [1.0, 1.2) and [1.3, 1.5) ms monotonic.
		const costs = costByWindow(
			profile,
			[
				{ label: 'ours', startMs: 6.0, durationMs: 0.2 },
				{ label: 'ours', startMs: 6.3, durationMs: 0.2 },
			],
			5000,
			'n8n-nodes-annexcloud',
		);
		const ours = costs.get('ours');
		// Samples at 1000 (sign), 1100 (axios), 1300 (GC), 1400 (sign); 1200 and 1500 are outside.
		expect(ours?.totalUs).toBe(400);
		expect(Object.fromEntries(ours?.byGroup ?? [])).toEqual({
			'n8n-nodes-annexcloud (this package)': 200,
			axios: 100,
			'V8: garbage collection': 100,
		});
		expect(costs.size).toBe(1);
	});
});
