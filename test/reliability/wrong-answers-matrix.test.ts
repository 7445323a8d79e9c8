/* eslint-disable @n8n/community-nodes/no-restricted-imports -- a test: a second local HTTP server stands for "another origin" that a redirect points at */
/**
 * Wrong-answer matrix: every operation of the node and the trigger against every wrong answer
 * of the catalogue (wrongAnswerCases.ts): 2xx bodies that are not the data asked for,
 * redirects to another origin (301/302/307/308), and paging that lies.
 *
 * - A read fails with a NodeApiError or NodeOperationError that says what was seen, returns no
 *   partial output, and is not repeated (the server answered; asking again would not help).
 *   With Continue On Fail the item carries the error.
 * - A write that meets an Annex error body with 200 fails and is not called "may have been
 *   applied"; a redirect is never followed by any operation: the other origin gets nothing.
 * - The trigger's poll fails and stores nothing.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject } from 'n8n-workflow';

import { LYING_PAGES, NOT_DATA, REDIRECT_STATUSES, type WrongAnswer } from './wrongAnswerCases';
import { OPERATIONS, printSummary, startReliabilityContext, type OperationSpec, type ReliabilityContext } from './support';

jest.mock('n8n-workflow', () => jest.requireActual<typeof import('./instantSleep')>('./instantSleep').withInstantSleep());

let ctx: ReliabilityContext;
let elsewhere: Server;
let elsewhereUrl: string;
const elsewhereRequests: string[] = [];

beforeAll(async () => {
	ctx = await startReliabilityContext();
	elsewhere = createServer((req, res) => {
		elsewhereRequests.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
		res.end('{}');
	});
	await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
	elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
});
afterAll(async () => {
	printSummary('wrong-answer matrix', ctx.stats);
	await ctx.close();
	await new Promise<void>((resolve) => elsewhere.close(() => resolve()));
});

/** The record-reads and list-reads a wrong answer applies to. */
function appliesTo(answer: WrongAnswer, op: OperationSpec): boolean {
	if (answer.applies === 'all') return op.name !== 'campaign.setIndividualValidity';
	if (op.write) return false;
	return answer.applies === 'reads' || op.list;
}

async function runWith(op: OperationSpec, spec: IDataObject, continueOnFail = false) {
	ctx.reset();
	op.prepare?.(ctx.sandbox);
	ctx.inject({ ...spec, count: 10 });
	return await ctx.run(op.parameters(), undefined, { continueOnFail });
}

const CASES = OPERATIONS.flatMap((op) => NOT_DATA.filter((answer) => appliesTo(answer, op)).map((answer) => [op.name, answer.label, op, answer] as const));

describe('a 2xx that is not the data asked for', () => {
	it.each(CASES)('%s, %s: a clear error, no output, not repeated', async (_name, _label, op, answer) => {
		const run = await runWith(op, answer.spec as IDataObject);
		expect(run.leaks).toEqual([]);
		expect(run.error?.message).toMatch(answer.message);
		expect(run.error?.description ?? '').not.toMatch(/may (already )?have been applied/);
		expect(run.error?.context?.itemIndex).toBe(0);
		expect(run.items).toEqual([]);
		expect(run.log).toHaveLength(1);
	});

	it.each(CASES.filter(([, , op]) => !op.write))('%s, %s, Continue On Fail: the item carries the error', async (_name, _label, op, answer) => {
		const run = await runWith(op, answer.spec as IDataObject, true);
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(1);
		expect(String(run.items[0]?.json.error)).toMatch(answer.message);
		expect(run.items[0]?.pairedItem).toEqual({ item: 0 });
	});
});

describe('redirects to another origin', () => {
	it.each(OPERATIONS.flatMap((op) => REDIRECT_STATUSES.map((status) => [op.name, status, op] as const)))(
		'%s, HTTP %i: not followed, the other origin gets nothing, the error names where it pointed',
		async (_name, status, op) => {
			elsewhereRequests.length = 0;
			const run = await runWith(op, { kind: 'redirect', status, location: `${elsewhereUrl}/api/3.0/moved?token=secret-ish` });
			expect(elsewhereRequests).toEqual([]);
			expect(run.error?.message).toBe(
				`Annex Cloud answered with a redirect (HTTP ${status}) to ${elsewhereUrl}/api/3.0/moved, which was not followed`,
			);
			expect(JSON.stringify(run.error)).not.toContain('secret-ish');
			expect(run.log).toHaveLength(1);
			expect(run.items).toEqual([]);
		},
	);
});

describe('paging that lies', () => {
	// The sandbox pages the Get Many lists (eligible campaigns come in one answer).
	const PAGED = OPERATIONS.filter((op) => op.list && op.name.endsWith('getMany'));
	it.each(PAGED.flatMap((op) => LYING_PAGES.map((lie) => [op.name, lie.label, op, lie] as const)))(
		'%s, %s: an error that says what was seen, no partial output',
		async (_name, _label, op, lie) => {
			// Every list of the reliability sandbox has at least two pages of 5.
			const run = await runWith(op, { kind: 'transform', transform: lie.transform, count: 50 });
			expect(run.error?.message).toMatch(lie.message);
			expect(run.items).toEqual([]);
		},
	);
});

describe('the trigger', () => {
	const PARAMETERS = { event: 'campaignBecameActive' };

	async function pollWith(spec: IDataObject): Promise<void> {
		ctx.reset();
		const staticData: IDataObject = {};
		expect((await ctx.poll(PARAMETERS, staticData)).error).toBeUndefined();
		ctx.sandbox.store.setCampaignStatus('1002', 'active');
		ctx.inject({ ...spec, count: 50, match: { pathPrefix: '/campaign/active' } });
		const run = await ctx.poll(PARAMETERS, staticData);
		expect(run.error).toBeDefined();
		expect(run.result).toBeNull();
		expect(run.stateAfter).toBe(run.stateBefore);
		ctx.sandbox.faults.clear();
		// The next good poll emits the one activation: nothing re-floods.
		const next = await ctx.poll(PARAMETERS, staticData);
		expect((next.result?.[0] ?? []).map((item) => item.json.campaignId)).toEqual(['1002']);
	}

	it.each(NOT_DATA.map((answer) => [answer.label, answer] as const))('%s: the poll fails, nothing stored', async (_label, answer) => {
		await pollWith(answer.spec as IDataObject);
	});
	it.each(REDIRECT_STATUSES)('a %i redirect: the poll fails, nothing stored, nothing sent elsewhere', async (status) => {
		elsewhereRequests.length = 0;
		await pollWith({ kind: 'redirect', status, location: `${elsewhereUrl}/api/3.0/campaign/active` });
		expect(elsewhereRequests).toEqual([]);
	});
	it.each(LYING_PAGES.map((lie) => [lie.label, lie] as const))('%s: the poll fails, nothing stored', async (_label, lie) => {
		await pollWith({ kind: 'transform', transform: lie.transform });
	});
	it.each(['drop-ids', 'unknown-status'] as const)('records with %s: the poll fails, nothing stored', async (transform) => {
		await pollWith({ kind: 'transform', transform });
	});
});
