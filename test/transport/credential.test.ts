/**
 * The credential on its own, as n8n and the generic HTTP Request node use it: a request it
 * signs is accepted by the sandbox, and the same request with one byte changed is refused.
 */
import type { IHttpRequestOptions } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { AnnexCloudApi } from '../../credentials/AnnexCloudApi.credentials';
import { startSandbox, type Sandbox } from '../../sandbox';
import { credentialsFor } from '../helpers/sandboxHarness';

let sandbox: Sandbox;
const credential = new AnnexCloudApi();

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.clearLog());

/** The sandbox's own reason for a 401 (AC1002), kept in its errorMessage. */
const reason = (body: { errorMessage?: string }): string | undefined => /\(([A-Z_]+)\)/.exec(body.errorMessage ?? '')?.[1];

async function send(options: IHttpRequestOptions): Promise<{ status: number; body: { errorCode?: string; errorMessage?: string } }> {
	const response = await fetch(`${options.baseURL ?? sandbox.credentials.baseUrl}${options.url}`, {
		method: options.method ?? 'GET',
		headers: options.headers as Record<string, string>,
		body: typeof options.body === 'string' && options.method !== 'GET' ? options.body : undefined,
	});
	return { status: response.status, body: (await response.json()) as { errorCode?: string; errorMessage?: string } };
}

async function sign(options: IHttpRequestOptions, overrides = {}): Promise<IHttpRequestOptions> {
	const authenticate = credential.authenticate;
	return await authenticate({ ...credentialsFor(sandbox), ...overrides }, options);
}

describe('the credential authenticate against the sandbox', () => {
	it('a signed POST is accepted; one byte changed is refused', async () => {
		const signed = await sign({ url: '/campaign/activation', method: 'POST', body: { id: 'member-0002', campaignId: '1001' } });
		const tampered = { ...signed, body: String(signed.body).replace('member-0002', 'member-0003') };
		expect(reason((await send(tampered)).body)).toBe('PAYLOAD_MISMATCH');
		const accepted = await send(signed);
		expect([200, 409]).toContain(accepted.status);
		expect(sandbox.requests().map((entry) => entry.verified)).toEqual([false, true]);
	});

	it('a re-serialised body (same JSON, other spacing) is refused', async () => {
		const signed = await sign({ url: '/campaign', method: 'POST', body: '{"id":"member-0001","status":"active"}' });
		const reserialised = { ...signed, body: JSON.stringify(JSON.parse(String(signed.body)), null, 1) };
		expect((await send(reserialised)).status).toBe(401);
		expect((await send(signed)).status).toBe(200);
	});

	it('a signed GET is accepted; another identifier with the same token is refused', async () => {
		const signed = await sign({ url: '/campaign/group/all', method: 'GET' });
		expect((await send(signed)).status).toBe(200);
		const other = await send({ ...signed, url: '/campaign/group/active' });
		expect(other).toEqual({ status: 401, body: expect.objectContaining({ errorCode: 'AC1002' }) });
		expect(reason(other.body)).toBe('PAYLOAD_MISMATCH');
	});

	it('a wrong secret or a wrong site is refused with its own code', async () => {
		expect(reason((await send(await sign({ url: '/campaign/all' }, { sharedSecret: 'wrong' }))).body)).toBe('INVALID_SIGNATURE');
		expect(reason((await send(await sign({ url: '/campaign/all' }, { siteId: '1' }))).body)).toBe('SITE_MISMATCH');
	});

	it('the credential test request resolves and is accepted', async () => {
		const test = credential.test.request;
		const workflow = new Workflow({ nodes: [], connections: {}, active: false, nodeTypes: { getByName: () => undefined, getByNameAndVersion: () => undefined, getKnownTypes: () => ({}) } as never });
		const baseURL = workflow.expression.getSimpleParameterValue(
			{ id: 'n', name: 'n', type: 't', typeVersion: 1, position: [0, 0], parameters: {} },
			test.baseURL!,
			'manual',
			{ $credentials: credentialsFor(sandbox) },
		) as string;
		expect(baseURL).toBe(sandbox.credentials.baseUrl);
		const signed = await sign({ baseURL, url: test.url!, method: test.method });
		expect((await send(signed)).status).toBe(200);
		const rule = credential.test.rules?.find((candidate) => candidate.properties.value === 401);
		expect(rule?.properties.message).toMatch(/Shared Secret/);
		// The same request for a site with no campaign groups: 404 + AC1005, which the 404 rule names.
		sandbox.store.removeAllGroups();
		const empty = await send(await sign({ baseURL, url: test.url!, method: test.method }));
		sandbox.store.reset();
		expect(empty).toEqual({ status: 404, body: expect.objectContaining({ errorCode: 'AC1005' }) });
		const notFound = credential.test.rules?.find((candidate) => candidate.properties.value === 404);
		expect(notFound?.properties.message).toMatch(/Either nothing answers at this Base URL.*Or the Base URL is right and this site has no campaign groups yet/);
	});
});
