import { createHmac } from 'node:crypto';

import jwt from 'jsonwebtoken';

import { startSandbox, computePayloadHmac, type Sandbox } from '../../sandbox';
import { reasonOf, hmacFor, signToken, signedGet, signedSend } from './helpers';

describe('sandbox authentication (independent verification)', () => {
	let sandbox: Sandbox;
	const body = '{"id":"member-0001","campaignId":"1001"}';

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0 });
	});
	afterAll(async () => {
		await sandbox.close();
	});
	beforeEach(() => {
		sandbox.store.reset();
		sandbox.clearLog();
	});

	it('agrees with the documented worked example formula', () => {
		// secret s3cr3t-example, identifier all: P = "all", B = ImFsbCI=
		expect(Buffer.from('"all"').toString('base64')).toBe('ImFsbCI=');
		const expected = createHmac('sha256', 's3cr3t-example').update('ImFsbCI=').digest('base64');
		expect(computePayloadHmac('s3cr3t-example', '"all"')).toBe(expected);
		expect(hmacFor('s3cr3t-example', '"all"')).toBe(expected);
	});

	it('accepts a correctly signed GET', async () => {
		const res = await signedGet(sandbox, '/campaign/all', 'all');
		expect(res.status).toBe(200);
		expect(sandbox.requests().at(-1)).toMatchObject({ verified: true, authError: null, sub: 'n8n-sandbox' });
	});

	it('accepts a correctly signed POST and logs the raw body and claims, not the token', async () => {
		const res = await signedSend(sandbox, 'POST', '/campaign', body);
		expect(res.status).toBe(200);
		const entry = sandbox.requests().at(-1);
		expect(entry).toMatchObject({ verified: true, rawBody: body, route: 'getCampaignForMember' });
		expect(entry?.claims).toMatchObject({ site_id: '100200', sub: 'n8n-sandbox' });
		const logged = JSON.stringify(sandbox.requests());
		expect(logged).not.toContain(sandbox.credentials.sharedSecret);
		expect(logged).not.toContain('Bearer');
	});

	it('accepts any sub (site name is not enforced)', async () => {
		const res = await signedGet(sandbox, '/campaign/active', 'active', { sub: 'some-other-client' });
		expect(res.status).toBe(200);
	});

	it('rejects a body tampered by one byte with PAYLOAD_MISMATCH', async () => {
		const tampered = body.replace('1001', '1002');
		const res = await signedSend(sandbox, 'POST', '/campaign', tampered, { signedPayload: body });
		expect(res.status).toBe(401);
		expect(reasonOf(res)).toBe('PAYLOAD_MISMATCH');
	});

	it('rejects a re-serialised body (same JSON, other whitespace) with PAYLOAD_MISMATCH', async () => {
		const reserialised = JSON.stringify(JSON.parse(body), null, 2);
		const res = await signedSend(sandbox, 'POST', '/campaign', reserialised, { signedPayload: body });
		expect(res.status).toBe(401);
		expect(reasonOf(res)).toBe('PAYLOAD_MISMATCH');
	});

	it('rejects a re-serialised body (same JSON, other key order) with PAYLOAD_MISMATCH', async () => {
		const reordered = '{"campaignId":"1001","id":"member-0001"}';
		expect(JSON.parse(reordered)).toEqual(JSON.parse(body));
		const res = await signedSend(sandbox, 'POST', '/campaign', reordered, { signedPayload: body });
		expect(res.status).toBe(401);
		expect(reasonOf(res)).toBe('PAYLOAD_MISMATCH');
	});

	it('rejects a GET signed for another identifier with PAYLOAD_MISMATCH', async () => {
		const res = await signedGet(sandbox, '/campaign/1001', '1001', { signedPayload: '"1002"' });
		expect(res.status).toBe(401);
		expect(reasonOf(res)).toBe('PAYLOAD_MISMATCH');
		// the identifier without JSON quotes is not what is signed either
		const unquoted = await signedGet(sandbox, '/campaign/1001', '1001', { signedPayload: '1001' });
		expect(reasonOf(unquoted)).toBe('PAYLOAD_MISMATCH');
	});

	it('rejects a wrong secret with INVALID_SIGNATURE', async () => {
		const res = await signedSend(sandbox, 'POST', '/campaign', body, { secret: 'not-the-secret' });
		expect(res.status).toBe(401);
		expect(reasonOf(res)).toBe('INVALID_SIGNATURE');
	});

	it('rejects a token whose signature was altered with INVALID_SIGNATURE', async () => {
		const token = signToken({ secret: sandbox.credentials.sharedSecret, siteId: '100200', payload: '"all"' });
		const [h, c, s = ''] = token.split('.');
		const flipped = `${h}.${c}.${s.startsWith('A') ? 'B' : 'A'}${s.slice(1)}`;
		const res = await signedGet(sandbox, '/campaign/all', 'all', { authorization: `Bearer ${flipped}` });
		expect(reasonOf(res)).toBe('INVALID_SIGNATURE');
	});

	it('rejects a wrong site header with SITE_MISMATCH', async () => {
		const res = await signedGet(sandbox, '/campaign/all', 'all', { siteHeader: '999999' });
		expect(res.status).toBe(401);
		expect(reasonOf(res)).toBe('SITE_MISMATCH');
	});

	it('rejects a missing site header with SITE_MISMATCH', async () => {
		const res = await signedGet(sandbox, '/campaign/all', 'all', { siteHeader: null });
		expect(res.status).toBe(401);
		expect(reasonOf(res)).toBe('SITE_MISMATCH');
	});

	it('rejects a wrong site_id claim (even with a matching header) with SITE_MISMATCH', async () => {
		const res = await signedGet(sandbox, '/campaign/all', 'all', { siteClaim: '999999', siteHeader: '999999' });
		expect(res.status).toBe(401);
		expect(reasonOf(res)).toBe('SITE_MISMATCH');
		const mismatch = await signedGet(sandbox, '/campaign/all', 'all', { siteClaim: '999999' });
		expect(reasonOf(mismatch)).toBe('SITE_MISMATCH');
	});

	it('rejects an expired token with TOKEN_EXPIRED', async () => {
		const res = await signedGet(sandbox, '/campaign/all', 'all', { exp: Math.floor(Date.now() / 1000) - 5 });
		expect(res.status).toBe(401);
		expect(reasonOf(res)).toBe('TOKEN_EXPIRED');
	});

	it('rejects exp given in milliseconds with INVALID_EXP', async () => {
		const res = await signedGet(sandbox, '/campaign/all', 'all', { exp: Date.now() + 300_000 });
		expect(res.status).toBe(401);
		expect(reasonOf(res)).toBe('INVALID_EXP');
	});

	it('rejects a non-numeric exp with INVALID_EXP', async () => {
		const res = await signedGet(sandbox, '/campaign/all', 'all', { claims: { exp: String(Math.floor(Date.now() / 1000) + 60) } });
		expect(reasonOf(res)).toBe('INVALID_EXP');
	});

	it('rejects a missing Authorization header with AUTH_MISSING', async () => {
		const res = await signedGet(sandbox, '/campaign/all', 'all', { authorization: null });
		expect(res.status).toBe(401);
		expect(reasonOf(res)).toBe('AUTH_MISSING');
		expect(res.headers.get('www-authenticate')).toContain('Bearer');
	});

	it('rejects a non-Bearer Authorization header with AUTH_MISSING', async () => {
		const res = await signedGet(sandbox, '/campaign/all', 'all', { authorization: 'Basic dXNlcjpwYXNz' });
		expect(reasonOf(res)).toBe('AUTH_MISSING');
	});

	it('rejects structurally bad tokens and other algorithms with TOKEN_MALFORMED', async () => {
		const secret = sandbox.credentials.sharedSecret;
		const claims = { sub: 'x', exp: Math.floor(Date.now() / 1000) + 60, site_id: '100200', hmac: hmacFor(secret, '"all"') };
		const hs512 = jwt.sign(claims, secret, { algorithm: 'HS512', noTimestamp: true });
		const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
		for (const token of ['abc', 'a.b', 'a.b.c.d', hs512, none, '!!!.@@@.###']) {
			const res = await signedGet(sandbox, '/campaign/all', 'all', { authorization: `Bearer ${token}` });
			expect({ token, code: reasonOf(res), status: res.status }).toEqual({ token, code: 'TOKEN_MALFORMED', status: 401 });
		}
	});

	it.each(['sub', 'exp', 'site_id', 'hmac'])('rejects a token without %s with CLAIMS_MISSING', async (claim) => {
		const res = await signedGet(sandbox, '/campaign/all', 'all', { claims: { [claim]: undefined } });
		expect(res.status).toBe(401);
		expect(reasonOf(res)).toBe('CLAIMS_MISSING');
	});

	it('checks the signature before the claims (a forged token never reveals claim problems)', async () => {
		const res = await signedGet(sandbox, '/campaign/all', 'all', { secret: 'wrong', claims: { hmac: undefined } });
		expect(reasonOf(res)).toBe('INVALID_SIGNATURE');
	});

	it('logs each rejection with its authError code', async () => {
		await signedGet(sandbox, '/campaign/all', 'all', { siteHeader: '1' });
		await signedGet(sandbox, '/campaign/all', 'all', { authorization: null });
		const entries = sandbox.requests();
		expect(entries.map((e) => [e.status, e.verified, e.authError])).toEqual([
			[401, false, 'SITE_MISMATCH'],
			[401, false, 'AUTH_MISSING'],
		]);
	});
});

describe('sandbox clock skew tolerance', () => {
	it('accepts a just-expired token within clockSkewSeconds and rejects it beyond', async () => {
		const nowMs = Date.UTC(2025, 5, 1, 12, 0, 0);
		const lenient = await startSandbox({ port: 0, clockSkewSeconds: 30, now: () => nowMs });
		const strict = await startSandbox({ port: 0, now: () => nowMs });
		try {
			const exp = nowMs / 1000 - 10;
			expect((await signedGet(lenient, '/campaign/all', 'all', { exp })).status).toBe(200);
			expect(reasonOf(await signedGet(strict, '/campaign/all', 'all', { exp }))).toBe('TOKEN_EXPIRED');
			expect(reasonOf(await signedGet(lenient, '/campaign/all', 'all', { exp: nowMs / 1000 - 31 }))).toBe('TOKEN_EXPIRED');
		} finally {
			await lenient.close();
			await strict.close();
		}
	});

	it('uses its own secret and site id when configured', async () => {
		const custom = await startSandbox({ port: 0, secret: 'other-secret', siteId: '42' });
		try {
			expect(custom.credentials).toMatchObject({ sharedSecret: 'other-secret', siteId: '42' });
			expect((await signedGet(custom, '/campaign/all', 'all')).status).toBe(200);
			const withDefault = await signedGet(custom, '/campaign/all', 'all', { secret: 'sandbox-shared-secret-do-not-use-in-production' });
			expect(reasonOf(withDefault)).toBe('INVALID_SIGNATURE');
		} finally {
			await custom.close();
		}
	});
});
