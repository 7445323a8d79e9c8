/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- dev-only benchmark, never in the package: npm, child processes, files and timers */
/**
 * 5. Package: what `npm pack` produces (after `npm run build`: the repo's .npmrc sets
 * ignore-scripts, so prepack does not run) and what loading it costs n8n: require() of the
 * built node and credential classes in fresh processes, and `n8n start` to readiness with and
 * without the package installed.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';

import {
	installTarball,
	N8nInstance,
	nodeTypeNames,
	npmEnv,
	REPO_ROOT,
	run,
	spawnGroup,
	stopGroup,
} from '../n8n';
import type { Benchmark, BenchContext, SectionBody } from './lib/context';
import type { Table } from './lib/report';
import { bytes, duration, fixed, int, max, median, min } from './lib/stats';

interface PackJson {
	size: number;
	unpackedSize: number;
	entryCount: number;
	files: Array<{ path: string; size: number }>;
}

/** Kind of a packed file, for the breakdown. */
function kindOf(path: string): string {
	if (path.endsWith('.d.ts')) return '.d.ts';
	if (path.endsWith('.js.map')) return '.js.map';
	const match = /\.[a-z]+$/i.exec(path);
	return match ? match[0] : path;
}

/** ms to require and instantiate the built classes in a fresh Node.js, n8n-workflow already loaded. */
async function requireTimes(count: number): Promise<number[]> {
	const files = [
		'dist/credentials/AnnexCloudApi.credentials.js',
		'dist/nodes/AnnexCloud/AnnexCloud.node.js',
		'dist/nodes/AnnexCloud/AnnexCloudTrigger.node.js',
	].map((file) => join(REPO_ROOT, file));
	const script = [
		"require('n8n-workflow');", // n8n has loaded it long before it loads community packages
		'const started = process.hrtime.bigint();',
		`const [credential, action, trigger] = ${JSON.stringify(files)}.map((file) => require(file));`,
		'new credential.AnnexCloudApi(); new action.AnnexCloud(); new trigger.AnnexCloudTrigger();',
		'process.stdout.write(String(Number(process.hrtime.bigint() - started) / 1e6));',
	].join('\n');
	const times: number[] = [];
	for (let i = 0; i < count; i++) {
		const result = await run(process.execPath, ['-e', script], { cwd: REPO_ROOT, timeoutMs: 60_000 });
		times.push(Number(result.stdout.trim()));
	}
	return times;
}

/**
 * `n8n start` until /healthz/readiness answers 200 (polled every 20 ms); then `onReady` (not
 * timed) and stop it.
 */
async function timedStart(instance: N8nInstance, logFile: string, onReady?: () => Promise<void>): Promise<number> {
	const started = Date.now();
	const child = spawnGroup(instance.installation.node, [instance.installation.bin, 'start'], {
		cwd: instance.userFolder,
		env: instance.env(),
		logFile,
	});
	let exited = false;
	child.once('exit', () => {
		exited = true;
	});
	try {
		for (;;) {
			if (exited) throw new Error(`n8n start exited before it was ready; see ${logFile}`);
			if (Date.now() - started > 180_000) throw new Error(`n8n start not ready after 180 s; see ${logFile}`);
			try {
				const response = await fetch(`${instance.url}/healthz/readiness`);
				await response.arrayBuffer();
				if (response.status === 200) {
					const elapsed = Date.now() - started;
					await onReady?.();
					return elapsed;
				}
			} catch {
				// not listening yet
			}
			await new Promise((resolveWait) => setTimeout(resolveWait, 20));
		}
	} finally {
		await stopGroup(child, 20_000);
	}
}

export const packageBenchmark: Benchmark = {
	name: 'package',
	title: 'Package: size and load time',
	async run(context: BenchContext): Promise<SectionBody> {
		const setup = await context.n8n();
		// setup built the repository (npm run clean && npm run build) and packed it.
		const packed = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', '--loglevel=error'], {
			cwd: REPO_ROOT,
			env: npmEnv(),
		});
		const pack = (JSON.parse(packed.stdout) as PackJson[])[0];
		if (pack === undefined) throw new Error('npm pack --dry-run printed nothing');
		const kinds = new Map<string, { count: number; size: number }>();
		for (const file of pack.files) {
			const entry = kinds.get(kindOf(file.path)) ?? { count: 0, size: 0 };
			entry.count++;
			entry.size += file.size;
			kinds.set(kindOf(file.path), entry);
		}

		const requireRuns = context.quick ? 5 : 15;
		context.log(`    package: require() in ${requireRuns} fresh processes`);
		const requires = await requireTimes(requireRuns);

		const pairs = context.quick ? 1 : 2;
		context.log(`    package: n8n start to readiness, without and with the package (1 warm-up + ${pairs} each)`);
		const without = await N8nInstance.create({ installation: setup.installation, log: context.log });
		const withPackage = await N8nInstance.create({ installation: setup.installation, log: context.log });
		const startsWithout: number[] = [];
		const startsWith: number[] = [];
		try {
			await installTarball(setup.tarball, withPackage.userFolder, { log: context.log });
			// The first start of a folder creates its database (migrations) and, here, its owner: not
			// counted. It also checks which node types each n8n offers.
			const { action, trigger } = nodeTypeNames();
			const checkTypes = (instance: N8nInstance, expected: boolean) => async (): Promise<void> => {
				const types = await (await instance.ownerSession()).nodeTypeNames();
				const present = types.includes(action) && types.includes(trigger);
				if (present !== expected) {
					throw new Error(`n8n in ${instance.userFolder} ${present ? 'offers' : 'does not offer'} ${action} and ${trigger}`);
				}
			};
			await timedStart(without, join(without.userFolder, 'start-warmup.log'), checkTypes(without, false));
			await timedStart(withPackage, join(withPackage.userFolder, 'start-warmup.log'), checkTypes(withPackage, true));
			for (let pair = 0; pair < pairs; pair++) {
				// Alternate which goes first.
				const order: Array<[N8nInstance, number[]]> =
					pair % 2 === 0
						? [
								[without, startsWithout],
								[withPackage, startsWith],
							]
						: [
								[withPackage, startsWith],
								[without, startsWithout],
							];
				for (const [instance, list] of order) list.push(await timedStart(instance, join(instance.userFolder, `start-${pair}.log`)));
			}
		} finally {
			await without.dispose();
			await withPackage.dispose();
		}
		const deltas = startsWith.map((value, index) => value - (startsWithout[index] as number));

		const sizeTable: Table = {
			caption: `npm pack --dry-run --json (tarball on disk: ${bytes(statSync(setup.tarball).size)})`,
			headers: ['tarball (size)', 'unpacked (unpackedSize)', 'files (entryCount)'],
			rows: [[bytes(pack.size), bytes(pack.unpackedSize), int(pack.entryCount)]],
			align: ['right', 'right', 'right'],
		};
		const kindTable: Table = {
			caption: 'Packed files by kind',
			headers: ['kind', 'files', 'unpacked size'],
			rows: [...kinds.entries()]
				.sort((a, b) => b[1].size - a[1].size)
				.map(([kind, entry]) => [kind, int(entry.count), bytes(entry.size)]),
		};
		const loadTable: Table = {
			caption: 'Load time',
			headers: ['measurement', 'median', 'min', 'max', 'runs'],
			rows: [
				[
					'require() + instantiate the 3 built classes (fresh Node.js, n8n-workflow already loaded)',
					`${fixed(median(requires), 1)} ms`,
					`${fixed(min(requires), 1)} ms`,
					`${fixed(max(requires), 1)} ms`,
					String(requires.length),
				],
				['`n8n start` to readiness, without the package', duration(median(startsWithout)), duration(min(startsWithout)), duration(max(startsWithout)), String(startsWithout.length)],
				['`n8n start` to readiness, with the package', duration(median(startsWith)), duration(min(startsWith)), duration(max(startsWith)), String(startsWith.length)],
				['difference per pair (with - without)', duration(median(deltas)), duration(min(deltas)), duration(max(deltas)), String(deltas.length)],
			],
		};
		return {
			method: [
				'`npm run clean && npm run build`, then `npm pack --dry-run --json` in the repository (the repo\'s .npmrc sets ' +
					'`ignore-scripts`, so `npm pack` alone would not build). Load time, two ways: `require()` of the built ' +
					'credential, action node and trigger classes plus one instance of each, in fresh Node.js processes with ' +
					'`n8n-workflow` already loaded (as it is in n8n); and `n8n start` until `/healthz/readiness` answers (polled ' +
					'every 20 ms), alternating between a user folder without and one with the package installed from its tarball ' +
					'(the Community Nodes install layout), after one uncounted start of each (database migrations).',
			],
			tables: [sizeTable, kindTable, loadTable],
			targets: [],
			notes: [
				startsWithout.length > 1
					? `n8n's start time varies by ${duration(max(startsWithout) - min(startsWithout))} between runs of the same ` +
						'folder here, so the with/without difference is only meaningful against that spread; the require() time ' +
						'is what loading the package itself costs.'
					: 'One start of each (--quick): no spread measured, so the with/without difference says little; the ' +
						'require() time is what loading the package itself costs.',
				'The first start of each folder also checked, through the editor\'s REST API, that the instance with the ' +
					'package offers both node types and the one without does not.',
			],
		};
	},
};
