/**
 * Reading the dates of campaign records (start and end dates) as the trigger compares them.
 * Pure, no n8n context.
 */

const API_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Epoch milliseconds of an API date: `2024-08-08T07:00:12+0000` (the documented format),
 * ISO 8601 with `Z` or `+HH:MM`, a date alone, or epoch seconds / milliseconds as a number.
 * A date without an offset is read as UTC. Undefined when the value is not a date.
 */
export function parseApiDateMs(value: unknown): number | undefined {
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) return undefined;
		return Math.abs(value) < 1e11 ? value * 1000 : value;
	}
	if (typeof value !== 'string') return undefined;
	const match = API_DATE.exec(value.trim());
	if (!match) return undefined;
	const [, year, month, day, hour, minute, second, fraction, offset] = match;
	const ms = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
	let time = Date.UTC(
		Number(year),
		Number(month) - 1,
		Number(day),
		Number(hour ?? 0),
		Number(minute ?? 0),
		Number(second ?? 0),
		ms,
	);
	if (offset !== undefined && offset.toUpperCase() !== 'Z') {
		const sign = offset.startsWith('-') ? -1 : 1;
		const digits = offset.slice(1).replace(':', '');
		const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
		time -= sign * offsetMinutes * 60_000;
	}
	return Number.isFinite(time) ? time : undefined;
}
