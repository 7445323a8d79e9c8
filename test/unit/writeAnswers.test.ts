/**
 * What an error answer says about a write (transport/errorMessages.ts answerKind): decided where
 * the message is decided, code first and status second, so that an operation that turns
 * "already active" into success and the error message it would otherwise show always agree.
 */
import fc from 'fast-check';

import { ERROR_CODES } from '../../nodes/AnnexCloud/transport/contract';
import { answerKind, describeFailure, memberRefusalHint } from '../../nodes/AnnexCloud/transport/errorMessages';
import type { FailedExchange } from '../../nodes/AnnexCloud/transport/failedExchange';

const ALREADY = 'ALREADY-EXISTS-MESSAGE';

function exchange(status: number, body: unknown): FailedExchange {
	return { method: 'POST', path: '/campaign/activation', status, body, attempts: 1, alreadyExistsMessage: ALREADY };
}

describe('answerKind', () => {
	it.each<[number, unknown, string | undefined]>([
		[409, { errorCode: 'AC1006', errorMessage: 'Data already exists' }, 'alreadyExists'],
		[400, { errorCode: 'ac1006' }, 'alreadyExists'],
		[409, { message: 'conflict' }, 'alreadyExists'],
		[409, { errorCode: 'XY1234' }, 'alreadyExists'],
		[409, { errorCode: 'AC1007' }, undefined],
		[400, { errorCode: 'AC1008', errorMessage: 'User is blocked' }, 'memberRefused'],
		[409, { errorCode: 'AC1009' }, 'memberRefused'],
		[404, { errorCode: 'AC1005' }, undefined],
		[400, {}, undefined],
		[500, undefined, undefined],
	])('HTTP %i %j: %s', (status, body, kind) => {
		expect(answerKind(status, body)).toBe(kind);
		expect(describeFailure(exchange(status, body)).kind).toBe(kind);
	});

	it('"already exists" exactly when the message is the operation\'s already-exists message (property)', () => {
		const codes = [...Object.values(ERROR_CODES), 'XY9999', undefined];
		fc.assert(
			fc.property(fc.integer({ min: 400, max: 599 }), fc.constantFrom(...codes), (status, code) => {
				const body = code === undefined ? { message: 'x' } : { errorCode: code, errorMessage: 'x' };
				const described = describeFailure(exchange(status, body));
				expect(described.kind === 'alreadyExists').toBe(described.message === ALREADY);
				expect(described.kind === 'memberRefused').toBe(memberRefusalHint(code) !== undefined);
			}),
		);
	});

	it('is not decided for answers that are not JSON error answers (an HTML 409 from a proxy, a redirect)', () => {
		expect(describeFailure({ ...exchange(409, undefined), rawText: '<html>' }).kind).toBeUndefined();
		expect(describeFailure({ ...exchange(302, undefined), redirectLocation: 'https://x' }).kind).toBeUndefined();
	});
});
