/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- CLI entry point of the dev-only demo: process (argv, signals, exit), files and timers */
/**
 * `npm run demo`: real n8n with this package installed, next to the local Annex Cloud sandbox.
 *
 * 1. ensures n8n 2.41.1 in the cache (~7 min the first time, then instant),
 * 2. builds and packs this repository and installs the tarball as a community package,
 * 3. starts the sandbox, imports a credential pointing at it and the example workflows,
 * 4. starts n8n on 127.0.0.1, creates the owner, prints the editor URL and the login,
 * 5. stays up until Ctrl+C, which stops everything it started.
 *
 * --check starts everything in a temporary folder on free ports, verifies it (login, node types,
 * credential test), stops and exits 0 or 1. --n8n-url URL --api-key KEY uses your own n8n.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { startSandbox, type Sandbox } from '../sandbox';
import {
	buildAndPack,
	cacheRoot,
	CREDENTIAL_TYPE,
	DEMO_OWNER,
	ensureN8n,
	EXAMPLE_CREDENTIAL,
	exampleCredential,
	credentialData,
	formatDuration,
	installTarball,
	isPortFree,
	freePort,
	loadExamples,
	N8N_VERSION,
	N8nInstance,
	nodeTypeNames,
	PublicApi,
	RestSession,
	step,
	testCredential,
	withCredential,
	type WorkflowDefinition,
} from './n8n';

export const DEFAULT_N8N_PORT = 5678;
export const DEFAULT_SANDBOX_PORT = 8787;

export const USAGE = `Usage: npm run demo -- [options]

Runs n8n ${N8N_VERSION} (or --n8n-version) with this package installed, the local Annex Cloud
sandbox, a credential for it and the example workflows. Ctrl+C stops everything.

  --n8n-version V     the n8n release to run, e.g. 1.123.x (the newest 1.123 release), 2.0.3;
                      installed into the cache on first use (see README, Compatibility)
  --port N            n8n port (default ${DEFAULT_N8N_PORT}, or a free one when it is taken)
  --sandbox-port N    sandbox port (default ${DEFAULT_SANDBOX_PORT}, or a free one when it is taken)
  --sandbox-host H    address the sandbox binds (default 127.0.0.1)
  --sandbox-url URL   base URL n8n should use for the sandbox, when n8n reaches it under another
                      address (e.g. http://host.docker.internal:8787/api/3.0)
  --fresh             start over: delete the demo's n8n data (${join('$ANNEXCLOUD_CACHE', 'demo')})
  --check             start everything in a temporary folder, verify it, stop, exit 0 or 1
  --n8n-url URL       use your own n8n (with n8n-nodes-annexcloud installed) instead:
  --api-key KEY       its public API key; the credential and workflows are created through the API
  --help              show this help
`;

export class UsageError extends Error {}

export interface DemoArgs {
	port?: number;
	sandboxPort?: number;
	sandboxHost: string;
	sandboxUrl?: string;
	fresh: boolean;
	check: boolean;
	n8nUrl?: string;
	apiKey?: string;
	/** the n8n release to run locally (exact, or a range such as 1.123.x) */
	n8nVersion?: string;
	help: boolean;
}

function parsePort(flag: string, value: string): number {
	const port = Number(value);
	if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`${flag} needs a port number, got "${value}"`);
	return port;
}

export function parseDemoArgs(argv: readonly string[]): DemoArgs {
	const args: DemoArgs = { sandboxHost: '127.0.0.1', fresh: false, check: false, help: false };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i] ?? '';
		const eq = arg.indexOf('=');
		const flag = arg.startsWith('--') && eq !== -1 ? arg.slice(0, eq) : arg;
		const value = (): string => {
			if (eq !== -1 && arg.startsWith('--')) return arg.slice(eq + 1);
			const next = argv[i + 1];
			if (next === undefined) throw new UsageError(`${flag} needs a value`);
			i += 1;
			return next;
		};
		switch (flag) {
			case '--help':
			case '-h':
				args.help = true;
				break;
			case '--check':
				args.check = true;
				break;
			case '--fresh':
				args.fresh = true;
				break;
			case '--port':
				args.port = parsePort(flag, value());
				break;
			case '--sandbox-port':
				args.sandboxPort = parsePort(flag, value());
				break;
			case '--sandbox-host':
				args.sandboxHost = value();
				break;
			case '--sandbox-url':
				args.sandboxUrl = value().replace(/\/+$/, '');
				break;
			case '--n8n-url':
				args.n8nUrl = value().replace(/\/+$/, '');
				break;
			case '--api-key':
				args.apiKey = value();
				break;
			case '--n8n-version': {
				const version = value().trim();
				if (!/^\d+(\.(\d+|x))?(\.(\d+|x))?$/.test(version)) {
					throw new UsageError(`--n8n-version needs a release such as 1.123.81 or 1.123.x, got "${version}"`);
				}
				args.n8nVersion = version;
				break;
			}
			default:
				throw new UsageError(`Unknown option ${arg}`);
		}
	}
	if ((args.n8nUrl === undefined) !== (args.apiKey === undefined)) {
		throw new UsageError('--n8n-url and --api-key go together');
	}
	if (args.n8nUrl !== undefined && (args.port !== undefined || args.fresh || args.n8nVersion !== undefined)) {
		throw new UsageError('--port, --fresh and --n8n-version are for the local n8n; they do not apply with --n8n-url');
	}
	return args;
}

const print = (line = ''): void => {
	process.stdout.write(`${line}\n`);
};

/** Resolves on the first SIGINT or SIGTERM. */
function untilSignal(): Promise<NodeJS.Signals> {
	return new Promise((resolveSignal) => {
		const handler = (signal: NodeJS.Signals): void => {
			process.off('SIGINT', handler);
			process.off('SIGTERM', handler);
			resolveSignal(signal);
		};
		process.on('SIGINT', handler);
		process.on('SIGTERM', handler);
	});
}

async function pickPort(requested: number | undefined, preferred: number, what: string, host = '127.0.0.1'): Promise<number> {
	if (requested !== undefined) {
		if (!(await isPortFree(requested, host))) throw new UsageError(`${what} port ${requested} is in use; pick another one`);
		return requested;
	}
	if (await isPortFree(preferred, host)) return preferred;
	const port = await freePort(host);
	print(`    port ${preferred} is in use: ${what} uses ${port}`);
	return port;
}

function printSandbox(sandbox: Sandbox, baseUrl: string): void {
	const c = sandbox.credentials;
	print(`Annex Cloud sandbox:  ${sandbox.origin}  (control API ${sandbox.controlUrl})`);
	print(`Credential "${EXAMPLE_CREDENTIAL.name}" (Annex Cloud API):`);
	print(`  Base URL ${baseUrl}, Site ID ${c.siteId}, Site Name ${c.siteName}, Shared Secret ${c.sharedSecret}`);
}

interface Checks {
	failures: string[];
	pass(what: string): void;
	fail(what: string): void;
}

function checks(): Checks {
	const failures: string[] = [];
	return {
		failures,
		pass: (what) => print(`check ok:   ${what}`),
		fail: (what) => {
			failures.push(what);
			print(`check FAIL: ${what}`);
		},
	};
}

/** A lock file so two demos do not share one n8n folder. */
function takeLock(dir: string): () => void {
	const lock = join(dir, 'demo.pid');
	if (existsSync(lock)) {
		const pid = Number(readFileSync(lock, 'utf8').trim());
		let alive = false;
		try {
			process.kill(pid, 0);
			alive = pid !== process.pid;
		} catch {
			alive = false;
		}
		if (alive) throw new UsageError(`another demo (pid ${pid}) uses ${dir}; stop it first`);
	}
	writeFileSync(lock, String(process.pid));
	return () => rmSync(lock, { force: true });
}

/** Example ids imported into the demo folder before (so user edits are not overwritten). */
function importedIds(dir: string): Set<string> {
	const file = join(dir, 'imported-examples.json');
	if (!existsSync(file)) return new Set();
	try {
		return new Set(JSON.parse(readFileSync(file, 'utf8')) as string[]);
	} catch {
		return new Set();
	}
}

async function runLocal(args: DemoArgs): Promise<number> {
	const started = Date.now();
	const installation = await ensureN8n(args.n8nVersion === undefined ? {} : { version: args.n8nVersion });
	const tarball = await buildAndPack();

	// Each release keeps its own demo data: a newer n8n migrates the database for good.
	const demoName = installation.version === N8N_VERSION ? 'demo' : `demo-n8n-${installation.version}`;
	const demoDir = args.check ? undefined : join(cacheRoot(), demoName);
	if (demoDir !== undefined) {
		if (args.fresh && existsSync(demoDir)) {
			print(`    --fresh: deleting ${demoDir}`);
			rmSync(demoDir, { recursive: true, force: true });
		}
		mkdirSync(demoDir, { recursive: true });
	}
	const releaseLock = demoDir === undefined ? () => undefined : takeLock(demoDir);

	const sandboxPort = args.check
		? await freePort(args.sandboxHost)
		: await pickPort(args.sandboxPort, DEFAULT_SANDBOX_PORT, 'the sandbox', args.sandboxHost);
	const n8nPort = args.check ? await freePort() : await pickPort(args.port, DEFAULT_N8N_PORT, 'n8n');

	let sandbox: Sandbox | undefined;
	let n8n: N8nInstance | undefined;
	try {
		const runningSandbox = await startSandbox({ host: args.sandboxHost, port: sandboxPort });
		sandbox = runningSandbox;
		const sandboxBaseUrl = args.sandboxUrl ?? runningSandbox.baseUrl;
		print(`ok  sandbox listening on ${sandbox.origin}`);

		n8n = await N8nInstance.create({ installation, userFolder: demoDir, port: n8nPort });
		const instance = n8n;
		await installTarball(tarball, instance.userFolder);

		const alreadyImported = demoDir === undefined ? new Set<string>() : importedIds(demoDir);
		const examples = loadExamples()
			.map((example) => withCredential(example.workflow, EXAMPLE_CREDENTIAL))
			.filter((workflow) => !alreadyImported.has(workflow.id));
		await step(
			`importing the credential${examples.length > 0 ? ` and ${examples.length} example workflow(s)` : ''} (n8n CLI)`,
			async () => {
				await instance.importCredentials([exampleCredential(runningSandbox.credentials, sandboxBaseUrl)]);
				if (examples.length > 0) await instance.importWorkflows(examples);
			},
		);
		if (demoDir !== undefined) {
			const ids = [...alreadyImported, ...examples.map((workflow) => workflow.id)];
			writeFileSync(join(demoDir, 'imported-examples.json'), JSON.stringify(ids, null, 2));
		}

		await step(`starting n8n ${installation.version} on ${instance.url}`, async () => await instance.start());
		const session = await instance.ownerSession(DEMO_OWNER);

		if (args.check) return await checkLocal(instance, session);

		print('');
		print('================================================================================');
		print(`n8n ${installation.version} with n8n-nodes-annexcloud is running (ready in ${formatDuration(Date.now() - started)}).`);
		print('');
		print(`  Editor:    ${instance.url}`);
		print(`  Login:     ${DEMO_OWNER.email}`);
		print(`  Password:  ${DEMO_OWNER.password}`);
		print('');
		printSandbox(runningSandbox, sandboxBaseUrl);
		print('');
		print('Example workflows (Overview in the editor):');
		for (const example of loadExamples()) print(`  - ${example.workflow.name}  (examples/${example.file})`);
		print('');
		print(`n8n data: ${instance.userFolder}  (log: ${instance.logFile}; --fresh starts over)`);
		print('Press Ctrl+C to stop n8n and the sandbox.');
		print('================================================================================');

		const serverExit = new Promise<string>((resolveExit) => {
			const timer = setInterval(() => {
				if (!instance.running) {
					clearInterval(timer);
					resolveExit('n8n stopped on its own');
				}
			}, 1000);
		});
		const reason = await Promise.race([untilSignal().then((signal) => `received ${signal}`), serverExit]);
		print('');
		print(`${reason}: stopping n8n and the sandbox...`);
		if (reason.startsWith('n8n stopped')) {
			print(instance.logTail(30));
			return 1;
		}
		return 0;
	} finally {
		await n8n?.stop();
		if (args.check) await n8n?.dispose();
		await sandbox?.close();
		releaseLock();
		print('stopped.');
	}
}

async function checkLocal(n8n: N8nInstance, ownerSession: RestSession): Promise<number> {
	const result = checks();
	const types = nodeTypeNames();

	const login = new RestSession(n8n.url);
	try {
		const user = await login.login(DEMO_OWNER.email, DEMO_OWNER.password);
		if (user.email === DEMO_OWNER.email) result.pass(`login as ${DEMO_OWNER.email}`);
		else result.fail(`login answered for ${String(user.email)}`);
	} catch (error) {
		result.fail(`login as ${DEMO_OWNER.email}: ${(error as Error).message}`);
	}

	const nodeTypes = await ownerSession.nodeTypeNames();
	for (const name of [types.action, types.trigger]) {
		if (nodeTypes.includes(name)) result.pass(`node type ${name} is listed`);
		else result.fail(`node type ${name} is not listed (${nodeTypes.filter((type) => /annex/i.test(type)).join(', ') || 'no Annex Cloud types'})`);
	}
	const credentialTypes = await ownerSession.credentialTypeNames();
	if (credentialTypes.includes(CREDENTIAL_TYPE)) result.pass(`credential type ${CREDENTIAL_TYPE} is listed`);
	else result.fail(`credential type ${CREDENTIAL_TYPE} is not listed`);

	const api = await n8n.publicApi(ownerSession, 'demo-check');
	const test = await testCredential(api, ownerSession, EXAMPLE_CREDENTIAL.id);
	if (test.status === 'OK') result.pass(`credential test (${test.via}): ${test.message}`);
	else result.fail(`credential test: ${test.status}: ${test.message}`);

	const workflows = await api.listWorkflows();
	const expected = loadExamples().map((example) => example.workflow.id);
	const missing = expected.filter((id) => !workflows.some((workflow) => workflow.id === id));
	if (missing.length === 0) result.pass(`${expected.length} example workflows imported`);
	else result.fail(`example workflows missing: ${missing.join(', ')}`);

	print(result.failures.length === 0 ? 'demo check: passed' : `demo check: ${result.failures.length} failed`);
	return result.failures.length === 0 ? 0 : 1;
}

/** --n8n-url: the sandbox here, the credential and workflows in the user's n8n. */
async function runRemote(args: DemoArgs & { n8nUrl: string; apiKey: string }): Promise<number> {
	const api = new PublicApi(args.n8nUrl, args.apiKey);
	const port = await pickPort(args.sandboxPort, DEFAULT_SANDBOX_PORT, 'the sandbox', args.sandboxHost);
	const sandbox = await startSandbox({ host: args.sandboxHost, port });
	const baseUrl = args.sandboxUrl ?? sandbox.baseUrl;
	const result = checks();
	try {
		print(`ok  sandbox listening on ${sandbox.origin}`);
		const schema = await api.credentialSchema(CREDENTIAL_TYPE);
		if (schema === undefined) {
			result.fail(
				`${args.n8nUrl} does not know the credential type ${CREDENTIAL_TYPE}: install n8n-nodes-annexcloud there first ` +
					'(Settings > Community Nodes), or run npm run demo without --n8n-url',
			);
			return 1;
		}
		result.pass(`${args.n8nUrl} has the ${CREDENTIAL_TYPE} credential type`);

		const data = credentialData(sandbox.credentials, baseUrl);
		const existing = (await api.listCredentials()).find(
			(credential) => credential.name === EXAMPLE_CREDENTIAL.name && credential.type === CREDENTIAL_TYPE,
		);
		const credential = existing
			? await api.updateCredential(existing.id, { name: EXAMPLE_CREDENTIAL.name, type: CREDENTIAL_TYPE, data })
			: await api.createCredential({ name: EXAMPLE_CREDENTIAL.name, type: CREDENTIAL_TYPE, data });
		print(`ok  credential "${EXAMPLE_CREDENTIAL.name}" ${existing ? 'updated' : 'created'} (id ${credential.id})`);

		const workflows = await api.listWorkflows();
		for (const example of loadExamples()) {
			if (workflows.some((workflow) => workflow.name === example.workflow.name)) {
				print(`    workflow "${example.workflow.name}" exists: left as it is`);
				continue;
			}
			const workflow: WorkflowDefinition = withCredential(example.workflow, { id: credential.id, name: EXAMPLE_CREDENTIAL.name });
			const created = await api.createWorkflow(workflow);
			print(`ok  workflow "${created.name}" created (id ${created.id})`);
		}

		const test = await api.testCredentialIfOffered(credential.id);
		if (test === undefined) {
			print('    this n8n has no credential test in its public API (n8n 1.x, 2.0): use "Test" in the credential dialog');
		} else if (test.status === 'OK') result.pass(`credential test: ${test.message}`);
		else {
			result.fail(`credential test: ${test.message}`);
			print(
				'    Can that n8n reach the sandbox? If it runs in Docker or on another host, use ' +
					'--sandbox-host 0.0.0.0 --sandbox-url http://<address n8n can reach>:<port>/api/3.0',
			);
		}
		print('');
		printSandbox(sandbox, baseUrl);
		if (args.check) {
			print(result.failures.length === 0 ? 'demo check: passed' : `demo check: ${result.failures.length} failed`);
			return result.failures.length === 0 ? 0 : 1;
		}
		print('');
		print(`Open ${args.n8nUrl}: the credential and the example workflows are there. Press Ctrl+C to stop the sandbox.`);
		const signal = await untilSignal();
		print(`received ${signal}: stopping the sandbox...`);
		return 0;
	} finally {
		await sandbox.close();
	}
}

export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
	const args = parseDemoArgs(argv);
	if (args.help) {
		print(USAGE);
		return 0;
	}
	if (args.n8nUrl !== undefined && args.apiKey !== undefined) {
		return await runRemote({ ...args, n8nUrl: args.n8nUrl, apiKey: args.apiKey });
	}
	return await runLocal(args);
}

if (resolve(process.argv[1] ?? '') === __filename) {
	// Until the demo is up, Ctrl+C exits through scripts/n8n/proc.ts, which kills the child
	// process groups; once it is up, main waits for the signal and stops everything in order.
	main().then(
		(code) => process.exit(code),
		(error: unknown) => {
			if (error instanceof UsageError) {
				process.stderr.write(`${error.message}\n\n${USAGE}`);
				process.exit(2);
			}
			process.stderr.write(`demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
			process.exit(1);
		},
	);
}
