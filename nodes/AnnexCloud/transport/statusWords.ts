/**
 * The status words of a campaign object and what they mean (part of the contract; re-exported
 * by contract.ts). Pure, no n8n context.
 */

/** [doc] Status words of a campaign object that mean "active" (compared case-insensitively). */
export const ACTIVE_STATUS_VALUES = ['active', 'on', '1', 'true'] as const;

export function isActiveStatusValue(value: unknown): boolean {
	return statusValueMeaning(value) === 'active';
}

/**
 * [inferred] Status words of a campaign object that mean "not active". A word in neither list
 * is unknown: the trigger refuses to guess (it would store or emit a campaign wrongly).
 */
export const INACTIVE_STATUS_VALUES = ['inactive', 'off', '0', 'false', 'disabled', 'expired', 'ended', 'paused', 'draft'] as const;

/** What a campaign's status field says: active, inactive, absent (no field), or unknown. */
export function statusValueMeaning(value: unknown): 'active' | 'inactive' | 'absent' | 'unknown' {
	if (value === undefined || value === null || value === '') return 'absent';
	if (typeof value === 'boolean') return value ? 'active' : 'inactive';
	if (typeof value === 'number') return value === 1 ? 'active' : value === 0 ? 'inactive' : 'unknown';
	if (typeof value !== 'string') return 'unknown';
	const word = value.trim().toLowerCase();
	if ((ACTIVE_STATUS_VALUES as readonly string[]).includes(word)) return 'active';
	if ((INACTIVE_STATUS_VALUES as readonly string[]).includes(word)) return 'inactive';
	return 'unknown';
}
