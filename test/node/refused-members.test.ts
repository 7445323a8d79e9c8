/**
 * A member Annex Cloud refuses to act for (AC1008 blocked, AC1009 opted out) is reported the
 * same way by Activate for Member, Reactivate for Member and Set Individual Validity: a normal
 * output item `{ success: false, status: 'refused', code, reason, memberId, campaignId }`, not an
 * error, with or without Continue On Fail. Over real HTTP against the sandbox, whose seeded
 * `member-blocked` and `member-opted-out` get these codes.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { BLOCKED_MEMBER_ID, OPTED_OUT_MEMBER_ID } from '../../sandbox';
import { addValidityCampaign, byId, jsonOf, pairedIndexes, useNodeTestContext, validityRun } from './helpers';

const ctx = useNodeTestContext({ campaigns: 5 });

const REFUSED_KEYS = ['success', 'status', 'code', 'reason', 'memberId', 'campaignId'];
const pick = (json: IDataObject | undefined): IDataObject => Object.fromEntries(REFUSED_KEYS.map((key) => [key, json?.[key]]));

function write(operation: 'activateForMember' | 'reactivateForMember', campaignId: string, options: INodeParameters = {}): INodeParameters {
	return { resource: 'campaign', operation, memberId: '={{ $json.member }}', campaignId: byId(campaignId), options };
}

const input = [{ member: 'member-0001' }, { member: BLOCKED_MEMBER_ID }, { member: OPTED_OUT_MEMBER_ID }];

describe('refused members', () => {
	it.each([false, true])('Activate for Member (Continue On Fail %s): a refused item per refused member, the others activated', async (continueOnFail) => {
		const result = await ctx.run(write('activateForMember', '1001'), input, { continueOnFail });
		expect(result.error).toBeUndefined();
		expect(pairedIndexes(result.items)).toEqual([0, 1, 2]);
		const [ok, blocked, optedOut] = jsonOf(result.items);
		expect(ok).toMatchObject({ success: true, memberId: 'member-0001', campaignId: '1001' });
		expect(Object.keys(blocked ?? {})).toEqual(REFUSED_KEYS);
		expect(blocked).toEqual({
			success: false,
			status: 'refused',
			code: 'AC1008',
			reason: `User is blocked (MEMBER_BLOCKED): Member "${BLOCKED_MEMBER_ID}" is blocked. Annex Cloud does not act for a blocked member. Unblock the member in Annex Cloud, or filter blocked members out before this node.`,
			memberId: BLOCKED_MEMBER_ID,
			campaignId: '1001',
		});
		expect(optedOut).toMatchObject({ success: false, status: 'refused', code: 'AC1009', memberId: OPTED_OUT_MEMBER_ID });
		expect(String(optedOut?.reason)).toMatch(/^Opt out user \(MEMBER_OPTED_OUT\): .*\. The member opted out of the loyalty program/);
		expect(ctx.sandbox.store.activations().map((record) => record.memberId)).toEqual(['member-0001']);
	});

	it('with Treat Already Active as Success a refused member is still refused (not counted as active)', async () => {
		const result = await ctx.run(write('activateForMember', '1001', { alreadyActiveIsSuccess: true }), [{ member: BLOCKED_MEMBER_ID }]);
		expect(result.items[0]?.json).toMatchObject({ success: false, status: 'refused', code: 'AC1008' });
		expect(result.items[0]?.json).not.toHaveProperty('alreadyActive');
	});

	it('Activate, Reactivate and Set Individual Validity report a refused member with the same fields and words', async () => {
		addValidityCampaign(ctx.sandbox, 0);
		ctx.sandbox.store.updateCampaign('7001', { activationRequired: true, campaignStatus: 'active' });
		const members = [{ member: BLOCKED_MEMBER_ID }, { member: OPTED_OUT_MEMBER_ID }];
		const activated = jsonOf((await ctx.run(write('activateForMember', '7001'), members)).items);
		const reactivated = jsonOf((await ctx.run(write('reactivateForMember', '7001'), members)).items);
		const validity = jsonOf((await ctx.run(validityRun({}), members)).items);
		expect(activated.map((json) => json.code)).toEqual(['AC1008', 'AC1009']);
		expect(reactivated.map(pick)).toEqual(activated.map(pick));
		expect(validity.map(pick)).toEqual(activated.map(pick));
		// Set Individual Validity adds the window it tried to set, nothing else.
		expect(Object.keys(validity[0] ?? {}).sort()).toEqual([...REFUSED_KEYS, 'startDate', 'endDate'].sort());
	});

	it('other failures stay errors: an unknown member is an error item only with Continue On Fail', async () => {
		const result = await ctx.run(write('activateForMember', '1001'), [{ member: 'ghost' }], { continueOnFail: true });
		expect(Object.keys(result.items[0]?.json ?? {}).sort()).toEqual(['details', 'error']);
	});
});
