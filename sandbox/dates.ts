/**
 * Date helpers for the sandbox, written against the contract's API date format
 * (`API_DATE_FORMAT`, Luxon `yyyy-MM-dd'T'HH:mm:ssZZZ`, e.g. `2024-08-08T07:00:12+0000`).
 * No dependency on Luxon: the sandbox keeps its own small, strict implementation.
 */

export const SECOND_MS = 1000;
export const HOUR_MS = 3600 * SECOND_MS;
export const DAY_MS = 24 * HOUR_MS;

function pad(value: number, width = 2): string {
	return String(value).padStart(width, '0');
}

/**
 * Format epoch milliseconds as `yyyy-MM-ddTHH:mm:ss±HHMM`: in UTC (`+0000`), or at another
 * offset in minutes, e.g. -420 gives Annex Cloud's own example form `2015-04-12T14:01:44-0700`.
 */
export function formatApiDate(ms: number, offsetMinutes = 0): string {
	const d = new Date(ms + offsetMinutes * 60_000);
	const sign = offsetMinutes < 0 ? '-' : '+';
	const abs = Math.abs(offsetMinutes);
	return (
		`${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
		`T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`
	);
}

// yyyy-MM-ddTHH:mm:ss, optional fraction, then +HHMM / -HHMM or Z.
const API_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([+-])(\d{2})(\d{2})|Z)$/;

/**
 * Parse a date in the contract's format (`2024-08-08T07:00:12+0000`, any `+HHMM`/`-HHMM`
 * offset) or in ISO form with `Z` (`2024-08-08T07:00:12Z`, `2024-08-08T07:00:12.000Z`).
 * Returns epoch milliseconds, or `undefined` for anything else (including impossible
 * calendar dates such as February 30th and `+HH:MM` offsets).
 */
export function parseApiDate(value: unknown): number | undefined {
	if (typeof value !== 'string') return undefined;
	const m = API_DATE_PATTERN.exec(value);
	if (!m) return undefined;
	const [, y, mo, d, h, mi, s, fraction, sign, offH, offM] = m;
	const year = Number(y);
	const month = Number(mo);
	const day = Number(d);
	const hour = Number(h);
	const minute = Number(mi);
	const second = Number(s);
	if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
	const base = Date.UTC(year, month - 1, day, hour, minute, second);
	const check = new Date(base);
	if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
		return undefined;
	}
	const millis = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
	let offsetMinutes = 0;
	if (sign !== undefined) {
		const oh = Number(offH);
		const om = Number(offM);
		if (oh > 23 || om > 59) return undefined;
		offsetMinutes = (sign === '-' ? -1 : 1) * (oh * 60 + om);
	}
	return base + millis - offsetMinutes * 60 * 1000;
}
