/**
 * Simplify (helpers/simplify.ts): what it keeps, in which order, and that every Simplify
 * switch in the editor names exactly the fields it returns (issue 17.4).
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { AnnexCloud } from '../../nodes/AnnexCloud/AnnexCloud.node';
import { AnnexCloudTrigger } from '../../nodes/AnnexCloud/AnnexCloudTrigger.node';
import { simplifyMemberCampaign } from '../../nodes/AnnexCloud/helpers/records';
import { campaignStateWords, simplifyCampaign, simplifyCampaignGroup } from '../../nodes/AnnexCloud/helpers/simplify';
import { FIELDS } from '../../nodes/AnnexCloud/transport/contract';

const C = FIELDS.campaign;
const G = FIELDS.campaignGroup;

/** A campaign as Annex Cloud may send it: every field the contract knows, plus one it does not. */
function fullCampaign(overrides: IDataObject = {}): IDataObject {
	return {
		[C.updateDate]: '2026-01-02 10:00:00',
		[C.milestones]: [{ milestone: 1 }],
		[C.terms]: 'Terms apply',
		[C.tagline]: 'Earn more',
		[C.audience]: { segment: 'all' },
		[C.numberOfMilestones]: 1,
		[C.createDate]: '2026-01-01 10:00:00',
		[C.individualValidity]: true,
		[C.groupName]: 'Summer',
		[C.groupId]: '501',
		[C.dateTo]: '2026-08-31 23:59:59',
		[C.dateFrom]: '2026-06-01 00:00:00',
		[C.activationRequired]: true,
		[C.status]: 'active',
		[C.description]: 'Double points on every order in June',
		[C.name]: 'Summer Points',
		[C.id]: '1001',
		somethingNew: 'x',
		...overrides,
	};
}

const CAMPAIGN_ORDER = ['id', 'name', 'description', 'status', 'isActive', 'activationRequired', 'startDate', 'endDate', 'groupId', 'groupName'];

describe('simplifyCampaign', () => {
	it('keeps ten fields, the most useful first, whatever order the API sent them in', () => {
		const simple = simplifyCampaign(fullCampaign());
		expect(Object.keys(simple)).toEqual(CAMPAIGN_ORDER);
		expect(simple).toEqual({
			id: '1001',
			name: 'Summer Points',
			description: 'Double points on every order in June',
			status: 'active',
			isActive: true,
			activationRequired: true,
			startDate: '2026-06-01 00:00:00',
			endDate: '2026-08-31 23:59:59',
			groupId: '501',
			groupName: 'Summer',
		});
	});

	it("keeps the campaign's description (people post it to Slack and email)", () => {
		expect(simplifyCampaign({ [C.id]: 7, [C.description]: 'Spend $50, get 500 points' })).toEqual({
			id: 7,
			description: 'Spend $50, get 500 points',
		});
	});

	it('leaves out fields the API did not send, and says isActive only when there is a status', () => {
		expect(simplifyCampaign({ [C.id]: '1', [C.name]: 'A' })).toEqual({ id: '1', name: 'A' });
		expect(simplifyCampaign({ [C.id]: '1', [C.status]: 'inactive' })).toEqual({ id: '1', status: 'inactive', isActive: false });
		expect(simplifyCampaign({ [C.id]: '1', [C.status]: 1 })).toEqual({ id: '1', status: 1, isActive: true });
	});

	it('keeps a false activationRequired (a campaign that needs no activation)', () => {
		expect(simplifyCampaign({ [C.activationRequired]: false })).toEqual({ activationRequired: false });
	});
});

describe('simplifyCampaignGroup', () => {
	it("returns the group's id, name, status and the ids of its campaigns", () => {
		const simple = simplifyCampaignGroup({ [G.id]: 501, [G.name]: 'Summer', [G.status]: 'active', [G.campaigns]: ['1001', 1002], extra: 1 });
		expect(simple).toEqual({ id: 501, name: 'Summer', status: 'active', campaignIds: ['1001', '1002'], campaignCount: 2 });
		expect(Object.keys(simple)).toEqual(['id', 'name', 'status', 'campaignIds', 'campaignCount']);
	});

	it('takes the ids of campaigns listed as objects', () => {
		const simple = simplifyCampaignGroup({ [G.id]: '9', [G.campaigns]: [{ [C.id]: '1001', [C.name]: 'A' }, { [C.id]: 1002 }] });
		expect(simple).toEqual({ id: '9', campaignIds: ['1001', '1002'], campaignCount: 2 });
	});

	it('has no campaign ids when the group does not list its campaigns', () => {
		expect(simplifyCampaignGroup({ [G.id]: '9', [G.name]: 'Empty' })).toEqual({ id: '9', name: 'Empty' });
		expect(simplifyCampaignGroup({ [G.id]: '9', [G.campaigns]: [] })).toEqual({ id: '9', campaignIds: [], campaignCount: 0 });
	});
});

describe('campaignStateWords (what a From List entry says about a campaign)', () => {
	it.each([
		[{ [C.status]: 'active', [C.activationRequired]: true }, ['active', 'needs activation']],
		[{ [C.status]: 'inactive', [C.activationRequired]: false }, ['inactive', 'no activation needed']],
		[{ [C.status]: 'ACTIVE', [C.activationRequired]: '1' }, ['active', 'needs activation']],
		[{ [C.status]: 0, [C.activationRequired]: 'no' }, ['inactive', 'no activation needed']],
		[{ [C.status]: 'scheduled', [C.activationRequired]: 'maybe' }, ['scheduled']],
		[{ [C.status]: '', [C.activationRequired]: null }, []],
		[{}, []],
	])('%j -> %j', (campaign, words) => {
		expect(campaignStateWords(campaign as IDataObject)).toEqual(words);
	});
});

describe('every Simplify switch says what it returns', () => {
	/** The field names a Simplify description lists in its parentheses. */
	function listedFields(description: string | undefined): string[] {
		const match = /\(([^)]*)\)/.exec(description ?? '');
		return (match?.[1] ?? '').split(',').map((name) => name.trim());
	}

	const node = new AnnexCloud().description.properties;
	const simplifySwitches = (properties: INodeProperties[]) => properties.filter((p) => p.name === 'simplify');
	const fullGroup = { [G.id]: '1', [G.name]: 'G', [G.status]: 'active', [G.campaigns]: ['1'] };

	it.each([
		['campaign', 'get', fullCampaign, simplifyCampaign],
		['campaign', 'getMany', fullCampaign, simplifyCampaign],
		['campaign', 'getEligibleForMember', fullCampaign, simplifyCampaign],
		['campaign', 'getForMember', fullCampaign, simplifyMemberCampaign],
		['campaignGroup', 'get', () => fullGroup, simplifyCampaignGroup],
		['campaignGroup', 'getMany', () => fullGroup, simplifyCampaignGroup],
	] as const)('%s > %s', (resource, operation, record, simplify) => {
		const [property] = simplifySwitches(node).filter(
			(p) => p.displayOptions?.show?.resource?.includes(resource) && p.displayOptions?.show?.operation?.includes(operation),
		);
		const returned = Object.keys(simplify(record()));
		const listed = listedFields(property?.description);
		if (operation === 'getForMember') {
			// The campaign's main fields, then its milestones and the member's own fields.
			expect(returned.slice(0, listed.length)).toEqual(listed);
			expect(returned).toContain('milestones');
			expect(property?.description).toContain('milestones');
		} else {
			expect(returned).toEqual(listed);
		}
		expect(listed.length).toBeLessThanOrEqual(10);
	});

	it('the node has no other Simplify switch', () => {
		expect(simplifySwitches(node)).toHaveLength(6);
	});

	it("the trigger's Simplify names the fields of its simplified campaign", () => {
		const [property] = simplifySwitches(new AnnexCloudTrigger().description.properties);
		expect(listedFields(property?.description)).toEqual(Object.keys(simplifyCampaign(fullCampaign())));
	});
});
