/**
 * The Annex Cloud error fields of an answer's body (`errorCode`, `errorMessage`), as text.
 * Pure, no n8n context.
 */
import { FIELDS } from './contract';
import { textOf } from './values';

/** A field of an answer's body as text, or undefined when it is absent or empty. */
export function annexField(body: unknown, field: string): string | undefined {
	if (typeof body !== 'object' || body === null) return undefined;
	return textOf((body as Record<string, unknown>)[field]) || undefined;
}

export function annexErrorCode(body: unknown): string | undefined {
	return annexField(body, FIELDS.error.code);
}

export function annexErrorMessage(body: unknown): string | undefined {
	return annexField(body, FIELDS.error.message) ?? annexField(body, 'message');
}
