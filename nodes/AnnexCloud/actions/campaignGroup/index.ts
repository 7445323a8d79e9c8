import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getMany from './getMany.operation';

export { get, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['campaignGroup'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get a campaign group by ID with the ID of each of its campaigns',
				description:
					'Read one campaign group by its ID, with the IDs of its campaigns. Call Get Many first to find group IDs.',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many campaign groups first to find a group ID with its name and status',
				description: 'List campaign groups by status (all, active or inactive). Call this first to find group IDs.',
			},
		],
		default: 'getMany',
	},
	...get.description,
	...getMany.description,
];
