/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- dev-only benchmark tooling, never in the package: starts a child process and talks HTTP to it */
/** Start the sandbox in a child process (see sandboxChild.ts) and talk to its control API. */
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import type { SandboxCredentials, SandboxOptions } from '../../../sandbox';
import { REPO_ROOT, spawnGroup, stopGroup } from '../../n8n';

export interface SandboxProcessOptions
	extends Pick<SandboxOptions, 'campaigns' | 'members' | 'groups' | 'pageSize' | 'seed' | 'logLimit'> {
	/** make exactly this many campaigns active (a seeded random choice), the others inactive */
	activeCount?: number;
}

export interface SandboxProcess {
	baseUrl: string;
	controlUrl: string;
	credentials: SandboxCredentials;
	/** GET/POST/DELETE on the control API; returns the parsed JSON */
	control<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
	/** number of API requests the sandbox logged (the log must be large enough: logLimit) */
	requestCount(): Promise<number>;
	clearLog(): Promise<void>;
	stop(): Promise<void>;
}

export async function startSandboxProcess(options: SandboxProcessOptions): Promise<SandboxProcess> {
	const child: ChildProcess = spawnGroup(
		process.execPath,
		[join(REPO_ROOT, 'scripts', 'run-ts.js'), join(__dirname, 'sandboxChild.ts'), JSON.stringify(options)],
		{ cwd: REPO_ROOT, env: process.env },
	);
	let stderr = '';
	child.stderr?.on('data', (chunk: Buffer) => {
		stderr += chunk.toString('utf8');
	});
	const ready = await new Promise<{ baseUrl: string; controlUrl: string; credentials: SandboxCredentials }>(
		(resolveReady, rejectReady) => {
			let buffer = '';
			const onData = (chunk: Buffer): void => {
				buffer += chunk.toString('utf8');
				const line = buffer.split('\n').find((candidate) => candidate.startsWith('SANDBOX_READY '));
				if (line === undefined) return;
				child.stdout?.off('data', onData);
				resolveReady(JSON.parse(line.slice('SANDBOX_READY '.length)) as never);
			};
			child.stdout?.on('data', onData);
			child.once('exit', (code) => rejectReady(new Error(`the sandbox process exited with ${code}: ${stderr.trim()}`)));
		},
	);
	// Keep draining its output so that it never blocks on a full pipe.
	child.stdout?.resume();

	const control = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
		const response = await fetch(`${ready.controlUrl}${path}`, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`sandbox control ${method} ${path}: HTTP ${response.status} ${text.slice(0, 200)}`);
		return (text === '' ? undefined : JSON.parse(text)) as T;
	};

	return {
		...ready,
		control,
		requestCount: async () => (await control<{ requests: number }>('GET', '/state')).requests,
		clearLog: async () => {
			await control('DELETE', '/requests');
		},
		stop: async () => await stopGroup(child, 5_000),
	};
}
