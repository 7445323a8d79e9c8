/**
 * Set Individual Validity with 10,000 input items: one request per Batch Size members
 * (ceil(10000 / batch size) requests, each full but the last), every input item paired with
 * exactly one output item, in input order, and every member's window stored exactly once.
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { DEFAULT_BATCH_SIZE } from '../../nodes/AnnexCloud/actions/campaign/setIndividualValidity.operation';
import { BASE_SEED } from './badInputCases';
import { byId, operation, printSummary, startReliabilityContext, VALIDITY_CAMPAIGN, type CaseRun, type ReliabilityContext } from './support';

const MEMBERS = 10_000;
/** A 10,000-item run takes seconds; allow for a busy machine. */
const BULK_TIMEOUT_MS = 180_000;
let ctx: ReliabilityContext;
const started = Date.now();
const sizesTried: number[] = [];

beforeAll(async () => {
	ctx = await startReliabilityContext({ members: MEMBERS, campaigns: 5 });
});
afterAll(async () => {
	printSummary('bulk individual validity', ctx.stats, `, batch sizes ${sizesTried.join(', ')}, ${((Date.now() - started) / 1000).toFixed(1)} s`);
	await ctx.close();
});

const memberId = (i: number): string => `member-${String(i + 1).padStart(4, '0')}`;

async function runBulk(batchSize: number | undefined, input: IDataObject[], continueOnFail = false): Promise<CaseRun> {
	ctx.reset();
	return await ctx.run(
		{
			...operation('campaign.setIndividualValidity').parameters(batchSize === undefined ? {} : { batchSize }),
			campaignId: byId(VALIDITY_CAMPAIGN),
			memberId: '={{ $json.member }}',
		},
		input,
		{ continueOnFail },
	);
}

/** The member ids of each request, from the bodies that were signed and sent. */
function batchesOf(run: CaseRun): string[][] {
	return run.bodies.map((body) => ((JSON.parse(body) as { members: Array<{ id: string }> }).members ?? []).map((member) => member.id));
}

function expectPairedOnce(run: CaseRun, count: number): void {
	expect(run.items).toHaveLength(count);
	run.items.forEach((item, i) => expect(item.pairedItem).toEqual({ item: i }));
}

/** The default Batch Size (option not set), the largest, and two drawn by fast-check. */
const SIZES: Array<number | undefined> = [
	undefined,
	1000,
	...fc.sample(fc.integer({ min: 20, max: 999 }), { numRuns: 2, seed: BASE_SEED }),
];

it.each(SIZES.map((size) => [size ?? `default (${DEFAULT_BATCH_SIZE})`, size] as const))(
	`${MEMBERS} members, Batch Size %s: ceil(${MEMBERS} / batch size) requests, each item paired exactly once`,
	async (_label, size) => {
		const batchSize = size ?? DEFAULT_BATCH_SIZE;
		sizesTried.push(batchSize);
		const input = Array.from({ length: MEMBERS }, (_, i) => ({ member: memberId(i) }));
		const run = await runBulk(size, input);
		expect(run.error).toBeUndefined();
		expect(run.leaks).toEqual([]);
		const requests = Math.ceil(MEMBERS / batchSize);
		expect(run.log).toHaveLength(requests);
		for (const entry of run.log) expect(entry).toMatchObject({ route: 'setIndividualValidity', verified: true, status: 200 });
		const batches = batchesOf(run);
		expect(batches).toHaveLength(requests);
		batches.forEach((batch, k) => expect(batch).toHaveLength(k < requests - 1 ? batchSize : MEMBERS - batchSize * (requests - 1)));
		expect(batches.flat()).toEqual(input.map((item) => item.member));
		expectPairedOnce(run, MEMBERS);
		run.items.forEach((item, i) => expect(item.json).toMatchObject({ memberId: memberId(i), success: true }));
		const stored = ctx.sandbox.store.individualValidity(VALIDITY_CAMPAIGN).map((record) => record.memberId);
		expect(stored).toHaveLength(MEMBERS);
		expect(new Set(stored).size).toBe(MEMBERS);
	},
	BULK_TIMEOUT_MS,
);

it('with bad items and unknown members among them (Continue On Fail): still one output per item, in order', async () => {
	// Every 97th item has no member id (rejected before sending); every 89th is unknown to Annex Cloud.
	const input = Array.from({ length: MEMBERS }, (_, i) => ({ member: i % 97 === 5 ? '  ' : i % 89 === 3 ? `ghost-${i}` : memberId(i) }));
	const batchSize = 250;
	const run = await runBulk(batchSize, input, true);
	expect(run.error).toBeUndefined();
	expect(run.leaks).toEqual([]);
	const valid = input.filter((item) => item.member.trim() !== '');
	expect(run.log).toHaveLength(Math.ceil(valid.length / batchSize));
	expect(batchesOf(run).flat()).toEqual(valid.map((item) => item.member));
	expectPairedOnce(run, MEMBERS);
	run.items.forEach((item, i) => {
		const member = input[i]?.member ?? '';
		if (member.trim() === '') expect(String(item.json.error)).toMatch(new RegExp(`^Parameter "Member ID" is empty \\(item ${i}\\)$`));
		else if (member.startsWith('ghost-')) expect(item.json).toMatchObject({ memberId: member, success: false, status: 'refused', code: 'MEMBER_NOT_FOUND' });
		else expect(item.json).toMatchObject({ memberId: member, success: true });
	});
	const stored = ctx.sandbox.store.individualValidity(VALIDITY_CAMPAIGN);
	expect(stored).toHaveLength(valid.filter((item) => !item.member.startsWith('ghost-')).length);
}, BULK_TIMEOUT_MS);
