import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { executeEachItem } from '../../helpers/execute';
import { PARAMETERS, readId, readLimit, readSimplify, readTimeout } from '../../helpers/parameters';
import { simplifyCampaign } from '../../helpers/simplify';
import { annexCloudApiRequestAllItems, LIST_KEYS, ROUTES } from '../../transport';
import {
	limitProperty,
	memberIdProperty,
	optionsCollection,
	returnAllProperty,
	simplifyProperty,
} from '../common.descriptions';

const HINT = 'Check the member ID: it must be the ID of an existing loyalty member.';

const properties: INodeProperties[] = [
	memberIdProperty(),
	returnAllProperty,
	limitProperty,
	simplifyProperty('campaign'),
	optionsCollection(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['campaign'], operation: ['getEligibleForMember'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await executeEachItem.call(this, items, function (this: IExecuteFunctions, itemIndex) {
		const memberId = readId(this, PARAMETERS.memberId, itemIndex, 'Enter the ID of the loyalty member.', {
			inPath: true,
		});
		const limit = readLimit(this, itemIndex);
		const simplify = readSimplify(this, itemIndex);
		const timeoutMs = readTimeout(this, itemIndex);
		return async () => {
			const records = await annexCloudApiRequestAllItems.call(this, {
				route: ROUTES.getEligibleCampaigns,
				pathParams: { memberId },
				listKey: LIST_KEYS.eligibleCampaigns,
				limit,
				itemIndex,
				timeoutMs,
				notFoundHint: HINT,
			});
			return simplify ? records.map(simplifyCampaign) : records;
		};
	});
}
