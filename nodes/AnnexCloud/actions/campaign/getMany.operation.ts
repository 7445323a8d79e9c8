import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { executeEachItem } from '../../helpers/execute';
import { readLimit, readSimplify, readStatus, readTimeout } from '../../helpers/parameters';
import { simplifyCampaign } from '../../helpers/simplify';
import { annexCloudApiRequestAllItems, LIST_KEYS, ROUTES } from '../../transport';
import {
	limitProperty,
	optionsCollection,
	returnAllProperty,
	simplifyProperty,
	statusProperty,
} from '../common.descriptions';

const properties: INodeProperties[] = [
	statusProperty('Which campaigns to list, by their on/off status'),
	returnAllProperty,
	limitProperty,
	simplifyProperty,
	optionsCollection(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['campaign'], operation: ['getMany'] } },
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
				route: ROUTES.getCampaignsByStatus,
				pathParams: { status },
				listKey: LIST_KEYS.campaigns,
				limit,
				itemIndex,
				timeoutMs,
			});
			return simplify ? records.map(simplifyCampaign) : records;
		};
	});
}
