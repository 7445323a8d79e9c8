/**
 * Set Individual Validity, in bulk: each input item is one member. Items are grouped per
 * campaign (and per set of extra body fields) into requests of at most Batch Size members
 * (individualValidity/batching.ts); every input item gets exactly one output item, in input
 * order, saying whether Annex Cloud accepted that member's window, or why not
 * (individualValidity/memberResults.ts). The same member twice for one campaign in a run is
 * an input mistake. The batches are sent by executeBatches (helpers/execute.ts).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { executeBatches, type BatchedOperation, type BatchItemResult } from '../../helpers/execute';
import { PARAMETERS, parameterError, readDate, readId, readJsonObject, readTimeout, readWholeNumber } from '../../helpers/parameters';
import { annexCloudApiRequest, FIELDS, MAX_INDIVIDUAL_VALIDITY_BATCH, ROUTES } from '../../transport';
import { campaignLocator, extraBodyFieldsOption, memberIdProperty, optionsCollection } from '../common.descriptions';
import { memberKey, toBatches, type MemberEntry } from './individualValidity/batching';
import { memberOutcomes } from './individualValidity/memberResults';

export const DEFAULT_BATCH_SIZE = 100;
export const MAX_BATCH_SIZE = MAX_INDIVIDUAL_VALIDITY_BATCH;

const CAMPAIGN_HINT =
	'Check the campaign ID: the campaign must exist and allow individual validity. Call Campaign > Get to check it.';

const properties: INodeProperties[] = [
	{
		displayName:
			'Each input item is one member. A member may appear once per campaign in a run: a second item for the same member and campaign is refused before anything is sent.',
		name: 'individualValidityNotice',
		type: 'notice',
		default: '',
	},
	campaignLocator(
		'The campaign whose validity window is set. It may differ per item: items are sent in one request per campaign.',
	),
	memberIdProperty(),
	{
		displayName: 'Start Date',
		name: 'startDate',
		type: 'dateTime',
		default: '',
		required: true,
		description:
			"Start of the member's own validity window, inside the campaign period. A date alone (e.g. 2026-03-01) means the start of that day (00:00:00). Without an offset, the workflow time zone is used. Sent in UTC.",
	},
	{
		displayName: 'End Date',
		name: 'endDate',
		type: 'dateTime',
		default: '',
		required: true,
		description:
			"End of the member's own validity window; must be after the start date and inside the campaign period. A date alone (e.g. 2026-03-31) means the end of that day (23:59:59). Without an offset, the workflow time zone is used. Sent in UTC.",
	},
	optionsCollection([
		{
			displayName: 'Batch Size',
			name: 'batchSize',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_BATCH_SIZE },
			default: DEFAULT_BATCH_SIZE,
			description: `How many members to send per request (at most ${MAX_BATCH_SIZE}). Items of different campaigns always go in separate requests.`,
		},
		extraBodyFieldsOption,
		{
			displayName: 'Extra Member Fields (JSON)',
			name: 'extraMemberFields',
			type: 'json',
			default: '{}',
			description:
				"A JSON object whose fields are added to this item's member entry in the request, replacing fields of the same name",
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['campaign'], operation: ['setIndividualValidity'] } },
	properties,
);

function readBatchSize(context: IExecuteFunctions): number {
	return readWholeNumber(
		context,
		PARAMETERS.batchSize,
		0,
		{ min: 1, max: MAX_BATCH_SIZE, fallback: DEFAULT_BATCH_SIZE },
		`The default is ${DEFAULT_BATCH_SIZE}.`,
	);
}

function prepareEntry(context: IExecuteFunctions, itemIndex: number): MemberEntry {
	const campaignId = readId(
		context,
		PARAMETERS.campaignId,
		itemIndex,
		'Pick the campaign from the list or enter its ID.',
	);
	const memberId = readId(context, PARAMETERS.memberId, itemIndex, 'Enter the ID of the loyalty member.');
	// A date alone (e.g. `2026-03-31` from a sheet) is the whole day: from its start to its end.
	const start = readDate(context, PARAMETERS.startDate, itemIndex, 'startOfDay');
	const end = readDate(context, PARAMETERS.endDate, itemIndex, 'endOfDay');
	// Compared in whole seconds, the precision of the API date format: 10:00:00.2 to
	// 10:00:00.8 would be sent as an empty window.
	if (Math.floor(end.ms / 1000) <= Math.floor(start.ms / 1000)) {
		throw parameterError(
			context,
			PARAMETERS.endDate,
			itemIndex,
			`must be after the Start Date (${start.formatted} to ${end.formatted})`,
			'Swap the dates or correct the End Date.',
		);
	}
	const extraMember = readJsonObject(context, PARAMETERS.extraMemberFields, itemIndex);
	const extraBody = readJsonObject(context, PARAMETERS.extraBodyFields, itemIndex);
	const R = FIELDS.request;
	return {
		itemIndex,
		campaignId,
		memberId,
		startDate: start.formatted,
		endDate: end.formatted,
		member: { [R.memberId]: memberId, [R.startDate]: start.formatted, [R.endDate]: end.formatted, ...extraMember },
		extraBody,
		timeoutMs: readTimeout(context, itemIndex),
	};
}

/** One batch's request; one result per member, each carrying only that member's result. */
async function sendBatch(this: IExecuteFunctions, batch: MemberEntry[]): Promise<BatchItemResult[]> {
	const first = batch[0];
	if (first === undefined) return [];
	const body: IDataObject = {
		[FIELDS.request.campaignId]: first.campaignId,
		[FIELDS.request.members]: batch.map((entry) => entry.member),
		...first.extraBody,
	};
	const response = await annexCloudApiRequest.call(this, {
		route: ROUTES.setIndividualValidity,
		body,
		itemIndex: first.itemIndex,
		timeoutMs: first.timeoutMs,
		notFoundHint: CAMPAIGN_HINT,
		// A 2xx error body is read here: every member of the batch gets its message as the reason.
		expect: 'any',
	});
	return memberOutcomes(batch, response);
}

/** The operation for one run: it remembers each campaign and member's first item (see memberKey). */
function bulkValidity(): BatchedOperation<MemberEntry> {
	const firstItemOf = new Map<string, number>();
	return {
		planBatches() {
			const batchSize = readBatchSize(this);
			return (entries) => toBatches(entries, batchSize);
		},
		prepare(itemIndex) {
			const entry = prepareEntry(this, itemIndex);
			const key = memberKey(entry);
			const first = firstItemOf.get(key);
			if (first !== undefined) {
				throw parameterError(
					this,
					PARAMETERS.memberId,
					itemIndex,
					`repeats item ${first}: member "${entry.memberId}" appears twice for campaign "${entry.campaignId}"`,
					'A member has one validity window per campaign, so a run sets it once. Remove the duplicate (for example with a Remove Duplicates node on the member and campaign), or send it in a later run.',
				);
			}
			firstItemOf.set(key, itemIndex);
			return entry;
		},
		send: sendBatch,
		errorDetails: (entry) => ({ memberId: entry.memberId, campaignId: entry.campaignId, success: false }),
	};
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const run: typeof executeBatches<MemberEntry> = executeBatches;
	return await run.call(this, items, bulkValidity());
}
