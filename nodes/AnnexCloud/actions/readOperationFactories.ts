/**
 * The two read shapes that campaigns and campaign groups share: "Get" one record by its id and
 * "Get Many" by status across pages. Each operation file states what differs (route, list key,
 * locator, Simplify, hints); the behaviour is written once here.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { executeEachItem } from '../helpers/execute';
import { readId, readLimit, readSimplify, readStatus, readTimeout, type ParameterRef } from '../helpers/parameters';
import { recordsOf } from '../helpers/records';
import { annexCloudApiRequest, annexCloudApiRequestAllItems, type RouteDefinition } from '../transport';
import { limitProperty, optionsCollection, returnAllProperty, simplifyProperty, statusProperty } from './common.descriptions';

export interface ReadOperation {
	description: INodeProperties[];
	execute: (this: IExecuteFunctions, items: INodeExecutionData[]) => Promise<INodeExecutionData[]>;
}

interface Shown {
	resource: string;
	operation: string;
	simplify: (record: IDataObject) => IDataObject;
	/** Which fields Simplify keeps, as the editor says it. */
	simplifyKind: Parameters<typeof simplifyProperty>[0];
}

export interface GetByIdSpec extends Shown {
	route: RouteDefinition;
	/** The route's path parameter that carries the id. */
	pathParam: string;
	parameter: ParameterRef;
	locator: INodeProperties;
	/** Shown when the id is empty or unknown. */
	hint: string;
	/** What the record is called in "... was not found", e.g. "Campaign". */
	noun: string;
}

export function getByIdOperation(spec: GetByIdSpec): ReadOperation {
	const description = updateDisplayOptions({ show: { resource: [spec.resource], operation: [spec.operation] } }, [
		spec.locator,
		simplifyProperty(spec.simplifyKind),
		optionsCollection(),
	]);
	async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
		return await executeEachItem.call(this, items, function (this: IExecuteFunctions, itemIndex) {
			const id = readId(this, spec.parameter, itemIndex, spec.hint, { rejectStatusWords: true, inPath: true });
			const simplify = readSimplify(this, itemIndex);
			const timeoutMs = readTimeout(this, itemIndex);
			return async () => {
				const response = await annexCloudApiRequest.call(this, {
					route: spec.route,
					pathParams: { [spec.pathParam]: id },
					itemIndex,
					timeoutMs,
					notFoundHint: spec.hint,
					notFoundSubject: `${spec.noun} "${id}"`,
				});
				const records = recordsOf(response);
				return simplify ? records.map(spec.simplify) : records;
			};
		});
	}
	return { description, execute };
}

export interface ListByStatusSpec extends Shown {
	route: RouteDefinition;
	listKey: string;
	statusDescription: string;
}

export function listByStatusOperation(spec: ListByStatusSpec): ReadOperation {
	const description = updateDisplayOptions({ show: { resource: [spec.resource], operation: [spec.operation] } }, [
		statusProperty(spec.statusDescription),
		returnAllProperty,
		limitProperty,
		simplifyProperty(spec.simplifyKind),
		optionsCollection(),
	]);
	async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
		return await executeEachItem.call(this, items, function (this: IExecuteFunctions, itemIndex) {
			const status = readStatus(this, itemIndex);
			const limit = readLimit(this, itemIndex);
			const simplify = readSimplify(this, itemIndex);
			const timeoutMs = readTimeout(this, itemIndex);
			return async () => {
				const records = await annexCloudApiRequestAllItems.call(this, {
					route: spec.route,
					pathParams: { status },
					listKey: spec.listKey,
					limit,
					itemIndex,
					timeoutMs,
				});
				return simplify ? records.map(spec.simplify) : records;
			};
		});
	}
	return { description, execute };
}
