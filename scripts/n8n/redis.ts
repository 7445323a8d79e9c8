/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- dev tooling (e2e), never in the package: runs redis-server as a child process, talks to it over a socket, timers */
/**
 * A throwaway Redis for n8n queue mode: `redis-server` on 127.0.0.1 and a free port, in a
 * temporary folder, with no persistence (no RDB snapshots, no append-only file), so nothing
 * survives `stop()`. Needs Debian's redis-server (scripts/ensure-system.sh installs it).
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { waitFor } from './http';
import { freePort } from './ports';
import { fileTail, readyOrStopped, spawnGroup, stopGroup } from './proc';
import { formatDuration, logToStderr, type LogFn } from './progress';

export interface RedisOptions {
	/** default: a free port */
	port?: number;
	/** default: `redis-server` from PATH */
	binary?: string;
	log?: LogFn;
}

export interface RedisServer {
	readonly host: string;
	readonly port: number;
	/** the temporary folder (working dir and log); removed by stop() */
	readonly dir: string;
	readonly logFile: string;
	/** one command, e.g. ['PING'] or ['DBSIZE']; resolves with the raw RESP reply */
	command(args: readonly string[], timeoutMs?: number): Promise<string>;
	/** the last lines redis-server wrote */
	logTail(lines?: number): string;
	stop(): Promise<void>;
}

/** Where redis-server is, or undefined. */
export function findRedisServer(): string | undefined {
	for (const dir of (process.env.PATH ?? '').split(':')) {
		if (dir === '') continue;
		const candidate = join(dir, 'redis-server');
		if (existsSync(candidate)) return candidate;
	}
	for (const candidate of ['/usr/bin/redis-server', '/usr/local/bin/redis-server']) {
		if (existsSync(candidate)) return candidate;
	}
	return undefined;
}

/** Encode a command as RESP (array of bulk strings). */
function encodeCommand(args: readonly string[]): string {
	return `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`;
}

/** Send one command on a fresh connection; resolves with the first reply line(s) as text. */
export async function redisCommand(host: string, port: number, args: readonly string[], timeoutMs = 2000): Promise<string> {
	return await new Promise((resolveReply, rejectReply) => {
		const socket = createConnection({ host, port });
		const chunks: Buffer[] = [];
		const fail = (error: Error): void => {
			socket.destroy();
			rejectReply(error);
		};
		socket.setTimeout(timeoutMs, () => fail(new Error(`redis ${host}:${port} did not answer ${args[0] ?? ''} in ${timeoutMs} ms`)));
		socket.once('error', fail);
		socket.once('connect', () => socket.write(encodeCommand(args)));
		socket.on('data', (chunk: Buffer) => {
			chunks.push(chunk);
			const text = Buffer.concat(chunks).toString('utf8');
			// Simple replies (+OK, -ERR, :1) end at the first CRLF; enough for PING / DBSIZE / INFO's first line.
			if (text.includes('\r\n')) {
				socket.end();
				resolveReply(text);
			}
		});
	});
}

/** Start redis-server on loopback; resolves once it answers PING. */
export async function startRedis(options: RedisOptions = {}): Promise<RedisServer> {
	const log = options.log ?? logToStderr;
	const binary = options.binary ?? findRedisServer();
	if (binary === undefined) {
		throw new Error('redis-server not found: n8n queue mode needs Redis (apt-get install redis-server, or bash scripts/ensure-system.sh)');
	}
	const host = '127.0.0.1';
	const port = options.port ?? (await freePort());
	const dir = mkdtempSync(join(tmpdir(), 'annexcloud-redis-'));
	const logFile = join(dir, 'redis.log');
	const started = Date.now();
	const child: ChildProcess = spawnGroup(
		binary,
		[
			'--bind', host,
			'--port', String(port),
			'--protected-mode', 'yes',
			'--dir', dir,
			// no persistence: no snapshots, no append-only file
			'--save', '',
			'--appendonly', 'no',
			'--daemonize', 'no',
			'--logfile', '',
			'--databases', '1',
		],
		{ cwd: dir, logFile },
	);
	let exited: string | undefined;
	child.once('exit', (code, signal) => {
		exited = `redis-server exited with ${code ?? signal}`;
	});
	const logTail = (lines = 20): string => fileTail(logFile, lines);
	const stop = async (): Promise<void> => {
		await stopGroup(child, 5000);
		rmSync(dir, { recursive: true, force: true });
	};
	await readyOrStopped(
		'redis',
		async () =>
			await waitFor(
				`redis-server on ${host}:${port}`,
				async () => ((await redisCommand(host, port, ['PING'], 1000)).startsWith('+PONG') ? true : undefined),
				{ timeoutMs: 20_000, intervalMs: 100, abort: () => exited },
			),
		{ stop, logTail },
	);
	log(`    redis ready on ${host}:${port} after ${formatDuration(Date.now() - started)}`);
	return {
		host,
		port,
		dir,
		logFile,
		command: async (args, timeoutMs) => await redisCommand(host, port, args, timeoutMs),
		logTail,
		stop,
	};
}
