import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as campaign from './actions/campaign';
import * as campaignGroup from './actions/campaignGroup';
import { router } from './actions/router';
import { listSearch } from './methods';
import { CREDENTIAL_TYPE } from './transport';

export class AnnexCloud implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Annex Cloud',
		name: 'annexCloud',
		icon: { light: 'file:annexcloud.svg', dark: 'file:annexcloud.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Read Annex Cloud loyalty campaigns and campaign groups, activate campaigns for members, and set personal validity windows',
		defaults: { name: 'Annex Cloud' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Campaign',
						value: 'campaign',
						description: 'Loyalty campaigns, and what one member can do with them',
					},
					{
						name: 'Campaign Group',
						value: 'campaignGroup',
						description: 'Groups that bundle campaigns',
					},
				],
				default: 'campaign',
			},
			...campaign.description,
			...campaignGroup.description,
		],
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
