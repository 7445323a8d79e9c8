import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import {
	annexCloudApiRequestAllItems,
	CREDENTIAL_TYPE,
	LIST_KEYS,
	ROUTES,
	startNewRun,
} from './transport';
import { activeListProblem } from './trigger/activeList';
import { confirmMissing } from './trigger/confirm';
import { pollDeadline } from './trigger/deadline';
import { CAMPAIGN_BECAME_ACTIVE, SAMPLE_KEY_SUFFIX, toEventItems } from './trigger/output';
import { pickSamples } from './trigger/samples';
import {
	activeCampaigns,
	advance,
	isUnchanged,
	parseState,
	serializeState,
	type CampaignFilters,
	type StartFrom,
	type TriggerOptions,
} from './trigger/state';
import { writeStaticData } from './trigger/staticData';

function readOptions(this: IPollFunctions): TriggerOptions {
	const filters = this.getNodeParameter('filters', {}) as IDataObject;
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const campaignFilters: CampaignFilters = {};
	if (typeof filters.campaignGroup === 'string' || typeof filters.campaignGroup === 'number') {
		campaignFilters.campaignGroup = String(filters.campaignGroup);
	}
	if (typeof filters.nameContains === 'string') campaignFilters.nameContains = filters.nameContains;
	const startFrom: StartFrom = options.startFrom === 'includeActive' ? 'includeActive' : 'now';
	return { startFrom, emitOnce: options.emitOnce === true, filters: campaignFilters, firstSequence: Date.now() };
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
		const deadlineMs = pollDeadline(Date.now(), this.getPollBudgetMs());
		const options = readOptions.call(this);
		const simplify = this.getNodeParameter('simplify', true) as boolean;

		// Every page first: a failure, a wrong answer or a timeout throws before anything is
		// emitted or stored.
		const records = await annexCloudApiRequestAllItems.call(this, {
			route: ROUTES.getCampaignsByStatus,
			pathParams: { status: 'active' },
			listKey: LIST_KEYS.campaigns,
			deadlineMs,
			deadlineHint: 'Nothing was emitted and nothing was marked as seen; the next poll starts over.',
		});
		const problem = activeListProblem(records);
		if (problem !== undefined) {
			throw new NodeOperationError(this.getNode(), `Annex Cloud's list of active campaigns cannot be used: ${problem}`, {
				description: 'Nothing was emitted and nothing was marked as seen; the next poll starts over.',
			});
		}

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
		const listed = new Set(current.map((campaign) => campaign.id));
		const confirmed = previous === undefined ? [] : await confirmMissing(this, previous.active, listed, deadlineMs);
		const result = advance(previous, [...records, ...confirmed], options);
		const items = toEventItems(result.emitted, simplify, new Date().toISOString());

		// Everything succeeded: only now does the state change.
		const changed = writeStaticData(staticData, serializeState(result.state) as unknown as IDataObject);
		if (items.length > 0) return [items];
		// n8n saves a trigger's static data only when a poll starts a run (or when the workflow is
		// activated, which is when a first poll runs). A change that emits nothing (a campaign
		// switched off, one the filters exclude switched on) would live in memory only, and an
		// n8n restart would forget it: a campaign switched off and on again across the restart
		// would never be emitted. A run with no items makes n8n save it; no node after the
		// trigger runs.
		return changed && previous !== undefined ? [[]] : null;
	}
}
