/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev tooling (demo, e2e), never in the package: builds, packs and installs with npm and tar */
/**
 * Build and pack this repository the way it is published, then install the tarball into an n8n
 * user folder the way n8n 2.41's community package install does it
 * (CommunityPackagesService.downloadPackage): unpack into `.n8n/nodes/node_modules/<name>`,
 * drop devDependencies, peerDependencies and optionalDependencies from its package.json, run
 * `npm install --ignore-scripts --install-strategy=shallow ...` in it, and record it in
 * `.n8n/nodes/package.json`. n8n loads every package in that node_modules at start.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { ARTIFACTS_DIR, packageInfo, REPO_ROOT } from './paths';
import { npmEnv, run } from './proc';
import { logToStderr, step, type LogFn } from './progress';

export interface PackOptions {
	log?: LogFn;
	/** where the tarball goes (default .artifacts/) */
	outDir?: string;
}

/** `npm run clean`, `npm run build`, `npm pack`: returns the tarball's absolute path. */
export async function buildAndPack(options: PackOptions = {}): Promise<string> {
	const log = options.log ?? logToStderr;
	const outDir = options.outDir ?? ARTIFACTS_DIR;
	const { name, version } = packageInfo();
	mkdirSync(outDir, { recursive: true });
	// The repo's .npmrc sets ignore-scripts, so `npm pack` would skip prepack: build explicitly.
	await step(
		'building the package (npm run clean && npm run build)',
		async () => {
			await run('npm', ['run', '--silent', 'clean'], { cwd: REPO_ROOT, env: npmEnv() });
			await run('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, env: npmEnv(), timeoutMs: 10 * 60_000 });
		},
		{ log },
	);
	const prefix = `${name.replace(/^@/, '').replace(/\//g, '-')}-`;
	for (const entry of readdirSync(outDir)) {
		if (entry.startsWith(prefix) && entry.endsWith('.tgz')) rmSync(join(outDir, entry), { force: true });
	}
	const tarball = await step(
		`packing ${name}@${version} (npm pack)`,
		async () => {
			const result = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', outDir], {
				cwd: REPO_ROOT,
				env: npmEnv(),
			});
			const packed = JSON.parse(result.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
			const first = packed[0];
			if (first === undefined) throw new Error(`npm pack printed no file: ${result.stdout}`);
			return join(outDir, first.filename.replace(/^@/, '').replace(/\//g, '-'));
		},
		{ log },
	);
	if (!existsSync(tarball)) throw new Error(`npm pack did not write ${tarball}`);
	log(`    tarball: ${tarball}`);
	return tarball;
}

/** `<userFolder>/.n8n/nodes`: n8n's community package folder (InstanceSettings.nodesDownloadDir). */
export function nodesDir(userFolder: string): string {
	return join(userFolder, '.n8n', 'nodes');
}

/** Install a packed tarball into an n8n user folder as the Community Nodes install does. */
export async function installTarball(tarball: string, userFolder: string, options: { log?: LogFn } = {}): Promise<void> {
	const log = options.log ?? logToStderr;
	const { name } = packageInfo();
	const downloadDir = nodesDir(userFolder);
	const packageDir = join(downloadDir, 'node_modules', name);
	await step(
		`installing ${name} into ${downloadDir}`,
		async () => {
			rmSync(packageDir, { recursive: true, force: true });
			mkdirSync(packageDir, { recursive: true });
			await run('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
			const packageJsonPath = join(packageDir, 'package.json');
			const installed = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as Record<string, unknown> & { version: string };
			delete installed.devDependencies;
			delete installed.peerDependencies;
			delete installed.optionalDependencies;
			writeFileSync(packageJsonPath, JSON.stringify(installed, null, 2), 'utf8');
			await run(
				'npm',
				[
					'install',
					'--audit=false',
					'--fund=false',
					'--bin-links=false',
					'--install-strategy=shallow',
					'--ignore-scripts=true',
					'--package-lock=false',
					'--loglevel=error',
				],
				{ cwd: packageDir, env: npmEnv(), timeoutMs: 5 * 60_000 },
			);
			// The ledger n8n keeps of installed community packages.
			const ledgerPath = join(downloadDir, 'package.json');
			const ledger = existsSync(ledgerPath)
				? (JSON.parse(readFileSync(ledgerPath, 'utf8')) as { dependencies?: Record<string, string> })
				: {};
			const next = {
				name: 'installed-nodes',
				private: true,
				...ledger,
				dependencies: { ...(ledger.dependencies ?? {}), [name]: installed.version },
			};
			writeFileSync(ledgerPath, JSON.stringify(next, null, 2), 'utf8');
		},
		{ log },
	);
}
