/**
 * The poll budget as a feature test: n8n-workflow 2.38 and newer give the poll context a
 * `getPollBudgetMs()`; older n8n (1.x, 2.0 - 2.37) do not, and the trigger must still poll there,
 * with n8n's own 5-minute default.
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { DEFAULT_POLL_BUDGET_MS, pollBudgetMs } from '../../nodes/AnnexCloud/trigger/budget';
import { idsOf, startRig, TRIGGER_TYPE, type TriggerRig } from './helpers';

/** A real n8n-core PollContext, as older n8n builds it: without getPollBudgetMs. */
function contextWithoutBudget(rig: TriggerRig, staticData: IDataObject): IPollFunctions {
	const context = rig.harness.pollContext(TRIGGER_TYPE, {}, staticData, { mode: 'trigger', activation: 'activate' });
	delete (context as Partial<IPollFunctions>).getPollBudgetMs;
	expect('getPollBudgetMs' in context).toBe(false);
	return context;
}

describe('pollBudgetMs', () => {
	let rig: TriggerRig;

	beforeAll(async () => {
		rig = await startRig();
	});

	afterAll(async () => {
		await rig.close();
	});

	it("is n8n's budget where n8n offers getPollBudgetMs (n8n-workflow >= 2.38)", () => {
		const context = rig.harness.pollContext(TRIGGER_TYPE, {}, {}, { pollBudgetMs: 42_000 });
		expect(pollBudgetMs(context)).toBe(42_000);
	});

	it("is n8n's 5-minute default where the context has no getPollBudgetMs (older n8n)", () => {
		expect(DEFAULT_POLL_BUDGET_MS).toBe(5 * 60 * 1000);
		expect(pollBudgetMs(contextWithoutBudget(rig, {}))).toBe(DEFAULT_POLL_BUDGET_MS);
	});

	it('is the default when getPollBudgetMs is there but is not a function', () => {
		const context = rig.harness.pollContext(TRIGGER_TYPE, {}, {});
		(context as unknown as { getPollBudgetMs: unknown }).getPollBudgetMs = 1000;
		expect(pollBudgetMs(context)).toBe(DEFAULT_POLL_BUDGET_MS);
	});

	it('lets the trigger poll in an n8n without getPollBudgetMs: activation then a newly active campaign', async () => {
		const staticData: IDataObject = {};
		expect(await rig.trigger.poll.call(contextWithoutBudget(rig, staticData))).toBeNull();
		rig.sandbox.store.setCampaignStatus('1002', 'active');
		expect(idsOf(await rig.trigger.poll.call(contextWithoutBudget(rig, staticData)))).toEqual(['1002']);
	});
});
