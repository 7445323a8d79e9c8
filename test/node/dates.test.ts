/** Unit tests of the node's date reading and API formatting (no Luxon at runtime). */
import { formatApiDate, formatUtc, toEpochMs } from '../../nodes/AnnexCloud/helpers/dates';
import { API_DATE_FORMAT } from '../../nodes/AnnexCloud/transport/contract';

const at = (iso: string): number => Date.parse(iso);

describe('formatApiDate', () => {
	it('writes the contract format in UTC', () => {
		expect(API_DATE_FORMAT).toBe("yyyy-MM-dd'T'HH:mm:ssZZZ");
		expect(formatApiDate(at('2024-08-08T07:00:12.999Z'))).toBe('2024-08-08T07:00:12+0000');
		expect(formatApiDate(at('0999-01-02T03:04:05Z'))).toBe('0999-01-02T03:04:05+0000');
	});

	it('follows the format string it is given (Luxon tokens)', () => {
		expect(formatUtc(at('2024-08-08T07:00:12.034Z'), "yyyy-MM-dd'T'HH:mm:ss.SSSZZ")).toBe('2024-08-08T07:00:12.034+00:00');
		expect(formatUtc(at('2024-08-08T07:00:12Z'), 'd/M/yy H:m:s')).toBe('8/8/24 7:0:12');
	});
});

describe('toEpochMs', () => {
	it('reads ISO 8601 with Z, with offsets in three spellings, and with a fraction', () => {
		expect(toEpochMs('2024-08-08T07:00:12Z')).toBe(at('2024-08-08T07:00:12Z'));
		expect(toEpochMs('2024-08-08T09:00:12+02:00')).toBe(at('2024-08-08T07:00:12Z'));
		expect(toEpochMs('2024-08-08T09:00:12+0200')).toBe(at('2024-08-08T07:00:12Z'));
		expect(toEpochMs('2024-08-08T02:00:12-05')).toBe(at('2024-08-08T07:00:12Z'));
		expect(toEpochMs('2024-08-08T07:00:12.5Z')).toBe(at('2024-08-08T07:00:12.500Z'));
	});

	it('reads a time without an offset, and a bare date, in the given time zone', () => {
		expect(toEpochMs('2024-01-15T09:00:00', 'Europe/Berlin')).toBe(at('2024-01-15T08:00:00Z'));
		expect(toEpochMs('2024-07-15T09:00:00', 'Europe/Berlin')).toBe(at('2024-07-15T07:00:00Z'));
		expect(toEpochMs('2024-07-15', 'UTC')).toBe(at('2024-07-15T00:00:00Z'));
		expect(toEpochMs('2024-07-15T09:00', 'Not/AZone')).toBe(at('2024-07-15T09:00:00Z'));
	});

	it('reads JS Dates, Luxon-like DateTimes, epoch milliseconds as numbers and digit strings', () => {
		expect(toEpochMs(new Date('2024-08-08T07:00:12Z'))).toBe(at('2024-08-08T07:00:12Z'));
		expect(toEpochMs({ isLuxonDateTime: true, isValid: true, toMillis: () => 1723100412000 })).toBe(1723100412000);
		expect(toEpochMs(1723100412000)).toBe(1723100412000);
		expect(toEpochMs('1723100412000')).toBe(1723100412000);
	});

	it('refuses what is not a date', () => {
		for (const value of ['', 'tomorrow', '2024-02-30', '2024-13-01T00:00:00Z', '2024-08-08T24:00:00Z', '2024-08-08T07:00:00+25:00', NaN, new Date('x'), { isLuxonDateTime: true, isValid: false, toMillis: () => NaN }, null, true]) {
			expect(toEpochMs(value)).toBeUndefined();
		}
	});
});
