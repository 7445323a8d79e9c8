/**
 * Integers beyond 2^53 (json.ts): read as strings of their exact digits, so two campaigns
 * whose ids differ beyond double precision stay two campaigns. Everything else parses as
 * JSON.parse parses it.
 */
import fc from 'fast-check';

import { parseJson, quoteUnsafeIntegers } from '../../nodes/AnnexCloud/transport/json';

/** What parseJson promises for a parsed value: every integer that is not safe, as its digits. */
function unsafeIntegersAsText(value: unknown): unknown {
	if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value)) {
		const literal = JSON.stringify(value);
		return /^-?\d+$/.test(literal) ? literal : value;
	}
	if (Array.isArray(value)) return value.map(unsafeIntegersAsText);
	if (typeof value === 'object' && value !== null) {
		return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, unsafeIntegersAsText(entry)]));
	}
	return value;
}

describe('parseJson', () => {
	it('keeps ids beyond 2^53 exact, as strings', () => {
		const text = '{"allCampaignDetails":[{"campaignId":9007199254740993},{"campaignId":9007199254740992},{"campaignId":-12345678901234567890}]}';
		expect(parseJson(text)).toEqual({
			allCampaignDetails: [{ campaignId: '9007199254740993' }, { campaignId: '9007199254740992' }, { campaignId: '-12345678901234567890' }],
		});
		// JSON.parse merges the first two.
		const plain = JSON.parse(text) as { allCampaignDetails: Array<{ campaignId: number }> };
		expect(plain.allCampaignDetails[0]?.campaignId).toBe(plain.allCampaignDetails[1]?.campaignId);
	});

	it('leaves safe integers, decimals, exponents and digits inside strings alone', () => {
		const text = '{"a":9007199254740991,"b":1.5e300,"c":12345678901234567.5,"d":"99999999999999999999","e":"\\"12345678901234567890\\"","f":[1,-2,3e2]}';
		expect(parseJson(text)).toEqual(JSON.parse(text));
		expect(quoteUnsafeIntegers(text)).toBe(text);
	});

	it('parses any JSON value like JSON.parse, except unsafe integers, which become their digits', () => {
		fc.assert(
			fc.property(fc.jsonValue(), fc.array(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), { maxLength: 3 }), (value, bigs) => {
				const text = JSON.stringify({ value, bigs: '__BIGS__' }).replace('"__BIGS__"', `[${bigs.map(String).join(',')}]`);
				const parsed = parseJson(text) as { value: unknown; bigs: unknown[] };
				expect(parsed.value).toEqual(unsafeIntegersAsText(JSON.parse(JSON.stringify(value))));
				expect(parsed.bigs).toEqual(bigs.map((big) => (Number.isSafeInteger(Number(big)) ? Number(big) : String(big))));
			}),
			{ numRuns: 500 },
		);
	});

	it('still throws on text that is not JSON', () => {
		expect(() => parseJson('<html>')).toThrow();
		expect(() => parseJson('{"a":')).toThrow();
	});
});
