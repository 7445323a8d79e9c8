/**
 * Dates for the API: reading what a user, an expression or the API gives (ISO strings with any
 * offset: `-0700`, `+0530`, `+05:30`, `+05`, `Z`, or none; with or without seconds; Luxon
 * DateTime, JS Date, epoch milliseconds) and writing the contract's API_DATE_FORMAT in UTC
 * (`2024-08-08T07:00:12+0000`) [doc].
 *
 * Runtime code may not import Luxon, so this is a small formatter for the Luxon tokens the
 * format uses. A change of API_DATE_FORMAT in the contract flows through here.
 */
import { API_DATE_FORMAT } from '../transport/contract';

/** A Luxon DateTime, recognised by shape (Luxon cannot be imported at runtime). */
interface DateTimeLike {
	isLuxonDateTime?: boolean;
	isValid?: boolean;
	toMillis: () => number;
}

function isDateTimeLike(value: unknown): value is DateTimeLike {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as { toMillis?: unknown }).toMillis === 'function'
	);
}

const ISO_DATE =
	/^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;

/** Milliseconds to add to a UTC instant to get the wall-clock time in `timeZone`. */
function zoneOffsetMs(instantMs: number, timeZone: string): number {
	let parts: Intl.DateTimeFormatPart[];
	try {
		parts = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
		}).formatToParts(new Date(instantMs));
	} catch {
		// An unknown time zone name: treat the wall-clock time as UTC.
		return 0;
	}
	const part = (type: Intl.DateTimeFormatPartTypes): number =>
		Number(parts.find((candidate) => candidate.type === type)?.value ?? 0);
	const wallAsUtc = Date.UTC(
		part('year'),
		part('month') - 1,
		part('day'),
		part('hour') % 24,
		part('minute'),
		part('second'),
	);
	return wallAsUtc - Math.floor(instantMs / 1000) * 1000;
}

/** The UTC instant of a wall-clock time in `timeZone` (DST-aware). */
function wallClockToUtc(wallAsUtcMs: number, timeZone: string): number {
	const firstGuess = wallAsUtcMs - zoneOffsetMs(wallAsUtcMs, timeZone);
	const offset = zoneOffsetMs(firstGuess, timeZone);
	return wallAsUtcMs - offset;
}

/**
 * What a date without a time means: its first second, or its last (23:59:59). A date alone
 * from a sheet (`2026-03-31`) as an End Date means "until the end of that day".
 */
export type DateOnlyMeaning = 'startOfDay' | 'endOfDay';

function parseIsoString(text: string, timeZone: string, dateOnly: DateOnlyMeaning): number | undefined {
	const match = ISO_DATE.exec(text);
	if (!match) return undefined;
	const [, y, mo, d, h, mi, s, fraction, zone] = match;
	const year = Number(y);
	const month = Number(mo);
	const day = Number(d);
	const endOfDay = h === undefined && dateOnly === 'endOfDay';
	const hour = endOfDay ? 23 : Number(h ?? 0);
	const minute = endOfDay ? 59 : Number(mi ?? 0);
	const second = endOfDay ? 59 : Number(s ?? 0);
	if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
	const wall = Date.UTC(year, month - 1, day, hour, minute, second);
	const check = new Date(wall);
	if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
		return undefined;
	}
	const millis = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
	if (zone === undefined) return wallClockToUtc(wall, timeZone) + millis;
	if (zone === 'Z' || zone === 'z') return wall + millis;
	const sign = zone.startsWith('-') ? -1 : 1;
	const digits = zone.slice(1).replace(':', '');
	const offsetHours = Number(digits.slice(0, 2));
	const offsetMinutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
	if (offsetHours > 23 || offsetMinutes > 59) return undefined;
	return wall + millis - sign * (offsetHours * 60 + offsetMinutes) * 60_000;
}

/**
 * Epoch milliseconds of a date value, or undefined when it is not a date.
 * - ISO 8601 strings, with or without a time and an offset; without an offset the time is
 *   read in `timeZone` (the workflow's time zone, as n8n's date picker means it); a date
 *   without a time is the start of that day, or its end (23:59:59) with `endOfDay`;
 * - a string of digits or a number: epoch milliseconds;
 * - a Luxon DateTime (what `{{ $now }}` gives) or a JS Date.
 */
export function toEpochMs(value: unknown, timeZone = 'UTC', dateOnly: DateOnlyMeaning = 'startOfDay'): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (value instanceof Date) {
		const ms = value.getTime();
		return Number.isNaN(ms) ? undefined : ms;
	}
	if (isDateTimeLike(value)) {
		if (value.isValid === false) return undefined;
		const ms = value.toMillis();
		return typeof ms === 'number' && Number.isFinite(ms) ? ms : undefined;
	}
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	if (/^\d{9,}$/.test(text)) return Number(text);
	const ms = parseIsoString(text, timeZone, dateOnly);
	return ms !== undefined && Number.isFinite(ms) ? ms : undefined;
}

function pad(value: number, width: number): string {
	return String(value).padStart(width, '0');
}

const TOKEN = /'([^']*)'|yyyy|yy|MM|M|dd|d|HH|H|mm|m|ss|s|SSS|ZZZ|ZZ|Z|./g;

/** Format epoch milliseconds in UTC with a Luxon format string (the subset the API uses). */
export function formatUtc(ms: number, format: string = API_DATE_FORMAT): string {
	const date = new Date(ms);
	return format.replace(TOKEN, (token: string, literal: string | undefined) => {
		if (literal !== undefined) return literal === '' ? "'" : literal;
		switch (token) {
			case 'yyyy':
				return pad(date.getUTCFullYear(), 4);
			case 'yy':
				return pad(date.getUTCFullYear() % 100, 2);
			case 'MM':
				return pad(date.getUTCMonth() + 1, 2);
			case 'M':
				return String(date.getUTCMonth() + 1);
			case 'dd':
				return pad(date.getUTCDate(), 2);
			case 'd':
				return String(date.getUTCDate());
			case 'HH':
				return pad(date.getUTCHours(), 2);
			case 'H':
				return String(date.getUTCHours());
			case 'mm':
				return pad(date.getUTCMinutes(), 2);
			case 'm':
				return String(date.getUTCMinutes());
			case 'ss':
				return pad(date.getUTCSeconds(), 2);
			case 's':
				return String(date.getUTCSeconds());
			case 'SSS':
				return pad(date.getUTCMilliseconds(), 3);
			case 'ZZZ':
				return '+0000';
			case 'ZZ':
				return '+00:00';
			case 'Z':
				return '+0';
			default:
				return token;
		}
	});
}

/** A date value formatted for the API (API_DATE_FORMAT, UTC). */
export function formatApiDate(ms: number): string {
	return formatUtc(ms, API_DATE_FORMAT);
}
