/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev tooling (e2e), never in the package: runs n8n main and worker processes and reads their logs */
/**
 * n8n in queue mode ("scaling mode"), all on loopback: a private Redis, one main (`n8n start`:
 * editor, API, webhooks, triggers and pollers; it enqueues every production execution) and
 * `n8n worker` processes that run the executions. As on separate hosts, each worker has its own
 * user folder (settings, community packages, event log, crash journal) with this package
 * installed in it, and shares the database (PostgreSQL) and encryption key; each process has its own
 * ports (task runner broker, worker health server).
 *
 * The environment, and why (checked against n8n 2.41.1's @n8n/config and dist/commands):
 * - EXECUTIONS_MODE=queue: main enqueues production executions in Bull (Redis); workers run them.
 * - QUEUE_BULL_REDIS_HOST / QUEUE_BULL_REDIS_PORT: the private Redis (also n8n's pub/sub and cache).
 * - OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS=true: manual runs go to the workers too (n8n 2.41 warns
 *   without it; n8n 3 makes it the only behaviour).
 * - N8N_ENCRYPTION_KEY: the same for every process, or workers cannot decrypt credentials.
 * - N8N_RUNNERS_BROKER_PORT: per process; every main and worker starts a task runner broker
 *   (the Code node runs there), so two processes on one host must not share the port.
 * - QUEUE_HEALTH_CHECK_ACTIVE=true, QUEUE_HEALTH_CHECK_PORT, N8N_WORKER_SERVER_ADDRESS=127.0.0.1:
 *   each worker's /healthz/readiness (database, Redis, ready), on its own loopback port.
 * - DB_TYPE=postgresdb, DB_POSTGRESDB_HOST/PORT/DATABASE/USER/PASSWORD: one PostgreSQL for all
 *   (a throwaway one, postgres.ts). With sqlite (`database: 'sqlite'`: every process opens the
 *   main's database file, DB_SQLITE_DATABASE) n8n warns that scaling mode is not supported, and
 *   under load it fails: two workers saving megabyte-sized executions at once get SQLITE_BUSY
 *   ("database is locked") and those executions end in error (measured: 2 of 8 in one run).
 * - N8N_USER_FOLDER per worker, as on separate hosts: settings, community packages, event log
 *   and crash journal are per folder. Two workers on one folder would share
 *   `.n8n/n8nEventLog-worker.log` and `.n8n/crash.journal` (a process that finds the journal
 *   sleeps 10 s at start: "Last session crashed").
 * - N8N_LOG_FORMAT=json for workers: their "Worker started execution <id>" lines carry the
 *   execution and workflow ids, read back by `startedExecutions()`.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { waitUntilReady } from './http';
import { N8nInstance, type N8nInstanceOptions } from './instance';
import { installTarball } from './pack';
import { freePort, isPortFree } from './ports';
import { fileTail, spawnGroup, stopGroup } from './proc';
import { formatDuration, logToStderr, type LogFn } from './progress';
import type { N8nInstallation } from './provision';
import { startPostgres, type PostgresServer } from './postgres';
import { startRedis, type RedisServer } from './redis';

/** Environment of every process of a queue-mode cluster using `redis`. */
export function queueModeEnv(redis: { host: string; port: number }): Record<string, string> {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
	};
}

/** The sqlite database file of an n8n user folder (n8n's default DB_SQLITE_DATABASE). */
export function sqliteDatabaseFile(userFolder: string): string {
	return join(userFolder, '.n8n', 'database.sqlite');
}

/** One JSON log line of a worker (N8N_LOG_FORMAT=json). */
interface WorkerLogLine {
	message?: string;
	metadata?: { executionId?: unknown; workflowId?: unknown };
}

export interface WorkerExecution {
	executionId: string;
	workflowId?: string;
}

/** An `n8n worker` process: its own user folder, the main's database, key and Redis. */
export class N8nWorker {
	/** where `n8n worker` writes its output (JSON lines) */
	readonly logFile: string;

	private child: ChildProcess | undefined;

	constructor(
		private readonly main: N8nInstance,
		readonly name: string,
		readonly userFolder: string,
		readonly brokerPort: number,
		readonly healthPort: number,
		readonly concurrency: number,
		private readonly log: LogFn,
	) {
		mkdirSync(userFolder, { recursive: true });
		this.logFile = join(userFolder, 'n8n-worker.log');
	}

	get running(): boolean {
		return this.child !== undefined;
	}

	/** The environment of this worker: the main's, with its own folder, ports and log format. */
	env(): NodeJS.ProcessEnv {
		const database: Record<string, string> =
			this.main.env().DB_TYPE === 'sqlite' ? { DB_SQLITE_DATABASE: sqliteDatabaseFile(this.main.userFolder) } : {};
		return this.main.env({
			N8N_USER_FOLDER: this.userFolder,
			...database,
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(this.healthPort),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			N8N_LOG_FORMAT: 'json',
		});
	}

	/** `n8n worker --concurrency=N`, then wait for its /healthz/readiness. */
	async start(options: { timeoutMs?: number } = {}): Promise<void> {
		if (this.child !== undefined) return;
		for (const port of [this.brokerPort, this.healthPort]) {
			if (!(await isPortFree(port))) throw new Error(`port ${port} is in use: cannot start ${this.name} there`);
		}
		const started = Date.now();
		const child = spawnGroup(
			this.main.installation.node,
			[this.main.installation.bin, 'worker', `--concurrency=${this.concurrency}`],
			{ cwd: this.userFolder, env: this.env(), logFile: this.logFile },
		);
		this.child = child;
		let exited: string | undefined;
		child.once('exit', (code, signal) => {
			exited = `${this.name} exited with ${code ?? signal}`;
			if (this.child === child) this.child = undefined;
		});
		await waitUntilReady(this, `${this.name} to be ready`, `http://127.0.0.1:${this.healthPort}/healthz/readiness`, {
			timeoutMs: options.timeoutMs ?? 180_000,
			exited: () => exited,
		});
		this.log(`    ${this.name} ready (health port ${this.healthPort}) after ${formatDuration(Date.now() - started)}`);
	}

	/** Stop the worker (it finishes running executions within N8N_GRACEFUL_SHUTDOWN_TIMEOUT). */
	async stop(): Promise<void> {
		const child = this.child;
		this.child = undefined;
		if (child !== undefined) await stopGroup(child, 20_000);
	}

	private logLines(): WorkerLogLine[] {
		if (!existsSync(this.logFile)) return [];
		const lines: WorkerLogLine[] = [];
		for (const line of readFileSync(this.logFile, 'utf8').split('\n')) {
			if (!line.startsWith('{')) continue;
			try {
				lines.push(JSON.parse(line) as WorkerLogLine);
			} catch {
				// a line cut short by a crash, or not a log line
			}
		}
		return lines;
	}

	private executionsLogged(pattern: RegExp): WorkerExecution[] {
		const found: WorkerExecution[] = [];
		for (const line of this.logLines()) {
			const match = pattern.exec(line.message ?? '');
			if (match === null) continue;
			const workflowId = line.metadata?.workflowId;
			found.push({ executionId: match[1] ?? '', workflowId: typeof workflowId === 'string' ? workflowId : undefined });
		}
		return found;
	}

	/** Executions this worker took from the queue ("Worker started execution <id> (job <n>)"). */
	startedExecutions(): WorkerExecution[] {
		return this.executionsLogged(/^Worker started execution (\S+) \(job /);
	}

	/** Executions this worker ran to the end ("Worker finished execution <id> (job <n>)"). */
	finishedExecutions(): WorkerExecution[] {
		return this.executionsLogged(/^Worker finished execution (\S+) \(job /);
	}

	/** The last lines the worker wrote. */
	logTail(lines = 40): string {
		return fileTail(this.logFile, lines);
	}
}

export interface QueueClusterOptions {
	installation: N8nInstallation;
	/** number of `n8n worker` processes (default 2) */
	workers?: number;
	/** jobs each worker runs at once (`--concurrency`, default 5: n8n warns below 5) */
	concurrency?: number;
	/**
	 * 'postgres' (default): a throwaway PostgreSQL for all processes; 'sqlite': the main's sqlite
	 * file, shared (n8n does not support it in queue mode; it fails under concurrent load)
	 */
	database?: 'postgres' | 'sqlite';
	/** the main's user folder; default: a new temporary folder, removed by dispose() */
	userFolder?: string;
	encryptionKey?: string;
	/** more environment for every process (wins over the defaults) */
	env?: Record<string, string>;
	log?: LogFn;
}

/**
 * Redis, one main and its workers. `main` is an N8nInstance (CLI commands, REST, public API);
 * worker folders live under the main's folder (`workers/<name>`), so dispose() removes them too.
 */
export class N8nQueueCluster {
	private constructor(
		readonly redis: RedisServer,
		readonly postgres: PostgresServer | undefined,
		readonly main: N8nInstance,
		readonly workers: readonly N8nWorker[],
		private readonly log: LogFn,
	) {}

	/** Start Redis (and PostgreSQL) and prepare the folders and ports; no n8n process runs yet. */
	static async create(options: QueueClusterOptions): Promise<N8nQueueCluster> {
		const log = options.log ?? logToStderr;
		let redis: RedisServer | undefined;
		let postgres: PostgresServer | undefined;
		let cluster: N8nQueueCluster | undefined;
		let failure: unknown;
		try {
			redis = await startRedis({ log });
			if ((options.database ?? 'postgres') === 'postgres') postgres = await startPostgres({ log });
			cluster = await N8nQueueCluster.prepare(redis, postgres, options, log);
		} catch (error) {
			failure = error;
		}
		if (cluster === undefined) {
			await postgres?.stop();
			await redis?.stop();
			throw failure instanceof Error ? failure : new Error(String(failure));
		}
		return cluster;
	}

	private static async prepare(
		redis: RedisServer,
		postgres: PostgresServer | undefined,
		options: QueueClusterOptions,
		log: LogFn,
	): Promise<N8nQueueCluster> {
		const mainOptions: N8nInstanceOptions = {
			installation: options.installation,
			userFolder: options.userFolder,
			encryptionKey: options.encryptionKey,
			env: { ...queueModeEnv(redis), ...postgres?.n8nEnv(), ...options.env },
			log,
		};
		const main = await N8nInstance.create(mainOptions);
		const taken = new Set<number>([main.port, main.brokerPort, redis.port, ...(postgres ? [postgres.port] : [])]);
		const uniquePort = async (): Promise<number> => {
			let port = await freePort();
			while (taken.has(port)) port = await freePort();
			taken.add(port);
			return port;
		};
		const workers: N8nWorker[] = [];
		const count = options.workers ?? 2;
		for (let index = 1; index <= count; index++) {
			const name = `worker${index}`;
			workers.push(
				new N8nWorker(
					main,
					name,
					join(main.userFolder, 'workers', name),
					await uniquePort(),
					await uniquePort(),
					options.concurrency ?? 5,
					log,
				),
			);
		}
		return new N8nQueueCluster(redis, postgres, main, workers, log);
	}

	/** Install a packed community package into every process's user folder (as on every host). */
	async installTarball(tarball: string): Promise<void> {
		for (const folder of [this.main.userFolder, ...this.workers.map((worker) => worker.userFolder)]) {
			await installTarball(tarball, folder, { log: () => undefined });
		}
	}

	/**
	 * Start the main and the workers. The main's first start migrates a fresh database, so the
	 * workers wait for it unless `parallel` is set (only once the database exists: after any
	 * CLI command such as an import).
	 */
	async start(options: { parallel?: boolean } = {}): Promise<void> {
		const started = Date.now();
		if (options.parallel === true) {
			await Promise.all([this.main.start(), this.startWorkers()]);
		} else {
			await this.main.start();
			await this.startWorkers();
		}
		this.log(`    queue mode ready: main + ${this.workers.length} workers after ${formatDuration(Date.now() - started)}`);
	}

	/** Start every worker, side by side. */
	async startWorkers(): Promise<void> {
		await Promise.all(this.workers.map(async (worker) => await worker.start()));
	}

	async stopWorkers(): Promise<void> {
		await Promise.all(this.workers.map(async (worker) => await worker.stop()));
	}

	/** Execution ids each worker took from the queue, by worker name. */
	executionsByWorker(): Map<string, WorkerExecution[]> {
		return new Map(this.workers.map((worker) => [worker.name, worker.startedExecutions()]));
	}

	/** Stop everything (workers, main, PostgreSQL, Redis) and remove their temporary folders. */
	async dispose(): Promise<void> {
		await this.stopWorkers();
		await this.main.dispose();
		await this.postgres?.stop();
		await this.redis.stop();
	}
}
