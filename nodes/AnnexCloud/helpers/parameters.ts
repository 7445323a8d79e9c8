/**
 * Reading and checking node parameters, per item, before any request is sent. Every
 * problem becomes a NodeOperationError that names the parameter (as the user sees it) and
 * the item.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CAMPAIGN_STATUSES, DEFAULT_TIMEOUT_MS, isStatusWord, pathParameterProblem } from '../transport';
import { isPlainObject, textOf } from '../transport/values';
import { AUTO, DEFAULT_CONCURRENCY, MAX_CONCURRENCY, NO_LIMIT, type Concurrency } from './concurrency';
import { formatApiDate, toEpochMs, type DateOnlyMeaning } from './dates';

/** A parameter as the code reads it and as the user sees it. */
export interface ParameterRef {
	/** Path for getNodeParameter, e.g. `memberId` or `options.extraBodyFields`. */
	name: string;
	displayName: string;
}

export const PARAMETERS = {
	memberId: { name: 'memberId', displayName: 'Member ID' },
	campaignId: { name: 'campaignId', displayName: 'Campaign' },
	campaignGroupId: { name: 'campaignGroupId', displayName: 'Campaign Group' },
	startDate: { name: 'startDate', displayName: 'Start Date' },
	endDate: { name: 'endDate', displayName: 'End Date' },
	status: { name: 'status', displayName: 'Status' },
	limit: { name: 'limit', displayName: 'Limit' },
	timeout: { name: 'options.timeout', displayName: 'Timeout' },
	batchSize: { name: 'options.batchSize', displayName: 'Batch Size' },
	concurrency: { name: 'options.concurrency', displayName: 'Concurrent Requests' },
	extraBodyFields: { name: 'options.extraBodyFields', displayName: 'Extra Body Fields (JSON)' },
	extraMemberFields: { name: 'options.extraMemberFields', displayName: 'Extra Member Fields (JSON)' },
	alreadyActiveIsSuccess: { name: 'options.alreadyActiveIsSuccess', displayName: 'Treat Already Active as Success' },
} as const satisfies Record<string, ParameterRef>;

/** A NodeOperationError about one parameter of one item. */
export function parameterError(
	context: IExecuteFunctions,
	parameter: ParameterRef,
	itemIndex: number,
	problem: string,
	description: string,
): NodeOperationError {
	return new NodeOperationError(context.getNode(), `Parameter "${parameter.displayName}" ${problem} (item ${itemIndex})`, {
		itemIndex,
		description,
	});
}

/** A number parameter's value: numeric text (an expression's result) counts as its number. */
function numericValue(value: unknown): unknown {
	return typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
}

/**
 * A whole-number parameter within [min, max] (numbers and numeric text alike), or a
 * NodeOperationError that names the parameter, the item and the range.
 */
export function readWholeNumber(
	context: IExecuteFunctions,
	parameter: ParameterRef,
	itemIndex: number,
	range: { min: number; max?: number; fallback: number },
	hint: string,
): number {
	const value = numericValue(context.getNodeParameter(parameter.name, itemIndex, range.fallback));
	const { min, max } = range;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < min || (max !== undefined && value > max)) {
		const allowed = max === undefined ? `of at least ${min}` : `from ${min} to ${max}`;
		throw parameterError(context, parameter, itemIndex, `must be a whole number ${allowed}`, hint);
	}
	return value;
}

/** The plain value of a parameter that may be a resource locator (`{ mode, value }`). */
function locatorValue(raw: unknown): unknown {
	if (isPlainObject(raw) && 'value' in raw) {
		return (raw as { value: unknown }).value;
	}
	return raw;
}

/**
 * A required id: a string or number parameter, or a resource locator. Surrounding
 * whitespace is trimmed; everything else (`/`, `?`, `#`, spaces inside, unicode) is kept
 * as given: the transport URL-encodes it and the credential signs the raw value. An id
 * that goes in the URL path (`inPath`) must also be one that a URL can carry: not `.` or
 * `..`, no unpaired surrogate, not thousands of characters long.
 */
export function readId(
	context: IExecuteFunctions,
	parameter: ParameterRef,
	itemIndex: number,
	hint: string,
	options: { rejectStatusWords?: boolean; inPath?: boolean } = {},
): string {
	const value = locatorValue(context.getNodeParameter(parameter.name, itemIndex, ''));
	if (value !== undefined && value !== null && typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) {
		throw parameterError(context, parameter, itemIndex, 'must be text or a number', hint);
	}
	const text = textOf(value);
	if (text === '') throw parameterError(context, parameter, itemIndex, 'is empty', hint);
	if (options.rejectStatusWords && isStatusWord(text)) {
		throw parameterError(
			context,
			parameter,
			itemIndex,
			`cannot be "${text}"`,
			`"${text}" is a status word, not an ID: Annex Cloud would answer with a list. Use the Get Many operation to list by status.`,
		);
	}
	const problem = options.inPath ? pathParameterProblem(text) : undefined;
	if (problem !== undefined) throw parameterError(context, parameter, itemIndex, problem, hint);
	return text;
}

/**
 * An optional JSON object parameter ("Extra Body Fields (JSON)"): a JSON text or an object
 * from an expression. Empty means no extra fields.
 */
export function readJsonObject(context: IExecuteFunctions, parameter: ParameterRef, itemIndex: number): IDataObject {
	const raw = context.getNodeParameter(parameter.name, itemIndex, '') as unknown;
	const hint =
		'Enter a JSON object such as {"channel": "web"}, or leave the field empty. Its fields are added to the request body.';
	let value: unknown = raw;
	if (typeof raw === 'string') {
		if (raw.trim() === '') return {};
		try {
			value = JSON.parse(raw) as unknown;
		} catch (error) {
			throw parameterError(
				context,
				parameter,
				itemIndex,
				`is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
				hint,
			);
		}
	}
	if (value === undefined || value === null) return {};
	if (typeof value !== 'object' || Array.isArray(value)) {
		throw parameterError(context, parameter, itemIndex, 'must be a JSON object', hint);
	}
	return value as IDataObject;
}

/** The API date format has a four-digit year: the first and the last instant it can carry. */
const MIN_API_DATE_MS = Date.parse('0000-01-01T00:00:00.000Z');
const MAX_API_DATE_MS = Date.parse('9999-12-31T23:59:59.999Z');

/** A required date parameter, formatted for the API (UTC); returns the epoch ms too. */
export function readDate(
	context: IExecuteFunctions,
	parameter: ParameterRef,
	itemIndex: number,
	dateOnly: DateOnlyMeaning = 'startOfDay',
): { ms: number; formatted: string } {
	const raw = context.getNodeParameter(parameter.name, itemIndex, '') as unknown;
	const hint =
		'Use an ISO 8601 date such as 2024-08-08T07:00:12Z (without an offset, the time is read in the workflow time zone), a date from an expression such as {{ $now.plus({ days: 30 }) }}, or epoch milliseconds.';
	if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
		throw parameterError(context, parameter, itemIndex, 'is empty', hint);
	}
	const ms = toEpochMs(raw, context.getTimezone(), dateOnly);
	if (ms === undefined) {
		const shown = typeof raw === 'string' ? `"${raw}"` : typeof raw;
		throw parameterError(context, parameter, itemIndex, `is not a date we can read (${shown})`, hint);
	}
	if (ms < MIN_API_DATE_MS || ms > MAX_API_DATE_MS) {
		throw parameterError(
			context,
			parameter,
			itemIndex,
			`is out of range (${String(raw)})`,
			`The year must be between 0000 and 9999. Epoch values are milliseconds, not microseconds. ${hint}`,
		);
	}
	return { ms, formatted: formatApiDate(ms) };
}

/**
 * Longest timeout a Node.js timer can hold (about 24.8 days); a longer one fires at once,
 * so every request would time out immediately.
 */
export const MAX_TIMEOUT_MS = 2_147_483_647;

/** The request timeout of the Options collection, in milliseconds. */
export function readTimeout(context: IExecuteFunctions, itemIndex: number): number {
	const value = context.getNodeParameter(PARAMETERS.timeout.name, itemIndex, DEFAULT_TIMEOUT_MS) as unknown;
	const ms = numericValue(value);
	// Below 1 ms, the whole milliseconds would be 0: no timeout at all for the HTTP client.
	if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 1 || ms > MAX_TIMEOUT_MS) {
		throw parameterError(
			context,
			PARAMETERS.timeout,
			itemIndex,
			`must be a positive number of milliseconds, at most ${MAX_TIMEOUT_MS}`,
			`The default is ${DEFAULT_TIMEOUT_MS} (30 seconds).`,
		);
	}
	return Math.floor(ms);
}

/** Return All and Limit: 0 means no limit. */
export function readLimit(context: IExecuteFunctions, itemIndex: number): number {
	if (context.getNodeParameter('returnAll', itemIndex, false) as boolean) return 0;
	return readWholeNumber(context, PARAMETERS.limit, itemIndex, { min: 1, fallback: 50 }, 'Or turn on Return All.');
}

/** A status word (all, active, inactive), case kept as given. */
export function readStatus(context: IExecuteFunctions, itemIndex: number): string {
	const value = context.getNodeParameter(PARAMETERS.status.name, itemIndex, 'all') as unknown;
	const text = typeof value === 'string' ? value.trim() : '';
	if (!isStatusWord(text)) {
		throw parameterError(
			context,
			PARAMETERS.status,
			itemIndex,
			`must be one of ${CAMPAIGN_STATUSES.join(', ')}`,
			`Got ${JSON.stringify(value)}.`,
		);
	}
	return text;
}

/** An on/off parameter: a boolean, or the text "true"/"false" (an expression's result). */
export function readFlag(context: IExecuteFunctions, parameter: ParameterRef, itemIndex: number): boolean {
	const value = context.getNodeParameter(parameter.name, itemIndex, false) as unknown;
	if (typeof value === 'boolean') return value;
	const text = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
	if (text === 'true' || text === 'false') return text === 'true';
	if (value === undefined || value === null || text === '') return false;
	throw parameterError(context, parameter, itemIndex, 'must be true or false', `Got ${JSON.stringify(value)}.`);
}

export function readSimplify(context: IExecuteFunctions, itemIndex: number): boolean {
	return context.getNodeParameter('simplify', itemIndex, true) as boolean;
}

/**
 * How many requests of this run may be in flight at once ("Concurrent Requests", read from
 * the first item: it is a setting of the run, not of an item): Auto (learned from the API's
 * answers), or a fixed bound: 1 sends one after another; NO_LIMIT (0) sends them all at once.
 */
export function readConcurrency(context: IExecuteFunctions): Concurrency {
	const raw = context.getNodeParameter(PARAMETERS.concurrency.name, 0, DEFAULT_CONCURRENCY) as unknown;
	if (typeof raw === 'string' && raw.trim().toLowerCase() === AUTO) return AUTO;
	const value = numericValue(raw);
	if (typeof value !== 'number' || !Number.isInteger(value) || value < NO_LIMIT || value > MAX_CONCURRENCY) {
		throw parameterError(
			context,
			PARAMETERS.concurrency,
			0,
			`must be "${AUTO}" or a whole number from ${NO_LIMIT} to ${MAX_CONCURRENCY}`,
			`The default is Auto (${AUTO}): the run finds how many requests Annex Cloud takes at once. 1 sends one request at a time, each after the previous answer; ${NO_LIMIT} sends them all at once.`,
		);
	}
	return value;
}
