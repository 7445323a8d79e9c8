/* eslint-disable @n8n/community-nodes/no-restricted-globals -- tests measure time */
/**
 * The Annex Cloud Trigger's poll() inside n8n-core's real PollContext, against the local
 * sandbox over real HTTP.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { AnnexCloud } from '../../nodes/AnnexCloud/AnnexCloud.node';
import { AnnexCloudTrigger } from '../../nodes/AnnexCloud/AnnexCloudTrigger.node';
import { evenSample, MAX_CONFIRMATIONS } from '../../nodes/AnnexCloud/trigger/confirm';
import { pollDeadline } from '../../nodes/AnnexCloud/trigger/deadline';
import { FIELDS } from '../../nodes/AnnexCloud/transport/contract';
import { simplifyCampaign } from '../../nodes/AnnexCloud/helpers/simplify';
import { decodeIdSet } from '../../nodes/AnnexCloud/trigger/idSet';
import { parseApiDate, type SandboxCampaign } from '../../sandbox';
import { idsOf, itemsOf, jsonCopy, poll, sorted, startRig, STATIC_KEY, TRIGGER_TYPE, useRig, type TriggerRig } from './helpers';

const C = FIELDS.campaign;

function activeIds(rig: TriggerRig): string[] {
	return rig.sandbox.store.listCampaigns('active').map((campaign) => campaign[C.id]);
}

function storedActive(staticData: IDataObject): string[] {
	const node = staticData[STATIC_KEY] as IDataObject | undefined;
	const set = decodeIdSet(node?.active);
	if (!set) throw new Error('no stored active set');
	return sorted(set);
}

/** The stored sequence: event keys are `<campaign id>:<sequence>`, the sequence of the poll that emitted. */
function sequenceOf(staticData: IDataObject): number {
	return Number((staticData[STATIC_KEY] as IDataObject).sequence);
}

function apiPaths(rig: TriggerRig): string[] {
	return rig.sandbox.requests().map((entry) => `${entry.path}${entry.query.page ? `?page=${entry.query.page}` : ''}`);
}

describe('Annex Cloud Trigger: description', () => {
	const { description } = new AnnexCloudTrigger();

	it('is a polling trigger without its own poll times and is not usable as a tool', () => {
		expect(description.name).toBe('annexCloudTrigger');
		expect(description.displayName).toBe('Annex Cloud Trigger');
		expect(description.polling).toBe(true);
		expect(description.group).toEqual(['trigger']);
		expect(description.inputs).toEqual([]);
		expect(description.outputs).toEqual(['main']);
		expect(description.credentials).toEqual([{ name: 'annexCloudApi', required: true }]);
		expect(description.icon).toEqual({ light: 'file:annexcloud.svg', dark: 'file:annexcloud.dark.svg' });
		expect(description.subtitle).toBeTruthy();
		expect(description.usableAsTool).toBeUndefined();
		expect(description.properties.map((p) => p.name)).not.toContain('pollTimes');
	});

	it('reserves part of the poll budget for the last request', () => {
		expect(pollDeadline(1000, 5 * 60_000)).toBe(1000 + 4 * 60_000);
		expect(pollDeadline(1000, 1000)).toBe(1500);
		expect(pollDeadline(1000, 0)).toBe(1000 + 4 * 60_000);
	});
});

describe('Annex Cloud Trigger: polling the sandbox', () => {
	const rig = useRig({ campaigns: 9, pageSize: 2, seed: 3 });

	it('records what is active on the first poll, emits an activation once, then nothing', async () => {
		const staticData: IDataObject = {};
		expect(await poll(rig, {}, staticData)).toBeNull();
		expect(storedActive(staticData)).toEqual(sorted(activeIds(rig)));
		// every page was read
		expect(apiPaths(rig).filter((p) => p.startsWith('/api/3.0/campaign/active')).length).toBe(
			Math.ceil(activeIds(rig).length / 2),
		);

		expect(await poll(rig, {}, staticData)).toBeNull();
		const base = sequenceOf(staticData);

		rig.sandbox.store.setCampaignStatus('1002', 'active');
		const added = rig.sandbox.store.addCampaign({ [C.name]: 'Brand New' })[C.id];
		const result = await poll(rig, {}, staticData);
		expect(idsOf(result)).toEqual(['1002', added]);
		const [first] = itemsOf(result);
		expect(first).toMatchObject({
			event: 'campaignBecameActive',
			eventKey: `1002:${base + 1}`,
			campaignId: '1002',
			campaign: { id: '1002', status: 'active', isActive: true },
		});
		expect(new Date(String(first?.detectedAt)).toISOString()).toBe(first?.detectedAt);
		expect(result?.[0]?.[0]?.pairedItem).toEqual({ item: 0 });

		expect(await poll(rig, {}, staticData)).toBeNull();
		expect(storedActive(staticData)).toEqual(sorted(activeIds(rig)));
	});

	it('emits a campaign again when it is switched off and on again, with a new event key', async () => {
		const staticData: IDataObject = {};
		await poll(rig, {}, staticData);
		const base = sequenceOf(staticData);
		rig.sandbox.store.setCampaignStatus('1002', 'active');
		expect(itemsOf(await poll(rig, {}, staticData)).map((i) => i.eventKey)).toEqual([`1002:${base + 1}`]);
		rig.sandbox.store.setCampaignStatus('1002', 'inactive');
		// Nothing to emit, but the state changed: a run with no items, so that n8n saves it.
		expect(await poll(rig, {}, staticData)).toEqual([[]]);
		rig.sandbox.store.setCampaignStatus('1002', 'active');
		expect(itemsOf(await poll(rig, {}, staticData)).map((i) => i.eventKey)).toEqual([`1002:${base + 2}`]);
	});

	it('with "Emit Each Campaign Only Once" does not emit a re-activation', async () => {
		const parameters = { options: { emitOnce: true } };
		const staticData: IDataObject = {};
		await poll(rig, parameters, staticData);
		rig.sandbox.store.setCampaignStatus('1002', 'active');
		expect(idsOf(await poll(rig, parameters, staticData))).toEqual(['1002']);
		rig.sandbox.store.setCampaignStatus('1002', 'inactive');
		expect(await poll(rig, parameters, staticData)).toEqual([[]]);
		rig.sandbox.store.setCampaignStatus('1002', 'active');
		expect(await poll(rig, parameters, staticData)).toEqual([[]]);
		// A campaign that was already active at the start was never emitted: it is, once.
		rig.sandbox.store.setCampaignStatus('1001', 'inactive');
		expect(await poll(rig, parameters, staticData)).toEqual([[]]);
		rig.sandbox.store.setCampaignStatus('1001', 'active');
		expect(idsOf(await poll(rig, parameters, staticData))).toEqual(['1001']);
	});

	it('Start From "Include Campaigns Already Active" emits every active campaign on the first poll only', async () => {
		const parameters = { options: { startFrom: 'includeActive' } };
		const staticData: IDataObject = {};
		const first = await poll(rig, parameters, staticData);
		expect(sorted(idsOf(first))).toEqual(sorted(activeIds(rig)));
		expect(await poll(rig, parameters, staticData)).toBeNull();
	});

	it('filters by group id, group name and name, and records non-matching campaigns so a filter change does not flood', async () => {
		const group = rig.sandbox.store.listGroups('all')[1];
		if (!group) throw new Error('no group');
		const groupId = group[FIELDS.campaignGroup.id];
		const groupName = group[FIELDS.campaignGroup.name];
		const staticData: IDataObject = {};
		const byGroupId = { filters: { campaignGroup: groupId } };
		await poll(rig, byGroupId, staticData);

		const inGroup = rig.sandbox.store.addCampaign({ [C.groupId]: groupId, [C.name]: 'Summer Double Points' })[C.id];
		const otherGroup = rig.sandbox.store.listGroups('all').find((g) => g[FIELDS.campaignGroup.id] !== groupId);
		const outside = rig.sandbox.store.addCampaign({
			[C.groupId]: otherGroup?.[FIELDS.campaignGroup.id],
			[C.name]: 'Winter Points',
		})[C.id];
		expect(idsOf(await poll(rig, byGroupId, staticData))).toEqual([inGroup]);

		// The campaign outside the filter was recorded: widening the filter emits nothing.
		expect(await poll(rig, {}, staticData)).toBeNull();
		expect(storedActive(staticData)).toContain(outside);

		const byName = { filters: { campaignGroup: `  ${groupName.toUpperCase()} ` } };
		const third = rig.sandbox.store.addCampaign({ [C.groupId]: groupId, [C.name]: 'Autumn' })[C.id];
		expect(idsOf(await poll(rig, byName, staticData))).toEqual([third]);

		const nameContains = { filters: { nameContains: 'DOUBLE' } };
		const a = rig.sandbox.store.addCampaign({ [C.name]: 'Spring double points' })[C.id];
		rig.sandbox.store.addCampaign({ [C.name]: 'Spring single points' });
		expect(idsOf(await poll(rig, nameContains, staticData))).toEqual([a]);
	});

	it('the Campaign Group filter as a picker (From List, By ID) filters like the plain string older workflows saved (issue 17.4)', async () => {
		const groups = rig.sandbox.store.listGroups('all');
		const group = groups[1];
		const other = groups.find((g) => g[FIELDS.campaignGroup.id] !== group?.[FIELDS.campaignGroup.id]);
		if (!group || !other) throw new Error('not enough groups');
		const groupId = group[FIELDS.campaignGroup.id];
		const groupName = group[FIELDS.campaignGroup.name];
		const shapes = [
			['plain id (saved before the picker)', groupId],
			['plain name (saved before the picker)', groupName],
			['From List', { __rl: true, mode: 'list', value: groupId, cachedResultName: `${groupName} (${groupId})` }],
			['By ID', { __rl: true, mode: 'id', value: groupId }],
			['By ID with a number', { __rl: true, mode: 'id', value: Number(groupId) }],
		] as const;
		for (const [shape, value] of shapes) {
			const parameters = { filters: { campaignGroup: value } };
			const staticData: IDataObject = {};
			await poll(rig, parameters, staticData);
			const inGroup = rig.sandbox.store.addCampaign({ [C.groupId]: groupId, [C.name]: `In ${shape}` })[C.id];
			rig.sandbox.store.addCampaign({ [C.groupId]: other[FIELDS.campaignGroup.id], [C.name]: `Out ${shape}` });
			expect([shape, idsOf(await poll(rig, parameters, staticData))]).toEqual([shape, [inGroup]]);
		}
	});

	it('an empty Campaign Group picker filters nothing', async () => {
		const parameters = { filters: { campaignGroup: { __rl: true, mode: 'list', value: '' } } };
		const staticData: IDataObject = {};
		await poll(rig, parameters, staticData);
		const added = [rig.sandbox.store.addCampaign({ [C.name]: 'Any 1' })[C.id], rig.sandbox.store.addCampaign({ [C.name]: 'Any 2' })[C.id]];
		expect(sorted(idsOf(await poll(rig, parameters, staticData)))).toEqual(sorted(added));
	});

	it("the Campaign Group filter is the node's Campaign Group picker, with the same From List search", async () => {
		const filters = new AnnexCloudTrigger().description.properties.find((p) => p.name === 'filters');
		const picker = (filters?.options as INodeProperties[] | undefined)?.find((p) => p.name === 'campaignGroup');
		const nodePicker = new AnnexCloud().description.properties.find((p) => p.name === 'campaignGroupId');
		expect(picker).toMatchObject({ type: 'resourceLocator', displayName: 'Campaign Group', default: { mode: 'list', value: '' } });
		expect(picker?.required).toBeFalsy();
		expect(picker?.modes).toEqual(nodePicker?.modes);
		const fromTrigger = await rig.harness.listSearch(TRIGGER_TYPE, 'searchCampaignGroups');
		const groups = rig.sandbox.store.listGroups('all');
		expect(fromTrigger.results.length).toBeGreaterThan(0);
		expect(fromTrigger.results).toEqual(
			groups.slice(0, fromTrigger.results.length).map((g) => ({
				name: `${g[FIELDS.campaignGroup.name]} (${g[FIELDS.campaignGroup.id]})`,
				value: g[FIELDS.campaignGroup.id],
			})),
		);
	});

	it('returns the raw campaign when Simplify is off', async () => {
		const staticData: IDataObject = {};
		await poll(rig, { simplify: false }, staticData);
		const added = rig.sandbox.store.addCampaign({ [C.name]: 'Raw', vendorExtra: { a: 1 } });
		const [item] = itemsOf(await poll(rig, { simplify: false }, staticData));
		expect(item?.campaign).toEqual(added);
		expect(simplifyCampaign(added as IDataObject)).not.toEqual(added);
	});

	describe('manual mode ("Fetch Test Event")', () => {
		function expectedSamples(filter: (c: SandboxCampaign) => boolean = () => true): string[] {
			return rig.sandbox.store
				.listCampaigns('active')
				.filter(filter)
				.map((c) => ({ id: c[C.id], start: parseApiDate(c[C.dateFrom]) ?? 0 }))
				.sort((a, b) => b.start - a.start || Number(b.id) - Number(a.id))
				.slice(0, 3)
				.map((c) => c.id);
		}

		it('returns up to three of the most recently started active campaigns and touches no state', async () => {
			const fresh: IDataObject = {};
			const result = await poll(rig, {}, fresh, { mode: 'manual' });
			expect(idsOf(result)).toEqual(expectedSamples());
			expect(idsOf(result)).toHaveLength(3);
			expect(fresh).toEqual({});
			expect(itemsOf(result)[0]).toMatchObject({ event: 'campaignBecameActive', eventKey: `${idsOf(result)[0]}:test` });

			const staticData: IDataObject = {};
			await poll(rig, {}, staticData);
			const before = jsonCopy(staticData);
			rig.sandbox.store.setCampaignStatus('1002', 'active');
			const late = rig.sandbox.store.addCampaign({
				[C.dateFrom]: '2099-01-01T00:00:00+0000',
				[C.dateTo]: '2099-12-31T00:00:00+0000',
			})[C.id];
			const manual = await poll(rig, {}, staticData, { mode: 'manual' });
			expect(idsOf(manual)[0]).toBe(late);
			expect(staticData).toEqual(before);
			// The real poll still sees both activations.
			expect(sorted(idsOf(await poll(rig, {}, staticData)))).toEqual(sorted(['1002', late]));
		});

		it('applies the filters to the samples', async () => {
			await expect(poll(rig, { filters: { nameContains: 'sandbox campaign' } }, {}, { mode: 'manual' })).rejects.toThrow(
				'No active campaigns found in Annex Cloud that match the filters',
			);
			const added = rig.sandbox.store.addCampaign({})[C.id];
			const filtered = await poll(rig, { filters: { nameContains: 'SANDBOX CAMPAIGN' } }, {}, { mode: 'manual' });
			expect(idsOf(filtered)).toEqual([added]);
		});

		it('throws a clear error when no campaign is active', async () => {
			for (const id of activeIds(rig)) rig.sandbox.store.setCampaignStatus(id, 'inactive');
			const staticData: IDataObject = {};
			const error = await poll(rig, {}, staticData, { mode: 'manual' }).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect((error as Error).message).toBe('No active campaigns found in Annex Cloud');
			expect(staticData).toEqual({});
			rig.sandbox.store.addCampaign({ [C.name]: 'Winter' });
			const filtered = await poll(rig, { filters: { nameContains: 'summer' } }, staticData, { mode: 'manual' }).catch(
				(e: unknown) => e,
			);
			expect((filtered as Error).message).toBe('No active campaigns found in Annex Cloud that match the filters');
		});
	});

	describe('failures', () => {
		it('a 500 on page 2 (after retries) throws NodeApiError, changes nothing, and the next poll still emits', async () => {
			const staticData: IDataObject = {};
			await poll(rig, {}, staticData);
			rig.sandbox.store.setCampaignStatus('1002', 'active');
			const before = jsonCopy(staticData);
			rig.sandbox.clearLog();
			const match = { pathPrefix: '/campaign/active' };
			rig.sandbox.faults.inject({ kind: 'latency', latencyMs: 0, count: 1, match }); // page 1 passes
			rig.sandbox.faults.inject({ status: 500, count: 4, match }); // page 2 fails, every retry too
			const error = await poll(rig, {}, staticData).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(NodeApiError);
			expect((error as NodeApiError).httpCode).toBe('500');
			expect(staticData).toEqual(before);
			expect(apiPaths(rig).filter((p) => p.endsWith('page=2'))).toHaveLength(4);
			expect(idsOf(await poll(rig, {}, staticData))).toEqual(['1002']);
		});

		it('a non-retryable 401 on the last page fails the poll at once and changes nothing', async () => {
			const staticData: IDataObject = {};
			await poll(rig, {}, staticData);
			rig.sandbox.store.setCampaignStatus('1002', 'active');
			const before = jsonCopy(staticData);
			const pages = Math.ceil(activeIds(rig).length / 2);
			const match = { pathPrefix: '/campaign/active' };
			rig.sandbox.faults.inject({ kind: 'latency', latencyMs: 0, count: pages - 1, match });
			rig.sandbox.faults.inject({ status: 401, match });
			const error = await poll(rig, {}, staticData).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(NodeApiError);
			expect(staticData).toEqual(before);
			expect(idsOf(await poll(rig, {}, staticData))).toEqual(['1002']);
		});

		it('a lookup of a missing campaign that fails fails the poll and changes nothing', async () => {
			const staticData: IDataObject = {};
			await poll(rig, {}, staticData);
			rig.sandbox.store.setCampaignStatus('1001', 'inactive');
			const before = jsonCopy(staticData);
			rig.sandbox.faults.inject({ status: 403, match: { pathPrefix: '/campaign/1001' } });
			await expect(poll(rig, {}, staticData)).rejects.toBeInstanceOf(NodeApiError);
			expect(staticData).toEqual(before);
			expect(await poll(rig, {}, staticData)).toEqual([[]]);
			expect(storedActive(staticData)).not.toContain('1001');
		});

		it('stops with an error instead of emitting a partial view when the poll budget runs out', async () => {
			const staticData: IDataObject = {};
			await poll(rig, {}, staticData);
			rig.sandbox.store.setCampaignStatus('1002', 'active');
			const before = jsonCopy(staticData);
			rig.sandbox.faults.inject({ kind: 'latency', latencyMs: 150, count: 1, match: { pathPrefix: '/campaign/active' } });
			const error = await poll(rig, {}, staticData, { pollBudgetMs: 100 }).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect((error as Error).message).toMatch(/longer than the time allowed/);
			expect(staticData).toEqual(before);
			expect(idsOf(await poll(rig, {}, staticData))).toEqual(['1002']);
		});
	});

	it('survives a restart (static data through JSON)', async () => {
		let staticData: IDataObject = {};
		await poll(rig, { options: { emitOnce: true } }, staticData);
		staticData = jsonCopy(staticData);
		rig.sandbox.store.setCampaignStatus('1002', 'active');
		expect(idsOf(await poll(rig, { options: { emitOnce: true } }, staticData))).toEqual(['1002']);
		staticData = jsonCopy(staticData);
		rig.sandbox.store.setCampaignStatus('1002', 'inactive');
		expect(await poll(rig, { options: { emitOnce: true } }, staticData)).toEqual([[]]);
		staticData = jsonCopy(staticData);
		rig.sandbox.store.setCampaignStatus('1002', 'active');
		expect(await poll(rig, { options: { emitOnce: true } }, staticData)).toEqual([[]]);
	});

	it('a poll that runs twice on the same state emits the same events with the same keys', async () => {
		const staticData: IDataObject = {};
		await poll(rig, {}, staticData);
		rig.sandbox.store.setCampaignStatus('1002', 'active');
		const copy = jsonCopy(staticData);
		const base = sequenceOf(copy);
		const once = itemsOf(await poll(rig, {}, staticData)).map((i) => i.eventKey);
		const twice = itemsOf(await poll(rig, {}, copy)).map((i) => i.eventKey);
		expect(once).toEqual([`1002:${base + 1}`]);
		expect(twice).toEqual(once);
		expect(copy).toEqual(staticData);
	});

	it('does not write static data when nothing changed', async () => {
		// n8n's Workflow wraps static data in an ObservableObject that raises __dataChanged on
		// every write (and resets it when the poll context is built).
		const changed = (data: IDataObject): unknown => (data as { __dataChanged?: unknown }).__dataChanged;
		const staticData: IDataObject = {};
		await poll(rig, {}, staticData);
		await poll(rig, {}, staticData);
		expect(changed(staticData)).toBe(false);
		rig.sandbox.store.setCampaignStatus('1001', 'inactive');
		await poll(rig, {}, staticData);
		expect(changed(staticData)).toBe(true);
		await poll(rig, {}, staticData);
		expect(changed(staticData)).toBe(false);
	});

	it('starts over (as a first poll) when the stored state is unreadable', async () => {
		const staticData: IDataObject = { [STATIC_KEY]: { version: 99, junk: true } };
		expect(await poll(rig, {}, staticData)).toBeNull();
		expect(storedActive(staticData)).toEqual(sorted(activeIds(rig)));
		expect(Object.keys(staticData[STATIC_KEY] as IDataObject).sort()).toEqual(['active', 'sequence', 'version']);
	});

	it(`looks up every missing campaign up to ${MAX_CONFIRMATIONS}, and an even sample of ${MAX_CONFIRMATIONS} beyond`, async () => {
		const staticData: IDataObject = {};
		for (let i = 0; i < MAX_CONFIRMATIONS + 1; i++) rig.sandbox.store.addCampaign({});
		await poll(rig, {}, staticData);
		const ids = activeIds(rig);
		for (const id of ids.slice(0, 2)) rig.sandbox.store.setCampaignStatus(id, 'inactive');
		rig.sandbox.clearLog();
		await poll(rig, {}, staticData);
		expect(apiPaths(rig).filter((p) => /\/campaign\/\d+$/.test(p))).toEqual(ids.slice(0, 2).map((id) => `/api/3.0/campaign/${id}`));
		const gone = sorted(ids.slice(2, 3 + MAX_CONFIRMATIONS));
		for (const id of gone) rig.sandbox.store.setCampaignStatus(id, 'inactive');
		rig.sandbox.clearLog();
		await poll(rig, {}, staticData);
		expect(apiPaths(rig).filter((p) => /\/campaign\/\d+$/.test(p))).toEqual(
			evenSample(gone, MAX_CONFIRMATIONS).map((id) => `/api/3.0/campaign/${id}`),
		);
		expect(storedActive(staticData)).toEqual(sorted(activeIds(rig)));
	});
});

describe('Annex Cloud Trigger: a campaign skipped because the list changed between pages', () => {
	let rig: TriggerRig;
	let onRequest: ((line: string) => void) | undefined;

	beforeAll(async () => {
		rig = await startRig({ campaigns: 0, pageSize: 2, logger: (line) => onRequest?.(line) });
	});
	afterAll(async () => {
		await rig.close();
	});

	it('is looked up, stays recorded as active, and is not emitted again later', async () => {
		const ids = [1, 2, 3, 4, 5].map(() => rig.sandbox.store.addCampaign({})[C.id]);
		const staticData: IDataObject = {};
		await poll(rig, {}, staticData);
		expect(storedActive(staticData)).toEqual(ids);

		// While the trigger reads page 1 ([1,2]), campaign 1 is switched off: page 2 is now
		// [4,5], so campaign 3 is in neither page this time.
		onRequest = (line) => {
			// The first page is asked for without ?page=1.
			if (line.includes('/campaign/active -> ')) {
				onRequest = undefined;
				rig.sandbox.store.setCampaignStatus(ids[0] as string, 'inactive');
			}
		};
		rig.sandbox.clearLog();
		expect(await poll(rig, {}, staticData)).toBeNull();
		// Campaign 1 was read while still active; campaign 3 was looked up and kept.
		expect(apiPaths(rig)).toContain(`/api/3.0/campaign/${ids[2]}`);
		expect(storedActive(staticData)).toEqual(ids);
		// Next poll: campaign 1 is really off (a change to save: a run with no items); campaign 3
		// is listed and is not emitted again.
		expect(await poll(rig, {}, staticData)).toEqual([[]]);
		expect(storedActive(staticData)).toEqual(ids.slice(1));
		expect(await poll(rig, {}, staticData)).toBeNull();
	});
});

describe('Annex Cloud Trigger: state size', () => {
	let rig: TriggerRig;

	beforeAll(async () => {
		rig = await startRig({ campaigns: 12_500, pageSize: 1000, seed: 11 });
	});
	afterAll(async () => {
		await rig.close();
	});

	it('stays under 150 KB with about 10,000 active campaigns (default and "once" mode)', async () => {
		const active = activeIds(rig).length;
		expect(active).toBeGreaterThanOrEqual(9_500);

		const staticData: IDataObject = {};
		const started = Date.now();
		await poll(rig, {}, staticData);
		const elapsed = Date.now() - started;
		const size = JSON.stringify(staticData[STATIC_KEY]).length;

		const onceData: IDataObject = {};
		const first = await poll(rig, { options: { emitOnce: true, startFrom: 'includeActive' } }, onceData);
		expect(itemsOf(first)).toHaveLength(active);
		const onceSize = JSON.stringify(onceData[STATIC_KEY]).length;

		process.stdout.write(
			`[trigger state size] ${active} active campaigns (ids scattered over 1001..${1000 + 12_500}): ` +
				`${size} characters by default, ${onceSize} with "once" mode; first poll ${elapsed} ms\n`,
		);
		expect(size).toBeLessThan(150_000);
		expect(onceSize).toBeLessThan(150_000);
		expect(storedActive(staticData)).toHaveLength(active);
	});
});

describe('Annex Cloud Trigger: n8n reuses one poll context for every poll of an activation', () => {
	let rig: TriggerRig;

	beforeAll(async () => {
		rig = await startRig({ campaigns: 3 });
	});
	afterAll(async () => {
		await rig.close();
	});

	it('reads the credential again at each poll: a changed secret takes effect at the next poll', async () => {
		const staticData: IDataObject = {};
		// As in n8n (ActiveWorkflowTriggers): one context, polled again and again.
		const context = rig.harness.pollContext(TRIGGER_TYPE, {}, staticData, { mode: 'trigger', activation: 'activate' });
		const original = rig.harness.credentials;
		try {
			expect(await rig.trigger.poll.call(context)).toBeNull();
			const decrypted = rig.harness.credentialsHelper.decryptCount;

			rig.harness.credentials = { ...original, sharedSecret: 'rotated-but-wrong-secret' };
			rig.sandbox.clearLog();
			await expect(rig.trigger.poll.call(context)).rejects.toThrow(/401|signature|secret/i);
			expect(rig.sandbox.requests().map((entry) => entry.authError)).toContain('INVALID_SIGNATURE');

			rig.harness.credentials = original;
			rig.sandbox.store.addCampaign({});
			const third = await rig.trigger.poll.call(context);
			expect(third?.[0]).toHaveLength(1);
			// Once per poll, not once per activation.
			expect(rig.harness.credentialsHelper.decryptCount).toBe(decrypted + 2);
		} finally {
			rig.harness.credentials = original;
		}
	});
});
