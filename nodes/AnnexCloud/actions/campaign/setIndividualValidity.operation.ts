/**
 * Set Individual Validity, in bulk: each input item is one member. Items are grouped per
 * campaign (and per set of extra body fields) into requests of at most Batch Size members;
 * every input item gets exactly one output item, in input order, saying whether Annex Cloud
 * accepted that member's window, or why not.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { firstFailure, runBounded } from '../../helpers/concurrency';
import { errorItem } from '../../helpers/execute';
import {
	PARAMETERS,
	parameterError,
	readConcurrency,
	readDate,
	readId,
	readJsonObject,
	readTimeout,
} from '../../helpers/parameters';
import { isPlainObject } from '../../helpers/records';
import { annexCloudApiRequest, asNodeError, FIELDS, MAX_INDIVIDUAL_VALIDITY_BATCH, ROUTES } from '../../transport';
import { campaignLocator, extraBodyFieldsOption, memberIdProperty, optionsCollection } from '../common.descriptions';

export const DEFAULT_BATCH_SIZE = 100;
export const MAX_BATCH_SIZE = MAX_INDIVIDUAL_VALIDITY_BATCH;

const CAMPAIGN_HINT =
	'Check the campaign ID: the campaign must exist and allow individual validity. Call Campaign > Get to check it.';

const properties: INodeProperties[] = [
	campaignLocator(
		'The campaign whose validity window is set. It may differ per item: items are sent in one request per campaign.',
	),
	memberIdProperty('ID of the loyalty member who gets the personal validity window (one member per input item)'),
	{
		displayName: 'Start Date',
		name: 'startDate',
		type: 'dateTime',
		default: '',
		required: true,
		description:
			"Start of the member's own validity window, inside the campaign period. Without a time zone, the workflow time zone is used.",
	},
	{
		displayName: 'End Date',
		name: 'endDate',
		type: 'dateTime',
		default: '',
		required: true,
		description: "End of the member's own validity window; must be after the start date and inside the campaign period",
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

export interface MemberEntry {
	itemIndex: number;
	campaignId: string;
	memberId: string;
	startDate: string;
	endDate: string;
	/** The member's entry in the request body. */
	member: IDataObject;
	/** Top-level extra body fields. */
	extraBody: IDataObject;
	timeoutMs: number;
}

const SUCCESS_WORDS = ['success', 'succeeded', 'ok', 'true', 'updated'];

function isSuccess(status: unknown): boolean {
	if (typeof status === 'boolean') return status;
	return typeof status === 'string' && SUCCESS_WORDS.includes(status.trim().toLowerCase());
}

function textOf(value: unknown): string | undefined {
	if (typeof value === 'string' && value !== '') return value;
	if (typeof value === 'number') return String(value);
	return undefined;
}

function readBatchSize(context: IExecuteFunctions): number {
	const value = context.getNodeParameter(PARAMETERS.batchSize.name, 0, DEFAULT_BATCH_SIZE) as unknown;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_BATCH_SIZE) {
		throw parameterError(
			context,
			PARAMETERS.batchSize,
			0,
			`must be a whole number from 1 to ${MAX_BATCH_SIZE}`,
			`The default is ${DEFAULT_BATCH_SIZE}.`,
		);
	}
	return value;
}

function prepareEntry(context: IExecuteFunctions, itemIndex: number): MemberEntry {
	const campaignId = readId(
		context,
		PARAMETERS.campaignId,
		itemIndex,
		'Pick the campaign from the list or enter its ID.',
	);
	const memberId = readId(context, PARAMETERS.memberId, itemIndex, 'Enter the ID of the loyalty member.');
	const start = readDate(context, PARAMETERS.startDate, itemIndex);
	const end = readDate(context, PARAMETERS.endDate, itemIndex);
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

/** Batches of entries: per campaign and extra body fields, in order of first appearance. */
function toBatches(entries: MemberEntry[], batchSize: number): MemberEntry[][] {
	const groups = new Map<string, MemberEntry[]>();
	for (const entry of entries) {
		const key = JSON.stringify([entry.campaignId, entry.extraBody]);
		const group = groups.get(key);
		if (group) group.push(entry);
		else groups.set(key, [entry]);
	}
	const batches: MemberEntry[][] = [];
	for (const group of groups.values()) {
		for (let start = 0; start < group.length; start += batchSize) batches.push(group.slice(start, start + batchSize));
	}
	return batches;
}

/**
 * The per-member result for each entry of a batch: first by member id (in order, so a
 * member sent twice gets its results in turn), then by position for results whose id is
 * missing or unknown.
 */
export function matchResults(batch: MemberEntry[], results: unknown[]): Array<IDataObject | undefined> {
	const assigned: Array<IDataObject | undefined> = new Array<IDataObject | undefined>(batch.length);
	const unmatched: Array<{ result: IDataObject; position: number }> = [];
	results.forEach((result, position) => {
		if (!isPlainObject(result)) return;
		const id = textOf(result[FIELDS.memberResult.id]);
		const index =
			id === undefined ? -1 : batch.findIndex((entry, k) => assigned[k] === undefined && entry.memberId === id);
		if (index >= 0) assigned[index] = result;
		else unmatched.push({ result, position });
	});
	for (const { result, position } of unmatched) {
		const index =
			position < batch.length && assigned[position] === undefined
				? position
				: assigned.findIndex((value, k) => value === undefined && k < batch.length);
		if (index >= 0) assigned[index] = result;
	}
	return assigned;
}

function outcomeJson(entry: MemberEntry, result: IDataObject | undefined, response: unknown): IDataObject {
	const base: IDataObject = {
		memberId: entry.memberId,
		campaignId: entry.campaignId,
		startDate: entry.startDate,
		endDate: entry.endDate,
	};
	const R = FIELDS.memberResult;
	if (result === undefined) {
		const perMember = isPlainObject(response) && Array.isArray(response[FIELDS.memberResults]);
		// No per-member list at all: the response's own status speaks for every member.
		if (!perMember && isPlainObject(response) && isSuccess(response[R.status])) {
			return { ...base, success: true, status: response[R.status] };
		}
		return {
			...base,
			success: false,
			status: 'unknown',
			reason: 'Annex Cloud did not report a result for this member. Check it in Annex Cloud.',
			response: isPlainObject(response) ? response : { value: response as IDataObject[string] },
		};
	}
	const status = result[R.status];
	if (isSuccess(status)) return { ...base, success: true, status: status as IDataObject[string] };
	const outcome: IDataObject = {
		...base,
		success: false,
		status: (status ?? 'failed') as IDataObject[string],
		reason:
			textOf(result[R.reason]) ??
			textOf(result[FIELDS.error.message]) ??
			'Annex Cloud rejected this member without giving a reason',
	};
	const errorCode = textOf(result[R.errorCode]);
	if (errorCode !== undefined) outcome.errorCode = errorCode;
	return outcome;
}

/** One batch's request: the members' results as the API listed them, and the whole answer. */
async function sendBatch(
	this: IExecuteFunctions,
	batch: MemberEntry[],
): Promise<{ list: unknown[]; response: unknown }> {
	const first = batch[0];
	if (first === undefined) return { list: [], response: {} };
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
	});
	const list =
		isPlainObject(response) && Array.isArray(response[FIELDS.memberResults])
			? (response[FIELDS.memberResults] as unknown[])
			: Array.isArray(response)
				? response
				: [];
	return { list, response };
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const continueOnFail = this.continueOnFail();
	const output: Array<INodeExecutionData | undefined> = new Array<INodeExecutionData | undefined>(items.length);

	let batchSize: number;
	let concurrency: number;
	try {
		batchSize = readBatchSize(this);
		concurrency = readConcurrency(this);
	} catch (error) {
		const nodeError = asNodeError(this.getNode(), error, 0);
		if (!continueOnFail) throw nodeError;
		return items.map((_item, itemIndex) => errorItem(nodeError, itemIndex));
	}

	// 1. Read and check every item before anything is sent.
	const entries: MemberEntry[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			entries.push(prepareEntry(this, itemIndex));
		} catch (error) {
			const nodeError = asNodeError(this.getNode(), error, itemIndex);
			if (!continueOnFail) throw nodeError;
			output[itemIndex] = errorItem(nodeError, itemIndex);
		}
	}

	// 2. Send the batches (one at a time, or a few at a time with "Concurrent Requests").
	const batches = toBatches(entries, batchSize);
	const sent = await runBounded(
		batches.length,
		concurrency,
		async (index) => await sendBatch.call(this, batches[index] ?? []),
		(settled) => !settled.ok && !continueOnFail,
	);
	const failure = firstFailure(sent);
	if (failure !== undefined && !continueOnFail) {
		throw asNodeError(this.getNode(), failure.error, batches[failure.index]?.[0]?.itemIndex);
	}
	sent.forEach((settled, index) => {
		const batch = batches[index] ?? [];
		if (settled === undefined) return;
		if (!settled.ok) {
			const nodeError = asNodeError(this.getNode(), settled.error, batch[0]?.itemIndex);
			for (const entry of batch) {
				output[entry.itemIndex] = errorItem(nodeError, entry.itemIndex, {
					memberId: entry.memberId,
					campaignId: entry.campaignId,
					success: false,
				});
			}
			return;
		}
		const results = matchResults(batch, settled.value.list);
		batch.forEach((entry, k) => {
			output[entry.itemIndex] = {
				json: outcomeJson(entry, results[k], settled.value.response),
				pairedItem: { item: entry.itemIndex },
			};
		});
	});

	return output.filter((item): item is INodeExecutionData => item !== undefined);
}
