/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- dev tooling (e2e), never in the package: runs a throwaway PostgreSQL as a child process */
/**
 * A throwaway PostgreSQL for n8n queue mode: `initdb` into a temporary folder, `postgres` on
 * 127.0.0.1 and a free port (socket in the same folder), trust authentication, no fsync (the
 * data is thrown away), removed by `stop()`. Needs Debian's postgresql package
 * (scripts/ensure-system.sh installs it); its programs live in /usr/lib/postgresql/<version>/bin.
 * PostgreSQL refuses to run as root: as root, its programs run as the `postgres` user (setpriv).
 *
 * Why not sqlite: n8n warns that scaling mode is not supported with sqlite, and with a main and
 * two workers writing megabyte-sized executions at once the shared sqlite file answers
 * SQLITE_BUSY ("database is locked") and executions end in error (measured: 2 of 8).
 */
import type { ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { waitFor } from './http';
import { freePort } from './ports';
import { fileTail, readyOrStopped, run, spawnGroup, stopGroup } from './proc';
import { formatDuration, logToStderr, type LogFn } from './progress';

export interface PostgresOptions {
	/** default: a free port */
	port?: number;
	log?: LogFn;
}

export interface PostgresServer {
	readonly host: string;
	readonly port: number;
	readonly database: string;
	readonly user: string;
	/** the temporary folder (data, socket, log); removed by stop() */
	readonly dir: string;
	readonly logFile: string;
	/** n8n's settings for this database (DB_TYPE=postgresdb, DB_POSTGRESDB_*) */
	n8nEnv(): Record<string, string>;
	logTail(lines?: number): string;
	stop(): Promise<void>;
}

/** The folder of PostgreSQL's server programs (initdb, postgres, pg_isready), or undefined. */
export function findPostgresBin(): string | undefined {
	for (const dir of (process.env.PATH ?? '').split(':')) {
		// initdb on PATH may be a link into the version's bin folder, which has the other programs
		if (dir !== '' && existsSync(join(dir, 'initdb'))) return dirname(realpathSync(join(dir, 'initdb')));
	}
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return undefined;
	const versions = readdirSync(root)
		.filter((version) => existsSync(join(root, version, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return versions[0] === undefined ? undefined : join(root, versions[0], 'bin');
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
	const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
	const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
	return { uid, gid };
}

/** initdb, start postgres, create the database; resolves once it accepts connections. */
export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresServer> {
	const log = options.log ?? logToStderr;
	const bin = findPostgresBin();
	if (bin === undefined) {
		throw new Error('PostgreSQL not found: n8n queue mode needs it (apt-get install postgresql, or bash scripts/ensure-system.sh)');
	}
	const started = Date.now();
	const host = '127.0.0.1';
	const port = options.port ?? (await freePort());
	const user = 'n8n';
	const database = 'n8n';
	const dir = mkdtempSync(join(tmpdir(), 'annexcloud-pg-'));
	const dataDir = join(dir, 'data');
	const logFile = join(dir, 'postgres.log');
	mkdirSync(dataDir, { mode: 0o700 });
	// As root, every program runs as the postgres user, which must own the folder.
	let asUser: string[] = [];
	if (process.getuid?.() === 0) {
		const { uid, gid } = await postgresUser();
		for (const path of [dir, dataDir]) chownSync(path, uid, gid);
		asUser = ['setpriv', '--reuid=postgres', '--regid=postgres', '--init-groups', '--'];
	}
	const command = (program: string, args: string[]): [string, string[]] => {
		const full = [...asUser, join(bin, program), ...args];
		return [full[0] ?? program, full.slice(1)];
	};
	const env = { ...process.env, LC_ALL: 'C', PGTZ: 'UTC' };
	await run(
		...command('initdb', ['-D', dataDir, '-U', user, '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync', '--no-instructions']),
		{ cwd: dir, env, timeoutMs: 120_000 },
	);
	const child: ChildProcess = spawnGroup(
		...command('postgres', [
			'-D', dataDir,
			'-p', String(port),
			'-k', dir,
			'-c', `listen_addresses=${host}`,
			// throwaway data: no durability work
			'-c', 'fsync=off',
			'-c', 'synchronous_commit=off',
			'-c', 'full_page_writes=off',
			'-c', 'max_connections=200',
		]),
		{ cwd: dir, env, logFile },
	);
	let exited: string | undefined;
	child.once('exit', (code, signal) => {
		exited = `postgres exited with ${code ?? signal}`;
	});
	const logTail = (lines = 20): string => fileTail(logFile, lines);
	const stop = async (): Promise<void> => {
		await stopGroup(child, 10_000);
		rmSync(dir, { recursive: true, force: true });
	};
	await readyOrStopped(
		'postgres',
		async () => {
			await waitFor(
				`postgres on ${host}:${port}`,
				async () => {
					const ready = await run(join(bin, 'pg_isready'), ['-h', host, '-p', String(port), '-U', user, '-d', 'postgres'], {
						env,
						allowFailure: true,
						timeoutMs: 5000,
					});
					return ready.code === 0 ? true : undefined;
				},
				{ timeoutMs: 60_000, intervalMs: 200, abort: () => exited },
			);
			await run(join(bin, 'createdb'), ['-h', host, '-p', String(port), '-U', user, database], { env, timeoutMs: 30_000 });
		},
		{ stop, logTail },
	);
	log(`    postgres ready on ${host}:${port} after ${formatDuration(Date.now() - started)}`);
	return {
		host,
		port,
		database,
		user,
		dir,
		logFile,
		n8nEnv: () => ({
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: host,
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: database,
			DB_POSTGRESDB_USER: user,
			DB_POSTGRESDB_PASSWORD: '',
		}),
		logTail,
		stop,
	};
}
