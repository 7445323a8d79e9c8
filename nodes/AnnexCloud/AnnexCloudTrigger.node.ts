import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { campaignGroupFilterLocator } from './actions/common.descriptions';
import { CAMPAIGN_SIMPLE_FIELD_NAMES } from './helpers/simplify';
import { searchCampaignGroups } from './methods/listSearch';
import { annexCloudApiRequestAllItems, CREDENTIAL_TYPE, LIST_KEYS, ROUTES, startNewRun } from './transport';
import { activeListProblem } from './trigger/activeList';
import { advance, membersOf, type Departure } from './trigger/advance';
import { pollBudgetMs } from './trigger/budget';
import { confirmMissing, lookUpDepartures } from './trigger/confirm';
import { pollDeadline } from './trigger/deadline';
import { DEFAULT_ENDING_WITHIN_DAYS, directionOf, idOfKey, TRIGGER_EVENTS } from './trigger/events';
import { readTriggerOptions } from './trigger/options';
import { toEventItems, type OutputShape } from './trigger/output';
import { activeCampaigns, isUnchanged, parseState, serializeState } from './trigger/state';
import { writeStaticData } from './trigger/staticData';
import { testEvent } from './trigger/testEvent';

const NOTHING_STORED = 'Nothing was emitted and nothing was marked as seen; the next poll starts over.';

export class AnnexCloudTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Annex Cloud Trigger',
		name: 'annexCloudTrigger',
		icon: { light: 'file:annexcloud.svg', dark: 'file:annexcloud.dark.svg' },
		group: ['trigger'],
		version: [1, 2],
		defaultVersion: 2,
		subtitle:
			'={{ { campaignBecameActive: "Campaign Became Active", campaignStarted: "Campaign Started", campaignEndingSoon: "Campaign Ending Soon", campaignEnded: "Campaign Ended or Deactivated" }[$parameter["event"]] }}',
		description: 'Starts the workflow when an Annex Cloud campaign becomes active, starts, is about to end or ends',
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
				noDataExpression: true,
				options: [
					{
						name: 'Campaign Became Active',
						value: TRIGGER_EVENTS.becameActive,
						description:
							'A campaign is active now and was not at the previous poll: created active, switched on, or switched on again. Fires when it is switched on, even if it starts later.',
					},
					{
						name: 'Campaign Ended or Deactivated',
						value: TRIGGER_EVENTS.ended,
						description:
							'A campaign that was active is not any more: switched off, removed, or past its end date (the item says which in endReason)',
					},
					{
						name: 'Campaign Ending Soon',
						value: TRIGGER_EVENTS.endingSoon,
						description:
							'An active campaign ends within the time you choose (e.g. 3 days). Once per campaign and end date; a changed end date may fire again.',
					},
					{
						name: 'Campaign Started',
						value: TRIGGER_EVENTS.started,
						description:
							'An active campaign has reached its start date: fires on the start date for a campaign switched on earlier, at once for one switched on after its start',
					},
				],
				default: 'campaignBecameActive',
			},
			{
				displayName: 'Ending Within (Days)',
				name: 'endingWithinDays',
				type: 'number',
				typeOptions: { minValue: 0.01, maxValue: 365, numberPrecision: 2 },
				default: DEFAULT_ENDING_WITHIN_DAYS,
				displayOptions: { show: { event: [TRIGGER_EVENTS.endingSoon] } },
				description: 'How long before its end date a campaign fires, in days (0.5 is 12 hours)',
			},
			{
				displayName:
					'Each poll reads every active campaign. On its first poll the trigger only records what is true now and emits nothing, unless Start From says otherwise.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Simplify',
				name: 'simplify',
				type: 'boolean',
				default: true,
				description: `Whether to return the main fields of the campaign (${CAMPAIGN_SIMPLE_FIELD_NAMES.join(', ')}) instead of everything Annex Cloud sends. The campaign fields are at the top level of each item (version 2), beside event, eventKey and detectedAt.`,
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
					campaignGroupFilterLocator(
						'Only campaigns of this group. Pick it from the list or enter its ID (a group name entered By ID also matches, case-insensitively).',
					),
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
								description: 'The first poll records the campaigns active now and emits nothing; later activations are emitted',
							},
							{
								name: 'Include Campaigns Already Active',
								value: 'includeActive',
								description: 'The first poll emits every campaign that matches the event now',
							},
						],
						default: 'now',
						description:
							'What the first poll after the trigger starts does with campaigns that already match the event (not used by Campaign Ended or Deactivated)',
					},
				],
			},
		],
	};

	/** The Campaign Group filter's From List (the same search as the node's Campaign Group picker). */
	methods = { listSearch: { searchCampaignGroups } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		// n8n polls with the same context every time: this poll reads the credential afresh.
		startNewRun(this);
		const nowMs = Date.now();
		const deadlineMs = pollDeadline(nowMs, pollBudgetMs(this));
		const options = readTriggerOptions(this, nowMs);
		const shape: OutputShape = {
			event: options.event.event,
			simplify: this.getNodeParameter('simplify', true) as boolean,
			flat: this.getNode().typeVersion >= 2,
			detectedAt: new Date(nowMs).toISOString(),
		};

		// Every page first: a failure, a wrong answer or a timeout throws before anything is
		// emitted or stored.
		const records = await annexCloudApiRequestAllItems.call(this, {
			route: ROUTES.getCampaignsByStatus,
			pathParams: { status: 'active' },
			listKey: LIST_KEYS.campaigns,
			deadlineMs,
			deadlineHint: NOTHING_STORED,
		});
		const problem = activeListProblem(records);
		if (problem !== undefined) {
			throw new NodeOperationError(this.getNode(), `Annex Cloud's list of active campaigns cannot be used: ${problem}`, {
				description: NOTHING_STORED,
			});
		}
		if (this.getMode() === 'manual') return await testEvent.call(this, records, options, shape, deadlineMs);

		const staticData = this.getWorkflowStaticData('node');
		const campaigns = activeCampaigns(records);
		// The usual poll: the event's set is what it was last time. Nothing to emit or store.
		if (isUnchanged(staticData, membersOf(campaigns, options.event, nowMs), options)) return null;
		const previous = parseState(staticData);
		const listed = new Set(campaigns.map((campaign) => campaign.id));
		const missing = [...new Set([...(previous?.active ?? [])].map(idOfKey))].filter((id) => !listed.has(id));
		let confirmed: IDataObject[] = [];
		let departures = new Map<string, Departure>();
		if (previous !== undefined && missing.length > 0) {
			if (directionOf(options.event.event) === 'leave') {
				({ stillActive: confirmed, departures } = await lookUpDepartures(this, missing, deadlineMs));
			} else {
				confirmed = await confirmMissing(this, missing, deadlineMs);
			}
		}
		const result = advance(previous, [...records, ...confirmed], options, departures);
		const items = toEventItems(result.emitted, shape);

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
