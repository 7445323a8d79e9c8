/**
 * Running an operation over the input items: every item's parameters are read and checked
 * first (so a user's mistake fails before anything is sent), then the items' requests are
 * started in item order, at most "Concurrent Requests" of them in flight (default 5; 1 sends
 * them one after another).
 * Output keeps the input order either way. Every output item is paired with its input item;
 * with "Continue On Fail" a failing item becomes an `{ error }` item and the others go on;
 * without it, the first failing item (by index) fails the run and no further item is sent.
 */
import {
	NodeApiError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type NodeOperationError,
} from 'n8n-workflow';

import { asNodeError } from '../transport';
import { firstFailure, runBounded } from './concurrency';
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

export function recordItems(records: IDataObject[], itemIndex: number): INodeExecutionData[] {
	return records.map((json) => ({ json, pairedItem: { item: itemIndex } }));
}

/** Check every item, then run every item; see the module comment. */
export async function executeEachItem(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	prepare: PrepareItem,
): Promise<INodeExecutionData[]> {
	const continueOnFail = this.continueOnFail();
	const concurrency = readConcurrency(this);
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
