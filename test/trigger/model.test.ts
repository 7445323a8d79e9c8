/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/require-node-api-error -- a test: it reads its run count from the environment, prints a summary, and rethrows assertion errors with the failing timeline */
/**
 * Model-based property test of the Annex Cloud Trigger: random timelines of campaigns being
 * created, activated, deactivated, removed and re-added, mixed with polls, failing polls
 * (injected faults), polls that run out of time, polls whose result is lost (never saved),
 * restarts (static data through JSON), filter changes and manual runs, on sandboxes with
 * different page sizes. Every poll is the node's real poll() in n8n-core's PollContext over
 * real HTTP. After each step the trigger is compared with a simple model:
 *
 * - a committed poll emits exactly the campaigns active now that were not active at the
 *   previous committed poll (none on the very first poll with Start From "Now", all with
 *   "Include"), that pass the filters, and, in "once" mode, that were never emitted;
 * - every activation is therefore emitted exactly once and none is missed; event keys are
 *   unique, and a lost poll's events come back with the same keys;
 * - a failing poll and a manual run leave the static data exactly as it was;
 * - the stored state is exactly the active set (plus, in "once" mode, the emitted ids), so
 *   its size follows the number of active campaigns.
 *
 * Static data is kept the way n8n keeps it (N8nStaticData in helpers.ts): saved after the
 * activation poll and after a poll that returns anything but null, or after every poll under
 * the durable-cursor scheduler; a restart or a re-publish (a filter change) reloads what was
 * saved. After every successful poll nothing the trigger knows lives only in memory.
 *
 * Wrong answers join the timelines: 2xx bodies that are not a list, records without ids,
 * unknown status words, redirects, and paging that lies. A poll that meets one either fails
 * (nothing emitted, nothing stored) or, when the answer only hid campaigns (an emptied list or
 * page), stores no campaign as active that it did not emit when it should have: whatever it did
 * not see is emitted by a later poll.
 *
 * TRIGGER_MODEL_RUNS sets the number of timelines (default 300).
 */
import fc from 'fast-check';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { simplifyCampaign } from '../../nodes/AnnexCloud/helpers/simplify';
import { FIELDS } from '../../nodes/AnnexCloud/transport/contract';
import { decodeIdSet } from '../../nodes/AnnexCloud/trigger/idSet';
import { formatApiDate, parseApiDate, type FaultSpec, type SandboxCampaign } from '../../sandbox';
import { idsOf, itemsOf, jsonCopy, N8nStaticData, poll, startRig, STATIC_KEY, type TriggerRig } from './helpers';

const C = FIELDS.campaign;
const G = FIELDS.campaignGroup;
const NUM_RUNS = Number(process.env.TRIGGER_MODEL_RUNS ?? '') || 300;
const PAGE_SIZES = [1, 2, 3, 5];
const NAMES = ['Summer Points', 'summer SALE', 'Winter Bonus', 'Double points', 'Spring'];
const START_OFFSETS_DAYS = [-30, -10, -10, 0, 5];

type Filters = { campaignGroup?: string; nameContains?: string };

type Step =
	| { kind: 'create'; active: boolean; name: number; group: number; start: number }
	| { kind: 'activate' | 'deactivate' | 'remove'; pick: number }
	| { kind: 'readd'; pick: number }
	| { kind: 'poll' }
	| { kind: 'failingPoll'; at: number; status: number }
	| { kind: 'wrongAnswer'; at: number; fault: number }
	| { kind: 'outOfTime' }
	| { kind: 'lostPoll' }
	| { kind: 'restart' }
	| { kind: 'manual'; failAt?: number }
	| { kind: 'setFilters'; filters: FilterChoice };

interface FilterChoice {
	group?: { index: number; byName: boolean; upper: boolean };
	nameContains?: string;
}

/** Wrong answers to the active list (only list requests match them). */
const ACTIVE_LIST = { pathPrefix: '/campaign/active' };
const WRONG_ANSWERS: readonly FaultSpec[] = [
	{ kind: 'body', body: '{"errorCode":"AC1001","errorMessage":"Oops! Something went wrong"}', match: ACTIVE_LIST },
	{ kind: 'body', body: 'null', match: ACTIVE_LIST },
	{ kind: 'body', body: '{}', match: ACTIVE_LIST },
	{ kind: 'body', body: '42', match: ACTIVE_LIST },
	{ kind: 'body', body: '{"pages":"1","currentPage":"1"}', match: ACTIVE_LIST },
	{ kind: 'redirect', status: 307, location: 'http://127.0.0.1:9/elsewhere', match: ACTIVE_LIST },
	...(['drop-ids', 'unknown-status', 'empty-list', 'ignore-page', 'repeat-previous-page', 'stuck-current-page', 'zero-based-pages', 'empty-page', 'endless-pages'] as const).map(
		(transform): FaultSpec => ({ kind: 'transform', transform, count: 50, match: ACTIVE_LIST }),
	),
];

interface Timeline {
	durable: boolean;
	sandbox: number;
	emitOnce: boolean;
	include: boolean;
	simplify: boolean;
	filters: FilterChoice;
	steps: Step[];
}

const filterArbitrary: fc.Arbitrary<FilterChoice> = fc.record(
	{
		group: fc.record({ index: fc.nat({ max: 2 }), byName: fc.boolean(), upper: fc.boolean() }),
		nameContains: fc.constantFrom('summer', 'POINTS', 'o'),
	},
	{ requiredKeys: [] },
);

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
	{ weight: 3, arbitrary: fc.record({ kind: fc.constant('create' as const), active: fc.boolean(), name: fc.nat({ max: NAMES.length - 1 }), group: fc.nat({ max: 2 }), start: fc.nat({ max: START_OFFSETS_DAYS.length - 1 }) }) },
	{ weight: 4, arbitrary: fc.record({ kind: fc.constant('activate' as const), pick: fc.nat() }) },
	{ weight: 4, arbitrary: fc.record({ kind: fc.constant('deactivate' as const), pick: fc.nat() }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('readd' as const), pick: fc.nat() }) },
	{ weight: 8, arbitrary: fc.constant({ kind: 'poll' as const }) },
	{
		weight: 2,
		arbitrary: fc.record({
			kind: fc.constant('failingPoll' as const),
			at: fc.nat({ max: 6 }),
			// 4xx are not retried; a single 503 is retried once by the transport and the poll succeeds.
			status: fc.oneof({ weight: 12, arbitrary: fc.constantFrom(400, 401, 403, 404) }, { weight: 1, arbitrary: fc.constant(503) }),
		}),
	},
	{
		weight: 3,
		arbitrary: fc.record({
			kind: fc.constant('wrongAnswer' as const),
			at: fc.nat({ max: 2 }),
			fault: fc.nat({ max: WRONG_ANSWERS.length - 1 }),
		}),
	},
	{ weight: 1, arbitrary: fc.constant({ kind: 'outOfTime' as const }) },
	{ weight: 1, arbitrary: fc.constant({ kind: 'lostPoll' as const }) },
	{ weight: 1, arbitrary: fc.constant({ kind: 'restart' as const }) },
	{ weight: 2, arbitrary: fc.record({ kind: fc.constant('manual' as const), failAt: fc.nat({ max: 3 }) }, { requiredKeys: ['kind'] }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('setFilters' as const), filters: filterArbitrary }) },
);

const timelineArbitrary: fc.Arbitrary<Timeline> = fc.record({
	durable: fc.boolean(),
	sandbox: fc.nat({ max: PAGE_SIZES.length - 1 }),
	emitOnce: fc.boolean(),
	include: fc.boolean(),
	simplify: fc.boolean(),
	filters: fc.oneof(fc.constant({}), filterArbitrary),
	steps: fc.array(stepArbitrary, { minLength: 3, maxLength: 12 }),
});

interface Model {
	/** the trigger has committed a poll: it has state */
	committed: boolean;
	/** active ids at the last committed poll */
	active: Set<string>;
	/** ids ever emitted (once mode) */
	emitted: Set<string>;
	/** every event key delivered by a committed poll */
	keys: Set<string>;
	/** keys of events of lost polls since the last committed poll, by campaign id */
	lostKeys: Map<string, string>;
	/** ids removed from the sandbox (for re-adding) */
	removed: string[];
}

const stats = {
	timelines: 0,
	steps: 0,
	polls: 0,
	emitted: 0,
	failedPolls: 0,
	manualRuns: 0,
	lostPolls: 0,
	restarts: 0,
	wrongAnswers: 0,
	wrongAnswersRefused: 0,
	emptyRuns: 0,
};

function stepLabel(step: Step): string {
	return step.kind;
}

// 300 timelines take 10-20 s alone; leave room for a loaded 2-core CI machine.
jest.setTimeout(240_000);

describe('Annex Cloud Trigger: model-based timelines', () => {
	const rigs: TriggerRig[] = [];

	beforeAll(async () => {
		for (const pageSize of PAGE_SIZES) rigs.push(await startRig({ campaigns: 3, groups: 3, pageSize, seed: 5 }));
	});
	afterAll(async () => {
		await Promise.all(rigs.map(async (rig) => await rig.close()));
		process.stdout.write(
			`[trigger model] ${stats.timelines} timelines, ${stats.steps} steps: ${stats.polls} polls (${stats.failedPolls} failed), ` +
				`${stats.emitted} events, ${stats.emptyRuns} runs with no items (state saved), ${stats.lostPolls} lost polls, ${stats.restarts} restarts, ${stats.manualRuns} manual runs, ` +
				`${stats.wrongAnswers} wrong answers (${stats.wrongAnswersRefused} refused); ` +
				`page sizes ${PAGE_SIZES.join(', ')}\n`,
		);
	});

	it(`every activation is emitted exactly once over ${NUM_RUNS} random timelines`, async () => {
		await fc.assert(
			fc.asyncProperty(timelineArbitrary, async (timeline) => {
				const rig = rigs[timeline.sandbox] as TriggerRig;
				const { store, faults } = rig.sandbox;
				store.reset();
				faults.clear();
				rig.sandbox.clearLog();
				stats.timelines++;

				const groups = store.listGroups('all');
				const resolveFilters = (choice: FilterChoice): Filters => {
					const filters: Filters = {};
					if (choice.group) {
						const group = groups[choice.group.index % groups.length];
						if (group) {
							const value = choice.group.byName ? group[G.name] : group[G.id];
							filters.campaignGroup = choice.group.upper ? value.toUpperCase() : value;
						}
					}
					if (choice.nameContains !== undefined) filters.nameContains = choice.nameContains;
					return filters;
				};
				let filters = resolveFilters(timeline.filters);
				const parameters = (): INodeParameters => ({
					simplify: timeline.simplify,
					filters: { ...filters },
					options: { emitOnce: timeline.emitOnce, startFrom: timeline.include ? 'includeActive' : 'now' },
				});
				const matches = (campaign: SandboxCampaign): boolean => {
					if (filters.campaignGroup !== undefined) {
						const wanted = filters.campaignGroup;
						if (campaign[C.groupId] !== wanted && campaign[C.groupName].toLowerCase() !== wanted.toLowerCase()) return false;
					}
					if (filters.nameContains !== undefined && !campaign[C.name].toLowerCase().includes(filters.nameContains.toLowerCase())) {
						return false;
					}
					return true;
				};
				const activeNow = (): SandboxCampaign[] => store.listCampaigns('active');
				const expectedEvents = (model: Model): string[] =>
					activeNow()
						.filter((c) => (model.committed ? !model.active.has(c[C.id]) : timeline.include))
						.filter(matches)
						.filter((c) => !(timeline.emitOnce && model.emitted.has(c[C.id])))
						.map((c) => c[C.id]);

				const model: Model = { committed: false, active: new Set(), emitted: new Set(), keys: new Set(), lostKeys: new Map(), removed: [] };
				const n8n = new N8nStaticData(timeline.durable);

				const checkItems = (result: Awaited<ReturnType<typeof poll>>, expected: string[]): void => {
					expect(idsOf(result)).toEqual(expected);
					// Nothing to emit: null, or a run with no items that makes n8n save a changed state.
					if (expected.length === 0 && result !== null) expect(result).toEqual([[]]);
					for (const item of itemsOf(result)) {
						const record = store.getCampaign(String(item.campaignId));
						expect(record).toBeDefined();
						expect(item.event).toBe('campaignBecameActive');
						expect(item.eventKey).toMatch(new RegExp(`^${String(item.campaignId)}:\\d+$`));
						expect(new Date(String(item.detectedAt)).toISOString()).toBe(item.detectedAt);
						expect(item.campaign).toEqual(timeline.simplify ? simplifyCampaign(record as IDataObject) : record);
					}
				};

				const checkStoredState = (): void => {
					const node = n8n.memory[STATIC_KEY] as IDataObject;
					const active = decodeIdSet(node.active);
					expect(active).toEqual(model.active);
					const emitted = node.emitted === undefined ? undefined : decodeIdSet(node.emitted);
					if (timeline.emitOnce) expect(emitted).toEqual(model.emitted);
					else expect(emitted).toBeUndefined();
					// Nothing else is stored, and the size follows the sets.
					expect(Object.keys(node).sort()).toEqual(timeline.emitOnce ? ['active', 'emitted', 'sequence', 'version'] : ['active', 'sequence', 'version']);
					const size = JSON.stringify(node).length;
					expect(size).toBeLessThanOrEqual(100 + 10 * (model.active.size + (emitted?.size ?? 0)));
				};

				const recordEvents = (result: Awaited<ReturnType<typeof poll>>): void => {
					for (const item of itemsOf(result)) {
						const key = String(item.eventKey);
						expect(model.keys.has(key)).toBe(false);
						model.keys.add(key);
						const lost = model.lostKeys.get(String(item.campaignId));
						if (lost !== undefined) expect(key).toBe(lost);
						if (timeline.emitOnce) model.emitted.add(String(item.campaignId));
					}
					if (result !== null && itemsOf(result).length === 0) stats.emptyRuns++;
					stats.emitted += itemsOf(result).length;
					model.lostKeys.clear();
					model.committed = true;
					// Nothing the trigger knows lives only in memory: a restart now loses nothing.
					expect(n8n.persisted).toEqual(n8n.memory);
				};

				/** A poll that may fail; on success it must match the model and commits. */
				const committedPoll = async (options: { pollBudgetMs?: number } = {}): Promise<void> => {
					stats.polls++;
					const expected = expectedEvents(model);
					const before = jsonCopy(n8n.memory);
					let result: Awaited<ReturnType<typeof poll>>;
					try {
						result = await n8n.poll(rig, parameters(), options);
					} catch (error) {
						stats.failedPolls++;
						expect(error instanceof NodeApiError || error instanceof NodeOperationError).toBe(true);
						// Nothing changed, not even in memory.
						expect(n8n.memory).toEqual(before);
						return;
					} finally {
						faults.clear();
					}
					checkItems(result, expected);
					recordEvents(result);
					model.active = new Set(activeNow().map((c) => c[C.id]));
					checkStoredState();
				};

				/**
				 * A poll that meets a wrong answer: it fails and changes nothing, or (an answer that
				 * only hid campaigns) it succeeds having emitted every campaign it now stores as
				 * newly active, and stores no campaign that is not active.
				 */
				const wrongAnswerPoll = async (fault: FaultSpec, at: number): Promise<void> => {
					stats.polls++;
					stats.wrongAnswers++;
					const expected = new Set(expectedEvents(model));
					const before = jsonCopy(n8n.memory);
					if (at > 0) faults.inject({ kind: 'latency', latencyMs: 0, count: at, match: ACTIVE_LIST });
					faults.inject(fault);
					let result: Awaited<ReturnType<typeof poll>>;
					try {
						result = await n8n.poll(rig, parameters());
					} catch (error) {
						stats.failedPolls++;
						stats.wrongAnswersRefused++;
						expect(error instanceof NodeApiError || error instanceof NodeOperationError).toBe(true);
						expect(n8n.memory).toEqual(before);
						return;
					} finally {
						faults.clear();
					}
					const emitted = idsOf(result);
					for (const id of emitted) expect(expected.has(id)).toBe(true);
					const node = n8n.memory[STATIC_KEY] as IDataObject;
					const stored = decodeIdSet(node.active) ?? new Set<string>();
					const activeIds = new Set(activeNow().map((c) => c[C.id]));
					for (const id of stored) expect(activeIds.has(id)).toBe(true);
					// Every campaign stored as newly active that the model expected was emitted now.
					for (const id of stored) if (expected.has(id)) expect(emitted).toContain(id);
					recordEvents(result);
					model.active = stored;
				};

				/** A campaign to act on; activate picks an inactive one, deactivate an active one. */
				const pickId = (pick: number, status: 'all' | 'active' | 'inactive' = 'all'): string | undefined => {
					const ids = store.listCampaigns(status).map((c) => c[C.id]);
					return ids.length === 0 ? undefined : ids[pick % ids.length];
				};
				const newCampaign = (step: { active: boolean; name: number; group: number; start: number }, id?: string): void => {
					const group = groups[step.group % groups.length];
					const from = store.epoch + (START_OFFSETS_DAYS[step.start] ?? 0) * 86_400_000;
					store.addCampaign({
						...(id === undefined ? {} : { [C.id]: id }),
						[C.name]: NAMES[step.name],
						[C.status]: step.active ? 'active' : 'inactive',
						...(group ? { [C.groupId]: group[G.id] } : {}),
						[C.dateFrom]: formatApiDate(from),
						[C.dateTo]: formatApiDate(from + 400 * 86_400_000),
					});
				};

				const trace: string[] = [];
				try {
					for (const step of timeline.steps) {
						stats.steps++;
						trace.push(stepLabel(step));
						switch (step.kind) {
							case 'create':
								newCampaign(step);
								break;
							case 'activate':
							case 'deactivate': {
								const id = pickId(step.pick, step.kind === 'activate' ? 'inactive' : 'active');
								if (id !== undefined) store.setCampaignStatus(id, step.kind === 'activate' ? 'active' : 'inactive');
								break;
							}
							case 'remove': {
								const id = pickId(step.pick);
								if (id !== undefined && store.removeCampaign(id)) model.removed.push(id);
								break;
							}
							case 'readd': {
								const id = model.removed.length === 0 ? undefined : model.removed[step.pick % model.removed.length];
								if (id !== undefined && store.getCampaign(id) === undefined) {
									newCampaign({ active: true, name: step.pick % NAMES.length, group: step.pick % 3, start: step.pick % 5 }, id);
								}
								break;
							}
							case 'poll':
								await committedPoll();
								break;
							case 'failingPoll':
								// `at` requests pass, the next one fails (if the poll makes that many).
								if (step.at > 0) faults.inject({ kind: 'latency', latencyMs: 0, count: step.at });
								faults.inject({ status: step.status });
								await committedPoll();
								break;
							case 'wrongAnswer':
								await wrongAnswerPoll(WRONG_ANSWERS[step.fault] as FaultSpec, step.at);
								break;
							case 'outOfTime':
								await committedPoll({ pollBudgetMs: 1 });
								// A request cut short client-side can still reach the sandbox a moment later and
								// take a fault meant for the next step: let it land first.
								await new Promise((resolve) => setTimeout(resolve, 25));
								break;
							case 'lostPoll': {
								// A poll whose result was never saved (a crash, or the first of two runs
								// under the durable scheduler): its static data is thrown away.
								stats.lostPolls++;
								const copy = jsonCopy(n8n.memory);
								const expected = expectedEvents(model);
								const result = await poll(rig, parameters(), copy);
								checkItems(result, expected);
								for (const item of itemsOf(result)) {
									const key = String(item.eventKey);
									const lost = model.lostKeys.get(String(item.campaignId));
									if (lost !== undefined) expect(key).toBe(lost);
									// A first poll's keys start from the time it ran (unique after a state reset), so
									// only a lost poll on a stored state is repeated with the same keys.
									if (model.committed) model.lostKeys.set(String(item.campaignId), key);
								}
								break;
							}
							case 'restart':
								stats.restarts++;
								n8n.restart();
								break;
							case 'manual': {
								stats.manualRuns++;
								const before = jsonCopy(n8n.memory);
								const expected = activeNow()
									.filter(matches)
									.map((c) => ({ id: c[C.id], start: parseApiDate(c[C.dateFrom]) ?? 0 }))
									.sort((a, b) => b.start - a.start || Number(b.id) - Number(a.id))
									.slice(0, 3)
									.map((c) => c.id);
								if (step.failAt !== undefined) {
									if (step.failAt > 0) faults.inject({ kind: 'latency', latencyMs: 0, count: step.failAt });
									faults.inject({ status: 401 });
								}
								const outcome = await poll(rig, parameters(), n8n.memory, { mode: 'manual' }).then(
									(result) => ({ result }),
									(error: unknown) => ({ error }),
								);
								const faulted = faults.pending().length === 0 && step.failAt !== undefined;
								faults.clear();
								if (faulted) {
									expect('error' in outcome && outcome.error instanceof NodeApiError).toBe(true);
								} else if (expected.length === 0) {
									expect('error' in outcome && outcome.error instanceof NodeOperationError).toBe(true);
									expect(String((outcome as { error: Error }).error.message)).toMatch(/^No active campaigns found in Annex Cloud/);
								} else {
									expect(idsOf((outcome as { result: Awaited<ReturnType<typeof poll>> }).result)).toEqual(expected);
								}
								expect(n8n.memory).toEqual(before);
								break;
							}
							case 'setFilters':
								// In n8n a changed parameter takes effect when the workflow is published again:
								// a re-publish reloads the saved static data and polls at once.
								filters = resolveFilters(step.filters);
								n8n.restart();
								break;
						}
					}
					// Finally, a clean poll must deliver whatever is still pending.
					await committedPoll();
				} catch (error) {
					(error as Error).message = `${(error as Error).message}\nsteps: ${trace.join(' -> ')}`;
					throw error;
				}
			}),
			{ numRuns: NUM_RUNS, endOnFailure: false },
		);
	}, 300_000);
});
