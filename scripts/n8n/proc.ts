/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- dev tooling (demo, e2e), never in the package: starts npm and n8n as child processes; env, signals, timers */
/**
 * Child processes: spawn in their own process group, collect output, time out, and make sure no
 * process group outlives this process (n8n starts task runners of its own).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';

/** Process groups started here and not known to be gone yet. */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

const EXIT_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function installExitHook(): void {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	// Last resort (crash, process.exit): kill what is left, synchronously.
	process.on('exit', () => {
		for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
	});
	// Children run in their own process groups, so Ctrl+C does not reach them. Unless the
	// program handles the signal itself (the demo, once it is up), exit: the hook above runs.
	for (const signal of EXIT_SIGNALS) {
		const onSignal = (): void => {
			if (process.listenerCount(signal) > 1) return;
			process.stderr.write(`\n${signal}: stopping child processes\n`);
			process.exit(130);
		};
		process.on(signal, onSignal);
	}
}

/** Send `signal` to the process group `pid` (spawned detached); false when it is gone. */
export function killGroup(pid: number, signal: NodeJS.Signals): boolean {
	try {
		process.kill(-pid, signal);
		return true;
	} catch {
		return false;
	}
}

/** Whether any process of group `pid` is still alive. */
export function groupAlive(pid: number): boolean {
	try {
		process.kill(-pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** Start a child in its own process group; it is killed when this process exits. */
export function spawnGroup(
	command: string,
	args: readonly string[],
	options: { cwd?: string; env?: NodeJS.ProcessEnv; logFile?: string } = {},
): ChildProcess {
	installExitHook();
	let fd: number | undefined;
	if (options.logFile !== undefined) fd = openSync(options.logFile, 'a');
	const child = spawn(command, [...args], {
		cwd: options.cwd,
		env: options.env,
		detached: true,
		stdio: fd === undefined ? ['ignore', 'pipe', 'pipe'] : ['ignore', fd, fd],
	});
	if (fd !== undefined) closeSync(fd);
	const pid = child.pid;
	if (pid !== undefined) {
		liveGroups.add(pid);
		child.once('exit', () => {
			// The leader is gone; helpers it started may not be: end the group.
			killGroup(pid, 'SIGKILL');
			liveGroups.delete(pid);
		});
	}
	return child;
}

/** Stop a group: SIGTERM, then SIGKILL after `graceMs`. Resolves when the leader has exited. */
export async function stopGroup(child: ChildProcess, graceMs = 15_000): Promise<void> {
	const pid = child.pid;
	if (pid === undefined) return;
	const exited = new Promise<void>((resolveExit) => {
		if (child.exitCode !== null || child.signalCode !== null) resolveExit();
		else child.once('exit', () => resolveExit());
	});
	killGroup(pid, 'SIGTERM');
	const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
	try {
		await exited;
	} finally {
		clearTimeout(timer);
	}
	killGroup(pid, 'SIGKILL');
	liveGroups.delete(pid);
}

/** The last `lines` lines of a log file, or "(no log)" when it does not exist (yet). */
export function fileTail(file: string, lines: number): string {
	if (!existsSync(file)) return '(no log)';
	return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * Wait for a service this process started (`ready` resolves once it answers); when it never
 * does, stop it and throw with the end of its log, so that a failed start leaves nothing running.
 */
export async function readyOrStopped(
	name: string,
	ready: () => Promise<unknown>,
	service: { stop(): Promise<void>; logTail(): string },
): Promise<void> {
	let failure: unknown;
	try {
		await ready();
	} catch (error) {
		failure = error;
	}
	if (failure === undefined) return;
	const tail = service.logTail();
	await service.stop();
	throw new Error(`${failure instanceof Error ? failure.message : String(failure)}\n--- ${name} log:\n${tail}`);
}

export interface RunResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
}

export class CommandError extends Error {
	constructor(
		message: string,
		readonly result: RunResult,
	) {
		super(message);
		this.name = 'CommandError';
	}
}

export interface RunOptions {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	/** kill the group after this long (default: none) */
	timeoutMs?: number;
	/** resolve even on a non-zero exit code (default: reject with CommandError) */
	allowFailure?: boolean;
}

function tail(text: string, lines = 30): string {
	return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** Run a command to completion and collect its output. */
export async function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
	const child = spawnGroup(command, args, { cwd: options.cwd, env: options.env });
	const out: Buffer[] = [];
	const err: Buffer[] = [];
	child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
	child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
	let timedOut = false;
	const timer =
		options.timeoutMs === undefined
			? undefined
			: setTimeout(() => {
					timedOut = true;
					if (child.pid !== undefined) killGroup(child.pid, 'SIGKILL');
				}, options.timeoutMs);
	const result = await new Promise<RunResult>((resolveRun, rejectRun) => {
		child.once('error', rejectRun);
		child.once('close', (code, signal) => {
			resolveRun({
				code,
				signal,
				stdout: Buffer.concat(out).toString('utf8'),
				stderr: Buffer.concat(err).toString('utf8'),
			});
		});
	});
	if (timer !== undefined) clearTimeout(timer);
	const shown = `${command} ${args.join(' ')}`;
	if (timedOut) {
		throw new CommandError(`${shown} timed out after ${options.timeoutMs} ms\n${tail(result.stderr || result.stdout)}`, result);
	}
	if (result.code !== 0 && options.allowFailure !== true) {
		throw new CommandError(
			`${shown} exited with ${result.code ?? result.signal}\n${tail(`${result.stdout}\n${result.stderr}`)}`,
			result,
		);
	}
	return result;
}

/** npm settings that must not leak from `npm run` into the npm commands we start. */
const NPM_ENV_KEEP = /^npm_config_(registry|cache|userconfig|globalconfig|nodedir|https?_proxy|proxy|noproxy|no_proxy|cafile|strict_ssl|@.*:registry)$/i;

/**
 * The environment for npm subprocesses: `npm run` exports every non-default npm setting of the
 * repository (this repo's .npmrc has ignore-scripts=true, which would stop `npm rebuild`).
 */
export function npmEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (/^npm_/i.test(key) && !NPM_ENV_KEEP.test(key)) continue;
		env[key] = value;
	}
	return { ...env, ...extra };
}
