/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- CLI entry point of the dev-only profiler, never in the package: process (argv, exit), files */
/**
 * `npm run bench:profile`: where the time of Campaign > Get goes in real n8n, per item, for our
 * node at its default (Concurrent Requests 5), with no limit (0), and for the floor (n8n's
 * HTTP Request node, no signing). It answers what `npm run bench` cannot: not how long, but
 * which code. n8n runs the same kind of workflow as the throughput benchmark under
 * `node --cpu-prof`; each node's samples are read from its own time window.
 *
 *   npm run bench:profile -- [--items=1000] [--rounds=6] [--out=FILE|-] [--tarball=FILE] [--keep]
 *
 * The profiler slows everything down (every number here is larger than in BENCHMARKS.md);
 * compare the columns, not the totals with the benchmark. --keep leaves the .cpuprofile file
 * (open it in Chrome DevTools) and prints where it is.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';

import { NO_LIMIT } from './lib/product';
import { startSandbox } from '../../sandbox';
import {
	CREDENTIAL_TYPE,
	credentialData,
	installTarball,
	logToStderr,
	manualTrigger,
	N8nInstance,
	nodeRuns,
	packageInfo,
	WorkflowBuilder,
	type NodeSpec,
	type WorkflowDefinition,
} from '../n8n';
import { n8nProvider } from './lib/context';
import { clockOffsetUs, costByWindow, type CpuProfile, type Window, type WindowCost } from './lib/cpuProfile';
import { startReplayServer } from './lib/replayServer';
import { renderTable, type Table } from './lib/report';
import { drained } from './lib/workflow';
import { fixed, int, median } from './lib/stats';
import { API_PATH, campaignGetNode, httpGetNode, itemsNode, recordResponses } from './throughput';

interface ProfiledVariant {
	key: string;
	label: string;
	node: (name: string, origin: string) => NodeSpec;
}

const credential = (key: string): { id: string; name: string } => ({ id: `profile-${key}`, name: `Annex profile (${key})` });

const VARIANTS: readonly ProfiledVariant[] = [
	{ key: 'ours', label: 'ours, default (5)', node: (name) => campaignGetNode(name, credential('ours')) },
	{ key: 'noLimit', label: 'ours, no limit (0)', node: (name) => campaignGetNode(name, credential('noLimit'), NO_LIMIT) },
	{ key: 'floor', label: 'floor (HTTP Request)', node: (name, origin) => httpGetNode(name, origin) },
];

interface Args {
	items: number;
	rounds: number;
	out: string | undefined;
	tarball: string | undefined;
	keep: boolean;
}

function parseArgs(argv: readonly string[]): Args {
	const args: Args = { items: 1000, rounds: 6, out: undefined, tarball: undefined, keep: false };
	const whole = (arg: string, name: string): number => {
		const value = Number(arg.slice(name.length + 3));
		if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number above 0`);
		return value;
	};
	const path = (value: string): string => (isAbsolute(value) ? value : join(process.cwd(), value));
	for (const arg of argv) {
		if (arg.startsWith('--items=')) args.items = whole(arg, 'items');
		else if (arg.startsWith('--rounds=')) args.rounds = whole(arg, 'rounds');
		else if (arg.startsWith('--out=')) args.out = arg === '--out=-' ? undefined : path(arg.slice('--out='.length));
		else if (arg.startsWith('--tarball=')) args.tarball = path(arg.slice('--tarball='.length));
		else if (arg === '--keep') args.keep = true;
		else throw new Error(`unknown argument ${arg}; usage: npm run bench:profile -- [--items=N] [--rounds=N] [--out=FILE|-] [--tarball=FILE] [--keep]`);
	}
	return args;
}

function buildWorkflow(id: string, args: Args, origins: Map<string, string>): WorkflowDefinition {
	const workflow = new WorkflowBuilder(id, 'profile: Campaign > Get').add(manualTrigger()).add(itemsNode('Items', args.items), 'Start');
	for (let round = 0; round <= args.rounds; round++) {
		for (const variant of VARIANTS) {
			const node = variant.node(`${variant.key} ${round}`, origins.get(variant.key) ?? '');
			workflow.add(node, drained(workflow, 'Items', node.name));
		}
	}
	return workflow.build();
}

function render(args: Args, times: Map<string, number[]>, costs: Map<string, WindowCost>, profileFile: string | undefined): string {
	const perItem = (us: number): number => us / args.rounds / args.items;
	const cost = (key: string): WindowCost => costs.get(key) ?? { totalUs: 0, byGroup: new Map(), byFunction: new Map() };
	const rows = (pick: (cost: WindowCost) => Map<string, number>, limit: number, order: (values: number[]) => number): string[][] => {
		const names = new Set(VARIANTS.flatMap((variant) => [...pick(cost(variant.key)).keys()]));
		return [...names]
			.map((name) => ({ name, values: VARIANTS.map((variant) => perItem(pick(cost(variant.key)).get(name) ?? 0)) }))
			.sort((a, b) => order(b.values) - order(a.values))
			.slice(0, limit)
			.map(({ name, values }) => [name, ...values.map((value) => fixed(value, 1))]);
	};
	const headers = ['', ...VARIANTS.map((variant) => `${variant.label}, µs per item`)];
	const timesTable: Table = {
		caption: `Node executionTime under the profiler, median of ${args.rounds} rounds (ms per ${int(args.items)} items)`,
		headers: ['', ...VARIANTS.map((variant) => variant.label)],
		rows: [['ms', ...VARIANTS.map((variant) => int(median(times.get(variant.key) ?? [])))]],
	};
	const groups: Table = {
		caption: 'CPU samples inside each node\'s execution, by where the code comes from',
		headers,
		rows: [
			['all samples', ...VARIANTS.map((variant) => fixed(perItem(cost(variant.key).totalUs), 1))],
			...rows((c) => c.byGroup, 25, (values) => Math.max(...values)),
		],
	};
	const functions: Table = {
		caption: 'The functions (self time) that cost our default most over no limit',
		headers,
		rows: rows((c) => c.byFunction, 20, ([ours = 0, noLimit = 0]) => ours - noLimit),
	};
	return [
		'# Profile: Campaign > Get in real n8n',
		'',
		`\`npm run bench:profile -- --items=${args.items} --rounds=${args.rounds}\` (node --cpu-prof, 200 µs sampling; ` +
			'round 0 is a warm-up and not counted). ' +
			(profileFile === undefined ? 'The profile file was removed (--keep keeps it).' : `Profile: ${profileFile}`),
		'',
		[timesTable, groups, functions].map(renderTable).join('\n\n'),
	].join('\n');
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	const log = logToStderr;
	const setup = await n8nProvider(log, args.tarball)();
	const sandbox = await startSandbox({ port: 0, campaigns: args.items + 1 });
	const replay = await startReplayServer(await recordResponses(sandbox, args.items), VARIANTS.map((variant) => variant.key));
	const profileDir = mkdtempSync(join(tmpdir(), 'annexcloud-profile-'));
	const n8n = await N8nInstance.create({ installation: setup.installation, log });
	let finished = false;
	try {
		await installTarball(setup.tarball, n8n.userFolder, { log });
		const origin = (key: string): string => replay.listeners.get(key)?.origin ?? '';
		await n8n.importCredentials(
			VARIANTS.filter((variant) => variant.key !== 'floor').map((variant) => ({
				...credential(variant.key),
				type: CREDENTIAL_TYPE,
				data: credentialData(sandbox.credentials, `${origin(variant.key)}${API_PATH}`),
			})),
		);
		const workflowId = 'annexProfileGet';
		await n8n.importWorkflows([buildWorkflow(workflowId, args, new Map(VARIANTS.map((variant) => [variant.key, origin(variant.key)])))]);
		log(`profile: n8n execute under --cpu-prof (${VARIANTS.length} variants x ${int(args.items)} items x ${args.rounds} rounds)`);
		const offsetUs = clockOffsetUs();
		const { run } = await n8n.execute(workflowId, {
			timeoutMs: 15 * 60_000,
			env: { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir} --cpu-prof-interval=200` },
		});
		for (const variant of VARIANTS) {
			const requests = replay.listeners.get(variant.key)?.requests.length ?? 0;
			const expected = args.items * (args.rounds + 1);
			if (requests !== expected) throw new Error(`${variant.key}: ${requests} requests, expected ${expected}`);
		}
		const windows: Window[] = [];
		const times = new Map<string, number[]>();
		for (let round = 1; round <= args.rounds; round++) {
			for (const variant of VARIANTS) {
				const nodeRun = nodeRuns(run, `${variant.key} ${round}`)[0];
				if (nodeRun?.startTime === undefined || nodeRun.executionTime === undefined || nodeRun.error !== undefined) {
					throw new Error(`node "${variant.key} ${round}" did not run cleanly`);
				}
				windows.push({ label: variant.key, startMs: nodeRun.startTime, durationMs: nodeRun.executionTime });
				times.set(variant.key, [...(times.get(variant.key) ?? []), nodeRun.executionTime]);
			}
		}
		// The n8n process's profile is the largest file (task runners write their own).
		const [profileFile] = readdirSync(profileDir)
			.filter((name) => name.endsWith('.cpuprofile'))
			.map((name) => join(profileDir, name))
			.sort((a, b) => statSync(b).size - statSync(a).size);
		if (profileFile === undefined) throw new Error(`n8n wrote no CPU profile into ${profileDir}`);
		const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as CpuProfile;
		const costs = costByWindow(profile, windows, offsetUs, packageInfo().name);
		const report = render(args, times, costs, args.keep ? profileFile : undefined);
		if (args.out === undefined) process.stdout.write(`${report}\n`);
		else {
			writeFileSync(args.out, `${report}\n`);
			log(`wrote ${args.out}`);
		}
		finished = true;
	} finally {
		await replay.close();
		await sandbox.close();
		await n8n.dispose();
		// Kept when asked for, and when the run failed (to look at what was recorded).
		if (args.keep || !finished) log(`profile kept in ${profileDir}`);
		else rmSync(profileDir, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exit(1);
});
