import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { executeEachItem } from '../../helpers/execute';
import {
	PARAMETERS,
	readId,
	readJsonObject,
	readLimit,
	readSimplify,
	readStatus,
	readTimeout,
} from '../../helpers/parameters';
import { recordsOf, simplifyMemberCampaign } from '../../helpers/records';
import {
	annexCloudApiRequest,
	annexCloudApiRequestAllItems,
	FIELDS,
	LIST_KEYS,
	ROUTES,
} from '../../transport';
import {
	campaignLocator,
	extraBodyFieldsOption,
	limitProperty,
	memberIdProperty,
	optionsCollection,
	returnAllProperty,
	simplifyProperty,
	statusProperty,
} from '../common.descriptions';

const MEMBER_HINT = 'Check the member ID and the campaign ID: both must exist in Annex Cloud.';

const properties: INodeProperties[] = [
	memberIdProperty(),
	{
		displayName: 'Select By',
		name: 'selectBy',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Campaign',
				value: 'campaign',
				description: "One campaign, with the member's eligibility, activation, validity and milestone progress",
			},
			{
				name: 'Status',
				value: 'status',
				description: 'Every campaign of a status the member is eligible for, with the member fields',
			},
		],
		default: 'campaign',
		description: 'Whether to read one campaign or all campaigns of a status for this member',
	},
	{
		...campaignLocator('The campaign to read for the member'),
		displayOptions: { show: { selectBy: ['campaign'] } },
	},
	{
		...statusProperty("Which of the member's campaigns to list, by their on/off status"),
		displayOptions: { show: { selectBy: ['status'] } },
	},
	{ ...returnAllProperty, displayOptions: { show: { selectBy: ['status'] } } },
	{ ...limitProperty, displayOptions: { show: { selectBy: ['status'], returnAll: [false] } } },
	simplifyProperty('memberCampaign'),
	optionsCollection([extraBodyFieldsOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['campaign'], operation: ['getForMember'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await executeEachItem.call(this, items, function (this: IExecuteFunctions, itemIndex) {
		const memberId = readId(this, PARAMETERS.memberId, itemIndex, 'Enter the ID of the loyalty member.');
		const selectBy = this.getNodeParameter('selectBy', itemIndex, 'campaign') as string;
		const simplify = readSimplify(this, itemIndex);
		const timeoutMs = readTimeout(this, itemIndex);
		const body: IDataObject = { [FIELDS.request.memberId]: memberId };
		let limit = 0;
		if (selectBy === 'status') {
			body[FIELDS.request.status] = readStatus(this, itemIndex);
			limit = readLimit(this, itemIndex);
		} else {
			body[FIELDS.request.campaignId] = readId(
				this,
				PARAMETERS.campaignId,
				itemIndex,
				'Pick the campaign from the list or enter its ID.',
			);
		}
		// Spread, not Object.assign: an extra field named __proto__ is sent like any other field.
		const fullBody: IDataObject = { ...body, ...readJsonObject(this, PARAMETERS.extraBodyFields, itemIndex) };
		const shape = (records: IDataObject[]): IDataObject[] => (simplify ? records.map(simplifyMemberCampaign) : records);
		return async () => {
			const request = {
				route: ROUTES.getCampaignForMember,
				body: fullBody,
				itemIndex,
				timeoutMs,
				notFoundHint: MEMBER_HINT,
				// A list by status answers "No data found" as an empty list; only a read by campaign is "not found".
				notFoundSubject:
					selectBy === 'status' ? undefined : `Campaign "${String(body[FIELDS.request.campaignId])}" for member "${memberId}"`,
			};
			if (selectBy === 'status') {
				return shape(
					await annexCloudApiRequestAllItems.call(this, { ...request, listKey: LIST_KEYS.campaigns, limit }),
				);
			}
			return shape(recordsOf(await annexCloudApiRequest.call(this, request), LIST_KEYS.campaigns));
		};
	});
}
