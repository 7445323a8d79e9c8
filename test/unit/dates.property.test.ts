/**
 * Dates, as properties: every date the API may send parses to the same instant whatever its
 * offset spelling (`-0700`, `+0530`, `+05:30`, `+05`, `Z`), with or without seconds or a
 * fraction, in the node's reader and in the trigger's; every date we send is UTC in the
 * documented `yyyy-MM-dd'T'HH:mm:ssZ` form; a date alone is its day's first or last second
 * in the given time zone.
 */
import fc from 'fast-check';

import { formatApiDate, toEpochMs } from '../../nodes/AnnexCloud/helpers/dates';
import { parseApiDateMs } from '../../nodes/AnnexCloud/trigger/dates';

const pad = (value: number, width = 2): string => String(Math.abs(value)).padStart(width, '0');

/** The wall clock of `ms` at `offsetMinutes`, as yyyy-MM-ddTHH:mm[:ss]. */
function wallClock(ms: number, offsetMinutes: number, seconds: boolean): string {
	const d = new Date(ms + offsetMinutes * 60_000);
	const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
	const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}${seconds ? `:${pad(d.getUTCSeconds())}` : ''}`;
	return `${date}T${time}`;
}

type Spelling = 'hhmm' | 'hh:mm' | 'hh' | 'Z';

function offsetText(offsetMinutes: number, spelling: Spelling): string {
	if (spelling === 'Z') return 'Z';
	const sign = offsetMinutes < 0 ? '-' : '+';
	const hours = pad(Math.trunc(Math.abs(offsetMinutes) / 60));
	const minutes = pad(Math.abs(offsetMinutes) % 60);
	return spelling === 'hhmm' ? `${sign}${hours}${minutes}` : spelling === 'hh:mm' ? `${sign}${hours}:${minutes}` : `${sign}${hours}`;
}

/** Instants between 1971 and 2100, in whole seconds. */
const instant = fc.integer({ min: 31_536_000, max: 4_102_444_800 }).map((seconds) => seconds * 1000);

const apiDate = fc
	.record({
		ms: instant,
		spelling: fc.constantFrom<Spelling>('hhmm', 'hh:mm', 'hh', 'Z'),
		// Real offsets run from -12:00 to +14:00; quarter hours for the minute spellings.
		quarters: fc.integer({ min: -48, max: 56 }),
		seconds: fc.boolean(),
		fraction: fc.constantFrom('', '.5', '.123', '.000000001'),
	})
	.map(({ ms, spelling, quarters, seconds, fraction }) => {
		const offset = spelling === 'Z' ? 0 : spelling === 'hh' ? Math.trunc(quarters / 4) * 60 : quarters * 15;
		const text = `${wallClock(ms, offset, seconds)}${seconds ? fraction : ''}${offsetText(offset, spelling)}`;
		const fractionMs = seconds && fraction !== '' ? Math.floor(Number(`0${fraction}`) * 1000) : 0;
		const expected = (seconds ? ms : Math.floor(ms / 60_000) * 60_000) + fractionMs;
		return { text, expected };
	});

describe('dates the API sends', () => {
	it('parse to the same instant, whatever the offset and its spelling, with or without seconds', () => {
		fc.assert(
			fc.property(apiDate, ({ text, expected }) => {
				expect(toEpochMs(text)).toBe(expected);
				// The time zone only matters without an offset.
				expect(toEpochMs(text, 'Asia/Kolkata')).toBe(expected);
				expect(parseApiDateMs(text)).toBe(expected);
			}),
			{ numRuns: 500 },
		);
	});

	it("Annex Cloud's own example and the five forms", () => {
		const utc = Date.UTC(2015, 3, 12, 21, 1, 44);
		expect(toEpochMs('2015-04-12T14:01:44-0700')).toBe(utc);
		expect(toEpochMs('2015-04-13T02:31:44+0530')).toBe(utc);
		expect(toEpochMs('2015-04-13T02:31:44+05:30')).toBe(utc);
		expect(toEpochMs('2015-04-12T21:01:44Z')).toBe(utc);
		expect(toEpochMs('2015-04-12T14:01-0700')).toBe(utc - 44_000);
	});
});

describe('dates we send', () => {
	it('are UTC in the documented form and read back to the same second', () => {
		fc.assert(
			fc.property(instant, fc.integer({ min: 0, max: 999 }), (ms, extra) => {
				const text = formatApiDate(ms + extra);
				expect(text).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0000$/);
				expect(toEpochMs(text)).toBe(ms);
			}),
			{ numRuns: 300 },
		);
		expect(formatApiDate(Date.UTC(2024, 7, 8, 7, 0, 12))).toBe('2024-08-08T07:00:12+0000');
	});
});

describe('a date alone', () => {
	const zones = ['UTC', 'America/New_York', 'America/Los_Angeles', 'Asia/Kolkata', 'Europe/Berlin', 'Australia/Lord_Howe', 'Pacific/Chatham'];

	/** The wall clock of an instant in a time zone, as yyyy-MM-dd HH:mm:ss. */
	function inZone(ms: number, timeZone: string): string {
		const parts = new Intl.DateTimeFormat('en-CA', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
		}).formatToParts(new Date(ms));
		const part = (type: string): string => parts.find((candidate) => candidate.type === type)?.value ?? '';
		return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')}`;
	}

	it('is the first second of that day as a start, and the last (23:59:59) as an end, in the time zone given', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 40_000 }), fc.constantFrom(...zones), (days, zone) => {
				const day = new Date(Date.UTC(1971, 0, 1) + days * 86_400_000).toISOString().slice(0, 10);
				const start = toEpochMs(day, zone, 'startOfDay');
				const end = toEpochMs(day, zone, 'endOfDay');
				expect(inZone(start!, zone)).toBe(`${day} 00:00:00`);
				expect(inZone(end!, zone)).toBe(`${day} 23:59:59`);
				// A date with a time keeps its time, whatever is asked for a date alone.
				expect(toEpochMs(`${day}T00:00:00`, zone, 'endOfDay')).toBe(start);
			}),
			{ numRuns: 400 },
		);
	});
});
