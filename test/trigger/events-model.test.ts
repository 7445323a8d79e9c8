/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/require-node-api-error -- a test: it reads its run count from the environment, prints a summary, and rethrows assertion errors with the failing timeline */
/**
 * Model-based test of the trigger's four events: random timelines of campaigns created with
 * start and end dates, switched on and off, removed, end dates moved, and time passing (the
 * clock is moved, days at a time), mixed with polls, lost polls and restarts, with static data
 * kept the way n8n keeps it (N8nStaticData). Every poll is the node's real poll() (version 2,
 * flat items) in n8n-core's PollContext over real HTTP against the sandbox. After each poll
 * the trigger is compared with a model written from the events' definitions alone:
 *
 * - Campaign Became Active: active now, not at the previous poll.
 * - Campaign Started: active and its start date reached now, not at the previous poll.
 * - Campaign Ending Soon: active and ending within the window now, once per campaign and end
 *   date (an end date is remembered until it has passed).
 * - Campaign Ended or Deactivated: active and not past its end date at the previous poll, and
 *   not now; the reason is "ended" (still on, past its end), "deactivated" or "removed".
 *
 * So every event is emitted exactly once and none is missed; keys are unique; the stored set is
 * exactly the model's. EVENTS_MODEL_RUNS sets the timelines per event (default 250: 1,000 timelines over the four events in every run).
 */
import fc from 'fast-check';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { FIELDS } from '../../nodes/AnnexCloud/transport/contract';
import { decodeIdSet } from '../../nodes/AnnexCloud/trigger/idSet';
import { formatApiDate, parseApiDate, type SandboxCampaign } from '../../sandbox';
import { itemsOf, jsonCopy, N8nStaticData, poll, startRig, STATIC_KEY, type TriggerRig } from './helpers';

const C = FIELDS.campaign;
const DAY = 86_400_000;
const NUM_RUNS = Number(process.env.EVENTS_MODEL_RUNS ?? '') || 250;
const EVENTS = ['campaignBecameActive', 'campaignStarted', 'campaignEndingSoon', 'campaignEnded'] as const;
type EventName = (typeof EVENTS)[number];

const clock = { offset: 0 };
const realNow = Date.now.bind(Date);
jest.spyOn(Date, 'now').mockImplementation(() => realNow() + clock.offset);

type Step =
	| { kind: 'create'; active: boolean; start: number; end: number | null }
	| { kind: 'activate' | 'deactivate' | 'remove'; pick: number }
	| { kind: 'moveEnd'; pick: number; end: number }
	| { kind: 'time'; days: number }
	| { kind: 'poll' }
	| { kind: 'lostPoll' }
	| { kind: 'restart' };

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
	{
		weight: 3,
		arbitrary: fc.record({
			kind: fc.constant('create' as const),
			active: fc.boolean(),
			start: fc.integer({ min: -6, max: 8 }),
			end: fc.option(fc.integer({ min: -2, max: 12 }), { nil: null }),
		}),
	},
	{ weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('activate' as const, 'deactivate' as const), pick: fc.nat() }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('moveEnd' as const), pick: fc.nat(), end: fc.integer({ min: -1, max: 10 }) }) },
	{ weight: 3, arbitrary: fc.record({ kind: fc.constant('time' as const), days: fc.constantFrom(0.5, 1, 2, 3) }) },
	{ weight: 5, arbitrary: fc.constant({ kind: 'poll' as const }) },
	{ weight: 1, arbitrary: fc.constant({ kind: 'lostPoll' as const }) },
	{ weight: 1, arbitrary: fc.constant({ kind: 'restart' as const }) },
);

interface Timeline {
	windowDays: number;
	include: boolean;
	emitOnce: boolean;
	durable: boolean;
	steps: Step[];
}

const timelineArbitrary: fc.Arbitrary<Timeline> = fc.record({
	windowDays: fc.constantFrom(1, 3, 5),
	include: fc.boolean(),
	emitOnce: fc.boolean(),
	durable: fc.boolean(),
	steps: fc.array(stepArbitrary, { minLength: 4, maxLength: 24 }),
});

const stats = { timelines: 0, polls: 0, events: 0 };

jest.setTimeout(600_000);

describe.each(EVENTS)('the trigger\'s "%s" event: model-based timelines', (event: EventName) => {
	let rig: TriggerRig;
	beforeAll(async () => {
		rig = await startRig({ campaigns: 0, groups: 1, pageSize: 2, seed: 9 });
	});
	afterAll(async () => {
		await rig.close();
		process.stdout.write(`[events model] ${event}: ${stats.timelines} timelines, ${stats.polls} polls, ${stats.events} events so far\n`);
	});

	it(`emits every ${event} exactly once over ${NUM_RUNS} random timelines`, async () => {
		await fc.assert(
			fc.asyncProperty(timelineArbitrary, async (timeline) => {
				const { store } = rig.sandbox;
				store.reset();
				rig.sandbox.faults.clear();
				clock.offset = 0;
				stats.timelines++;
				const windowMs = timeline.windowDays * DAY;
				const parameters: INodeParameters = {
					event,
					endingWithinDays: timeline.windowDays,
					simplify: false,
					options: { emitOnce: timeline.emitOnce, startFrom: timeline.include ? 'includeActive' : 'now' },
				};
				const n8n = new N8nStaticData(timeline.durable);
				/** the model's set of the last committed poll, and whether there was one */
				let tracked = new Set<string>();
				let committed = false;
				const emittedOnce = new Set<string>();
				const keys = new Set<string>();
				const removed = new Set<string>();

				const dateOf = (campaign: SandboxCampaign, field: string): number | undefined => {
					const value = (campaign as unknown as IDataObject)[field];
					return typeof value === 'string' && value !== '' ? parseApiDate(value) : undefined;
				};
				/** The event's set now, written from its definition. */
				const membersNow = (nowMs: number): Map<string, string> => {
					const members = new Map<string, string>();
					for (const campaign of store.listCampaigns('active')) {
						const id = campaign[C.id];
						const from = dateOf(campaign, C.dateFrom);
						const to = dateOf(campaign, C.dateTo);
						if (event === 'campaignBecameActive') members.set(id, id);
						if (event === 'campaignStarted' && (from === undefined || from <= nowMs)) members.set(id, id);
						if (event === 'campaignEndingSoon' && to !== undefined && to > nowMs && to <= nowMs + windowMs) members.set(`${id}@${to}`, id);
						if (event === 'campaignEnded' && (to === undefined || to > nowMs)) members.set(id, id);
					}
					return members;
				};

				const pollAndCheck = async (): Promise<void> => {
					stats.polls++;
					const nowMs = Date.now();
					const members = membersNow(nowMs);
					const expected: string[] = [];
					let next = new Set(members.keys());
					if (event !== 'campaignEnded') {
						for (const [key, id] of members) {
							const enters = committed ? !tracked.has(key) : timeline.include;
							if (enters && !(timeline.emitOnce && emittedOnce.has(id))) expected.push(id);
						}
						if (event === 'campaignEndingSoon') {
							for (const key of tracked) if (Number(key.slice(key.lastIndexOf('@') + 1)) > nowMs) next.add(key);
						}
					} else if (committed) {
						for (const id of tracked) {
							if (members.has(id)) continue;
							const campaign = store.getCampaign(id);
							const reason = campaign === undefined ? 'removed' : campaign[C.status] === 'active' ? 'ended' : 'deactivated';
							if (!(timeline.emitOnce && emittedOnce.has(id))) expected.push(`${id}:${reason}`);
						}
					}
					const result = await n8n.poll(rig, parameters, { typeVersion: 2 });
					const items = itemsOf(result);
					const got = items.map((item) =>
						event === 'campaignEnded' ? `${String(item[C.id])}:${String(item.endReason)}` : String(item[C.id]),
					);
					expect(got.sort()).toEqual([...expected].sort());
					for (const item of items) {
						expect(item.event).toBe(event);
						const key = String(item.eventKey);
						expect(keys.has(key)).toBe(false);
						keys.add(key);
						emittedOnce.add(String(item[C.id]));
					}
					stats.events += items.length;
					if (result !== null && items.length === 0) expect(result).toEqual([[]]);
					const stored = decodeIdSet((n8n.memory[STATIC_KEY] as IDataObject).active);
					expect(stored).toEqual(next);
					expect(n8n.persisted).toEqual(n8n.memory);
					tracked = next;
					next = new Set();
					committed = true;
				};

				const pick = (n: number, status: 'active' | 'inactive' | 'all'): string | undefined => {
					const ids = store.listCampaigns(status).map((c) => c[C.id]);
					return ids.length === 0 ? undefined : ids[n % ids.length];
				};
				const trace: string[] = [];
				try {
					for (const step of timeline.steps) {
						trace.push(step.kind);
						const nowMs = Date.now();
						switch (step.kind) {
							case 'create':
								store.addCampaign({
									[C.status]: step.active ? 'active' : 'inactive',
									[C.dateFrom]: formatApiDate(nowMs + step.start * DAY),
									// No end in sight: a year away (the sandbox gives every campaign an end date).
									[C.dateTo]: formatApiDate(nowMs + (step.end === null ? 365 : Math.max(step.end, step.start + 1)) * DAY),
								});
								break;
							case 'activate':
							case 'deactivate': {
								const id = pick(step.pick, step.kind === 'activate' ? 'inactive' : 'active');
								if (id !== undefined) store.setCampaignStatus(id, step.kind === 'activate' ? 'active' : 'inactive');
								break;
							}
							case 'remove': {
								const id = pick(step.pick, 'all');
								if (id !== undefined && store.removeCampaign(id)) removed.add(id);
								break;
							}
							case 'moveEnd': {
								const id = pick(step.pick, 'all');
								const campaign = id === undefined ? undefined : store.getCampaign(id);
								const from = campaign === undefined ? undefined : dateOf(campaign, C.dateFrom);
								if (id !== undefined && from !== undefined) {
									store.setCampaignDates(id, undefined, formatApiDate(Math.max(nowMs + step.end * DAY, from + DAY)));
								}
								break;
							}
							case 'time':
								clock.offset += step.days * DAY;
								break;
							case 'poll':
								await pollAndCheck();
								break;
							case 'lostPoll':
								// A poll whose run n8n never saved: its state is thrown away.
								await poll(rig, parameters, jsonCopy(n8n.memory), { typeVersion: 2 });
								break;
							case 'restart':
								n8n.restart();
								break;
						}
					}
					await pollAndCheck();
				} catch (error) {
					(error as Error).message = `${(error as Error).message}\nsteps: ${trace.join(' -> ')}`;
					throw error;
				}
			}),
			{ numRuns: NUM_RUNS, endOnFailure: false },
		);
	});
});
