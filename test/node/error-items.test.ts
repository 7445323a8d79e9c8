/**
 * One Continue On Fail error-item shape across every operation of the node and every path that
 * makes one (a parameter that cannot be read, an HTTP failure, a failed Set Individual Validity
 * batch, a wrong run-wide setting): `{ error, details: { description, httpCode?, ... } }`, with
 * exactly these two top-level keys (so n8n's "Continue (using error output)" routes it), the
 * HTTP code for HTTP failures, and paired to its input item. Over real HTTP, the sandbox made
 * to fail with its fault injection.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { addValidityCampaign, byId, jsonOf, pairedIndexes, useNodeTestContext, validityRun } from './helpers';

const ctx = useNodeTestContext({ campaigns: 5 });

/**
 * Every operation, its parameters read from the item: item 0 is well formed (its request is
 * made to fail), item 1 has a value the node refuses before sending anything.
 */
const OPERATIONS: Record<string, { parameters: INodeParameters; input: [IDataObject, IDataObject] }> = {
	'campaign.get': {
		parameters: { resource: 'campaign', operation: 'get', campaignId: byId('={{ $json.id }}') },
		input: [{ id: '1001' }, { id: '' }],
	},
	'campaign.getMany': {
		parameters: { resource: 'campaign', operation: 'getMany', status: '={{ $json.status }}', returnAll: true },
		input: [{ status: 'all' }, { status: 'bogus' }],
	},
	'campaign.getForMember': {
		parameters: { resource: 'campaign', operation: 'getForMember', memberId: '={{ $json.member }}', campaignId: byId('1001') },
		input: [{ member: 'member-0001' }, { member: '' }],
	},
	'campaign.getEligibleForMember': {
		parameters: { resource: 'campaign', operation: 'getEligibleForMember', memberId: '={{ $json.member }}' },
		input: [{ member: 'member-0001' }, { member: '' }],
	},
	'campaign.activateForMember': {
		parameters: { resource: 'campaign', operation: 'activateForMember', memberId: '={{ $json.member }}', campaignId: byId('1001'), options: { alreadyActiveIsSuccess: true } },
		input: [{ member: 'member-0001' }, { member: '' }],
	},
	'campaign.reactivateForMember': {
		parameters: { resource: 'campaign', operation: 'reactivateForMember', memberId: '={{ $json.member }}', campaignId: byId('1001'), options: { alreadyActiveIsSuccess: true } },
		input: [{ member: 'member-0001' }, { member: '' }],
	},
	'campaign.setIndividualValidity': {
		parameters: validityRun({}),
		input: [{ member: 'member-0001' }, { member: '' }],
	},
	'campaignGroup.get': {
		parameters: { resource: 'campaignGroup', operation: 'get', campaignGroupId: byId('={{ $json.id }}') },
		input: [{ id: '501' }, { id: '' }],
	},
	'campaignGroup.getMany': {
		parameters: { resource: 'campaignGroup', operation: 'getMany', status: '={{ $json.status }}', returnAll: true },
		input: [{ status: 'all' }, { status: 'bogus' }],
	},
};

function expectErrorItem(json: IDataObject | undefined, httpCode: string | undefined): void {
	expect(Object.keys(json ?? {}).sort()).toEqual(['details', 'error']);
	expect(typeof json?.error).toBe('string');
	expect(String(json?.error)).not.toBe('');
	const details = json?.details as IDataObject;
	expect(typeof details).toBe('object');
	expect(typeof details.description).toBe('string');
	if (httpCode === undefined) expect(details).not.toHaveProperty('httpCode');
	else expect(details.httpCode).toBe(httpCode);
}

describe('Continue On Fail: one error-item shape for every operation', () => {
	it('lists every operation the node offers', async () => {
		const { AnnexCloud } = await import('../../nodes/AnnexCloud/AnnexCloud.node');
		const offered = new AnnexCloud().description.properties
			.filter((property) => property.name === 'operation')
			.flatMap((property) => {
				const resource = property.displayOptions?.show?.resource?.[0];
				return (property.options ?? []).map((option) => `${String(resource)}.${String((option as { value: unknown }).value)}`);
			});
		expect(Object.keys(OPERATIONS).sort()).toEqual(offered.sort());
	});

	it.each(Object.keys(OPERATIONS))('%s: an HTTP failure and a parameter failure, each an { error, details } item paired to its item', async (name) => {
		const { parameters, input } = OPERATIONS[name]!;
		addValidityCampaign(ctx.sandbox, 0);
		ctx.sandbox.faults.inject({ kind: 'status', status: 400, count: 10 });
		const result = await ctx.run(parameters, input, { continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(pairedIndexes(result.items)).toEqual([0, 1]);
		const [http, parameter] = jsonOf(result.items);
		expectErrorItem(http, '400');
		expectErrorItem(parameter, undefined);
		expect(String(parameter?.error)).toMatch(/^Parameter ".+" .* \(item 1\)$/);
		// Only the well-formed item was sent.
		expect(ctx.apiRequests()).toHaveLength(1);
	});

	it.each(Object.keys(OPERATIONS))('%s: a wrong run-wide setting (Concurrent Requests) makes every item an error item', async (name) => {
		const { parameters, input } = OPERATIONS[name]!;
		const options = { ...((parameters.options as IDataObject | undefined) ?? {}), concurrency: 'many' };
		const result = await ctx.run({ ...parameters, options }, input, { continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(pairedIndexes(result.items)).toEqual([0, 1]);
		for (const json of jsonOf(result.items)) {
			expectErrorItem(json, undefined);
			expect(String(json.error)).toContain('"Concurrent Requests"');
		}
		expect(ctx.apiRequests()).toHaveLength(0);
	});
});
