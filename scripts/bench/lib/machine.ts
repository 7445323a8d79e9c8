/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- dev-only benchmark tooling, never in the package: reads /proc, os and package files */
/** The machine a benchmark ran on, as BENCHMARKS.md describes it. */
import { existsSync, readFileSync } from 'node:fs';
import { cpus, release, totalmem, type } from 'node:os';
import { join } from 'node:path';

import { REPO_ROOT } from '../../n8n';
import { fixed } from './stats';

export interface MachineInfo {
	cpu: string;
	cores: number;
	ram: string;
	os: string;
	node: string;
	libraries: string;
}

function cpuModel(): string {
	try {
		const info = readFileSync('/proc/cpuinfo', 'utf8');
		const match = /^model name\s*:\s*(.+)$/m.exec(info);
		if (match?.[1]) return `${match[1].trim()} (model name in /proc/cpuinfo)`;
	} catch {
		// not Linux: fall back to os.cpus()
	}
	return cpus()[0]?.model ?? 'unknown';
}

function packageVersion(name: string): string {
	const file = join(REPO_ROOT, 'node_modules', name, 'package.json');
	if (!existsSync(file)) return 'not installed';
	return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? 'unknown';
}

export function machineInfo(): MachineInfo {
	return {
		cpu: cpuModel(),
		cores: cpus().length,
		ram: `${fixed(totalmem() / 2 ** 30, 1)} GiB`,
		os: `${type()} ${release()}`,
		node: process.version,
		libraries: `n8n-workflow ${packageVersion('n8n-workflow')}, n8n-core ${packageVersion('n8n-core')}, jsonwebtoken ${packageVersion('jsonwebtoken')}`,
	};
}
