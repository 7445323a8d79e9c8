/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- dev tooling (demo, e2e), never in the package: installs n8n into a cache folder with npm */
/**
 * Make sure n8n (N8N_VERSION) is installed in the cache, outside the repository:
 * `npm install n8n@X --ignore-scripts` (an install script of a dependency downloads from hosts
 * that are not the npm registry), then `npm rebuild sqlite3` from source against Node 24's
 * headers. The install goes to a temporary folder that is renamed when complete, so an
 * interrupted install is never reused. A complete install is reused when `n8n --version`
 * matches and sqlite3 loads.
 */
import { existsSync, readdirSync, rmSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { cacheRoot, N8N_VERSION } from './paths';
import { run, npmEnv } from './proc';
import { logToStderr, step, type LogFn } from './progress';

export interface N8nInstallation {
	version: string;
	/** the folder holding node_modules/n8n */
	dir: string;
	/** node_modules/n8n/bin/n8n (run it with `node`) */
	bin: string;
	/** the node binary that runs it (this process's, Node >= 24) */
	node: string;
}

export interface ProvisionOptions {
	version?: string;
	/** default: cacheRoot() */
	cacheDir?: string;
	log?: LogFn;
}

export const MIN_NODE_MAJOR = 24;

export function assertNodeVersion(): void {
	const major = Number(process.versions.node.split('.')[0]);
	if (major < MIN_NODE_MAJOR) {
		throw new Error(
			`n8n ${N8N_VERSION} needs Node.js ${MIN_NODE_MAJOR} or newer; this is ${process.version}. ` +
				'Run through npm run demo / bash scripts/e2e.sh (they bring Node 24), or source scripts/ensure-node.sh first.',
		);
	}
}

function installationAt(dir: string, version: string): N8nInstallation {
	return { version, dir, bin: join(dir, 'node_modules', 'n8n', 'bin', 'n8n'), node: process.execPath };
}

/** The version `n8n --version` prints, or undefined when it does not run. */
async function installedVersion(install: N8nInstallation): Promise<string | undefined> {
	if (!existsSync(install.bin)) return undefined;
	const result = await run(install.node, [install.bin, '--version'], { allowFailure: true, timeoutMs: 60_000 });
	return result.code === 0 ? result.stdout.trim().split('\n').pop()?.trim() : undefined;
}

/** Whether n8n's sqlite3 native module loads under this node. */
async function sqliteLoads(install: N8nInstallation): Promise<boolean> {
	const sqlite = join(install.dir, 'node_modules', 'sqlite3');
	if (!existsSync(sqlite)) return false;
	const result = await run(install.node, ['-e', `require(${JSON.stringify(sqlite)})`], {
		allowFailure: true,
		timeoutMs: 60_000,
	});
	return result.code === 0;
}

async function isComplete(install: N8nInstallation): Promise<boolean> {
	return (await installedVersion(install)) === install.version && (await sqliteLoads(install));
}

function countPackages(nodeModules: string): string {
	try {
		return `unpacking (${readdirSync(nodeModules).length} top-level packages)`;
	} catch {
		return 'resolving and downloading';
	}
}

/** Node's own folder (with include/node) when this node came from the node-linux-* package. */
function nodeHeadersDir(): string | undefined {
	const dir = dirname(dirname(process.execPath));
	return existsSync(join(dir, 'include', 'node', 'node.h')) ? dir : undefined;
}

function isPidAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** Remove partial installs left by runs that were interrupted. */
function removeStalePartials(parent: string, base: string, log: LogFn): void {
	if (!existsSync(parent)) return;
	for (const entry of readdirSync(parent)) {
		const match = new RegExp(`^${base.replace(/\./g, '\\.')}\\.partial-(\\d+)$`).exec(entry);
		if (match === null) continue;
		if (isPidAlive(Number(match[1]))) continue;
		log(`    removing an interrupted install: ${join(parent, entry)}`);
		rmSync(join(parent, entry), { recursive: true, force: true });
	}
}

/** Ensure n8n is installed in the cache and return where. Idempotent; slow only the first time. */
export async function ensureN8n(options: ProvisionOptions = {}): Promise<N8nInstallation> {
	assertNodeVersion();
	const version = options.version ?? N8N_VERSION;
	const log = options.log ?? logToStderr;
	const parent = options.cacheDir ?? cacheRoot();
	const base = `n8n-${version}`;
	const finalDir = join(parent, base);
	const target = installationAt(finalDir, version);

	if (await isComplete(target)) {
		log(`ok  n8n ${version} found in ${finalDir}`);
		return target;
	}
	if (existsSync(finalDir)) {
		log(`    ${finalDir} is incomplete or broken: installing again`);
		rmSync(finalDir, { recursive: true, force: true });
	}
	mkdirSync(parent, { recursive: true });
	removeStalePartials(parent, base, log);

	const partial = join(parent, `${base}.partial-${process.pid}`);
	rmSync(partial, { recursive: true, force: true });
	mkdirSync(partial, { recursive: true });
	writeFileSync(
		join(partial, 'package.json'),
		`${JSON.stringify({ name: 'annexcloud-n8n-runtime', private: true, dependencies: { n8n: version } }, null, 2)}\n`,
	);
	let completed = false;
	try {
		await step(
			`installing n8n ${version} from the npm registry into ${partial} (about 5 min cold, ~2.9 GB)`,
			async () =>
				await run(
					'npm',
					['install', '--ignore-scripts', '--no-audit', '--no-fund', '--save-exact', '--loglevel=error'],
					{ cwd: partial, env: npmEnv(), timeoutMs: 40 * 60_000 },
				),
			{ log, detail: () => countPackages(join(partial, 'node_modules')), intervalMs: 30_000 },
		);
		const headers = nodeHeadersDir();
		await step(
			'building sqlite3 from source for this Node.js (about 2 min)',
			async () =>
				await run('npm', ['rebuild', 'sqlite3', '--ignore-scripts=false', '--loglevel=error'], {
					cwd: partial,
					env: npmEnv({
						npm_config_build_from_source: 'true',
						// node-gyp: make -j<cores>
						npm_config_jobs: 'max',
						...(headers === undefined ? {} : { npm_config_nodedir: headers }),
					}),
					timeoutMs: 20 * 60_000,
				}),
			{ log, intervalMs: 30_000 },
		);
		const built = installationAt(partial, version);
		const printed = await installedVersion(built);
		if (printed !== version) throw new Error(`n8n --version printed ${printed ?? 'nothing'}, expected ${version}`);
		if (!(await sqliteLoads(built))) throw new Error('sqlite3 does not load after the rebuild');
		if (existsSync(finalDir)) {
			// Another process finished first: use its copy.
			rmSync(partial, { recursive: true, force: true });
		} else {
			renameSync(partial, finalDir);
		}
		completed = true;
	} finally {
		// A failed or interrupted install is never left where it could be taken for a good one.
		if (!completed) rmSync(partial, { recursive: true, force: true });
	}
	log(`ok  n8n ${version} installed in ${finalDir}`);
	return target;
}
