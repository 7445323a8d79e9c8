import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { executeEachItem } from '../../helpers/execute';
import { PARAMETERS, readId, readJsonObject, readTimeout } from '../../helpers/parameters';
import { FIELDS, ROUTES } from '../../transport';
import { campaignLocator, extraBodyFieldsOption, memberIdProperty, optionsCollection } from '../common.descriptions';
import { alreadyActiveIsSuccessOption, readAlreadyActiveIsSuccess, sendMemberWrite } from './memberWrite';

const HINT =
	'Check the member ID and the campaign ID. Reactivation only works for a campaign the member activated before: use Activate for Member first.';

const properties: INodeProperties[] = [
	memberIdProperty(),
	campaignLocator('The campaign to reactivate for the member'),
	optionsCollection([alreadyActiveIsSuccessOption, extraBodyFieldsOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['campaign'], operation: ['reactivateForMember'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await executeEachItem.call(this, items, function (this: IExecuteFunctions, itemIndex) {
		const memberId = readId(this, PARAMETERS.memberId, itemIndex, 'Enter the ID of the loyalty member.', {
			inPath: true,
		});
		const campaignId = readId(this, PARAMETERS.campaignId, itemIndex, 'Pick the campaign from the list or enter its ID.');
		const body: IDataObject = {
			[FIELDS.request.campaignId]: campaignId,
			...readJsonObject(this, PARAMETERS.extraBodyFields, itemIndex),
		};
		const timeoutMs = readTimeout(this, itemIndex);
		const alreadyActiveIsSuccess = readAlreadyActiveIsSuccess(this, itemIndex);
		return async () =>
			await sendMemberWrite.call(
				this,
				{
					route: ROUTES.reactivateCampaignForMember,
					pathParams: { memberId },
					body,
					itemIndex,
					timeoutMs,
					notFoundHint: HINT,
					alreadyExistsMessage: `Campaign "${campaignId}" is already active for this member ("${memberId}"): there is nothing to reactivate`,
				},
				{ memberId, campaignId, alreadyActiveIsSuccess },
			);
	});
}
