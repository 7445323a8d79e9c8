import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { executeEachItem } from '../../helpers/execute';
import { PARAMETERS, readId, readSimplify, readTimeout } from '../../helpers/parameters';
import { recordsOf } from '../../helpers/records';
import { simplifyCampaign } from '../../helpers/simplify';
import { annexCloudApiRequest, ROUTES } from '../../transport';
import { campaignLocator, optionsCollection, simplifyProperty } from '../common.descriptions';

const HINT = 'Check the campaign ID. Call Campaign > Get Many to list the IDs that exist.';

const properties: INodeProperties[] = [
	campaignLocator('The campaign to read. Pick it from the list or enter its ID (Get Many lists the IDs).'),
	simplifyProperty,
	optionsCollection(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['campaign'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await executeEachItem.call(this, items, function (this: IExecuteFunctions, itemIndex) {
		const campaignId = readId(this, PARAMETERS.campaignId, itemIndex, HINT, { rejectStatusWords: true, inPath: true });
		const simplify = readSimplify(this, itemIndex);
		const timeoutMs = readTimeout(this, itemIndex);
		return async () => {
			const response = await annexCloudApiRequest.call(this, {
				route: ROUTES.getCampaign,
				pathParams: { campaignId },
				itemIndex,
				timeoutMs,
				notFoundHint: HINT,
			});
			const records = recordsOf(response);
			return simplify ? records.map(simplifyCampaign) : records;
		};
	});
}
