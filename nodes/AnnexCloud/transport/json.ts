/**
 * Parsing Annex Cloud's JSON without losing digits. `JSON.parse` turns an integer beyond
 * 2^53 into the nearest double, so two campaigns with ids 9007199254740993 and
 * 9007199254740992 would become the same campaign. Integer literals that are not safe
 * integers are read as strings of their exact digits instead; every other value is parsed as
 * `JSON.parse` parses it. Pure, no n8n context.
 */

/** An integer literal too long to be sure it is a safe integer (safe integers have at most 16 digits). */
const LONG_INTEGER = /^-?\d{16,}$/;

/**
 * The text with every unsafe integer literal outside strings wrapped in quotes. Returns the
 * text itself when there is none (the usual case: one scan, no copy).
 */
export function quoteUnsafeIntegers(text: string): string {
	let out: string[] | undefined;
	let last = 0;
	let index = 0;
	const length = text.length;
	while (index < length) {
		const char = text.charCodeAt(index);
		if (char === 0x22 /* " */) {
			// Skip the string, honouring escapes.
			index++;
			while (index < length) {
				const inner = text.charCodeAt(index);
				if (inner === 0x5c /* \ */) index += 2;
				else if (inner === 0x22) break;
				else index++;
			}
			index++;
			continue;
		}
		if (char === 0x2d /* - */ || (char >= 0x30 && char <= 0x39)) {
			let end = index + 1;
			while (end < length) {
				const next = text.charCodeAt(end);
				const isNumberChar =
					(next >= 0x30 && next <= 0x39) || next === 0x2e || next === 0x65 || next === 0x45 || next === 0x2b || next === 0x2d;
				if (!isNumberChar) break;
				end++;
			}
			const literal = text.slice(index, end);
			if (LONG_INTEGER.test(literal) && !Number.isSafeInteger(Number(literal))) {
				out ??= [];
				out.push(text.slice(last, index), '"', literal, '"');
				last = end;
			}
			index = end;
			continue;
		}
		index++;
	}
	if (out === undefined) return text;
	out.push(text.slice(last));
	return out.join('');
}

/** JSON.parse, with integers beyond 2^53 kept exactly as strings. Throws like JSON.parse. */
export function parseJson(text: string): unknown {
	return JSON.parse(quoteUnsafeIntegers(text)) as unknown;
}
