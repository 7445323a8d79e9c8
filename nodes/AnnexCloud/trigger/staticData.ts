/**
 * Writing the trigger's state into the node's static data object, in place: n8n wraps that
 * object in a proxy that marks the workflow's static data as changed on every assignment and
 * delete, and saves it only then. Keys that are not the state's own are removed, including
 * hostile ones such as `__proto__` or `constructor` written by another tool (an own-key check:
 * `key in next` would see `constructor` on every object's prototype). Pure, no n8n context.
 */
import type { IDataObject } from 'n8n-workflow';

import { canonicalJson } from './canonicalJson';

/** Replace the contents of `staticData` with `next`. Returns whether anything changed. */
export function writeStaticData(staticData: IDataObject, next: IDataObject): boolean {
	if (canonicalJson(staticData) === canonicalJson(next)) return false;
	for (const key of Object.keys(staticData)) {
		if (!Object.prototype.hasOwnProperty.call(next, key)) delete staticData[key];
	}
	// Plain assignments (seen by n8n's proxy); `next` holds only the state's own keys.
	for (const [key, value] of Object.entries(next)) staticData[key] = value;
	return true;
}
