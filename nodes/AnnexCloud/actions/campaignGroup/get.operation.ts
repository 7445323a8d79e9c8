import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { executeEachItem } from '../../helpers/execute';
import { PARAMETERS, readId, readSimplify, readTimeout } from '../../helpers/parameters';
import { recordsOf } from '../../helpers/records';
import { simplifyCampaignGroup } from '../../helpers/simplify';
import { annexCloudApiRequest, ROUTES } from '../../transport';
import { campaignGroupLocator, optionsCollection, simplifyProperty } from '../common.descriptions';

const HINT = 'Check the campaign group ID. Call Campaign Group > Get Many to list the IDs that exist.';

const properties: INodeProperties[] = [
	campaignGroupLocator('The campaign group to read. Pick it from the list or enter its ID.'),
	simplifyProperty,
	optionsCollection(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['campaignGroup'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await executeEachItem.call(this, items, function (this: IExecuteFunctions, itemIndex) {
		const campaignGroupId = readId(this, PARAMETERS.campaignGroupId, itemIndex, HINT, {
			rejectStatusWords: true,
			inPath: true,
		});
		const simplify = readSimplify(this, itemIndex);
		const timeoutMs = readTimeout(this, itemIndex);
		return async () => {
			const response = await annexCloudApiRequest.call(this, {
				route: ROUTES.getCampaignGroup,
				pathParams: { campaignGroupId },
				itemIndex,
				timeoutMs,
				notFoundHint: HINT,
			});
			const records = recordsOf(response);
			return simplify ? records.map(simplifyCampaignGroup) : records;
		};
	});
}
