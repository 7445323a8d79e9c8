import type { INodeProperties } from 'n8n-workflow';

import * as activateForMember from './activateForMember.operation';
import * as get from './get.operation';
import * as getEligibleForMember from './getEligibleForMember.operation';
import * as getForMember from './getForMember.operation';
import * as getMany from './getMany.operation';
import * as reactivateForMember from './reactivateForMember.operation';
import * as setIndividualValidity from './setIndividualValidity.operation';

export { activateForMember, get, getEligibleForMember, getForMember, getMany, reactivateForMember, setIndividualValidity };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['campaign'] } },
		options: [
			{
				name: 'Activate for Member',
				value: 'activateForMember',
				action: 'Activate a campaign for a member after checking eligible campaigns and return whether it worked',
				description:
					'Opt a member in to a campaign that requires activation, so that their activity starts to count. Already active is an error unless Options > Treat Already Active as Success is on.',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a campaign by ID with its description status dates and whether it needs activation',
				description: 'Read one campaign by its ID: name, description, status, dates, group and whether it needs activation. Call Get Many first to find campaign IDs.',
			},
			{
				name: 'Get Eligible for Member',
				value: 'getEligibleForMember',
				action: 'Get eligible campaigns for a member to see which ones they can join before activating',
				description: 'List the active campaigns a member may take part in. Use it to decide which campaign to activate.',
			},
			{
				name: 'Get for Member',
				value: 'getForMember',
				action: 'Get campaign details for a member with their activation validity and milestone progress',
				description:
					"Read a campaign as one member sees it (eligibility, activation, validity window, milestone progress), by campaign ID or by status",
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many campaigns first to find a campaign ID with its name status and dates',
				description: 'List campaigns by status (all, active or inactive). Call this first to find campaign IDs and names.',
			},
			{
				name: 'Reactivate for Member',
				value: 'reactivateForMember',
				action: 'Reactivate a campaign for a member who activated it before and return whether it worked',
				description:
					'Activate again a campaign the member activated before; needed after the member was given a new individual validity window',
			},
			{
				name: 'Set Individual Validity',
				value: 'setIndividualValidity',
				action: 'Set individual validity for members with their own start and end dates and report each result',
				description:
					"Give members their own validity window inside a campaign's period, in bulk: one input item per member, one result per item",
			},
		],
		default: 'getMany',
	},
	...activateForMember.description,
	...get.description,
	...getEligibleForMember.description,
	...getForMember.description,
	...getMany.description,
	...reactivateForMember.description,
	...setIndividualValidity.description,
];
