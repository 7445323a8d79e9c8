/**
 * Sends each execution to its operation: `actions/<resource>/<operation>.operation.ts`.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as campaign from './campaign';
import * as campaignGroup from './campaignGroup';

type OperationExecute = (this: IExecuteFunctions, items: INodeExecutionData[]) => Promise<INodeExecutionData[]>;

const OPERATIONS: Readonly<Record<string, Readonly<Record<string, OperationExecute>>>> = {
	campaign: {
		activateForMember: campaign.activateForMember.execute,
		get: campaign.get.execute,
		getEligibleForMember: campaign.getEligibleForMember.execute,
		getForMember: campaign.getForMember.execute,
		getMany: campaign.getMany.execute,
		reactivateForMember: campaign.reactivateForMember.execute,
		setIndividualValidity: campaign.setIndividualValidity.execute,
	},
	campaignGroup: {
		get: campaignGroup.get.execute,
		getMany: campaignGroup.getMany.execute,
	},
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const execute = OPERATIONS[resource]?.[operation];
	if (execute === undefined) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" is not supported for the resource "${resource}"`,
		);
	}
	return [await execute.call(this, items)];
}
