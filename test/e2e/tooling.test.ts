/**
 * The pure parts of the real-n8n tooling (no n8n needed): demo arguments and parsing the
 * output of `n8n execute`.
 */
import { parseDemoArgs, UsageError } from '../../scripts/demo';
import { parseExecuteOutput } from '../../scripts/n8n';

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
