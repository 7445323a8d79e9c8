/**
 * 3. Bulk individual validity: 10,000 members through Set Individual Validity with Batch Size
 * 100 and 1000, vs one request per member (the same node with Batch Size 1, i.e. what a
 * workflow without bulk support sends). Requests are counted by the sandbox (its request log)
 * and by the credential (every signed request).
 */
import { parseApiDate } from '../../sandbox';
import type { Benchmark, BenchContext, SectionBody } from './lib/context';
import type { Target } from './lib/report';
import { startSandboxProcess, type SandboxProcess } from './lib/sandboxProcess';
import { duration, fixed, int, ratio } from './lib/stats';
import { runWorker } from './lib/worker';
import type { BulkArgs, BulkResult } from './harness';

export const VALIDITY_CAMPAIGN = '1001';
const DAY_MS = 86_400_000;
const MIN_REQUEST_RATIO = 20;

/** A window inside campaign 1001's period (the sandbox checks it). */
export async function validityWindow(sandbox: SandboxProcess): Promise<{ startDate: string; endDate: string }> {
	const campaign = await sandbox.control<Record<string, unknown>>('GET', `/campaigns/${VALIDITY_CAMPAIGN}`);
	const from = parseApiDate(campaign.campaignDateFrom);
	if (from === undefined) throw new Error(`campaign ${VALIDITY_CAMPAIGN} has no readable start date`);
	return { startDate: new Date(from + DAY_MS).toISOString(), endDate: new Date(from + 20 * DAY_MS).toISOString() };
}

export async function runBulk(
	sandbox: SandboxProcess,
	window: { startDate: string; endDate: string },
	members: number,
	batchSize: number,
	memory: boolean,
): Promise<BulkResult> {
	const args: BulkArgs = {
		credentials: sandbox.credentials,
		controlUrl: sandbox.controlUrl,
		members,
		batchSize,
		campaignId: VALIDITY_CAMPAIGN,
		...window,
		memory,
	};
	const result = await runWorker<BulkResult>('bulk', args);
	if (result.items !== members || result.succeeded !== members) {
		throw new Error(`batch size ${batchSize}: ${result.succeeded} of ${members} members succeeded (${result.items} items out)`);
	}
	return result;
}

export const bulkValidityBenchmark: Benchmark = {
	name: 'bulkValidity',
	title: 'Bulk individual validity: requests for 10,000 members',
	async run(context: BenchContext): Promise<SectionBody> {
		const members = context.quick ? 2_000 : 10_000;
		const sandbox = await startSandboxProcess({ members, logLimit: members + 1000 });
		const results: Array<{ label: string; batchSize: number; result: BulkResult }> = [];
		try {
			const window = await validityWindow(sandbox);
			for (const [label, batchSize] of [
				['Set Individual Validity, Batch Size 100 (default)', 100],
				['Set Individual Validity, Batch Size 1000 (maximum)', 1000],
				['one request per member (Batch Size 1)', 1],
			] as const) {
				context.log(`    bulkValidity: ${label}`);
				results.push({ label, batchSize, result: await runBulk(sandbox, window, members, batchSize, false) });
			}
		} finally {
			await sandbox.stop();
		}
		const perMember = results.find((entry) => entry.batchSize === 1)?.result;
		if (perMember === undefined) throw new Error('no per-member run');
		const rows = results.map(({ label, result }) => [
			label,
			int(result.requests),
			int(result.signed),
			int(result.succeeded),
			duration(result.ms),
			`${fixed((result.ms * 1000) / members, 0)} µs`,
			ratio(perMember.requests / result.requests),
			ratio(perMember.ms / result.ms),
		]);
		const targets: Target[] = results
			.filter(({ batchSize }) => batchSize !== 1)
			.map(({ batchSize, result }) => ({
				target: `Batch Size ${batchSize}: at least ${MIN_REQUEST_RATIO}x fewer requests than one per member`,
				measured: `${ratio(perMember.requests / result.requests)} (${int(result.requests)} vs ${int(perMember.requests)})`,
				met: perMember.requests / result.requests >= MIN_REQUEST_RATIO,
			}));
		return {
			method: [
				`${int(members)} input items, one per sandbox member, through the Annex Cloud node's Campaign > Set Individual ` +
					`Validity (campaign ${VALIDITY_CAMPAIGN}, Member ID \`{{ $json.memberId }}\`, a fixed window inside the campaign ` +
					"period) in n8n-core's real `WorkflowExecute` (test/helpers/n8n.ts), each run in a fresh worker process, " +
					'against the sandbox in its own process (it verifies every signature and applies every member). ' +
					'"One request per member" is the same node with Batch Size 1: the same signing, parameters and expressions, ' +
					'one member per request, which is what a workflow without bulk support sends.',
				'Requests are counted twice: by the sandbox (its request log) and by the credential (every `authenticate` call). ' +
					'Every member must come back `success: true`. Wall time is the whole node run, parameters and expressions included.',
			],
			tables: [
				{
					headers: [
						'run',
						'requests (sandbox)',
						'signed (credential)',
						'members accepted',
						'wall time',
						'per member',
						'fewer requests',
						'faster',
					],
					rows,
				},
			],
			targets,
			notes: context.quick ? [`Quick mode: ${int(members)} members instead of 10,000.`] : [],
		};
	},
};
