/* eslint-disable @n8n/community-nodes/no-restricted-imports -- tests, never in the package: a temporary log file for the tooling helpers */
/**
 * The pure parts of the real-n8n tooling (no n8n needed): demo arguments, parsing the
 * output of `n8n execute`, and what a service that never gets ready leaves behind.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { parseDemoArgs, UsageError } from '../../scripts/demo';
import { fileTail, parseExecuteOutput, readyOrStopped } from '../../scripts/n8n';

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
