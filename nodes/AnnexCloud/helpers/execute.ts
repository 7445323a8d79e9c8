/**
 * Running an operation over the input items: every item's parameters are read and checked
 * first (so a user's mistake fails before anything is sent), then the items' requests are
 * started in item order, at most "Concurrent Requests" of them in flight (default Auto: as many
 * as the run has learned the API takes; 1 sends them one after another).
 * Output keeps the input order either way. Every output item is paired with its input item;
 * with "Continue On Fail" a failing item becomes an error item (errorJson: `{ error, details }`,
 * the one shape of every operation and every path) and the others go on;
 * without it, the first failing item (by index) fails the run and no further item is sent.
 * `executeBatches` does the same for an operation that sends several items per request.
 */
import {
	NodeApiError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type NodeOperationError,
} from 'n8n-workflow';

import { adaptiveGate, asNodeError, requestFateOf } from '../transport';
import { AUTO, firstFailure, runBounded } from './concurrency';
import { readConcurrency } from './parameters';

/** Sends an item's request(s) and returns the records to output for it. */
export type PreparedCall = () => Promise<IDataObject[]>;

/** Reads and checks an item's parameters; returns the call to make (nothing sent yet). */
export type PrepareItem = (this: IExecuteFunctions, itemIndex: number) => PreparedCall;

type NodeError = NodeApiError | NodeOperationError;

/**
 * The JSON of a "Continue On Fail" error item: `{ error, details: { description, httpCode, ... } }`.
 * Only the keys `error` and `details` at the top level, so that n8n's "Continue (using error
 * output)" recognises the item as an error and routes it to the error output.
 */
export function errorJson(error: NodeError, extra: IDataObject = {}): IDataObject {
	const details: IDataObject = {};
	if (error.description) details.description = error.description;
	if (error instanceof NodeApiError && error.httpCode) details.httpCode = error.httpCode;
	return { error: error.message, details: { ...details, ...extra } };
}

export function errorItem(error: NodeError, itemIndex: number, extra: IDataObject = {}): INodeExecutionData {
	return { json: errorJson(error, extra), pairedItem: { item: itemIndex } };
}

/**
 * A run-wide setting (Concurrent Requests, a batching option) is wrong before any item is sent:
 * without Continue On Fail the run fails; with it every item becomes the same error item.
 */
function runWideFailure(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	error: unknown,
	continueOnFail: boolean,
): INodeExecutionData[] {
	const nodeError = asNodeError(this.getNode(), error, 0);
	if (!continueOnFail) throw nodeError;
	return items.map((_item, itemIndex) => errorItem(nodeError, itemIndex));
}

export function recordItems(records: IDataObject[], itemIndex: number): INodeExecutionData[] {
	return records.map((json) => ({ json, pairedItem: { item: itemIndex } }));
}

/**
 * The bound runBounded keeps for "Concurrent Requests" (read from the first item): a fixed
 * number, or with Auto the run's shared limit, which every request of the run then waits for.
 */
function taskLimit(context: IExecuteFunctions): number | (() => number) {
	const concurrency = readConcurrency(context);
	if (concurrency !== AUTO) return concurrency;
	const { limiter } = adaptiveGate(context);
	return () => limiter.limit;
}

/** Check every item, then run every item; see the module comment. */
export async function executeEachItem(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	prepare: PrepareItem,
): Promise<INodeExecutionData[]> {
	const continueOnFail = this.continueOnFail();
	let concurrency: number | (() => number);
	try {
		concurrency = taskLimit(this);
	} catch (error) {
		return runWideFailure.call(this, items, error, continueOnFail);
	}
	const calls: Array<PreparedCall | NodeError> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			calls.push(prepare.call(this, itemIndex));
		} catch (error) {
			const nodeError = asNodeError(this.getNode(), error, itemIndex);
			if (!continueOnFail) throw nodeError;
			calls.push(nodeError);
		}
	}

	const results = await runBounded(
		calls.length,
		concurrency,
		async (itemIndex) => {
			const call = calls[itemIndex];
			if (typeof call !== 'function') return [errorItem(call as NodeError, itemIndex)];
			try {
				return recordItems(await call(), itemIndex);
			} catch (error) {
				const nodeError = asNodeError(this.getNode(), error, itemIndex);
				if (!continueOnFail) throw nodeError;
				return [errorItem(nodeError, itemIndex)];
			}
		},
		(settled) => !settled.ok,
	);
	const failure = firstFailure(results);
	if (failure !== undefined) throw asNodeError(this.getNode(), failure.error, failure.index);

	const output: INodeExecutionData[] = [];
	for (const settled of results) {
		if (settled?.ok !== true) continue;
		for (const item of settled.value) output.push(item);
	}
	return output;
}

/** What became of an item of a batched write, as far as the run knows. */
export type ItemFate = 'applied' | 'refused' | 'unknown' | 'notSent';

export interface BatchItemResult {
	json: IDataObject;
	fate: ItemFate;
}

/** An operation that sends several items per request (Set Individual Validity). */
export interface BatchedOperation<E extends { itemIndex: number }> {
	/** Reads the run-wide settings; returns how the checked entries are split into requests. */
	planBatches(this: IExecuteFunctions): (entries: E[]) => E[][];
	/** Reads and checks one item's parameters (nothing sent yet). */
	prepare(this: IExecuteFunctions, itemIndex: number): E;
	/** Sends one batch; one result per entry, in batch order. */
	send(this: IExecuteFunctions, batch: E[]): Promise<BatchItemResult[]>;
	/** Details added to each error item of a batch whose request failed as a whole. */
	errorDetails(entry: E): IDataObject;
}


/** Item indexes as ranges: [0,1,2,5,7,8] -> "0-2, 5, 7-8"; at most `maxRanges`, then how many more. */
export function itemRanges(indexes: readonly number[], maxRanges = 30): string {
	const sorted = [...indexes].sort((a, b) => a - b);
	const ranges: Array<[number, number]> = [];
	for (const index of sorted) {
		const last = ranges[ranges.length - 1];
		if (last !== undefined && index === last[1] + 1) last[1] = index;
		else ranges.push([index, index]);
	}
	const shown = ranges.slice(0, maxRanges).map(([from, to]) => (from === to ? String(from) : `${from}-${to}`));
	const hidden = ranges.slice(maxRanges).reduce((sum, [from, to]) => sum + to - from + 1, 0);
	return `${shown.join(', ')}${hidden > 0 ? ` and ${hidden} more` : ''}`;
}

const FATE_WORDS: Record<ItemFate, string> = {
	applied: 'applied',
	refused: 'refused by Annex Cloud (not applied)',
	unknown: 'unknown (the request may have been applied: check these in Annex Cloud before sending them again)',
	notSent: 'not sent',
};

/** "This run: items 0-99 applied; items 100-199 unknown (...); items 200-349 not sent." */
export function runProgress(fates: ReadonlyMap<number, ItemFate>): string {
	const parts = (Object.keys(FATE_WORDS) as ItemFate[]).flatMap((fate) => {
		const indexes = [...fates].filter(([, value]) => value === fate).map(([index]) => index);
		if (indexes.length === 0) return [];
		return [`${indexes.length === 1 ? 'item' : 'items'} ${itemRanges(indexes)} ${FATE_WORDS[fate]}`];
	});
	return `This run: ${parts.join('; ')}. Send again only the items that were not applied.`;
}

/**
 * Check every item, then send the batches, at most "Concurrent Requests" at once. Every input
 * item gets exactly one output item, in input order. With Continue On Fail each item of a
 * failed request becomes an error item; without it the first failed request (by batch order)
 * fails the run, no further batch is sent, and when the run had several batches the error
 * says which items were applied, refused, unknown or never sent.
 */
export async function executeBatches<E extends { itemIndex: number }>(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	operation: BatchedOperation<E>,
): Promise<INodeExecutionData[]> {
	const continueOnFail = this.continueOnFail();
	let split: (entries: E[]) => E[][];
	let concurrency: number | (() => number);
	try {
		split = operation.planBatches.call(this);
		concurrency = taskLimit(this);
	} catch (error) {
		return runWideFailure.call(this, items, error, continueOnFail);
	}

	const output = new Array<INodeExecutionData | undefined>(items.length);
	const entries: E[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			entries.push(operation.prepare.call(this, itemIndex));
		} catch (error) {
			const nodeError = asNodeError(this.getNode(), error, itemIndex);
			if (!continueOnFail) throw nodeError;
			output[itemIndex] = errorItem(nodeError, itemIndex);
		}
	}

	const batches = split(entries);
	const sent = await runBounded(
		batches.length,
		concurrency,
		async (index) => await operation.send.call(this, batches[index] ?? []),
		(settled) => !settled.ok && !continueOnFail,
	);
	const failure = firstFailure(sent);
	if (failure !== undefined && !continueOnFail) {
		const nodeError = asNodeError(this.getNode(), failure.error, batches[failure.index]?.[0]?.itemIndex);
		if (batches.length > 1) {
			const fates = new Map<number, ItemFate>();
			batches.forEach((batch, index) => {
				const settled = sent[index];
				batch.forEach((entry, k) => {
					const fate = settled === undefined ? 'notSent' : settled.ok ? settled.value[k]?.fate : requestFateOf(settled.error);
					fates.set(entry.itemIndex, fate ?? 'unknown');
				});
			});
			nodeError.description = `${nodeError.description ?? ''}\n\n${runProgress(fates)}`.trim();
		}
		throw nodeError;
	}
	sent.forEach((settled, index) => {
		const batch = batches[index] ?? [];
		if (settled === undefined) return;
		if (!settled.ok) {
			const nodeError = asNodeError(this.getNode(), settled.error, batch[0]?.itemIndex);
			for (const entry of batch) output[entry.itemIndex] = errorItem(nodeError, entry.itemIndex, operation.errorDetails(entry));
			return;
		}
		batch.forEach((entry, k) => {
			output[entry.itemIndex] = { json: settled.value[k]?.json ?? {}, pairedItem: { item: entry.itemIndex } };
		});
	});
	return output.filter((item): item is INodeExecutionData => item !== undefined);
}
