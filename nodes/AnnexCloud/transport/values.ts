/**
 * The two questions every reader of API answers and parameters asks of an unknown value.
 * Pure, no n8n context.
 */
import type { IDataObject } from 'n8n-workflow';

/** An object that is not an array (and not null): a JSON object. */
export function isPlainObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Text for a value that is text or a finite number (trimmed), else ''. */
export function textOf(value: unknown): string {
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return '';
}
