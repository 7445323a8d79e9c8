/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- dev tooling (demo, e2e), never in the package: runs n8n as a child process with its own env, folder and ports */
/**
 * One headless n8n: its own user folder (sqlite database, settings, community packages), a fixed
 * encryption key, loopback only, free ports for the server and the task runner broker, and no
 * telemetry or other outbound noise. CLI helpers (import, execute, publish) boot n8n once per
 * command and must run while the server is stopped; `start()` / `stop()` run `n8n start`.
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { waitUntilReady } from './http';
import { freePort, isPortFree } from './ports';
import { fileTail, run, spawnGroup, stopGroup, type RunResult } from './proc';
import type { N8nInstallation } from './provision';
import { logToStderr, formatDuration, type LogFn } from './progress';
import { PublicApi } from './publicApi';
import { DEMO_OWNER, RestSession, type OwnerAccount } from './rest';
import type { WorkflowRun } from './runData';
import { hasPublishCommand } from './versions';

/** Fixed so that imported credentials stay readable across runs of the same user folder. */
export const DEFAULT_ENCRYPTION_KEY = 'annexcloud-local-example-key-0001';

export interface CredentialImport {
	id: string;
	name: string;
	type: string;
	/** plain values: `n8n import:credentials` encrypts them */
	data: Record<string, unknown>;
}

export interface WorkflowDefinition {
	id: string;
	name: string;
	nodes: unknown[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	active?: boolean;
	pinData?: Record<string, unknown>;
	[key: string]: unknown;
}

export interface N8nInstanceOptions {
	installation: N8nInstallation;
	/** default: a new temporary folder, removed by dispose() */
	userFolder?: string;
	/** default: a free port */
	port?: number;
	/** default: a free port */
	brokerPort?: number;
	encryptionKey?: string;
	/** more environment for every n8n command (wins over the defaults) */
	env?: Record<string, string>;
	log?: LogFn;
}

export interface ExecuteResult {
	/** the run as n8n printed it (status, data.resultData.runData ...) */
	run: WorkflowRun;
	exitCode: number | null;
	durationMs: number;
}

function asRun(candidate: unknown): WorkflowRun | undefined {
	if (typeof candidate !== 'object' || candidate === null || !('data' in candidate)) return undefined;
	const run = candidate as WorkflowRun;
	return run.data?.resultData !== undefined ? run : undefined;
}

/**
 * Parse the run JSON out of `n8n execute --rawOutput` with N8N_LOG_FORMAT=json: the last log line
 * whose message is the run (n8n 1.123, 2.x), else the last pretty-printed JSON block that starts
 * with a line "{" and ends with a line "}" (n8n 1.100 prints the run that way, outside its log).
 */
export function parseExecuteOutput(stdout: string): WorkflowRun | undefined {
	const lines = stdout.split('\n').map((line) => line.trim()).filter((line) => line !== '');
	for (let i = lines.length - 1; i >= 0; i--) {
		const line = lines[i] ?? '';
		if (!line.startsWith('{')) continue;
		let candidate: unknown;
		try {
			const parsed = JSON.parse(line) as { message?: unknown };
			candidate = typeof parsed.message === 'string' ? JSON.parse(parsed.message) : parsed;
		} catch {
			continue;
		}
		const run = asRun(candidate);
		if (run !== undefined) return run;
	}
	const raw = stdout.split('\n');
	for (let end = raw.length - 1; end >= 0; end--) {
		if (raw[end]?.trimEnd() !== '}') continue;
		for (let start = end - 1; start >= 0; start--) {
			if (raw[start]?.trimEnd() !== '{') continue;
			try {
				const run = asRun(JSON.parse(raw.slice(start, end + 1).join('\n')));
				if (run !== undefined) return run;
			} catch {
				// not a whole JSON value: an inner block; try an earlier "{"
			}
		}
	}
	return undefined;
}

export class N8nInstance {
	readonly url: string;

	/** where `n8n start` writes its output */
	readonly logFile: string;

	private server: ChildProcess | undefined;

	private constructor(
		readonly installation: N8nInstallation,
		readonly userFolder: string,
		readonly port: number,
		readonly brokerPort: number,
		private readonly ownsFolder: boolean,
		private readonly encryptionKey: string,
		private readonly extraEnv: Record<string, string>,
		private readonly log: LogFn,
	) {
		this.url = `http://127.0.0.1:${port}`;
		this.logFile = join(userFolder, 'n8n.log');
	}

	static async create(options: N8nInstanceOptions): Promise<N8nInstance> {
		const ownsFolder = options.userFolder === undefined;
		const userFolder = options.userFolder ?? mkdtempSync(join(tmpdir(), 'annexcloud-real-n8n-'));
		mkdirSync(userFolder, { recursive: true });
		const port = options.port ?? (await freePort());
		let brokerPort = options.brokerPort ?? (await freePort());
		while (brokerPort === port) brokerPort = await freePort();
		return new N8nInstance(
			options.installation,
			userFolder,
			port,
			brokerPort,
			ownsFolder,
			options.encryptionKey ?? DEFAULT_ENCRYPTION_KEY,
			options.env ?? {},
			options.log ?? logToStderr,
		);
	}

	/** The environment of every n8n command of this instance. */
	env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
		const inherited: NodeJS.ProcessEnv = {};
		for (const [key, value] of Object.entries(process.env)) {
			// Settings meant for some other n8n must not leak in.
			if (/^(N8N_|DB_|EXECUTIONS_|QUEUE_|WEBHOOK_URL$|GENERIC_TIMEZONE$)/.test(key)) continue;
			if (/^npm_/i.test(key)) continue;
			// Under jest, NODE_ENV=test makes n8n refuse to load nodes ("Not available in tests").
			if (key === 'NODE_ENV' || key.startsWith('JEST_')) continue;
			inherited[key] = value;
		}
		return {
			...inherited,
			NODE_ENV: 'production',
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: this.encryptionKey,
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_PORT: String(this.port),
			N8N_EDITOR_BASE_URL: `${this.url}/`,
			WEBHOOK_URL: `${this.url}/`,
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			N8N_SECURE_COOKIE: 'false',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_DYNAMIC_BANNERS_ENABLED: 'false',
			N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
			N8N_LOG_LEVEL: 'info',
			DB_TYPE: 'sqlite',
			...this.installation.env,
			...this.extraEnv,
			...extra,
		};
	}

	private assertStopped(what: string): void {
		if (this.server !== undefined) throw new Error(`stop n8n before ${what}: CLI commands share its database`);
	}

	/** Run `n8n <args>` (boots n8n for the one command, ~4-6 s). */
	async cli(args: readonly string[], options: { timeoutMs?: number; allowFailure?: boolean; env?: Record<string, string> } = {}): Promise<RunResult> {
		this.assertStopped(`n8n ${args[0] ?? ''}`);
		return await run(this.installation.node, [this.installation.bin, ...args], {
			cwd: this.userFolder,
			env: this.env({ N8N_LOG_FORMAT: 'json', ...options.env }),
			timeoutMs: options.timeoutMs ?? 180_000,
			allowFailure: options.allowFailure,
		});
	}

	private writeInput(name: string, content: unknown): string {
		const dir = join(this.userFolder, 'imports');
		mkdirSync(dir, { recursive: true });
		const file = join(dir, `${name}-${Date.now()}.json`);
		writeFileSync(file, JSON.stringify(content, null, 2));
		return file;
	}

	/** `n8n import:credentials`: plain data is encrypted with this instance's key. Same id = update. */
	async importCredentials(credentials: readonly CredentialImport[]): Promise<void> {
		const file = this.writeInput('credentials', credentials);
		await this.cli(['import:credentials', `--input=${file}`]);
	}

	/**
	 * `n8n import:workflow` (ids of at most 21 characters are kept; same id = update). Each
	 * workflow gets a `versionId` when it has none, as n8n's own exports do: n8n 2.0.x fails the
	 * import without one (NOT NULL constraint failed: workflow_entity.versionId).
	 */
	async importWorkflows(workflows: readonly WorkflowDefinition[]): Promise<void> {
		const versioned = workflows.map((workflow) => ({ versionId: randomUUID(), ...workflow }));
		const file = this.writeInput('workflows', versioned);
		await this.cli(['import:workflow', `--input=${file}`]);
	}

	/**
	 * `n8n publish:workflow` (n8n 2.x), or `n8n update:workflow --active=true` where this n8n has
	 * no publish command (1.x): the workflow's triggers start with the next `n8n start`.
	 */
	async publishWorkflow(id: string): Promise<void> {
		const args = hasPublishCommand(this.installation.dir)
			? ['publish:workflow', `--id=${id}`]
			: ['update:workflow', `--id=${id}`, '--active=true'];
		await this.cli(args);
	}

	/**
	 * `n8n execute --id`: runs the workflow from its start node and returns the run. n8n's output
	 * goes to a file in the user folder, not a pipe: through a pipe n8n exits before a large run
	 * (megabytes of JSON) has been written out and the run is cut short; a file is written
	 * synchronously. The file is removed once the run is read, and kept (its path in the error)
	 * when no run can be read from it. `env` is more environment for this command only (e.g.
	 * NODE_OPTIONS for a CPU profile).
	 */
	async execute(id: string, options: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<ExecuteResult> {
		this.assertStopped('n8n execute');
		const started = Date.now();
		const dir = join(this.userFolder, 'executions');
		mkdirSync(dir, { recursive: true });
		const outputFile = join(dir, `execute-${id}-${started}.log`);
		const child = spawnGroup(this.installation.node, [this.installation.bin, 'execute', `--id=${id}`, '--rawOutput'], {
			cwd: this.userFolder,
			env: this.env({ N8N_LOG_FORMAT: 'json', ...options.env }),
			logFile: outputFile,
		});
		const timeoutMs = options.timeoutMs ?? 300_000;
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			void stopGroup(child, 1000);
		}, timeoutMs);
		let exitCode: number | null;
		try {
			exitCode = await new Promise<number | null>((resolveExit, rejectExit) => {
				child.once('error', rejectExit);
				child.once('exit', (code) => resolveExit(code));
			});
		} finally {
			clearTimeout(timer);
		}
		const output = readFileSync(outputFile, 'utf8');
		const run = timedOut ? undefined : parseExecuteOutput(output);
		if (run === undefined) {
			const tail = output.trim().split('\n').slice(-20).join('\n');
			const why = timedOut ? `timed out after ${timeoutMs} ms` : `exited with ${exitCode}`;
			throw new Error(`n8n execute --id=${id} ${why} and printed no run (output: ${outputFile}):\n${tail}`);
		}
		rmSync(outputFile, { force: true });
		return { run, exitCode, durationMs: Date.now() - started };
	}

	get running(): boolean {
		return this.server !== undefined;
	}

	/** `n8n start`, then wait for /healthz/readiness and the REST API. Output goes to `logFile`. */
	async start(options: { timeoutMs?: number } = {}): Promise<void> {
		if (this.server !== undefined) return;
		if (!(await isPortFree(this.port))) throw new Error(`port ${this.port} is in use: cannot start n8n there`);
		if (!(await isPortFree(this.brokerPort))) throw new Error(`port ${this.brokerPort} (task runner broker) is in use`);
		const started = Date.now();
		const child = spawnGroup(this.installation.node, [this.installation.bin, 'start'], {
			cwd: this.userFolder,
			env: this.env(),
			logFile: this.logFile,
		});
		this.server = child;
		let exited: string | undefined;
		child.once('exit', (code, signal) => {
			exited = `n8n start exited with ${code ?? signal}`;
			if (this.server === child) this.server = undefined;
		});
		const wait = { timeoutMs: options.timeoutMs ?? 180_000, exited: () => exited };
		await waitUntilReady(this, `n8n on ${this.url} to be ready`, `${this.url}/healthz/readiness`, wait);
		// n8n 1.x answers readiness before it has registered its REST routes (404 until then).
		await waitUntilReady(this, `n8n's REST API on ${this.url}`, `${this.url}/rest/settings`, wait);
		this.log(`    n8n ready on ${this.url} after ${formatDuration(Date.now() - started)}`);
	}

	/** Stop `n8n start` and every process it started (the whole process group). */
	async stop(): Promise<void> {
		const child = this.server;
		this.server = undefined;
		if (child !== undefined) await stopGroup(child, 20_000);
	}

	/** The last lines n8n start wrote. */
	logTail(lines = 40): string {
		return fileTail(this.logFile, lines);
	}

	/** A REST session of the owner: creates the owner on a fresh instance, else logs in. */
	async ownerSession(owner: OwnerAccount = DEMO_OWNER): Promise<RestSession> {
		const session = new RestSession(this.url);
		if (await session.needsOwnerSetup()) {
			await session.setupOwner(owner);
		} else {
			await session.login(owner.email, owner.password);
		}
		return session;
	}

	/** A public API client with a new API key of `session`'s user. */
	async publicApi(session: RestSession, label?: string): Promise<PublicApi> {
		return new PublicApi(this.url, await session.createApiKey(label));
	}

	/** Stop n8n and remove the temporary user folder (kept when ANNEXCLOUD_KEEP_N8N=1). */
	async dispose(): Promise<void> {
		await this.stop();
		if (this.ownsFolder && process.env.ANNEXCLOUD_KEEP_N8N !== '1') {
			rmSync(this.userFolder, { recursive: true, force: true });
		} else if (this.ownsFolder) {
			this.log(`    kept n8n user folder ${this.userFolder}`);
		}
	}
}
