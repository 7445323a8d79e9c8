/* eslint-disable @n8n/community-nodes/no-restricted-globals -- tests print measurements */
/**
 * The trigger's pure modules: the compact id set, the state machine, sample selection.
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { FIELDS } from '../../nodes/AnnexCloud/transport/contract';
import { compareCampaignIds, decodeIdSet, encodeIdSet, MAX_DECODED_IDS } from '../../nodes/AnnexCloud/trigger/idSet';
import { advance } from '../../nodes/AnnexCloud/trigger/advance';
import { parseApiDateMs } from '../../nodes/AnnexCloud/trigger/dates';
import { pickSamples } from '../../nodes/AnnexCloud/trigger/samples';
import {
	activeCampaigns,
	canonicalJson,
	isUnchanged,
	matchesFilters,
	parseState,
	pruneEmitted,
	serializeState,
	type TriggerOptions,
	type TriggerState,
} from '../../nodes/AnnexCloud/trigger/state';
import { toEventItems } from '../../nodes/AnnexCloud/trigger/output';

const C = FIELDS.campaign;
const DEFAULTS: TriggerOptions = { startFrom: 'now', emitOnce: false, filters: {} };

function campaign(id: string | number, extra: IDataObject = {}): IDataObject {
	return { [C.id]: id, [C.name]: `Campaign ${id}`, [C.status]: 'active', ...extra };
}

function ids(result: { emitted: Array<{ campaignId: string }> }): string[] {
	return result.emitted.map((e) => e.campaignId);
}

/** Through the stored form and JSON, as n8n keeps it. */
function roundTrip(state: TriggerState): TriggerState {
	const parsed = parseState(JSON.parse(JSON.stringify(serializeState(state))));
	if (!parsed) throw new Error('state did not survive a round trip');
	return parsed;
}

const idArbitrary = fc.oneof(
	fc.nat({ max: 3000 }).map(String),
	fc.nat({ max: 999_999_999_999_999 }).map(String),
	fc.constantFrom('0', '00', '01', '1e3', '-1', '1.5', '9999999999999999', 'active', 'ünï', 'a,b', 'x.y', ' 7'),
	fc.string({ minLength: 1, maxLength: 8 }),
);

describe('compact id set', () => {
	it('round-trips any set of ids exactly, through JSON, whatever the order', () => {
		fc.assert(
			fc.property(fc.array(idArbitrary, { maxLength: 60 }), (list) => {
				const encoded = encodeIdSet(list);
				const decoded = decodeIdSet(JSON.parse(JSON.stringify(encoded)));
				expect(decoded).toEqual(new Set(list));
				expect(encodeIdSet([...list].reverse())).toEqual(encoded);
			}),
			{ numRuns: 500 },
		);
	});

	it('writes runs of numbers in base 36', () => {
		expect(encodeIdSet([])).toEqual({});
		expect(encodeIdSet(['1001', '1002', '1003', '1004', '1005', '1006', '1007', '1008', '1009', '1010', '1013'])).toEqual({
			n: 'rt.9,2',
		});
		expect(encodeIdSet(['0', '5', '6', 'abc', '007'])).toEqual({ n: '0,4.1', s: ['007', 'abc'] });
	});

	it('refuses corrupt encodings instead of guessing', () => {
		for (const bad of [null, 'x', [], { n: 5 }, { n: 'A' }, { n: '1..2' }, { s: 'x' }, { s: [''] }, { s: [1] }, { n: 'zzzzzzzzzzz' }]) {
			expect(decodeIdSet(bad)).toBeUndefined();
		}
		expect(decodeIdSet({ n: `0.${(MAX_DECODED_IDS + 1).toString(36)}` })).toBeUndefined();
		expect(decodeIdSet({ n: '' })).toEqual(new Set());
	});

	it('orders numbers by value, before other ids', () => {
		expect(['b', '10', '9', '010', 'a', '100'].sort(compareCampaignIds)).toEqual(['9', '10', '100', '010', 'a', 'b']);
	});

	it('measures 10,000 ids', () => {
		const random = fc.sample(fc.nat({ max: 1_000_000_000 }), { numRuns: 10_000, seed: 42 });
		const cases: Array<[string, string[]]> = [
			['consecutive 1001..11000', Array.from({ length: 10_000 }, (_, i) => String(1001 + i))],
			['80% of 1001..13500', Array.from({ length: 12_500 }, (_, i) => String(1001 + i)).filter((_, i) => i % 5 !== 3)],
			['random in 0..1e9', random.map(String)],
			['UUIDs', Array.from({ length: 10_000 }, (_, i) => `3f2504e0-4f89-11d3-9a0c-${String(i).padStart(12, '0')}`)],
		];
		const lines = cases.map(([name, list]) => {
			const size = JSON.stringify(encodeIdSet(list)).length;
			if (!name.startsWith('UUID')) expect(size).toBeLessThan(75_000);
			return `${name}: ${size} characters`;
		});
		process.stdout.write(`[id set size, 10,000 ids] ${lines.join('; ')}\n`);
	});
});

describe('state machine', () => {
	it('first poll: records everything, emits nothing by default, everything with Start From include', () => {
		const list = [campaign(1), campaign(2)];
		const now = advance(undefined, list, DEFAULTS);
		expect(now.emitted).toEqual([]);
		expect(now.initial).toBe(true);
		expect(now.state).toEqual({ sequence: 0, active: new Set(['1', '2']) });
		const include = advance(undefined, list, { ...DEFAULTS, startFrom: 'includeActive' });
		expect(ids(include)).toEqual(['1', '2']);
		expect(include.emitted.map((e) => e.eventKey)).toEqual(['1:1', '2:1']);
	});

	it('emits what became active, with keys that change per activation', () => {
		let state = advance(undefined, [campaign(1)], DEFAULTS).state;
		const second = advance(state, [campaign(1), campaign(2)], DEFAULTS);
		expect(second.emitted.map((e) => e.eventKey)).toEqual(['2:1']);
		state = advance(second.state, [campaign(1)], DEFAULTS).state;
		expect(state.sequence).toBe(1);
		const again = advance(state, [campaign(1), campaign(2)], DEFAULTS);
		expect(again.emitted.map((e) => e.eventKey)).toEqual(['2:2']);
	});

	it('ignores records without an id, duplicates, and records whose own status is not active', () => {
		const list = [campaign(1), campaign(1, { [C.name]: 'dup' }), { [C.name]: 'no id' }, campaign(2, { [C.status]: 'inactive' }), campaign(3, { [C.status]: undefined }), campaign(4, { [C.status]: 'ON' })];
		expect(activeCampaigns(list).map((c) => c.id)).toEqual(['1', '3', '4']);
		expect(activeCampaigns(list)[0]?.record[C.name]).toBe('Campaign 1');
	});

	it('filters by group id or name and by name, case-insensitively', () => {
		const record = campaign(1, { [C.groupId]: 501, [C.groupName]: 'Summer Fun', [C.name]: 'Double POINTS week' });
		expect(matchesFilters(record, {})).toBe(true);
		expect(matchesFilters(record, { campaignGroup: '501' })).toBe(true);
		expect(matchesFilters(record, { campaignGroup: ' summer fun ' })).toBe(true);
		expect(matchesFilters(record, { campaignGroup: '502' })).toBe(false);
		expect(matchesFilters(record, { nameContains: 'points W' })).toBe(true);
		expect(matchesFilters(record, { nameContains: 'triple' })).toBe(false);
		expect(matchesFilters(record, { campaignGroup: '501', nameContains: 'triple' })).toBe(false);
		expect(matchesFilters({ [C.id]: '1' }, { nameContains: 'x' })).toBe(false);
	});

	it('records campaigns that the filters leave out', () => {
		const options = { ...DEFAULTS, filters: { nameContains: 'keep' } };
		const start = advance(undefined, [], options).state;
		const next = advance(start, [campaign(1, { [C.name]: 'keep me' }), campaign(2, { [C.name]: 'other' })], options);
		expect(ids(next)).toEqual(['1']);
		expect(next.state.active).toEqual(new Set(['1', '2']));
		expect(advance(next.state, [campaign(1), campaign(2)], DEFAULTS).emitted).toEqual([]);
	});

	it('"once" mode remembers emitted campaigns, but only a bounded number of inactive ones', () => {
		const options = { ...DEFAULTS, emitOnce: true, onceMemoryLimit: 2 };
		let state = advance(undefined, [], options).state;
		state = advance(state, [campaign(1), campaign(2), campaign(3)], options).state;
		expect(state.emitted).toEqual(new Set(['1', '2', '3']));
		state = roundTrip(advance(state, [], options).state);
		// three inactive emitted campaigns, limit 2: the lowest id is forgotten
		expect(state.emitted).toEqual(new Set(['2', '3']));
		const back = advance(state, [campaign(1), campaign(2), campaign(3)], options);
		expect(ids(back)).toEqual(['1']);
		expect(pruneEmitted(new Set(['5', '6']), new Set(['5', '6']), 0)).toEqual(new Set(['5', '6']));
	});

	it('switching "once" off drops its memory; switching it on starts with none', () => {
		const once = { ...DEFAULTS, emitOnce: true };
		const state = advance(advance(undefined, [], once).state, [campaign(1)], once).state;
		expect(state.emitted).toEqual(new Set(['1']));
		const off = advance(state, [campaign(1)], DEFAULTS).state;
		expect(off.emitted).toBeUndefined();
		expect(serializeState(off)).not.toHaveProperty('emitted');
		expect(advance(off, [campaign(1)], once).state.emitted).toEqual(new Set());
	});

	it('does not change its inputs', () => {
		const previous = advance(undefined, [campaign(1)], { ...DEFAULTS, emitOnce: true }).state;
		const snapshot = { sequence: previous.sequence, active: [...previous.active], emitted: [...(previous.emitted ?? [])] };
		const list = [campaign(1), campaign(2)];
		const listCopy = JSON.parse(JSON.stringify(list)) as IDataObject[];
		advance(previous, list, { ...DEFAULTS, emitOnce: true });
		expect({ sequence: previous.sequence, active: [...previous.active], emitted: [...(previous.emitted ?? [])] }).toEqual(snapshot);
		expect(list).toEqual(listCopy);
	});

	it('reads any stored value without throwing; unreadable state means "first poll"', () => {
		fc.assert(
			fc.property(fc.anything(), (value) => {
				expect(() => parseState(value)).not.toThrow();
			}),
			{ numRuns: 300 },
		);
		expect(parseState({ version: 1, sequence: -1, active: {} })).toBeUndefined();
		expect(parseState({ version: 1, sequence: 1.5, active: {} })).toBeUndefined();
		expect(parseState({ version: 2, sequence: 0, active: {} })).toBeUndefined();
		expect(parseState({ version: 1, sequence: 0, active: {}, emitted: 'x' })).toBeUndefined();
		expect(parseState({ version: 1, sequence: 3, active: { n: 'rt' } })).toEqual({ sequence: 3, active: new Set(['1001']) });
	});

	it('against a set model: over random snapshot sequences every activation is emitted exactly once', () => {
		const snapshot = fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { maxLength: 12 });
		fc.assert(
			fc.property(fc.array(snapshot, { minLength: 1, maxLength: 15 }), fc.boolean(), fc.boolean(), (snapshots, once, include) => {
				const options: TriggerOptions = { ...DEFAULTS, emitOnce: once, startFrom: include ? 'includeActive' : 'now' };
				let state: TriggerState | undefined;
				let modelActive: Set<number> | undefined;
				const modelEmitted = new Set<number>();
				const keys = new Set<string>();
				for (const snap of snapshots) {
					const result = advance(state, snap.map((id) => campaign(id)), options);
					const expected = snap.filter(
						(id) =>
							(modelActive ? !modelActive.has(id) : include) && !(once && modelEmitted.has(id)),
					);
					expect(ids(result)).toEqual(expected.map(String));
					for (const e of result.emitted) {
						expect(keys.has(e.eventKey)).toBe(false);
						keys.add(e.eventKey);
					}
					for (const id of expected) modelEmitted.add(id);
					modelActive = new Set(snap);
					state = roundTrip(result.state);
					expect(state.active).toEqual(new Set(snap.map(String)));
				}
			}),
			{ numRuns: 1000 },
		);
	});

	it('compares stored states whatever their key order', () => {
		const state = serializeState({ sequence: 2, active: new Set(['1', 'x']), emitted: new Set(['1']) });
		const reordered = { emitted: state.emitted, active: { s: state.active.s, n: state.active.n }, sequence: 2, version: 1 };
		expect(canonicalJson(reordered)).toBe(canonicalJson(state));
		expect(canonicalJson({ ...reordered, sequence: 3 })).not.toBe(canonicalJson(state));
		expect(canonicalJson({ a: undefined, b: [1, 'x', null] })).toBe('{"b":[1,"x",null]}');
	});

	it('ends a steady-state poll early: same active campaigns, default mode', () => {
		const list = [campaign(1003), campaign(1001), campaign('x'), campaign(1002, { [C.status]: 'inactive' })];
		const stored = JSON.parse(JSON.stringify(serializeState(advance(undefined, list, DEFAULTS).state))) as unknown;
		// Another order and a duplicate: still the same active campaigns.
		expect(isUnchanged(stored, activeCampaigns([campaign('x'), campaign(1001), campaign(1003), campaign(1001)]), DEFAULTS)).toBe(true);
		expect(isUnchanged(stored, activeCampaigns([campaign(1001), campaign('x')]), DEFAULTS)).toBe(false);
		expect(isUnchanged(stored, activeCampaigns([...list, campaign(1004)]), DEFAULTS)).toBe(false);
		// "Emit Each Campaign Only Once" prunes its memory on every poll: always the full path.
		expect(isUnchanged(stored, activeCampaigns(list), { ...DEFAULTS, emitOnce: true })).toBe(false);
		expect(isUnchanged(undefined, activeCampaigns(list), DEFAULTS)).toBe(false);
	});

	it('ends a poll early only when the full path would emit nothing and store the same state', () => {
		const idArb = fc.oneof(fc.integer({ min: 1, max: 30 }).map(String), fc.constantFrom('x', 'ab', '007'));
		const listArb = fc.array(
			fc.record({ id: idArb, active: fc.boolean() }).map(({ id, active }) => campaign(id, active ? {} : { [C.status]: 'inactive' })),
			{ maxLength: 20 },
		);
		type Change = (stored: Record<string, unknown>) => unknown;
		const changes: Record<string, Change> = {
			none: (stored) => stored,
			extraKey: (stored) => ({ ...stored, extra: 1 }),
			otherVersion: (stored) => ({ ...stored, version: 2 }),
			badSequence: (stored) => ({ ...stored, sequence: -1 }),
			emptyStrings: (stored) => ({ ...stored, active: { ...(stored.active as object), s: [] } }),
			emitted: (stored) => ({ ...stored, emitted: {} }),
			notAnObject: () => [],
		};
		let early = 0;
		fc.assert(
			fc.property(
				listArb,
				fc.oneof(fc.constant(undefined), listArb),
				fc.boolean(),
				fc.boolean(),
				fc.boolean(),
				// Half of the stored states unaltered, the other half altered one way or another.
				fc.oneof({ arbitrary: fc.constant('none'), weight: 6 }, { arbitrary: fc.constantFrom(...Object.keys(changes)), weight: 6 }),
				(before, other, once, onceBefore, include, change) => {
					const options: TriggerOptions = { ...DEFAULTS, emitOnce: once, startFrom: include ? 'includeActive' : 'now' };
					// The stored state a previous poll left (maybe with "once" set otherwise then), as JSON, maybe altered;
					// this poll sees the same list reversed, or another.
					const previousPoll = serializeState(advance(undefined, before, { ...options, emitOnce: onceBefore }).state);
					const stored = (changes[change] as Change)(JSON.parse(JSON.stringify(previousPoll)) as Record<string, unknown>);
					const now = other ?? [...before].reverse();
					const current = activeCampaigns(now);
					if (!isUnchanged(stored, current, options)) {
						// The usual case ends early: nothing but the reversed list and an unchanged state.
						if (other === undefined && change === 'none' && !once && !onceBefore) throw new Error('a steady-state poll took the full path');
						return;
					}
					early++;
					const previous = parseState(stored);
					expect(previous).toBeDefined();
					// Nothing is missing from the list, so nothing needs confirming one by one.
					expect([...(previous?.active ?? [])].filter((id) => !current.some((entry) => entry.id === id))).toEqual([]);
					const result = advance(previous, [...now], options);
					expect(result.emitted).toEqual([]);
					expect(canonicalJson(serializeState(result.state))).toBe(canonicalJson(stored));
				},
			),
			{ numRuns: 1000 },
		);
		// ~1 in 16 runs is a steady-state poll (same list, unaltered state, default mode then and now).
		expect(early).toBeGreaterThan(25);
	});

	it('measures the stored state at 10,000 active campaigns', () => {
		const list = Array.from({ length: 12_500 }, (_, i) => campaign(1001 + i)).filter((_, i) => i % 5 !== 3);
		const once = advance(undefined, list, { ...DEFAULTS, emitOnce: true, startFrom: 'includeActive' });
		const def = advance(undefined, list, DEFAULTS);
		const size = (s: TriggerState): number => JSON.stringify(serializeState(s)).length;
		expect(size(def.state)).toBeLessThan(150_000);
		expect(size(once.state)).toBeLessThan(150_000);
		process.stdout.write(`[state size] ${list.length} active: ${size(def.state)} characters, "once": ${size(once.state)}\n`);
	});
});

describe('samples and output', () => {
	it('parses the documented date format and common variants', () => {
		const t = Date.UTC(2024, 7, 8, 7, 0, 12);
		expect(parseApiDateMs('2024-08-08T07:00:12+0000')).toBe(t);
		expect(parseApiDateMs('2024-08-08T09:00:12+0200')).toBe(t);
		expect(parseApiDateMs('2024-08-08T02:00:12-05:00')).toBe(t);
		expect(parseApiDateMs('2024-08-08T07:00:12.000Z')).toBe(t);
		expect(parseApiDateMs('2024-08-08 07:00:12')).toBe(t);
		expect(parseApiDateMs('2024-08-08')).toBe(Date.UTC(2024, 7, 8));
		expect(parseApiDateMs(t)).toBe(t);
		expect(parseApiDateMs(t / 1000)).toBe(t);
		expect(parseApiDateMs('soon')).toBeUndefined();
		expect(parseApiDateMs(undefined)).toBeUndefined();
	});

	it('picks the three most recently started matching campaigns', () => {
		const list = [
			campaign(1, { [C.dateFrom]: '2024-01-01T00:00:00+0000' }),
			campaign(2, { [C.dateFrom]: '2024-03-01T00:00:00+0000' }),
			campaign(3, { [C.dateFrom]: 'not a date' }),
			campaign(4, { [C.dateFrom]: '2024-02-01T00:00:00+0000', [C.name]: 'skip' }),
			campaign(5, { [C.dateFrom]: '2024-03-01T00:00:00+0000' }),
			campaign(6, { [C.dateFrom]: '2024-02-15T00:00:00+0000', [C.status]: 'inactive' }),
		];
		expect(pickSamples(list, {}).map((c) => c.id)).toEqual(['5', '2', '4']);
		expect(pickSamples(list, { nameContains: 'campaign' }).map((c) => c.id)).toEqual(['5', '2', '1']);
		expect(pickSamples(list, { nameContains: 'campaign' }, 10).map((c) => c.id)).toEqual(['5', '2', '1', '3']);
	});

	it('builds items with the event, key, time and the simplified or raw campaign (version 1: nested)', () => {
		const record = campaign(7, { [C.groupId]: '501', extra: 1 });
		const shape = { event: 'campaignBecameActive' as const, simplify: true, flat: false, detectedAt: '2026-01-01T00:00:00.000Z' };
		const [simple] = toEventItems([{ campaignId: '7', campaign: record, eventKey: '7:3' }], shape);
		expect(simple).toEqual({
			json: {
				event: 'campaignBecameActive',
				eventKey: '7:3',
				campaignId: '7',
				detectedAt: '2026-01-01T00:00:00.000Z',
				campaign: { id: 7, name: 'Campaign 7', status: 'active', isActive: true, groupId: '501' },
			},
			pairedItem: { item: 0 },
		});
		const [raw] = toEventItems([{ campaignId: '7', campaign: record, eventKey: '7:3' }], { ...shape, simplify: false });
		expect(raw?.json.campaign).toBe(record);
	});

	it('version 2: the campaign fields at the top level, the event fields beside them (and endReason when it left)', () => {
		const record = campaign(7, { [C.groupId]: '501', extra: 1 });
		const shape = { event: 'campaignEnded' as const, simplify: true, flat: true, detectedAt: 't' };
		const [simple] = toEventItems([{ campaignId: '7', campaign: record, eventKey: '7:3', endReason: 'deactivated' }], shape);
		expect(simple?.json).toEqual({
			id: 7,
			name: 'Campaign 7',
			status: 'active',
			isActive: true,
			groupId: '501',
			event: 'campaignEnded',
			eventKey: '7:3',
			detectedAt: 't',
			endReason: 'deactivated',
		});
		const [raw] = toEventItems([{ campaignId: '7', campaign: record, eventKey: '7:3' }], { ...shape, simplify: false });
		expect(raw?.json).toEqual({ ...record, event: 'campaignEnded', eventKey: '7:3', detectedAt: 't' });
		// A campaign that was removed: only its id is known.
		const [removed] = toEventItems([{ campaignId: '8', campaign: undefined, eventKey: '8:4', endReason: 'removed' }], shape);
		expect(removed?.json).toEqual({ id: '8', event: 'campaignEnded', eventKey: '8:4', detectedAt: 't', endReason: 'removed' });
	});
});
