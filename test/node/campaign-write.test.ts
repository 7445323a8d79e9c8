/**
 * Write operations (Activate for Member, Reactivate for Member) and the options shared by
 * all operations (Extra Body Fields, Timeout), against the sandbox over HTTP.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { FIELDS } from '../../nodes/AnnexCloud/transport/contract';
import { byId, bodyOf, errorOf, jsonOf, pairedIndexes, useNodeTestContext } from './helpers';

const ctx = useNodeTestContext({ campaigns: 10 });

const activate = (memberId: string, options: INodeParameters = {}): INodeParameters => ({
	resource: 'campaign',
	operation: 'activateForMember',
	memberId,
	campaignId: byId('={{ $json.campaign ?? "1001" }}'),
	options,
});

describe('Campaign > Activate for Member', () => {
	it('activates the campaign; extra body fields arrive in the signed body', async () => {
		const result = await ctx.run(activate('member-0001', { extraBodyFields: '{"channel":"web","source":{"app":"n8n"}}' }));
		expect(result.error).toBeUndefined();
		expect(result.items[0]).toMatchObject({ json: { status: 'success' }, pairedItem: { item: 0 } });
		expect(ctx.sandbox.store.getActivation('member-0001', '1001')).toBeDefined();
		const request = ctx.apiRequests()[0];
		expect(request).toMatchObject({ method: 'POST', route: 'activateCampaignForMember', verified: true });
		expect(bodyOf(request)).toEqual({
			[FIELDS.request.memberId]: 'member-0001',
			[FIELDS.request.campaignId]: '1001',
			channel: 'web',
			source: { app: 'n8n' },
		});
	});

	it('sends ids with quotes, backslashes and unicode exactly', async () => {
		const members = ['quote"back\\slash', 'ünï-cødé'];
		const result = await ctx.run(
			{ ...activate('={{ $json.member }}') },
			members.map((member) => ({ member })),
		);
		expect(result.error).toBeUndefined();
		for (const member of members) expect(ctx.sandbox.store.getActivation(member, '1001')).toBeDefined();
		expect(ctx.apiRequests().map((entry) => String(bodyOf(entry)[FIELDS.request.memberId])).sort()).toEqual([...members].sort());
	});

	it('a 409 fails the node; with Continue On Fail the other items still run, each paired', async () => {
		ctx.sandbox.store.activate('member-0002', '1001');
		const input = [{ member: 'member-0001' }, { member: 'member-0002' }, { member: 'member-0003' }];
		const failed = await ctx.run(activate('={{ $json.member }}'), input);
		const error = errorOf(failed);
		expect(error.name).toBe('NodeApiError');
		expect(error.httpCode).toBe('409');
		expect(error.context?.itemIndex).toBe(1);

		ctx.sandbox.store.reset();
		ctx.sandbox.store.activate('member-0002', '1001');
		const continued = await ctx.run(activate('={{ $json.member }}'), input, { continueOnFail: true });
		expect(continued.error).toBeUndefined();
		expect(pairedIndexes(continued.items)).toEqual([0, 1, 2]);
		const [first, second, third] = jsonOf(continued.items);
		expect(first?.status).toBe('success');
		expect((second?.details as IDataObject | undefined)?.httpCode).toBe('409');
		expect(String(second?.error)).toBe('Campaign "1001" is already active for this member ("member-0002")');
		expect(third?.status).toBe('success');
		expect(ctx.sandbox.store.getActivation('member-0003', '1001')).toBeDefined();
	});

	it('unknown member: NodeApiError whose hint names the member ID', async () => {
		const error = errorOf(await ctx.run(activate('ghost')));
		expect(error.httpCode).toBe('404');
		expect(error.description).toContain('Check the member ID');
	});

	it('invalid Extra Body Fields: NodeOperationError naming the parameter and the item, nothing sent', async () => {
		const result = await ctx.run(
			activate('={{ $json.member }}', { extraBodyFields: '={{ $json.extra }}' }),
			[
				{ member: 'member-0001', extra: '{"ok":true}' },
				{ member: 'member-0002', extra: '{not json' },
			],
		);
		const error = errorOf(result);
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toContain('"Extra Body Fields (JSON)"');
		expect(error.message).toContain('item 1');
		expect(error.context?.itemIndex).toBe(1);
		// Every item is checked before the first request: item 0 was not sent either.
		expect(ctx.apiRequests()).toHaveLength(0);
		expect(ctx.sandbox.store.getActivation('member-0001', '1001')).toBeUndefined();
	});

	it('Extra Body Fields must be an object, not an array', async () => {
		const error = errorOf(await ctx.run(activate('member-0001', { extraBodyFields: '[1, 2]' })));
		expect(error.message).toContain('"Extra Body Fields (JSON)" must be a JSON object');
		expect(ctx.apiRequests()).toHaveLength(0);
	});

	it('an empty member id is named, with continue on fail as an error item', async () => {
		const failed = await ctx.run(activate('  '));
		expect(errorOf(failed).message).toContain('"Member ID" is empty');
		const continued = await ctx.run(activate('={{ $json.member }}'), [{ member: '' }, { member: 'member-0004' }], {
			continueOnFail: true,
		});
		expect(pairedIndexes(continued.items)).toEqual([0, 1]);
		expect(String(continued.items[0]?.json.error)).toContain('"Member ID"');
		expect(continued.items[1]?.json.status).toBe('success');
		expect(ctx.apiRequests()).toHaveLength(1);
	});

	it('the Timeout option bounds the request (a write that timed out is not retried)', async () => {
		ctx.sandbox.faults.inject({ kind: 'latency', latencyMs: 2000, match: { pathPrefix: '/campaign/activation' } });
		const started = Date.now();
		const error = errorOf(await ctx.run(activate('member-0001', { timeout: 250 })));
		expect(Date.now() - started).toBeLessThan(1500);
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toContain('did not answer');
		expect(error.description).toContain('Timeout');
		expect(error.message).not.toContain('attempts');
	});
});

describe('Campaign > Reactivate for Member', () => {
	it('reactivates with PATCH on the member path; the body has the campaign and extra fields', async () => {
		ctx.sandbox.store.activate('id with space/slash', '1001');
		const result = await ctx.run({
			resource: 'campaign',
			operation: 'reactivateForMember',
			memberId: ' id with space/slash ',
			campaignId: byId('1001'),
			options: { extraBodyFields: '{"reason":"new window"}' },
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0]?.json).toMatchObject({ status: 'success', activationCount: 2 });
		const request = ctx.apiRequests()[0];
		expect(request).toMatchObject({ method: 'PATCH', route: 'reactivateCampaignForMember', params: ['id with space/slash'] });
		expect(request?.path).toContain(encodeURIComponent('id with space/slash'));
		expect(bodyOf(request)).toEqual({ [FIELDS.request.campaignId]: '1001', reason: 'new window' });
		expect(ctx.sandbox.store.getActivation('id with space/slash', '1001')?.activationCount).toBe(2);
	});

	it('a member who never activated: 404 whose hint points to Activate for Member', async () => {
		const error = errorOf(
			await ctx.run({ resource: 'campaign', operation: 'reactivateForMember', memberId: 'member-0005', campaignId: byId('1001') }),
		);
		expect(error.httpCode).toBe('404');
		expect(error.description).toContain('Activate for Member');
	});
});
