/* eslint-disable no-console */
/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- CLI entry point of the dev-only sandbox: uses process (argv, signals, exit) and node:path */
/**
 * `npm run sandbox`: start the local Annex Cloud sandbox and print what to put in the
 * n8n credential. Stops cleanly on SIGINT / SIGTERM.
 *
 * Options: --port N (default 8787), --host H, --campaigns N, --groups N, --members N,
 * --seed N, --page-size N, --secret S, --site-id S, --site-name S, --clock-skew N,
 * --rate N, --burst N, --latency MS, --jitter MS (pace.ts), --help
 */
import { resolve } from 'node:path';

import { SANDBOX_DEFAULTS, startSandbox, type Sandbox, type SandboxOptions } from './server';

/** Port used by the CLI when none is given (tests use port 0). */
export const CLI_DEFAULT_PORT = 8787;

export const USAGE = `Usage: npm run sandbox -- [options]

  --port N         port to listen on (default ${CLI_DEFAULT_PORT}; 0 = any free port)
  --host H         address to bind (default ${SANDBOX_DEFAULTS.host})
  --campaigns N    number of seeded campaigns (default ${SANDBOX_DEFAULTS.campaigns})
  --groups N       number of campaign groups (default ${SANDBOX_DEFAULTS.groups})
  --members N      number of regular members (default ${SANDBOX_DEFAULTS.members})
  --seed N         data seed (default ${SANDBOX_DEFAULTS.seed})
  --page-size N    list page size (default ${SANDBOX_DEFAULTS.pageSize})
  --secret S       shared secret (default: the demo secret)
  --site-id S      site id (default ${SANDBOX_DEFAULTS.siteId})
  --site-name S    site name shown for the credential (default ${SANDBOX_DEFAULTS.siteName})
  --clock-skew N   seconds of tolerance for token expiry (default ${SANDBOX_DEFAULTS.clockSkewSeconds})
  --rate N         rate limit, requests per second: beyond it 429 with Retry-After (default 0: none)
  --burst N        requests the rate limit lets through at once (default: one second's worth)
  --latency MS     every API answer waits this long (default 0)
  --jitter MS      plus up to this much more, at random (default 0)
  --help           show this help
`;

export class UsageError extends Error {}

const NUMBER_FLAGS = {
	'--port': 'port',
	'--campaigns': 'campaigns',
	'--groups': 'groups',
	'--members': 'members',
	'--seed': 'seed',
	'--page-size': 'pageSize',
	'--clock-skew': 'clockSkewSeconds',
} as const;

const PACE_FLAGS = {
	'--rate': 'rate',
	'--burst': 'burst',
	'--latency': 'latencyMs',
	'--jitter': 'jitterMs',
} as const;

const STRING_FLAGS = {
	'--host': 'host',
	'--secret': 'secret',
	'--site-id': 'siteId',
	'--site-name': 'siteName',
} as const;

/** Parse CLI arguments (`--flag value` or `--flag=value`). Throws UsageError. */
export function parseArgs(argv: readonly string[]): SandboxOptions & { help?: boolean } {
	const options: SandboxOptions & { help?: boolean } = { port: CLI_DEFAULT_PORT };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i] ?? '';
		if (arg === '--help' || arg === '-h') {
			options.help = true;
			continue;
		}
		const eq = arg.indexOf('=');
		const flag = eq === -1 ? arg : arg.slice(0, eq);
		let value: string | undefined;
		const takeValue = (): string => {
			if (eq !== -1) return arg.slice(eq + 1);
			const next = argv[i + 1];
			if (next === undefined) throw new UsageError(`${flag} needs a value`);
			i += 1;
			return next;
		};
		if (flag in NUMBER_FLAGS || flag in PACE_FLAGS) {
			value = takeValue();
			const n = Number(value);
			if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new UsageError(`${flag} needs a number >= 0, got "${value}"`);
			if (flag in PACE_FLAGS) options.pace = { ...options.pace, [PACE_FLAGS[flag as keyof typeof PACE_FLAGS]]: n };
			else options[NUMBER_FLAGS[flag as keyof typeof NUMBER_FLAGS]] = n;
		} else if (flag in STRING_FLAGS) {
			value = takeValue();
			options[STRING_FLAGS[flag as keyof typeof STRING_FLAGS]] = value;
		} else {
			throw new UsageError(`Unknown option ${arg}`);
		}
	}
	return options;
}

export interface MainIo {
	/** where output goes (default console.log) */
	print?: (line: string) => void;
	/** install SIGINT/SIGTERM handlers that close the sandbox and exit (default true) */
	handleSignals?: boolean;
	/** print one line per API request (default true) */
	logRequests?: boolean;
}

/** Start the sandbox from CLI arguments and print the credential values. */
export async function main(argv: readonly string[] = process.argv.slice(2), io: MainIo = {}): Promise<Sandbox | undefined> {
	const print = io.print ?? ((line: string) => console.log(line));
	const { help, ...options } = parseArgs(argv);
	if (help) {
		print(USAGE);
		return undefined;
	}
	const sandbox = await startSandbox({
		...options,
		logger: io.logRequests === false ? undefined : (line) => print(`[sandbox] ${line}`),
	});
	const state = sandbox.store.counts();
	const c = sandbox.credentials;
	print('Annex Cloud sandbox is running (local test server; not Annex Cloud).');
	print('');
	print('Credential values:');
	print(`  Base URL:               ${c.baseUrl}`);
	print(`  Site ID:                ${c.siteId}`);
	print(`  Site name (sub):        ${c.siteName}`);
	print(`  Shared secret:          ${c.sharedSecret}`);
	print(`  Signature validity (s): ${c.signatureValiditySeconds}`);
	print('');
	print(`Control API:              ${sandbox.controlUrl}  (GET ${sandbox.controlUrl}/state)`);
	print(
		`Data: seed ${state.seed}, ${state.campaigns} campaigns (${state.activeCampaigns} active), ` +
			`${state.groups} groups, ${state.members} members`,
	);
	const pace = sandbox.pace.settings;
	if (pace.rate > 0) print(`Rate limit:               ${pace.rate} requests/s (burst ${pace.burst}), then 429 with Retry-After`);
	if (pace.latencyMs > 0 || pace.jitterMs > 0) print(`Latency:                  ${pace.latencyMs} ms + up to ${pace.jitterMs} ms jitter`);
	print('Press Ctrl+C to stop.');

	if (io.handleSignals !== false) {
		const stop = (signal: NodeJS.Signals): void => {
			print(`Received ${signal}, stopping the sandbox...`);
			sandbox.close().then(
				() => process.exit(0),
				() => process.exit(1),
			);
		};
		process.once('SIGINT', stop);
		process.once('SIGTERM', stop);
	}
	return sandbox;
}

/**
 * True when this file is the program's entry: run directly (`node cli.js`), or through a
 * loader such as scripts/run-ts.js that sets process.argv[1] to this file and requires it.
 */
function isEntryModule(): boolean {
	if (require.main === module) return true;
	const entry = process.argv[1];
	return entry !== undefined && resolve(entry) === __filename;
}

if (isEntryModule()) {
	main().catch((error: unknown) => {
		if (error instanceof UsageError) {
			console.error(`${error.message}\n\n${USAGE}`);
			process.exit(2);
		}
		console.error(error);
		process.exit(1);
	});
}
