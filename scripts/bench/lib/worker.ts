/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- dev-only benchmark tooling, never in the package: runs a scenario in a child process with its own env and temp folder */
/**
 * Run one harness scenario (see ../harness.ts) in a fresh Node.js process: its memory numbers
 * then describe that scenario alone, not whatever an earlier benchmark left in the heap.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { REPO_ROOT, run } from '../../n8n';

const RESULT_MARKER = 'BENCH_RESULT ';

export async function runWorker<T>(scenario: string, args: unknown, options: { timeoutMs?: number } = {}): Promise<T> {
	const userFolder = mkdtempSync(join(tmpdir(), 'annexcloud-bench-'));
	try {
		const result = await run(
			process.execPath,
			['--expose-gc', join(REPO_ROOT, 'scripts', 'run-ts.js'), join(__dirname, '..', 'harness.ts'), scenario, JSON.stringify(args)],
			{
				cwd: REPO_ROOT,
				env: {
					...process.env,
					// n8n-core writes its instance settings under N8N_USER_FOLDER: keep ~/.n8n clean.
					N8N_USER_FOLDER: userFolder,
					N8N_LOG_LEVEL: 'silent',
					N8N_DIAGNOSTICS_ENABLED: 'false',
				},
				timeoutMs: options.timeoutMs ?? 10 * 60_000,
				allowFailure: true,
			},
		);
		const line = result.stdout.split('\n').find((candidate) => candidate.startsWith(RESULT_MARKER));
		if (result.code !== 0 || line === undefined) {
			throw new Error(`benchmark worker "${scenario}" failed (exit ${result.code}):\n${`${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-25).join('\n')}`);
		}
		return JSON.parse(line.slice(RESULT_MARKER.length)) as T;
	} finally {
		rmSync(userFolder, { recursive: true, force: true });
	}
}

/** Child side: print the result where runWorker finds it. */
export function reportResult(value: unknown): void {
	process.stdout.write(`${RESULT_MARKER}${JSON.stringify(value)}\n`);
}
