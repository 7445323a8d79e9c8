/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- dev tooling (demo, e2e), never in the package: installs n8n into a cache folder with npm */
/**
 * Make sure an n8n release (default N8N_VERSION, or ANNEXCLOUD_N8N_VERSION) is installed in the
 * cache, outside the repository: `npm install n8n@X --ignore-scripts` (an install script of a
 * dependency downloads from hosts that are not the npm registry) under the Node.js that release
 * runs on here (versions.ts: 2.x Node 24, 1.x the machine's Node 20/22), then `npm rebuild
 * sqlite3` from source against that node's headers. The install goes to a temporary folder that
 * is renamed when complete, so an interrupted install is never reused. A complete install is
 * reused when `n8n --version` matches and sqlite3 loads under that node.
 */
import { existsSync, readdirSync, rmSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { cacheRoot } from './paths';
import { run } from './proc';
import { logToStderr, step, type LogFn } from './progress';
import { INSTALL_OVERRIDES, nodeFor, nodeVersionOf, npmEnvFor, requestedN8nVersion, resolveN8nVersion, runtimeEnv } from './versions';

export interface N8nInstallation {
	version: string;
	/** the folder holding node_modules/n8n */
	dir: string;
	/** node_modules/n8n/bin/n8n (run it with `node`) */
	bin: string;
	/** the node binary that runs it (versions.ts: Node 24 for 2.x, the machine's Node 20/22 for 1.x) */
	node: string;
	/** environment this release needs under that node (e.g. N8N_EXPRESSION_ENGINE=legacy) */
	env: Record<string, string>;
}

export interface ProvisionOptions {
	/** an exact release or a range (1.123.x); default ANNEXCLOUD_N8N_VERSION, else N8N_VERSION */
	version?: string;
	/** default: cacheRoot() */
	cacheDir?: string;
	log?: LogFn;
}

function installationAt(dir: string, version: string, node: string): N8nInstallation {
	return { version, dir, bin: join(dir, 'node_modules', 'n8n', 'bin', 'n8n'), node, env: {} };
}

/** The version `n8n --version` prints, or undefined when it does not run. */
async function installedVersion(install: N8nInstallation): Promise<string | undefined> {
	if (!existsSync(install.bin)) return undefined;
	const env = { ...process.env, ...(await runtimeEnv(install.dir, install.node)) };
	const result = await run(install.node, [install.bin, '--version'], { env, allowFailure: true, timeoutMs: 60_000 });
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
	const version = await resolveN8nVersion(options.version ?? requestedN8nVersion());
	const node = await nodeFor(version);
	const log = options.log ?? logToStderr;
	const parent = options.cacheDir ?? cacheRoot();
	const base = `n8n-${version}`;
	const finalDir = join(parent, base);
	const target = installationAt(finalDir, version, node);

	if (await isComplete(target)) {
		log(`ok  n8n ${version} found in ${finalDir} (Node.js ${await nodeVersionOf(node)}: ${node})`);
		return { ...target, env: await runtimeEnv(finalDir, node) };
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
		`${JSON.stringify(
			{ name: 'annexcloud-n8n-runtime', private: true, dependencies: { n8n: version }, overrides: INSTALL_OVERRIDES },
			null,
			2,
		)}\n`,
	);
	let completed = false;
	try {
		await step(
			`installing n8n ${version} from the npm registry into ${partial} (about 5 min cold, ~2.9 GB)`,
			async () =>
				await run(
					'npm',
					['install', '--ignore-scripts', '--no-audit', '--no-fund', '--save-exact', '--loglevel=error'],
					{ cwd: partial, env: npmEnvFor(node), timeoutMs: 40 * 60_000 },
				),
			{ log, detail: () => countPackages(join(partial, 'node_modules')), intervalMs: 30_000 },
		);
		await step(
			`building sqlite3 from source for node ${node} (about 2 min)`,
			async () =>
				await run('npm', ['rebuild', 'sqlite3', '--ignore-scripts=false', '--loglevel=error'], {
					cwd: partial,
					env: npmEnvFor(node, {
						npm_config_build_from_source: 'true',
						// node-gyp: make -j<cores>
						npm_config_jobs: 'max',
					}),
					timeoutMs: 20 * 60_000,
				}),
			{ log, intervalMs: 30_000 },
		);
		const built = installationAt(partial, version, node);
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
	log(`ok  n8n ${version} installed in ${finalDir} (Node.js ${await nodeVersionOf(node)}: ${node})`);
	return { ...target, env: await runtimeEnv(finalDir, node) };
}
