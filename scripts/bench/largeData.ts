/**
 * 6. Large data memory (issue 7): 10,000-campaign lists (Campaign > Get Many, Return All) and
 * 10,000-member Set Individual Validity runs, each in a fresh worker process inside n8n-core's
 * WorkflowExecute: peak RSS and heap above the process's baseline.
 */
import { runBulk, validityWindow } from './bulkValidity';
import type { Benchmark, BenchContext, SectionBody } from './lib/context';
import { startSandboxProcess } from './lib/sandboxProcess';
import { bytes, duration, int } from './lib/stats';
import { runWorker } from './lib/worker';
import type { GetManyArgs, GetManyResult } from './harness';
import type { MemoryPeak } from './lib/memory';

interface Row {
	label: string;
	items: number;
	outputBytes: number;
	requests: number;
	ms: number;
	memory: MemoryPeak;
}

/** A table row from a worker's measurement, which must include its memory. */
function rowOf(
	label: string,
	result: { items: number; outputBytes: number; requests: number; ms: number; memory?: MemoryPeak },
): Row {
	if (result.memory === undefined) throw new Error(`${label}: no memory measurement`);
	const { items, outputBytes, requests, ms, memory } = result;
	return { label, items, outputBytes, requests, ms, memory };
}

export const largeDataBenchmark: Benchmark = {
	name: 'largeData',
	title: 'Large data: memory of 10,000-record runs',
	async run(context: BenchContext): Promise<SectionBody> {
		const count = context.quick ? 2_000 : 10_000;
		const rows: Row[] = [];

		const listSandbox = await startSandboxProcess({ campaigns: count, pageSize: 25 });
		try {
			for (const simplify of [true, false]) {
				context.log(`    largeData: Get Many, Return All, simplify ${simplify ? 'on' : 'off'}`);
				const args: GetManyArgs = { credentials: listSandbox.credentials, controlUrl: listSandbox.controlUrl, simplify, memory: true };
				const result = await runWorker<GetManyResult>('getMany', args);
				if (result.items !== count) throw new Error(`Get Many returned ${result.items} of ${count} campaigns`);
				rows.push(rowOf(`Campaign > Get Many, Return All, Simplify ${simplify ? 'on' : 'off'} (page size 25)`, result));
			}
		} finally {
			await listSandbox.stop();
		}

		const memberSandbox = await startSandboxProcess({ members: count, logLimit: count + 1000 });
		try {
			const window = await validityWindow(memberSandbox);
			for (const batchSize of [100, 1000]) {
				context.log(`    largeData: Set Individual Validity, ${count} members, batch size ${batchSize}`);
				const result = await runBulk(memberSandbox, window, count, batchSize, true);
				rows.push(rowOf(`Campaign > Set Individual Validity, ${int(count)} members, Batch Size ${batchSize}`, result));
			}
		} finally {
			await memberSandbox.stop();
		}

		return {
			method: [
				`Each run is the node alone in n8n-core's real \`WorkflowExecute\` (test/helpers/n8n.ts) in a fresh worker process ` +
					'(cold: the first run of that code in the process), against the sandbox in its own process. Before the run: a ' +
					'full GC and a baseline of RSS and heapUsed; during it: samples every 2 ms plus the kernel\'s maxRSS; after it, ' +
					'with the run result still held, another GC gives the heap the result keeps alive. The engine\'s own copies (input ' +
					'items, run data) are part of what is measured, as they are in n8n.',
			],
			tables: [
				{
					headers: [
						'run',
						'items out',
						'output JSON',
						'requests',
						'time (while sampling)',
						'peak RSS delta',
						'peak heap delta',
						'heap retained',
						'peak heap per item',
					],
					rows: rows.map((row) => [
						row.label,
						int(row.items),
						bytes(row.outputBytes),
						int(row.requests),
						duration(row.ms),
						bytes(row.memory.peakRssDelta),
						bytes(row.memory.peakHeapDelta),
						bytes(row.memory.retainedHeapDelta),
						bytes(row.memory.peakHeapDelta / row.items),
					]),
				},
			],
			targets: [],
			notes: [
				'No target was set for these numbers; they are here so that a change in memory use shows up. "Output JSON" is ' +
					'the length of the output items\' JSON, for scale. The gap between the peak and the retained heap is garbage ' +
					'(response texts, parsed pages, request objects) that V8 had not collected yet when the peak was sampled.',
				...(context.quick ? [`Quick mode: ${int(count)} records instead of 10,000.`] : []),
			],
		};
	},
};
