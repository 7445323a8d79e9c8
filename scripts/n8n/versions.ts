/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- dev tooling (demo, e2e, compat matrix), never in the package: env, files, PATH, child processes */
/**
 * Which n8n, on which Node.js: the compatibility matrix, the version a run asks for
 * (ANNEXCLOUD_N8N_VERSION, `--n8n-version`), and what an installed release needs to run here,
 * found by looking at the install (which CLI commands it has, whether its expression engine's
 * native module loads) rather than by version numbers where the install can tell.
 */
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

import { N8N_VERSION } from './paths';
import { run, npmEnv } from './proc';

/**
 * Every release `npm run test:compat` runs, oldest first: the oldest release the package is
 * proven on (1.100.1; older 1.x lines were not tried), the maintained 1.x line (LTS, 1.123.x), both
 * on the machine's Node 20, the first 2.x that installs here, and the release everything targets.
 */
export const COMPAT_MATRIX: readonly string[] = ['1.100.1', '1.123.81', '2.0.3', N8N_VERSION];

/** The releases CI (`npm test`) runs: the oldest supported and the newest. */
export const CI_MATRIX: readonly string[] = [COMPAT_MATRIX[0] ?? N8N_VERSION, N8N_VERSION];

/** The environment variable that picks the n8n release of an e2e run, the demo or provisioning. */
export const N8N_VERSION_ENV = 'ANNEXCLOUD_N8N_VERSION';

/** The node binary to run an n8n 1.x with (default: the machine's Node 20/22 on PATH). */
export const N8N_NODE_ENV = 'ANNEXCLOUD_N8N_NODE';

/** The n8n release asked for: ANNEXCLOUD_N8N_VERSION, else N8N_VERSION. */
export function requestedN8nVersion(): string {
	const fromEnv = process.env[N8N_VERSION_ENV]?.trim();
	return fromEnv !== undefined && fromEnv !== '' ? fromEnv : N8N_VERSION;
}

const EXACT_VERSION = /^\d+\.\d+\.\d+$/;

/** Whether `spec` names one release (1.123.81) rather than a range (1.123.x, 1.123, ^2). */
export function isExactVersion(spec: string): boolean {
	return EXACT_VERSION.test(spec);
}

function compareVersions(a: string, b: string): number {
	const pa = a.split('.').map(Number);
	const pb = b.split('.').map(Number);
	for (let i = 0; i < 3; i++) {
		const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
		if (diff !== 0) return diff;
	}
	return 0;
}

/** The newest exact release among `versions` (what `npm view n8n@<range> version --json` lists). */
export function newestVersion(versions: readonly string[]): string | undefined {
	return [...versions].filter(isExactVersion).sort(compareVersions).pop();
}

/** An exact release for `spec`: itself, or the newest release the registry has in that range. */
export async function resolveN8nVersion(spec: string): Promise<string> {
	if (isExactVersion(spec)) return spec;
	const result = await run('npm', ['view', `n8n@${spec}`, 'version', '--json'], { env: npmEnv(), timeoutMs: 120_000 });
	const parsed = JSON.parse(result.stdout.trim() || '[]') as unknown;
	const versions = (Array.isArray(parsed) ? parsed : [parsed]).filter((entry): entry is string => typeof entry === 'string');
	const newest = newestVersion(versions);
	if (newest === undefined) throw new Error(`the npm registry has no n8n release in ${spec}`);
	return newest;
}

export function majorOf(version: string): number {
	return Number(version.split('.')[0]);
}

/** The Node.js majors a release runs on here: n8n 1.x the machine's Node 20/22, 2.x Node 24. */
export function nodeMajorsFor(version: string): readonly number[] {
	return majorOf(version) < 2 ? [20, 22] : [24];
}

/** What `binary --version` prints (v20.20.2), or undefined when it does not run. */
export async function nodeVersionOf(binary: string): Promise<string | undefined> {
	const result = await run(binary, ['--version'], { allowFailure: true, timeoutMs: 30_000 });
	return result.code === 0 ? result.stdout.trim() : undefined;
}

async function nodeMajorOf(binary: string): Promise<number | undefined> {
	const version = await nodeVersionOf(binary);
	return version === undefined ? undefined : Number(version.replace(/^v/, '').split('.')[0]);
}

/** `node` binaries on PATH, this process's first, each once. */
function nodeCandidates(): string[] {
	const candidates = [process.execPath];
	for (const dir of (process.env.PATH ?? '').split(delimiter)) {
		if (dir !== '') candidates.push(join(dir, 'node'));
	}
	candidates.push('/usr/bin/node', '/usr/local/bin/node');
	return [...new Set(candidates)].filter((candidate) => existsSync(candidate));
}

/**
 * The node binary to run `version` with: ANNEXCLOUD_N8N_NODE when set, else the first node on
 * PATH (this process's first) whose major is one the release runs on here.
 */
export async function nodeFor(version: string): Promise<string> {
	const wanted = nodeMajorsFor(version);
	const fromEnv = process.env[N8N_NODE_ENV]?.trim();
	if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
	for (const candidate of nodeCandidates()) {
		const major = await nodeMajorOf(candidate);
		if (major !== undefined && wanted.includes(major)) return candidate;
	}
	throw new Error(
		`n8n ${version} runs here on Node.js ${wanted.join(' or ')}, and no such node is on PATH ` +
			`(set ${N8N_NODE_ENV}=/path/to/node).`,
	);
}

/** Node's own folder (with include/node) when `binary` has its headers next to it. */
export function nodeHeadersDir(binary: string): string | undefined {
	const dir = dirname(dirname(binary));
	return existsSync(join(dir, 'include', 'node', 'node.h')) ? dir : undefined;
}

/**
 * npm's environment for installing and rebuilding under `binary`: that node first on PATH (npm
 * and node-gyp build for the node that runs them) and its headers, never another node's.
 */
export function npmEnvFor(binary: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const headers = nodeHeadersDir(binary);
	const env = npmEnv({ PATH: `${dirname(binary)}${delimiter}${process.env.PATH ?? ''}`, ...extra });
	delete env.npm_config_nodedir;
	delete env.NPM_CONFIG_NODEDIR;
	if (headers !== undefined) env.npm_config_nodedir = headers;
	return env;
}

/**
 * npm overrides for the folder n8n is installed in. Some n8n-nodes-base releases (those of n8n
 * 1.123.x and 2.0.x among them) pin `xlsx` to a tarball on the SheetJS CDN, which is not the npm
 * registry: the registry's last xlsx is used instead. A release that does not depend on xlsx
 * ignores it.
 */
export const INSTALL_OVERRIDES: Readonly<Record<string, string>> = { xlsx: '0.18.5' };

/** Whether this n8n has `n8n publish:workflow` (2.x); 1.x activates with `update:workflow --active=true`. */
export function hasPublishCommand(installDir: string): boolean {
	return existsSync(join(installDir, 'node_modules', 'n8n', 'dist', 'commands', 'publish', 'workflow.js'));
}

/**
 * Environment an installed n8n needs under `node`: where n8n has a selectable expression engine
 * whose native module (isolated-vm) does not load under that node (built with install scripts
 * skipped, or a node older than it supports), the legacy engine; else nothing.
 */
export async function runtimeEnv(installDir: string, node: string): Promise<Record<string, string>> {
	const config = join(installDir, 'node_modules', '@n8n', 'config', 'dist', 'configs', 'expression-engine.config.js');
	if (!existsSync(config) || !readFileSync(config, 'utf8').includes("'vm'")) return {};
	const isolatedVm = join(installDir, 'node_modules', 'isolated-vm');
	if (!existsSync(isolatedVm)) return { N8N_EXPRESSION_ENGINE: 'legacy' };
	const loads = await run(node, ['-e', `require(${JSON.stringify(isolatedVm)})`], { allowFailure: true, timeoutMs: 60_000 });
	return loads.code === 0 ? {} : { N8N_EXPRESSION_ENGINE: 'legacy' };
}
