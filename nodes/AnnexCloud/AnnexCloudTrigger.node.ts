import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import {
	annexCloudApiRequest,
	annexCloudApiRequestAllItems,
	CREDENTIAL_TYPE,
	extractList,
	FIELDS,
	isActiveStatusValue,
	isStatusWord,
	LIST_KEYS,
	ROUTES,
	startNewRun,
} from './transport';
import { campaignIdOf } from './helpers/simplify';
import { pollBudgetMs } from './trigger/budget';
import { compareCampaignIds } from './trigger/idSet';
import { CAMPAIGN_BECAME_ACTIVE, SAMPLE_KEY_SUFFIX, toEventItems } from './trigger/output';
import { pickSamples } from './trigger/samples';
import {
	activeCampaigns,
	advance,
	canonicalJson,
	isUnchanged,
	parseState,
	serializeState,
	type ActiveCampaign,
	type CampaignFilters,
	type StartFrom,
	type TriggerOptions,
	type TriggerState,
} from './trigger/state';

/**
 * When at most this many campaigns that were active at the last poll are missing from the
 * list, each is looked up on its own before it counts as deactivated: a list read page by
 * page can skip a campaign when another campaign changes status in between.
 */
export const MAX_CONFIRMATIONS = 10;

/** How much of the poll budget is kept for the last page request to finish (at most). */
const BUDGET_RESERVE_MS = 60_000;

/** Epoch ms after which no further request is started. */
export function readDeadline(startedAt: number, budgetMs: number): number {
	const budget = Number.isFinite(budgetMs) && budgetMs > 0 ? budgetMs : 5 * 60_000;
	return startedAt + budget - Math.min(budget / 2, BUDGET_RESERVE_MS);
}

function readOptions(this: IPollFunctions): TriggerOptions {
	const filters = this.getNodeParameter('filters', {}) as IDataObject;
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const campaignFilters: CampaignFilters = {};
	if (typeof filters.campaignGroup === 'string' || typeof filters.campaignGroup === 'number') {
		campaignFilters.campaignGroup = String(filters.campaignGroup);
	}
	if (typeof filters.nameContains === 'string') campaignFilters.nameContains = filters.nameContains;
	const startFrom: StartFrom = options.startFrom === 'includeActive' ? 'includeActive' : 'now';
	return { startFrom, emitOnce: options.emitOnce === true, filters: campaignFilters };
}

function outOfTime(this: IPollFunctions, done: string): NodeOperationError {
	return new NodeOperationError(this.getNode(), `Reading the campaigns took longer than the time allowed (${done})`, {
		description: 'Nothing was emitted and nothing was marked as seen; the next poll starts over.',
	});
}

/** One campaign by id, or undefined when Annex Cloud answers 404. */
async function fetchCampaign(
	this: IPollFunctions,
	campaignId: string,
	deadlineMs: number,
): Promise<IDataObject | undefined> {
	let response: unknown;
	let failure: unknown;
	try {
		response = await annexCloudApiRequest.call(this, {
			route: ROUTES.getCampaign,
			pathParams: { campaignId },
			deadlineMs,
		});
	} catch (error) {
		failure = error;
	}
	if (failure !== undefined) {
		if (failure instanceof NodeApiError && failure.httpCode === '404') return undefined;
		// Already a NodeApiError / NodeOperationError built by the transport.
		throw failure;
	}
	if (typeof response === 'object' && response !== null && !Array.isArray(response)) {
		const record = response as IDataObject;
		if (campaignIdOf(record) === campaignId) return record;
	}
	return extractList(response).find((record) => campaignIdOf(record) === campaignId);
}

/**
 * Campaigns that were active at the last poll, are missing from this poll's list, and are
 * still active when looked up one by one (the list skipped them). Looked up only when few
 * are missing; many missing campaigns mean a real bulk deactivation.
 */
async function confirmMissing(
	this: IPollFunctions,
	previous: TriggerState,
	current: readonly ActiveCampaign[],
	deadlineMs: number,
): Promise<IDataObject[]> {
	const listed = new Set(current.map((campaign) => campaign.id));
	const missing = [...previous.active].filter((id) => !listed.has(id));
	if (missing.length === 0 || missing.length > MAX_CONFIRMATIONS) return [];
	missing.sort(compareCampaignIds);
	const stillActive: IDataObject[] = [];
	for (const id of missing) {
		// A status word as an id would address the list route, not the campaign.
		if (isStatusWord(id)) continue;
		if (Date.now() > deadlineMs) throw outOfTime.call(this, 'while checking campaigns missing from the list');
		const record = await fetchCampaign.call(this, id, deadlineMs);
		if (record !== undefined && isActiveStatusValue(record[FIELDS.campaign.status])) stillActive.push(record);
	}
	return stillActive;
}

/** Replace the node's static data with `next`, in place (n8n tracks changes on that object). */
function writeStaticData(staticData: IDataObject, next: IDataObject): void {
	if (canonicalJson(staticData) === canonicalJson(next)) return;
	for (const key of Object.keys(staticData)) {
		if (!(key in next)) delete staticData[key];
	}
	Object.assign(staticData, next);
}

export class AnnexCloudTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Annex Cloud Trigger',
		name: 'annexCloudTrigger',
		icon: { light: 'file:annexcloud.svg', dark: 'file:annexcloud.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"] === "campaignBecameActive" ? "Campaign Became Active" : ""}}',
		description: 'Starts the workflow when an Annex Cloud campaign becomes active',
		defaults: {
			name: 'Annex Cloud Trigger',
		},
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: CREDENTIAL_TYPE,
				required: true,
			},
		],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				options: [
					{
						name: 'Campaign Became Active',
						value: CAMPAIGN_BECAME_ACTIVE,
						description:
							'A campaign is active now and was not active at the previous poll: newly created active, switched on, or switched on again',
					},
				],
				default: CAMPAIGN_BECAME_ACTIVE,
			},
			{
				displayName:
					'Each poll reads every active campaign. On its first poll the trigger only records the campaigns active now, unless Start From says otherwise.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Simplify',
				name: 'simplify',
				type: 'boolean',
				default: true,
				description: 'Whether to return a simplified version of the campaign instead of the raw data',
			},
			{
				displayName: 'Filters',
				name: 'filters',
				type: 'collection',
				placeholder: 'Add Filter',
				default: {},
				description:
					'Only campaigns that match are emitted. Every active campaign is still recorded, so changing a filter later does not emit campaigns that were already active.',
				options: [
					{
						displayName: 'Campaign Group',
						name: 'campaignGroup',
						type: 'string',
						default: '',
						placeholder: 'e.g. 501 or Summer Promotions',
						description: 'ID or name of the campaign group (the name is compared case-insensitively)',
					},
					{
						displayName: 'Name Contains',
						name: 'nameContains',
						type: 'string',
						default: '',
						placeholder: 'e.g. double points',
						description: 'Text the campaign name must contain (case-insensitive)',
					},
				],
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Emit Each Campaign Only Once',
						name: 'emitOnce',
						type: 'boolean',
						default: false,
						description:
							'Whether to emit a campaign only the first time it becomes active. When off, a campaign that is switched off and on again is emitted again.',
					},
					{
						displayName: 'Start From',
						name: 'startFrom',
						type: 'options',
						options: [
							{
								name: 'Now',
								value: 'now',
								description:
									'The first poll records the campaigns active now and emits nothing; later activations are emitted',
							},
							{
								name: 'Include Campaigns Already Active',
								value: 'includeActive',
								description: 'The first poll emits every campaign that is active now',
							},
						],
						default: 'now',
						description: 'What the first poll after the trigger starts does with campaigns that are already active',
					},
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		// n8n polls with the same context every time: this poll reads the credential afresh.
		startNewRun(this);
		const startedAt = Date.now();
		const deadlineMs = readDeadline(startedAt, pollBudgetMs(this));
		const options = readOptions.call(this);
		const simplify = this.getNodeParameter('simplify', true) as boolean;

		// Every page first: a failure or a timeout throws before anything is emitted or stored.
		const records = await annexCloudApiRequestAllItems.call(this, {
			route: ROUTES.getCampaignsByStatus,
			pathParams: { status: 'active' },
			listKey: LIST_KEYS.campaigns,
			deadlineMs,
		});

		if (this.getMode() === 'manual') {
			// "Fetch Test Event": samples only; the static data is not even read.
			const samples = pickSamples(records, options.filters);
			if (samples.length === 0) {
				const filtered = Boolean(options.filters.campaignGroup?.trim() || options.filters.nameContains?.trim());
				throw new NodeOperationError(
					this.getNode(),
					`No active campaigns found in Annex Cloud${filtered ? ' that match the filters' : ''}`,
					{
						description: filtered
							? 'Activate a matching campaign in Annex Cloud, or change the filters, then fetch a test event again.'
							: 'Activate a campaign in Annex Cloud, then fetch a test event again.',
					},
				);
			}
			const events = samples.map((sample) => ({
				campaignId: sample.id,
				campaign: sample.record,
				eventKey: `${sample.id}:${SAMPLE_KEY_SUFFIX}`,
			}));
			return [toEventItems(events, simplify, new Date().toISOString())];
		}

		const staticData = this.getWorkflowStaticData('node');
		const current = activeCampaigns(records);
		// The usual poll: the same campaigns are active as last time. Nothing to emit or store.
		if (isUnchanged(staticData, current, options)) return null;
		const previous = parseState(staticData);
		const confirmed = previous === undefined ? [] : await confirmMissing.call(this, previous, current, deadlineMs);
		const result = advance(previous, [...records, ...confirmed], options);
		const items = toEventItems(result.emitted, simplify, new Date().toISOString());

		// Everything succeeded: only now does the state change.
		writeStaticData(staticData, serializeState(result.state) as unknown as IDataObject);
		return items.length > 0 ? [items] : null;
	}
}
