/**
 * Write operations (Activate for Member, Reactivate for Member) and the options shared by
 * all operations (Extra Body Fields, Timeout), against the sandbox over HTTP.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { description as activateDescription } from '../../nodes/AnnexCloud/actions/campaign/activateForMember.operation';
import { description as reactivateDescription } from '../../nodes/AnnexCloud/actions/campaign/reactivateForMember.operation';
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
		// What was sent comes first, then what the API answered (its own member id field included).
		expect(Object.keys(result.items[0]?.json ?? {}).slice(0, 3)).toEqual(['success', 'memberId', 'campaignId']);
		expect(result.items[0]?.json).toMatchObject({ success: true, memberId: 'member-0001', campaignId: '1001', [FIELDS.request.memberId]: 'member-0001' });
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

	it('the AC1006 error says how to count such members as success', async () => {
		ctx.sandbox.store.activate('member-0002', '1001');
		const error = errorOf(await ctx.run(activate('member-0002')));
		expect(error.description).toContain('Treat Already Active as Success');
	});

	describe('Treat Already Active as Success', () => {
		it('is an option of Activate and of Reactivate for Member: alreadyActiveIsSuccess, a boolean, off by default', () => {
			for (const properties of [activateDescription, reactivateDescription]) {
				const options = properties.find((property) => property.name === 'options')?.options ?? [];
				expect(options.find((option) => option.name === 'alreadyActiveIsSuccess')).toMatchObject({
					displayName: 'Treat Already Active as Success',
					type: 'boolean',
					default: false,
					description: expect.stringMatching(/409 \/ AC1006.*alreadyActive: true instead of an error.*alreadyActive: false/),
				});
			}
		});

		const input = [{ member: 'member-0001' }, { member: 'member-0002' }, { member: 'member-0003' }];

		it('an already active member is a success item with alreadyActive: true; a fresh activation has alreadyActive: false', async () => {
			ctx.sandbox.store.activate('member-0002', '1001');
			const result = await ctx.run(activate('={{ $json.member }}', { alreadyActiveIsSuccess: true }), input);
			expect(result.error).toBeUndefined();
			expect(pairedIndexes(result.items)).toEqual([0, 1, 2]);
			const out = jsonOf(result.items);
			expect(out.map((json) => [json.memberId, json.campaignId, json.success, json.alreadyActive])).toEqual([
				['member-0001', '1001', true, false],
				['member-0002', '1001', true, true],
				['member-0003', '1001', true, false],
			]);
			expect(out[1]).toEqual({ success: true, memberId: 'member-0002', campaignId: '1001', alreadyActive: true });
			// Three requests were sent: the already active member was asked, not skipped.
			expect(ctx.apiRequests().map((entry) => entry.status).sort()).toEqual([200, 200, 409]);
		});

		it('off (the default): no alreadyActive field, and an already active member is an error', async () => {
			ctx.sandbox.store.activate('member-0002', '1001');
			const result = await ctx.run(activate('={{ $json.member }}', { alreadyActiveIsSuccess: false }), input, { continueOnFail: true });
			const out = jsonOf(result.items);
			expect(out.some((json) => 'alreadyActive' in json)).toBe(false);
			expect(Object.keys(out[1] ?? {}).sort()).toEqual(['details', 'error']);
			expect((out[1]?.details as IDataObject).httpCode).toBe('409');
		});

		it('a 409 without an Annex error code also means already active (the transport decides, as for the message)', async () => {
			ctx.sandbox.faults.inject({ kind: 'body', status: 409, body: '{"message":"conflict"}', match: { pathPrefix: '/campaign/activation' } });
			const result = await ctx.run(activate('member-0004', { alreadyActiveIsSuccess: '={{ "true" }}' }));
			expect(result.error).toBeUndefined();
			expect(result.items[0]?.json).toMatchObject({ success: true, alreadyActive: true, memberId: 'member-0004' });
		});

		it('other failures stay errors: an unknown member, a 409 whose code says something else', async () => {
			const unknown = errorOf(await ctx.run(activate('ghost', { alreadyActiveIsSuccess: true })));
			expect(unknown.httpCode).toBe('404');
			ctx.sandbox.faults.inject({
				kind: 'body',
				status: 409,
				body: '{"errorCode":"AC1007","errorMessage":"Invalid Parameters"}',
				match: { pathPrefix: '/campaign/activation' },
			});
			const other = errorOf(await ctx.run(activate('member-0004', { alreadyActiveIsSuccess: true })));
			expect(other.httpCode).toBe('409');
			expect(other.message).toContain('Invalid Parameters');
		});

		it('a value that is not true or false is named before anything is sent', async () => {
			const error = errorOf(await ctx.run(activate('member-0001', { alreadyActiveIsSuccess: '={{ "yes" }}' })));
			expect(error.message).toBe('Parameter "Treat Already Active as Success" must be true or false (item 0)');
			expect(ctx.apiRequests()).toHaveLength(0);
		});
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
		expect(result.items[0]?.json).toMatchObject({ success: true, memberId: 'id with space/slash', campaignId: '1001', status: 'success', activationCount: 2 });
		const request = ctx.apiRequests()[0];
		expect(request).toMatchObject({ method: 'PATCH', route: 'reactivateCampaignForMember', params: ['id with space/slash'] });
		expect(request?.path).toContain(encodeURIComponent('id with space/slash'));
		expect(bodyOf(request)).toEqual({ [FIELDS.request.campaignId]: '1001', reason: 'new window' });
		expect(ctx.sandbox.store.getActivation('id with space/slash', '1001')?.activationCount).toBe(2);
	});

	it('Treat Already Active as Success: an AC1006 answer to a reactivation is a success item with alreadyActive: true', async () => {
		// The sandbox reactivates any activated member; Annex Cloud may answer AC1006 when the
		// member's activation is already current. The answer is injected.
		const already = '{"errorCode":"AC1006","errorMessage":"Data already exists"}';
		const reactivate = (options: INodeParameters): INodeParameters => ({
			resource: 'campaign',
			operation: 'reactivateForMember',
			memberId: 'member-0006',
			campaignId: byId('1001'),
			options,
		});
		ctx.sandbox.faults.inject({ kind: 'body', status: 409, body: already, match: { method: 'PATCH' } });
		const error = errorOf(await ctx.run(reactivate({})));
		expect(error.message).toBe('Campaign "1001" is already active for this member ("member-0006"): there is nothing to reactivate');

		ctx.sandbox.faults.inject({ kind: 'body', status: 409, body: already, match: { method: 'PATCH' } });
		const result = await ctx.run(reactivate({ alreadyActiveIsSuccess: true }));
		expect(result.items.map((item) => item.json)).toEqual([{ success: true, memberId: 'member-0006', campaignId: '1001', alreadyActive: true }]);

		ctx.sandbox.store.activate('member-0006', '1001');
		const fresh = await ctx.run(reactivate({ alreadyActiveIsSuccess: true }));
		expect(fresh.items[0]?.json).toMatchObject({ memberId: 'member-0006', campaignId: '1001', alreadyActive: false, activationCount: 2 });
	});

	it('a member who never activated: 404 whose hint points to Activate for Member', async () => {
		const error = errorOf(
			await ctx.run({ resource: 'campaign', operation: 'reactivateForMember', memberId: 'member-0005', campaignId: byId('1001') }),
		);
		expect(error.httpCode).toBe('404');
		expect(error.description).toContain('Activate for Member');
	});
});
