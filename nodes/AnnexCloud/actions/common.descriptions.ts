/**
 * Parameters shared by several operations. Each operation adds its own displayOptions
 * (with updateDisplayOptions), so these carry none except their inner dependencies.
 */
import type { INodeProperties } from 'n8n-workflow';

import { AUTO, DEFAULT_CONCURRENCY, MAX_CONCURRENCY, NO_LIMIT } from '../helpers/concurrency';
import { PARAMETERS, type ParameterRef } from '../helpers/parameters';
import { CAMPAIGN_SIMPLE_FIELD_NAMES, GROUP_SIMPLE_FIELD_NAMES } from '../helpers/simplify';
import { CAMPAIGN_STATUSES, DEFAULT_TIMEOUT_MS } from '../transport';

export const SEARCH_CAMPAIGNS_METHOD = 'searchCampaigns';
export const SEARCH_CAMPAIGN_GROUPS_METHOD = 'searchCampaignGroups';


/** A "From list" / "By ID" picker whose list comes from one of our list search methods. */
function recordLocator(
	parameter: ParameterRef,
	searchListMethod: string,
	listPlaceholder: string,
	idPlaceholder: string,
	description: string,
): INodeProperties {
	return {
		displayName: parameter.displayName,
		name: parameter.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: listPlaceholder,
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: idPlaceholder,
			},
		],
	};
}

export function campaignLocator(description: string): INodeProperties {
	return recordLocator(PARAMETERS.campaignId, SEARCH_CAMPAIGNS_METHOD, 'Select a campaign...', 'e.g. 1001', description);
}

export function campaignGroupLocator(description: string): INodeProperties {
	return recordLocator(
		PARAMETERS.campaignGroupId,
		SEARCH_CAMPAIGN_GROUPS_METHOD,
		'Select a campaign group...',
		'e.g. 501',
		description,
	);
}

/**
 * The trigger's Campaign Group filter: the same picker as the node's (From List / By ID), kept
 * under its old name `campaignGroup` and optional. Workflows saved before it was a picker hold a
 * plain string (an id or a group name); trigger/options.ts reads both shapes.
 */
export function campaignGroupFilterLocator(description: string): INodeProperties {
	return { ...campaignGroupLocator(description), name: 'campaignGroup', required: false };
}

/** The one hint every Member ID field shows (issue 17.4): the same words wherever a member is asked for. */
export const MEMBER_ID_DESCRIPTION =
	"The member's user ID in Annex Cloud: the ID your store or CRM sends, often the email";

/** The Member ID field, with the same hint in every operation. */
export function memberIdProperty(): INodeProperties {
	return {
		displayName: PARAMETERS.memberId.displayName,
		name: PARAMETERS.memberId.name,
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. jane.doe@example.com',
		description: MEMBER_ID_DESCRIPTION,
	};
}

const STATUS_LABELS: Record<string, { name: string; description: string }> = {
	active: { name: 'Active', description: 'Only campaigns that are switched on' },
	all: { name: 'All', description: 'Every campaign, active or not' },
	inactive: { name: 'Inactive', description: 'Only campaigns that are switched off' },
};

export function statusProperty(description: string): INodeProperties {
	return {
		displayName: 'Status',
		name: 'status',
		type: 'options',
		options: CAMPAIGN_STATUSES.map((status) => ({
			name: STATUS_LABELS[status]?.name ?? status,
			value: status,
			description: STATUS_LABELS[status]?.description,
		})).sort((a, b) => a.name.localeCompare(b.name)),
		default: 'all',
		description,
	};
}

export const returnAllProperty: INodeProperties = {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
};

export const limitProperty: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 50,
	description: 'Max number of results to return',
	displayOptions: { show: { returnAll: [false] } },
};

const SIMPLIFY_DESCRIPTIONS = {
	campaign: `Whether to return the main fields of each campaign (${CAMPAIGN_SIMPLE_FIELD_NAMES.join(', ')}) instead of everything Annex Cloud sends`,
	memberCampaign: `Whether to return the main fields of each campaign (${CAMPAIGN_SIMPLE_FIELD_NAMES.join(', ')}), its milestones and the member's own fields (eligibility, activation, validity) instead of everything Annex Cloud sends`,
	campaignGroup: `Whether to return the main fields of each campaign group (${GROUP_SIMPLE_FIELD_NAMES.join(', ')}) instead of everything Annex Cloud sends`,
} as const;

/** The Simplify switch, saying which fields it keeps for this kind of record. */
export function simplifyProperty(kind: keyof typeof SIMPLIFY_DESCRIPTIONS): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: SIMPLIFY_DESCRIPTIONS[kind],
	};
}

export const timeoutOption: INodeProperties = {
	displayName: 'Timeout',
	name: 'timeout',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: DEFAULT_TIMEOUT_MS,
	description:
		'How long to wait for Annex Cloud to answer each request, in milliseconds. Reads that time out are retried; writes are not, because they may have been applied.',
};

export const extraBodyFieldsOption: INodeProperties = {
	displayName: 'Extra Body Fields (JSON)',
	name: 'extraBodyFields',
	type: 'json',
	default: '{}',
	description:
		'A JSON object whose fields are added to the request body, replacing fields of the same name. Use it for fields this node does not offer yet.',
};

export const concurrencyOption: INodeProperties = {
	displayName: 'Concurrent Requests',
	name: 'concurrency',
	type: 'options',
	options: [
		{
			name: 'Auto (Recommended)',
			value: AUTO,
			description: 'Start with a few requests at once and send more while Annex Cloud answers fast; slow down when it answers 429 (too many requests), asks to wait or slows down',
		},
		...Array.from({ length: MAX_CONCURRENCY }, (_unused, index) => ({
			name: index === 0 ? '1 (One at a Time)' : String(index + 1),
			value: index + 1,
		})),
		{ name: 'No Limit', value: NO_LIMIT, description: "Every item's request at once, as n8n's HTTP Request node sends them" },
	],
	default: DEFAULT_CONCURRENCY,
	description: `How many requests to send at the same time. Auto finds the pace Annex Cloud allows, so that no item fails because the node went too fast. A number is a fixed limit (1 sends one after another, each after the previous answer); No Limit (${NO_LIMIT}) sends every item's request at once. Output keeps the input order either way. When Annex Cloud answers 429, every request of this run waits as long as it asks.`,
};

/** The "Options" collection of an operation: its own options, then Concurrent Requests and Timeout. */
export function optionsCollection(options: INodeProperties[] = []): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [...options, concurrencyOption, timeoutOption].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}
