import { createHmac } from 'node:crypto';

import fc from 'fast-check';
import jwt from 'jsonwebtoken';

import { computePayloadHmac, createRequestToken } from '../../nodes/AnnexCloud/transport/signing';
import { signRequest } from '../../nodes/AnnexCloud/transport/requestSigner';
import { ROUTES } from '../../nodes/AnnexCloud/transport/contract';
import { buildPath } from '../../nodes/AnnexCloud/transport/paths';
import { getIdentifierFromPath, getIdentifierOf } from '../../nodes/AnnexCloud/transport/signedPayload';
import type { IHttpRequestOptions } from 'n8n-workflow';

const key = { sharedSecret: 's3cr3t-example', siteId: '100200', siteName: 'acme-loyalty' };
const credentials = {
	baseUrl: 'https://s15.socialannex.net/api/3.0/',
	siteId: '100200',
	siteName: 'acme-loyalty',
	sharedSecret: 's3cr3t-example',
	signatureValiditySeconds: 300,
};

/** The documented hmac computed independently: base64(HMAC-SHA256(secret, base64(P))). */
function referenceHmac(secret: string, payload: string): string {
	const b = Buffer.from(payload, 'utf8').toString('base64');
	return createHmac('sha256', secret).update(b).digest('base64');
}

describe('payload hmac', () => {
	it('matches the worked example of the contract: GET "all"', () => {
		// P = "all" (with quotes), B = ImFsbCI=
		expect(Buffer.from('"all"').toString('base64')).toBe('ImFsbCI=');
		const expected = createHmac('sha256', 's3cr3t-example').update('ImFsbCI=').digest('base64');
		expect(computePayloadHmac('s3cr3t-example', '"all"')).toBe(expected);
		// Fixed vector computed with openssl: printf 'ImFsbCI=' | openssl dgst -sha256 -hmac s3cr3t-example -binary | base64
		expect(computePayloadHmac('s3cr3t-example', '"all"')).toBe(
			'CiutqL3JrouZleESbZiQZo5GDHMfcggO22h2hCGm+gY=',
		);
	});

	it('is taken over the base64 text, not the raw JSON', () => {
		const raw = createHmac('sha256', 's3cr3t-example').update('{"a":1}').digest('base64');
		expect(computePayloadHmac('s3cr3t-example', '{"a":1}')).not.toBe(raw);
		expect(computePayloadHmac('s3cr3t-example', '{"a":1}')).toBe(referenceHmac('s3cr3t-example', '{"a":1}'));
	});

	it('agrees with the reference for any payload and secret (unicode included)', () => {
		fc.assert(
			fc.property(fc.string({ minLength: 1 }), fc.string({ unit: 'grapheme' }), (secret, payload) => {
				expect(computePayloadHmac(secret, payload)).toBe(referenceHmac(secret, payload));
			}),
			{ numRuns: 300 },
		);
	});
});

describe('request token', () => {
	it('is a valid HS256 JWT for jsonwebtoken with the documented claims', () => {
		const token = createRequestToken(key, '"all"', { nowSeconds: 1_700_000_000, lifetimeSeconds: 120 });
		const decoded = jwt.verify(token, key.sharedSecret, { algorithms: ['HS256'], clockTimestamp: 1_700_000_010 }) as jwt.JwtPayload;
		expect(decoded).toEqual({
			sub: 'acme-loyalty',
			exp: 1_700_000_120,
			site_id: '100200',
			hmac: referenceHmac('s3cr3t-example', '"all"'),
		});
		const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as object;
		expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
	});

	it('is byte-identical to jsonwebtoken signing the same claims', () => {
		fc.assert(
			fc.property(
				fc.string({ minLength: 1, maxLength: 64 }),
				fc.string({ minLength: 1, maxLength: 20 }),
				fc.string({ maxLength: 40 }),
				fc.string({ maxLength: 200 }),
				fc.integer({ min: 1_000_000_000, max: 4_000_000_000 }),
				fc.integer({ min: 10, max: 3600 }),
				(secret, siteId, siteName, payload, now, lifetime) => {
					const ours = createRequestToken({ sharedSecret: secret, siteId, siteName }, payload, {
						nowSeconds: now,
						lifetimeSeconds: lifetime,
					});
					const theirs = jwt.sign(
						{ sub: siteName, exp: now + lifetime, site_id: siteId, hmac: referenceHmac(secret, payload) },
						secret,
						{ algorithm: 'HS256', noTimestamp: true, header: { alg: 'HS256', typ: 'JWT' } },
					);
					expect(ours).toBe(theirs);
				},
			),
			{ numRuns: 300 },
		);
	});

	it('uses seconds for exp, never milliseconds', () => {
		const before = Math.floor(Date.now() / 1000);
		const options = signRequest(credentials, { url: '/campaign/all', method: 'GET' });
		const token = String(options.headers?.Authorization).replace('Bearer ', '');
		const { exp } = jwt.decode(token) as { exp: number };
		expect(exp).toBeGreaterThanOrEqual(before + 300);
		expect(exp).toBeLessThan(before + 302);
	});
});

function claimsOf(options: IHttpRequestOptions): Record<string, unknown> {
	const token = String(options.headers?.Authorization).replace(/^Bearer /, '');
	return jwt.verify(token, credentials.sharedSecret, { algorithms: ['HS256'] }) as Record<string, unknown>;
}

describe('signRequest (the credential authenticate)', () => {
	it('signs a GET with its quoted path identifier and sets the headers', () => {
		const options = signRequest(credentials, { url: '/users/jane%40example.com/campaign', method: 'GET' });
		expect(claimsOf(options).hmac).toBe(referenceHmac('s3cr3t-example', '"jane@example.com"'));
		expect(options.headers).toMatchObject({
			Authorization: expect.stringMatching(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/),
			'X-AnnexCloud-Site': '100200',
			'Content-Type': 'application/json',
		});
	});

	it('derives the GET identifier of each GET route, from a relative or an absolute URL', () => {
		const cases: Array<[string, string]> = [
			['/campaign/all', 'all'],
			['/campaign/123', '123'],
			['/campaign/group/active', 'active'],
			['/campaign/group/g%2F7', 'g/7'],
			['/users/member%20one/campaign', 'member one'],
			['https://s15.socialannex.net/api/3.0/campaign/42?page=2', '42'],
			['http://127.0.0.1:9999/api/3.0/campaign/group/9/', '9'],
			['/campaign/%C3%BCn%C3%AF', 'ünï'],
		];
		for (const [url, identifier] of cases) expect(getIdentifierFromPath(url.replace(/^https?:\/\/[^/]+/, ''))).toBe(identifier);
		for (const [url, identifier] of cases) {
			// The credential's own host: a token is never signed for another (see credentialData.test.ts).
			const baseUrl = /^https?:/.test(url) ? new URL(url).origin : credentials.baseUrl;
			const options = signRequest({ ...credentials, baseUrl }, { url, method: 'GET' });
			expect(claimsOf(options).hmac).toBe(referenceHmac('s3cr3t-example', JSON.stringify(identifier)));
		}
	});

	it('finds every GET route of the contract by its own pattern, never by the last-segment fallback', () => {
		for (const route of Object.values(ROUTES).filter((candidate) => candidate.method === 'GET')) {
			const param = /\{(\w+)\}/.exec(route.template)?.[1] as string;
			for (const value of ['42', 'all', 'a b/c', 'ünï']) {
				const found = getIdentifierOf(`/api/3.0${buildPath(route, { [param]: value })}?page=2`);
				expect(found.identifier).toBe(value);
				// Found by this route's pattern (templates that differ only in the parameter's name share one).
				const shape = (template?: string): string | undefined => template?.replace(/\{\w+\}/g, '{}');
				expect(shape(found.route?.template)).toBe(shape(route.template));
			}
		}
		// A path no route describes (a call in n8n's HTTP Request node): the last segment, said so.
		expect(getIdentifierOf('/api/3.0/users/jane/points')).toEqual({ identifier: 'points' });
	});

	it('signs a string body exactly as it will be sent', () => {
		const body = '{ "id": "m-1",   "campaignId": "7" }';
		const options = signRequest(credentials, { url: '/campaign/activation', method: 'POST', body });
		expect(options.body).toBe(body);
		expect(claimsOf(options).hmac).toBe(referenceHmac('s3cr3t-example', body));
	});

	it('serialises an object body once and sends that same string (generic HTTP Request node)', () => {
		const options = signRequest(credentials, {
			url: '/campaign/activation',
			method: 'POST',
			body: { id: 'm-1', campaignId: '7' },
		});
		expect(options.body).toBe('{"id":"m-1","campaignId":"7"}');
		expect(claimsOf(options).hmac).toBe(referenceHmac('s3cr3t-example', '{"id":"m-1","campaignId":"7"}'));
	});

	it('is idempotent: signing an already signed request keeps body and payload, replaces headers', () => {
		const first = signRequest(
			credentials,
			{ url: '/campaign/activation/m-1', method: 'PATCH', body: { campaignId: '7' }, headers: { authorization: 'old' } },
			1_700_000_000,
		);
		const firstHeaders = { ...first.headers };
		const second = signRequest(credentials, first, 1_700_000_060);
		expect(second.body).toBe('{"campaignId":"7"}');
		expect(Object.keys(second.headers ?? {}).filter((h) => h.toLowerCase() === 'authorization')).toHaveLength(1);
		expect(second.headers?.Authorization).not.toBe(firstHeaders.Authorization);
		const a = jwt.decode(String(firstHeaders.Authorization).slice(7)) as Record<string, unknown>;
		const b = jwt.decode(String(second.headers?.Authorization).slice(7)) as Record<string, unknown>;
		expect(b.hmac).toBe(a.hmac);
		expect(b.exp).toBe(1_700_000_360);
	});

	it('accepts the legacy request shape (uri instead of url)', () => {
		const options = signRequest(credentials, {
			uri: 'https://s15.socialannex.net/api/3.0/campaign/group/all',
			method: 'GET',
		} as unknown as IHttpRequestOptions);
		expect(claimsOf(options).hmac).toBe(referenceHmac('s3cr3t-example', '"all"'));
	});

	it('names the missing credential fields, never the secret', () => {
		expect(() => signRequest({ ...credentials, siteId: ' ', sharedSecret: '' }, { url: '/campaign/all' })).toThrow(
			'The Annex Cloud credential is missing: Site ID, Shared Secret',
		);
	});

	it('refuses a body it cannot sign as JSON', () => {
		expect(() =>
			signRequest(credentials, { url: '/campaign', method: 'POST', body: new URLSearchParams('a=1') }),
		).toThrow(/JSON body/);
	});
});
