/* eslint-disable @n8n/community-nodes/node-usable-as-tool */
/**
 * A test-only node that sends one transport request per input item, so that the transport
 * is exercised inside n8n's real execution context: route, path parameters, body and list
 * options come from the item's JSON.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	annexCloudApiRequest,
	annexCloudApiRequestAllItems,
	asNodeError,
	ROUTES,
	type RouteKey,
} from '../../nodes/AnnexCloud/transport';

export interface ProbeInput extends IDataObject {
	route: RouteKey;
	pathParams?: Record<string, string>;
	body?: IDataObject;
	all?: boolean;
	listKey?: string;
	limit?: number;
	maxPages?: number;
	baseDelayMs?: number;
	maxRetries?: number;
	maxTotalWaitMs?: number;
	timeoutMs?: number;
	notFoundHint?: string;
	notFoundSubject?: string;
	alreadyExistsMessage?: string;
}

export class ProbeNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Transport Probe',
		name: 'transportProbe',
		icon: 'file:annexcloud.svg',
		group: ['transform'],
		version: 1,
		description: 'Test-only',
		defaults: { name: 'Transport Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'annexCloudApi', required: true }],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const output: INodeExecutionData[] = [];
		const items = this.getInputData();
		for (let i = 0; i < items.length; i++) {
			const input = items[i]!.json as ProbeInput;
			const request = {
				route: ROUTES[input.route],
				pathParams: input.pathParams,
				body: input.body,
				itemIndex: i,
				timeoutMs: input.timeoutMs,
				notFoundHint: input.notFoundHint,
				notFoundSubject: input.notFoundSubject,
				alreadyExistsMessage: input.alreadyExistsMessage,
				retry: {
					...(input.baseDelayMs !== undefined ? { baseDelayMs: input.baseDelayMs } : {}),
					...(input.maxRetries !== undefined ? { maxRetries: input.maxRetries } : {}),
					...(input.maxTotalWaitMs !== undefined ? { maxTotalWaitMs: input.maxTotalWaitMs } : {}),
				},
			};
			try {
				if (input.all) {
					const records = await annexCloudApiRequestAllItems.call(this, {
						...request,
						listKey: input.listKey,
						limit: input.limit,
						maxPages: input.maxPages,
					});
					output.push({ json: { records, count: records.length }, pairedItem: { item: i } });
				} else {
					const response = await annexCloudApiRequest.call(this, request);
					output.push({ json: { response: response as IDataObject }, pairedItem: { item: i } });
				}
			} catch (error) {
				if (this.continueOnFail()) {
					output.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
					continue;
				}
				throw asNodeError(this.getNode(), error, i);
			}
		}
		return [output];
	}
}
