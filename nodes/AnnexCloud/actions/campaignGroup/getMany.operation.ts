import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { executeEachItem } from '../../helpers/execute';
import { readLimit, readSimplify, readStatus, readTimeout } from '../../helpers/parameters';
import { simplifyCampaignGroup } from '../../helpers/simplify';
import { annexCloudApiRequestAllItems, LIST_KEYS, ROUTES } from '../../transport';
import {
	limitProperty,
	optionsCollection,
	returnAllProperty,
	simplifyProperty,
	statusProperty,
} from '../common.descriptions';

const properties: INodeProperties[] = [
	statusProperty('Which campaign groups to list, by their on/off status'),
	returnAllProperty,
	limitProperty,
	simplifyProperty,
	optionsCollection(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['campaignGroup'], operation: ['getMany'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await executeEachItem.call(this, items, function (this: IExecuteFunctions, itemIndex) {
		const status = readStatus(this, itemIndex);
		const limit = readLimit(this, itemIndex);
		const simplify = readSimplify(this, itemIndex);
		const timeoutMs = readTimeout(this, itemIndex);
		return async () => {
			const records = await annexCloudApiRequestAllItems.call(this, {
				route: ROUTES.getCampaignGroupsByStatus,
				pathParams: { status },
				listKey: LIST_KEYS.campaignGroups,
				limit,
				itemIndex,
				timeoutMs,
			});
			return simplify ? records.map(simplifyCampaignGroup) : records;
		};
	});
}
