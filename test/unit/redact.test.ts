/**
 * redact.ts: token-shaped text and known secrets are blanked, ordinary text is left alone;
 * Base URLs are shown without user-info or query; and errors.ts uses both where it builds
 * the NodeApiError.
 */
import fc from 'fast-check';
import type { INode } from 'n8n-workflow';

import { toNodeApiError } from '../../nodes/AnnexCloud/transport/errors';
import { displayBaseUrl, REDACTED, redactSecrets, redactValue } from '../../nodes/AnnexCloud/transport/redact';
import { createRequestToken } from '../../nodes/AnnexCloud/transport/signing';

const token = createRequestToken({ sharedSecret: 's3cr3t-example', siteId: '100200', siteName: 'acme' }, '"all"', {
	nowSeconds: 1_700_000_000,
	lifetimeSeconds: 300,
});
const node: INode = { id: 'n', name: 'Annex Cloud', type: 'annexCloud', typeVersion: 1, position: [0, 0], parameters: {} };

describe('redactSecrets', () => {
	it.each([
		['a JWT', `token ${token} refused`],
		['a Bearer header', `Authorization: Bearer ${token}`],
		['a Bearer header with an opaque token', 'got "Bearer abc123-opaque" here'],
		['a JWT in JSON', JSON.stringify({ jwt: token })],
		['a JWT whose header is not eyJ', 'x aGVhZGVyLWhlYWRlcg.Y2xhaW1zLWNsYWltcy1jbGFpbXM.c2lnbmF0dXJlLXNpZ25hdHVyZQ y'],
	])('blanks %s', (_name, text) => {
		const redacted = redactSecrets(text);
		expect(redacted).toContain(REDACTED);
		expect(redacted).not.toMatch(/Bearer\s+[^\s[]/i);
		expect(redacted).not.toContain(token.split('.')[2]);
		expect(redacted).not.toContain('abc123-opaque');
		expect(redacted).not.toContain('c2lnbmF0dXJlLXNpZ25hdHVyZQ');
	});

	it('blanks a known secret as is and encoded', () => {
		const secret = 'p@ss word/+=';
		const text = [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('hex')].join(' | ');
		expect(redactSecrets(text, [secret])).toBe([REDACTED, REDACTED, REDACTED, REDACTED].join(' | '));
	});

	it('leaves ordinary messages, hosts and dates alone', () => {
		for (const text of [
			'Annex Cloud refused the request signature: check the Shared Secret',
			'Check the Base URL (https://s15.stage.socialannex.net/api/3.0)',
			'2026-03-31T23:59:59-0700, member jane.doe@example.com, campaign 1001',
		]) {
			expect(redactSecrets(text)).toBe(text);
		}
	});

	it('never leaves a token it was given in a value, however it is nested', () => {
		fc.assert(
			fc.property(fc.jsonValue(), fc.constantFrom(token, `Bearer ${token}`), (value, secret) => {
				const planted = { value, nested: [{ message: `echo: ${secret}` }], [`key ${secret}`]: 1 };
				expect(JSON.stringify(redactValue(planted))).not.toContain(token.split('.')[2]);
			}),
			{ numRuns: 200 },
		);
	});
});

describe('displayBaseUrl', () => {
	it.each([
		['https://user:pa55@s15.socialannex.net/api/3.0?key=abc#x', 'https://s15.socialannex.net/api/3.0'],
		['http://127.0.0.1:8787/api/3.0/', 'http://127.0.0.1:8787/api/3.0'],
		['user:pw@host/api?token=1 (not a URL)', 'host/api'],
	])('%s is shown as %s', (baseUrl, shown) => {
		expect(displayBaseUrl(baseUrl)).toBe(shown);
	});
});

describe('errors.ts shows what redact.ts lets through', () => {
	it('an error body echoing the token: message, description and response carry no token', () => {
		const error = toNodeApiError(node, {
			method: 'GET',
			path: '/campaign/all',
			status: 401,
			body: { errorCode: 'AC1002', errorMessage: `Request Not Authorized: Bearer ${token}` },
			attempts: 1,
			baseUrl: 'https://s15.socialannex.net/api/3.0',
		});
		const everything = `${error.message} ${error.description} ${JSON.stringify(error)}`;
		expect(everything).not.toContain(token.split('.')[1]);
		expect(error.message).toBe(`Annex Cloud refused the request signature: Request Not Authorized: ${REDACTED}`);
	});

	it.each([
		['a network error', { networkCode: 'ECONNREFUSED' }, 'Check the Base URL (http://127.0.0.1:9/api/3.0)'],
		['a 401 without an Annex error code', { status: 401, body: { message: 'Unauthorized' } }, '(now http://127.0.0.1:9/api/3.0)'],
		['a 404 without an Annex error code', { status: 404, body: {} }, '(now http://127.0.0.1:9/api/3.0)'],
	])('%s names the Base URL without user-info or query', (_name, failure, shown) => {
		const error = toNodeApiError(node, {
			method: 'GET',
			path: '/campaign/all',
			attempts: 1,
			baseUrl: 'http://admin:hunter22@127.0.0.1:9/api/3.0?apiKey=k-123',
			...failure,
		});
		expect(error.description).toContain(shown);
		expect(JSON.stringify(error)).not.toMatch(/hunter22|admin:|apiKey|k-123/);
	});
});
