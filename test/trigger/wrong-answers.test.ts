/**
 * The trigger against answers that are not the data asked for (issue: "hold against a
 * misbehaving API"): every such poll fails, emits nothing and stores nothing, and the next
 * good poll emits nothing that was already active (no re-flood). Also: what n8n really
 * persists (the restart timeline), hostile static-data keys, event keys after a state reset.
 * Every poll is the node's real poll() in n8n-core's PollContext over real HTTP.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { FIELDS } from '../../nodes/AnnexCloud/transport/contract';
import type { FaultSpec } from '../../sandbox';
import { idsOf, itemsOf, jsonCopy, N8nStaticData, poll, startRig, STATIC_KEY, useRig } from './helpers';

const C = FIELDS.campaign;
const ACTIVE = { pathPrefix: '/campaign/active' };

const rig = useRig({ campaigns: 9, pageSize: 2, seed: 3 });

function activeIds(): string[] {
	return rig.sandbox.store.listCampaigns('active').map((campaign) => campaign[C.id]);
}

/** A first poll, then one campaign switched on that the next good poll must emit (and nothing else). */
async function recorded(): Promise<IDataObject> {
	const staticData: IDataObject = {};
	expect(await poll(rig, {}, staticData)).toBeNull();
	rig.sandbox.store.setCampaignStatus('1002', 'active');
	return staticData;
}

async function expectRefused(staticData: IDataObject, fault: FaultSpec | FaultSpec[], message: RegExp): Promise<void> {
	const before = jsonCopy(staticData);
	for (const spec of Array.isArray(fault) ? fault : [fault]) rig.sandbox.faults.inject(spec);
	const error = await poll(rig, {}, staticData).catch((e: unknown) => e);
	rig.sandbox.faults.clear();
	expect(error instanceof NodeApiError || error instanceof NodeOperationError).toBe(true);
	expect((error as Error).message).toMatch(message);
	// Nothing stored, not even in memory.
	expect(staticData).toEqual(before);
	// The next good poll emits exactly the one activation: no re-flood.
	expect(idsOf(await poll(rig, {}, staticData))).toEqual(['1002']);
}

const body = (text: string, status = 200): FaultSpec => ({ kind: 'body', body: text, status, match: ACTIVE });

describe('a 2xx answer that is not a campaign list', () => {
	it.each([
		['an Annex error body', '{"errorCode":"AC1001","errorMessage":"Oops! Something went wrong"}', /AC1001/],
		['null', 'null', /null, where a list was expected/],
		['{}', '{}', /an empty object \{\}, where a list was expected/],
		['a number', '42', /the number 42/],
		['a string', '"ok"', /the text "ok"/],
		['an object without a list', '{"pages":"1","currentPage":"1"}', /where a list was expected/],
		['an errorMessage alone', '{"errorMessage":"Request Not Authorized"}', /Request Not Authorized/],
	])('%s: the poll fails, nothing is stored, nothing floods', async (_label, text, message) => {
		await expectRefused(await recorded(), body(text), message);
	});

	it('an HTML page with 200: the poll fails, nothing is stored', async () => {
		// A read retries an unreadable answer: the page answers HTML to every attempt.
		await expectRefused(
			await recorded(),
			{ ...body('<html><body>Maintenance</body></html>'), contentType: 'text/html', count: 4 },
			/not valid JSON/,
		);
	});

	it.each([
		['records without ids', 'drop-ids', /have no campaignId/],
		['status words the node does not know', 'unknown-status', /status words this node does not know \(campaign \d+: "LIVE"/],
	] as const)('%s: the poll fails and says what it saw', async (_label, transform, message) => {
		await expectRefused(await recorded(), { kind: 'transform', transform, match: ACTIVE }, message);
	});
});

describe('paging that lies', () => {
	it.each([
		['a server that ignores ?page', 'ignore-page', /came again on page 2 after page 1/],
		['a page that repeats the previous one', 'repeat-previous-page', /came again on page 2 after page 1/],
		['currentPage stuck at 1', 'stuck-current-page', /page 2 was asked for, and the answer says it is page 1/],
		['pages counted from 0', 'zero-based-pages', /page 1 was asked for, and the answer says it is page 0/],
		['an empty page before the last', 'empty-page', /page 2 of the \d+ pages announced had no records/],
	] as const)('%s: an error that says what was seen; nothing stored', async (_label, transform, message) => {
		const staticData = await recorded();
		// zero-based is wrong from the first page; the others from page 2 on.
		const first = transform === 'zero-based-pages' ? [] : [{ kind: 'latency' as const, latencyMs: 0, count: 1, match: ACTIVE }];
		await expectRefused(staticData, [...first, { kind: 'transform', transform, count: 20, match: ACTIVE }], message);
	});

	it('a list that never ends: an error, never a partial list', async () => {
		// endless pages over a list whose records run out: the first empty page is refused.
		await expectRefused(await recorded(), { kind: 'transform', transform: 'endless-pages', count: 100, match: ACTIVE }, /had no records|more than/);
	});
});

describe('an active list that suddenly lost many campaigns', () => {
	it('an empty answer while a few campaigns are still active: each is looked up and kept, nothing floods', async () => {
		const staticData = await recorded();
		const active = activeIds().filter((id) => id !== '1002');
		rig.sandbox.faults.inject({ kind: 'transform', transform: 'empty-list', match: ACTIVE });
		// 1002 is not in the (empty) list: it is not emitted now, and is after the list is back.
		expect(await poll(rig, {}, staticData)).toBeNull();
		expect(rig.sandbox.requests().filter((entry) => entry.route === 'getCampaign')).toHaveLength(active.length);
		expect(idsOf(await poll(rig, {}, staticData))).toEqual(['1002']);
	});

	it.each([
		['an empty list', { kind: 'transform', transform: 'empty-list', match: ACTIVE } as FaultSpec],
		['"No data found" (AC1005)', { kind: 'body', status: 404, body: '{"errorCode":"AC1005","errorMessage":"No data found"}', match: ACTIVE } as FaultSpec],
	])('%s while many campaigns are still active is not believed (sampled look-ups)', async (_label, fault) => {
		const many = await startRig({ campaigns: 40, pageSize: 10, seed: 3 });
		try {
			const staticData: IDataObject = {};
			await poll(many, {}, staticData);
			expect(many.sandbox.store.listCampaigns('active').length).toBeGreaterThan(10);
			const before = jsonCopy(staticData);
			many.sandbox.faults.inject(fault);
			const error = await poll(many, {}, staticData).catch((e: unknown) => e);
			expect((error as Error).message).toMatch(/left out \d+ campaigns that were active, but campaign \d+ is still active/);
			expect(staticData).toEqual(before);
			expect(await poll(many, {}, staticData)).toBeNull();
		} finally {
			await many.close();
		}
	});

	it('a real mass deactivation is committed, and a later re-activation is emitted', async () => {
		const staticData: IDataObject = {};
		await poll(rig, {}, staticData);
		const before = activeIds();
		expect(before.length).toBeGreaterThan(3);
		for (const id of before) rig.sandbox.store.setCampaignStatus(id, 'inactive');
		expect(await poll(rig, {}, staticData)).toEqual([[]]);
		expect((staticData[STATIC_KEY] as IDataObject).active).toEqual({});
		rig.sandbox.store.setCampaignStatus(before[0] as string, 'active');
		expect(idsOf(await poll(rig, {}, staticData))).toEqual([before[0]]);
	});
});

describe('look-ups of campaigns missing from the list', () => {
	const lookup = (text: string, status = 200): FaultSpec => ({ kind: 'body', status, body: text, match: { pathPrefix: '/campaign/1001' } });

	async function oneMissing(): Promise<IDataObject> {
		const staticData: IDataObject = {};
		await poll(rig, {}, staticData);
		rig.sandbox.store.setCampaignStatus('1001', 'inactive');
		return staticData;
	}

	it.each([
		['{}', lookup('{}'), /an empty object/],
		['null', lookup('null'), /null, where a record was expected/],
		['another campaign', lookup('{"campaignId":"1009","campaignStatus":"active"}'), /look-up of campaign 1001 with campaign 1009/],
		['an unknown status word', lookup('{"campaignId":"1001","campaignStatus":"LIVE"}'), /status "LIVE", which this node does not know/],
		['a 404 without an Annex error body', lookup('<html>Not Found</html>', 404), /could not find|HTTP 404/],
		['an Annex error body with 200', lookup('{"errorCode":"AC1001","errorMessage":"Oops"}'), /AC1001/],
	])('%s: the poll fails and stores nothing', async (_label, fault, message) => {
		const staticData = await oneMissing();
		const before = jsonCopy(staticData);
		rig.sandbox.faults.inject(fault);
		const error = await poll(rig, {}, staticData).catch((e: unknown) => e);
		expect((error as Error).message).toMatch(message);
		expect(staticData).toEqual(before);
	});

	it('"No data found" (AC1005, 404 or 400) means the campaign is gone', async () => {
		for (const status of [404, 400]) {
			const staticData = await oneMissing();
			rig.sandbox.faults.inject(lookup('{"errorCode":"AC1005","errorMessage":"No data found"}', status));
			expect(await poll(rig, {}, staticData)).toEqual([[]]);
			expect(idsOf(await poll(rig, {}, staticData))).toEqual([]);
			rig.sandbox.store.reset();
		}
	});
});

describe('redirects', () => {
	it.each([301, 302, 307, 308])('a %i on the list is not followed: the poll fails and stores nothing', async (status) => {
		await expectRefused(
			await recorded(),
			{ kind: 'redirect', status, location: 'http://127.0.0.1:9/elsewhere?token=abc', match: ACTIVE },
			new RegExp(`redirect \\(HTTP ${status}\\) to http://127.0.0.1:9/elsewhere, which was not followed`),
		);
	});
});

describe('what n8n really persists', () => {
	it('a campaign switched off, n8n restarted, switched on before the next poll: emitted (the issue timeline)', async () => {
		const n8n = new N8nStaticData();
		// X active and recorded (the activation poll is saved by n8n).
		expect(await n8n.poll(rig, {})).toBeNull();
		expect(activeIds()).toContain('1001');
		// X switched off; one poll runs and emits nothing.
		rig.sandbox.store.setCampaignStatus('1001', 'inactive');
		expect(itemsOf(await n8n.poll(rig, {}))).toEqual([]);
		// n8n restarts; X is switched on before the first poll after the restart.
		n8n.restart();
		rig.sandbox.store.setCampaignStatus('1001', 'active');
		expect(idsOf(await n8n.poll(rig, {}))).toEqual(['1001']);
	});

	it('a steady poll stores nothing and returns null; a change with nothing to emit is saved by a run with no items', async () => {
		const n8n = new N8nStaticData();
		await n8n.poll(rig, {});
		expect(await n8n.poll(rig, {})).toBeNull();
		rig.sandbox.store.setCampaignStatus('1001', 'inactive');
		expect(await n8n.poll(rig, {})).toEqual([[]]);
		expect(n8n.persisted).toEqual(n8n.memory);
		expect(await n8n.poll(rig, {})).toBeNull();
	});
});

describe('static data', () => {
	it('hostile own keys (__proto__, constructor) are removed and the state is rewritten', async () => {
		const staticData: IDataObject = {};
		await poll(rig, {}, staticData);
		const stored = JSON.parse(
			`{"__proto__":{"polluted":true},"constructor":"x","toString":1,${JSON.stringify(staticData[STATIC_KEY]).slice(1)}`,
		) as IDataObject;
		const data: IDataObject = { [STATIC_KEY]: stored };
		expect(Object.keys(stored)).toEqual(expect.arrayContaining(['__proto__', 'constructor', 'toString']));
		await poll(rig, {}, data);
		const node = data[STATIC_KEY] as IDataObject;
		expect(Object.keys(node).sort()).toEqual(['active', 'sequence', 'version']);
		expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
	});

	it('event keys stay unique for a later activation after the state was reset', async () => {
		const first: IDataObject = {};
		await poll(rig, {}, first);
		rig.sandbox.store.setCampaignStatus('1002', 'active');
		const [before] = itemsOf(await poll(rig, {}, first)).map((item) => item.eventKey);
		// The state is reset (a renamed node, a corrupt state) and the campaign goes off and on again.
		const reset: IDataObject = {};
		await poll(rig, {}, reset);
		rig.sandbox.store.setCampaignStatus('1002', 'inactive');
		await poll(rig, {}, reset);
		rig.sandbox.store.setCampaignStatus('1002', 'active');
		const [after] = itemsOf(await poll(rig, {}, reset)).map((item) => item.eventKey);
		expect(after).toMatch(/^1002:\d+$/);
		expect(after).not.toBe(before);
	});
});

describe('ids beyond 2^53', () => {
	it('two campaigns whose ids differ beyond double precision stay two campaigns', async () => {
		const list = JSON.stringify({ allCampaignDetails: [], pages: '1', currentPage: '1' }).replace(
			'[]',
			'[{"campaignId":9007199254740993,"campaignName":"A","campaignStatus":"active"},{"campaignId":9007199254740992,"campaignName":"B","campaignStatus":"active"}]',
		);
		rig.sandbox.faults.inject({ kind: 'body', body: list, match: ACTIVE });
		const result = await poll(rig, { options: { startFrom: 'includeActive' } }, {});
		expect(idsOf(result).sort()).toEqual(['9007199254740992', '9007199254740993']);
	});
});
