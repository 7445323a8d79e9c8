/**
 * The wire, pinned with literals. The sandbox builds its routes, fields and list keys from
 * transport/contract.ts, so a typo there would be mirrored by the sandbox and every other test
 * would still pass. This test restates every method, path, header, claim, body field, list key
 * and query parameter as a literal string: a change to the contract is a deliberate edit in two
 * places (the contract and here), checked against ../shared/annex-cloud-api.md.
 */
import {
	CLAIMS,
	ENVIRONMENT_BASE_URLS,
	ERROR_CODES,
	FIELDS,
	HEADERS,
	JSON_CONTENT_TYPE,
	LIST_KEYS,
	PAGE_QUERY_PARAMETER,
	ROUTES,
} from '../../nodes/AnnexCloud/transport/contract';
import { BODY_SIGNED_METHODS } from '../../nodes/AnnexCloud/transport/signedPayload';

describe('the Annex Cloud wire, as literals', () => {
	it('the nine Campaign endpoints: method, path template, repeatable', () => {
		const routes = Object.fromEntries(Object.entries(ROUTES).map(([key, route]) => [key, [route.method, route.template, route.idempotent]]));
		expect(routes).toEqual({
			getCampaignForMember: ['POST', '/campaign', true],
			getCampaignsByStatus: ['GET', '/campaign/{status}', true],
			getCampaign: ['GET', '/campaign/{campaignId}', true],
			getEligibleCampaigns: ['GET', '/users/{memberId}/campaign', true],
			reactivateCampaignForMember: ['PATCH', '/campaign/activation/{memberId}', false],
			activateCampaignForMember: ['POST', '/campaign/activation', false],
			setIndividualValidity: ['POST', '/campaign/individualvalidity', false],
			getCampaignGroupsByStatus: ['GET', '/campaign/group/{status}', true],
			getCampaignGroup: ['GET', '/campaign/group/{campaignGroupId}', true],
		});
		for (const [key, route] of Object.entries(ROUTES)) expect(route.key).toBe(key);
	});

	it('hosts, headers, JWT claims, the page parameter and the signed methods', () => {
		expect(ENVIRONMENT_BASE_URLS).toEqual({
			production: 'https://s15.socialannex.net/api/3.0',
			staging: 'https://s15.stage.socialannex.net/api/3.0',
		});
		expect(HEADERS).toEqual({ authorization: 'Authorization', site: 'X-AnnexCloud-Site', contentType: 'Content-Type' });
		expect(JSON_CONTENT_TYPE).toBe('application/json');
		expect(CLAIMS).toEqual({ subject: 'sub', expiry: 'exp', siteId: 'site_id', hmac: 'hmac' });
		expect(PAGE_QUERY_PARAMETER).toBe('page');
		expect([...BODY_SIGNED_METHODS].sort()).toEqual(['DELETE', 'PATCH', 'POST', 'PUT']);
	});

	it('request body fields', () => {
		expect(FIELDS.request).toEqual({
			memberId: 'id',
			campaignId: 'campaignId',
			status: 'status',
			members: 'members',
			startDate: 'startDate',
			endDate: 'endDate',
		});
	});

	it('response fields: campaign, campaign group, list envelope, per-member results, errors', () => {
		expect(FIELDS.campaign).toEqual({
			id: 'campaignId',
			name: 'campaignName',
			description: 'campaignDescription',
			terms: 'campaignTerms',
			tagline: 'campaignTagline',
			dateFrom: 'campaignDateFrom',
			dateTo: 'campaignDateTo',
			status: 'campaignStatus',
			groupName: 'campaignGroupName',
			audience: 'audience',
			numberOfMilestones: 'numberOfMilestones',
			createDate: 'campaignCreateDate',
			updateDate: 'campaignUpdateDate',
			activationRequired: 'activationRequired',
			individualValidity: 'individualValidity',
			groupId: 'campaignGroupId',
			milestones: 'milestones',
		});
		expect(FIELDS.campaignGroup).toEqual({
			id: 'campaignGroupId',
			name: 'campaignGroupName',
			status: 'status',
			campaigns: 'campaigns',
		});
		expect(FIELDS.list).toEqual({ pages: 'pages', currentPage: 'currentPage' });
		expect(FIELDS.memberResults).toBe('members');
		expect(FIELDS.memberResult).toMatchObject({ id: 'id', status: 'status', reason: 'reason', errorCode: 'errorCode' });
		expect(FIELDS.error).toEqual({ code: 'errorCode', message: 'errorMessage' });
	});

	it('list keys and the documented error codes', () => {
		expect(LIST_KEYS).toEqual({
			campaigns: 'allCampaignDetails',
			campaignGroups: 'allCampaignGroupDetails',
			eligibleCampaigns: 'campaigns',
		});
		expect(Object.values(ERROR_CODES)).toEqual([
			'AC1001',
			'AC1002',
			'AC1003',
			'AC1004',
			'AC1005',
			'AC1006',
			'AC1007',
			'AC1008',
			'AC1009',
			'AC1010',
		]);
	});
});
