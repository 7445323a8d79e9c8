/**
 * A compact, JSON-safe encoding of a set of campaign ids, so that the trigger's static data
 * stays small at tens of thousands of campaigns.
 *
 * - Canonical decimal ids (`0` or a digit 1-9 followed by at most 14 digits, which are safe
 *   integers) are sorted and stored as runs of consecutive numbers, each run written in
 *   base 36 as `<gap>` or `<gap>.<length - 1>`, runs separated by commas. The gap is the
 *   count of numbers skipped since the end of the previous run. 1001..1010 plus 1013 is
 *   `rt.9,2`.
 * - Every other id (non-numeric, leading zeros, very long numbers) is stored as it is, in a
 *   sorted array. The round trip is exact: `"1001"` and `"01001"` stay distinct ids.
 *
 * Pure functions, no n8n context.
 */

/** The stored form. Both parts are omitted when empty: an empty set is `{}`. */
export interface EncodedIdSet {
	/** numeric ids as base-36 runs */
	n?: string;
	/** all other ids, sorted */
	s?: string[];
}

const CANONICAL_NUMBER = /^(?:0|[1-9]\d{0,14})$/;
const RUN_TOKEN = /^([0-9a-z]{1,11})(?:\.([0-9a-z]{1,11}))?$/;

/** Decoding refuses (returns undefined) beyond this many ids: a corrupt state, not a real one. */
export const MAX_DECODED_IDS = 2_000_000;

export function isCanonicalNumericId(id: string): boolean {
	return CANONICAL_NUMBER.test(id);
}

/**
 * Order of ids used everywhere in the trigger: canonical numbers by value first, then every
 * other id by code unit order.
 */
export function compareCampaignIds(a: string, b: string): number {
	const aNumeric = isCanonicalNumericId(a);
	const bNumeric = isCanonicalNumericId(b);
	if (aNumeric && bNumeric) return Number(a) - Number(b);
	if (aNumeric) return -1;
	if (bNumeric) return 1;
	return a < b ? -1 : a > b ? 1 : 0;
}

export function encodeIdSet(ids: Iterable<string>): EncodedIdSet {
	const numbers: number[] = [];
	const strings: string[] = [];
	for (const id of new Set(ids)) {
		if (isCanonicalNumericId(id)) numbers.push(Number(id));
		else strings.push(id);
	}
	numbers.sort((a, b) => a - b);
	strings.sort((a, b) => compareCampaignIds(a, b));
	const tokens: string[] = [];
	let previousEnd = -1;
	let index = 0;
	while (index < numbers.length) {
		const start = numbers[index] as number;
		let end = start;
		while (index + 1 < numbers.length && numbers[index + 1] === end + 1) {
			index++;
			end++;
		}
		const gap = (start - previousEnd - 1).toString(36);
		tokens.push(end > start ? `${gap}.${(end - start).toString(36)}` : gap);
		previousEnd = end;
		index++;
	}
	const encoded: EncodedIdSet = {};
	if (tokens.length > 0) encoded.n = tokens.join(',');
	if (strings.length > 0) encoded.s = strings;
	return encoded;
}

/** The ids of an encoded set, or undefined when the value is not a valid encoding. */
export function decodeIdSet(value: unknown): Set<string> | undefined {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
	const { n, s } = value as { n?: unknown; s?: unknown };
	const ids = new Set<string>();
	if (n !== undefined) {
		if (typeof n !== 'string') return undefined;
		let previousEnd = -1;
		for (const token of n === '' ? [] : n.split(',')) {
			const match = RUN_TOKEN.exec(token);
			if (!match) return undefined;
			const start = previousEnd + 1 + parseInt(match[1] as string, 36);
			const end = start + (match[2] === undefined ? 0 : parseInt(match[2], 36));
			if (!Number.isSafeInteger(end) || end > 999_999_999_999_999) return undefined;
			if (ids.size + (end - start + 1) > MAX_DECODED_IDS) return undefined;
			for (let number = start; number <= end; number++) ids.add(String(number));
			previousEnd = end;
		}
	}
	if (s !== undefined) {
		if (!Array.isArray(s) || ids.size + s.length > MAX_DECODED_IDS) return undefined;
		for (const id of s) {
			if (typeof id !== 'string' || id === '') return undefined;
			ids.add(id);
		}
	}
	return ids;
}
