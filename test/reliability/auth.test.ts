/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code: a stand-in server that is not the API needs node:http */
/**
 * Authentication failures explained: for every operation, a 401 says which credential
 * setting is the likely cause (Shared Secret, Site ID, the clock / Signature Validity, or
 * a Base URL that points at something that is not the API), is sent once (never retried),
 * and never shows the secret, right or wrong.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import {
	artifactsOf,
	OPERATIONS,
	printSummary,
	secretForms,
	startReliabilityContext,
	type CaseRun,
	type OperationSpec,
	type ReliabilityContext,
} from './support';

jest.mock('n8n-workflow', () => jest.requireActual<typeof import('./instantSleep')>('./instantSleep').withInstantSleep());

const WRONG_SECRET = 'wrong-9c2f/Kx+é-also-never-shown';
let ctx: ReliabilityContext;
let base: ICredentialDataDecryptedObject;
/** The sandbox's clock is Date.now() + skewMs. */
let skewMs = 0;
let foreign: { origin: string; server: Server; hits: number };
let closedPortUrl: string;
const started = Date.now();

/** A server that is not the Annex Cloud API: it answers by the first path segment. */
async function startForeignServer(): Promise<typeof foreign> {
	const state = { hits: 0 };
	const server = createServer((req, res) => {
		state.hits += 1;
		const mode = (req.url ?? '').split('/')[1];
		req.resume();
		if (mode === 'html401') {
			res.writeHead(401, { 'Content-Type': 'text/html', 'WWW-Authenticate': 'Basic realm="intranet"' });
			res.end('<!DOCTYPE html><html><body><h1>401 Authorization Required</h1><form>Sign in</form></body></html>');
		} else if (mode === 'json401') {
			res.writeHead(401, { 'Content-Type': 'application/json' });
			res.end('{"message":"Unauthorized"}');
		} else if (mode === 'empty401') {
			res.writeHead(401, { 'WWW-Authenticate': 'Bearer' });
			res.end();
		} else if (mode === 'annexExpired') {
			// What Annex Cloud would answer, from a server whose clock is 10 minutes ahead.
			res.writeHead(401, { 'Content-Type': 'application/json', Date: new Date(Date.now() + 600_000).toUTCString() });
			res.end('{"errorCode":"TOKEN_EXPIRED","errorMessage":"The token has expired"}');
		} else {
			res.writeHead(404, { 'Content-Type': 'application/json' });
			res.end('{"message":"Not Found"}');
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		origin: `http://127.0.0.1:${port}`,
		server,
		get hits() {
			return state.hits;
		},
		set hits(value: number) {
			state.hits = value;
		},
	};
}

beforeAll(async () => {
	ctx = await startReliabilityContext({ now: () => Date.now() + skewMs });
	base = { ...ctx.harness.credentials };
	foreign = await startForeignServer();
	const closed = createServer();
	await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
	closedPortUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/api/3.0`;
	await new Promise<void>((resolve) => closed.close(() => resolve()));
});
afterAll(async () => {
	printSummary('authentication failures', ctx.stats, `, ${((Date.now() - started) / 1000).toFixed(1)} s`);
	await new Promise<void>((resolve) => foreign.server.close(() => resolve()));
	await ctx.close();
});
beforeEach(() => {
	skewMs = 0;
	ctx.harness.credentials = { ...base };
	foreign.hits = 0;
});

async function runWith(op: OperationSpec, credentials: ICredentialDataDecryptedObject): Promise<CaseRun> {
	ctx.reset();
	op.prepare?.(ctx.sandbox);
	ctx.harness.credentials = { ...base, ...credentials };
	return await ctx.run(op.parameters());
}

/** Neither the right secret nor the wrong one appears anywhere the run produced. */
function expectNoSecret(run: CaseRun): void {
	expect(run.leaks).toEqual([]);
	const forms = secretForms(WRONG_SECRET);
	for (const [where, text] of artifactsOf(run, run.captured)) {
		for (const form of forms) expect(`${where}: ${text.includes(form) ? 'wrong secret' : 'clean'}`).toBe(`${where}: clean`);
	}
}

function expect401(run: CaseRun, hint: RegExp): void {
	expect(run.error?.name).toBe('NodeApiError');
	expect(run.error?.httpCode).toBe('401');
	expect(run.error?.message).toMatch(/^Annex Cloud refused the request signature/);
	expect(run.error?.description).toMatch(hint);
	expectNoSecret(run);
}

const BY_OPERATION = OPERATIONS.map((op) => [op.name, op] as const);

const SANDBOX_CASES = [
	{
		name: 'a wrong Shared Secret',
		credentials: { sharedSecret: WRONG_SECRET },
		skewMs: 0,
		code: 'INVALID_SIGNATURE',
		hint: /^The signature was rejected: the Shared Secret is most likely wrong/,
	},
	{
		name: 'a wrong Site ID',
		credentials: { siteId: '999999' },
		skewMs: 0,
		code: 'SITE_MISMATCH',
		hint: /^The Site ID does not match .*we sent Site ID "999999"\)\. Check the Site ID/,
	},
	{
		name: "n8n's clock 10 minutes behind Annex Cloud's",
		credentials: {},
		skewMs: 600_000,
		code: 'TOKEN_EXPIRED',
		hint: /^The signed token was considered expired\. Check the clock of the computer running n8n, or raise Signature Validity/,
	},
	{
		name: "a 1 s Signature Validity (brought up to the 10 s minimum) with Annex Cloud's clock 15 s ahead",
		credentials: { signatureValiditySeconds: 1 },
		skewMs: 15_000,
		code: 'TOKEN_EXPIRED',
		hint: /^The signed token was considered expired\. .*raise Signature Validity/,
	},
] as const;

describe.each(SANDBOX_CASES.map((c) => [c.name, c] as const))('401 from %s', (_name, c) => {
	it.each(BY_OPERATION)('%s: names the likely cause, sent once, no secret', async (_op, op) => {
		skewMs = c.skewMs;
		const run = await runWith(op, c.credentials);
		expect401(run, c.hint);
		// Annex Cloud's code for every 401; the sandbox's own reason is in its errorMessage.
		expect(run.error?.description).toContain('[Annex error code: AC1002]');
		expect(run.error?.message).toContain(`Request Not Authorized (${c.code})`);
		expect(run.log).toHaveLength(1);
		expect(run.log[0]).toMatchObject({ route: op.route, status: 401, authError: c.code });
	});
});

it.each(BY_OPERATION)('%s: a 1 s Signature Validity works while the clocks agree', async (_op, op) => {
	const run = await runWith(op, { signatureValiditySeconds: 1 });
	expect(run.error).toBeUndefined();
	expect(run.log.every((entry) => entry.verified)).toBe(true);
});

const FOREIGN_CASES = [
	['an HTML sign-in page', 'html401'],
	['{"message":"Unauthorized"} (an API gateway)', 'json401'],
	['an empty body', 'empty401'],
] as const;

describe.each(FOREIGN_CASES)('a Base URL pointing at a server that answers 401 with %s', (_name, mode) => {
	it.each(BY_OPERATION)('%s: the Base URL is named first, sent once, no secret', async (_op, op) => {
		const run = await runWith(op, { baseUrl: `${foreign.origin}/${mode}` });
		const baseUrl = `${foreign.origin}/${mode}`;
		expect401(run, new RegExp(`^The answer did not come from the Annex Cloud API \\(no Annex error code\\)\\. Check the Base URL \\(now ${baseUrl}\\)`));
		expect(foreign.hits).toBe(1);
	});
});

it.each(BY_OPERATION)('%s: a Base URL of a server that answers 404 without an Annex error code names the Base URL', async (_op, op) => {
	const run = await runWith(op, { baseUrl: `${foreign.origin}/elsewhere/api/3.0` });
	expect(run.error?.name).toBe('NodeApiError');
	expect(run.error?.httpCode).toBe('404');
	expect(run.error?.description).toMatch(new RegExp(`check the Base URL \\(now ${foreign.origin}/elsewhere/api/3.0\\)`, 'i'));
	expectNoSecret(run);
});

it.each(BY_OPERATION)('%s: a Base URL where nothing listens: "Could not reach", Base URL named', async (_op, op) => {
	const run = await runWith(op, { baseUrl: closedPortUrl });
	expect(run.error?.name).toBe('NodeApiError');
	expect(run.error?.message).toMatch(/^Could not reach Annex Cloud \(ECONNREFUSED\)/);
	expect(run.error?.description).toContain(`Check the Base URL (${closedPortUrl})`);
	expectNoSecret(run);
});

it("Annex Cloud's Date header shows how far n8n's clock is behind", async () => {
	const run = await runWith(OPERATIONS[1] as OperationSpec, { baseUrl: `${foreign.origin}/annexExpired` });
	expect401(run, /considered expired.*clock differs from Annex Cloud's by about (599|600|601) seconds \(behind\)/);
});
