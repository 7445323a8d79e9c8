/* eslint-disable @n8n/community-nodes/no-restricted-imports -- a test, never in the package: a second HTTP server that is not the API */
/**
 * The credential test method (nodes/AnnexCloud/methods/credentialTest.ts) over real HTTP, in
 * n8n-core's own CredentialTestContext (its legacy `helpers.request`, as n8n runs it): a good
 * site passes, a site with no campaign groups (404 + AC1005) passes, and each failure says
 * what it is: a wrong secret or site (401, AC1002), a Base URL where nothing answers like the
 * API (404 without an Annex body), a server that is not the API, a redirect, nothing listening.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { ICredentialDataDecryptedObject, INodeCredentialTestResult } from 'n8n-workflow';

import { AnnexCloudApi } from '../../credentials/AnnexCloudApi.credentials';
import { CREDENTIAL_TEST_NAME } from '../../nodes/AnnexCloud/methods';
import { runCredentialTest, testedBy } from '../helpers/credentialTest';
import { startSandbox, type Sandbox } from '../../sandbox';
import { credentialsFor } from '../helpers/sandboxHarness';

let sandbox: Sandbox;
let other: Server;
let otherUrl: string;
/** What the "other server" answers next: status, content type, body, headers. */
let otherAnswer: { status: number; type: string; body: string; headers?: Record<string, string> };

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
	other = createServer((_req, res) => {
		res.writeHead(otherAnswer.status, { 'Content-Type': otherAnswer.type, ...otherAnswer.headers });
		res.end(otherAnswer.body);
	});
	await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
	otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}/api/3.0`;
});
afterAll(async () => {
	await sandbox.close();
	await new Promise((resolve) => other.close(resolve));
});
beforeEach(() => {
	sandbox.store.reset();
	sandbox.clearLog();
});

/** The test method, found as n8n finds it: the node's credential entry names it with testedBy. */
async function testCredential(overrides: ICredentialDataDecryptedObject = {}): Promise<INodeCredentialTestResult> {
	return await runCredentialTest({ ...credentialsFor(sandbox), ...overrides });
}

describe('the credential test method against the sandbox', () => {
	it('n8n uses it: the node names it with testedBy, and the credential has no declarative test that would come first', () => {
		expect(testedBy()).toBe(CREDENTIAL_TEST_NAME);
		expect((new AnnexCloudApi() as { test?: unknown }).test).toBeUndefined();
	});

	it('a good site passes, over a request signed like every other (sandbox verified)', async () => {
		expect(await testCredential()).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(sandbox.requests()).toEqual([expect.objectContaining({ method: 'GET', path: '/api/3.0/campaign/group/all', status: 200, verified: true })]);
	});

	it('a site with no campaign groups (404 + AC1005) passes', async () => {
		sandbox.store.removeAllGroups();
		expect(await testCredential()).toEqual({
			status: 'OK',
			message: 'Connection successful! This site has no campaign groups yet (Annex Cloud answered "No data found").',
		});
		expect(sandbox.requests()).toEqual([expect.objectContaining({ status: 404, errorCode: 'AC1005', verified: true })]);
	});

	it('a wrong secret (401, AC1002) fails with the signature explanation', async () => {
		const result = await testCredential({ sharedSecret: 'not-the-secret' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Annex Cloud refused the request signature: Request Not Authorized \(INVALID_SIGNATURE\): .*\. The signature was rejected: the Shared Secret is most likely wrong \(it must be the secret issued for Site ID "100200"\)\.$/);
		expect(result.message).not.toContain('not-the-secret');
		expect(sandbox.requests()[0]).toMatchObject({ status: 401, errorCode: 'AC1002', reason: 'INVALID_SIGNATURE' });
	});

	it('a wrong Site ID (401, AC1002) names the Site ID', async () => {
		const result = await testCredential({ siteId: '999' });
		expect(result.message).toMatch(/The Site ID does not match the secret or the account \(we sent Site ID "999"\)/);
	});

	it('a Base URL that answers 404 without an Annex body: nothing answers at this Base URL', async () => {
		const baseUrl = `${sandbox.origin}/api/9.9`;
		const result = await testCredential({ baseUrl });
		expect(result).toEqual({
			status: 'Error',
			message: `Nothing answers at this Base URL like the Annex Cloud API (HTTP 404): Not found: the API lives under /api/3.0. Check the Base URL (now ${baseUrl}): it should be the API root ending in /api/3.0, e.g. https://s15.socialannex.net/api/3.0.`,
		});
	});

	it('a server that is not the API: an HTML 404, a 200 that is not a list, a page that is not JSON, a redirect', async () => {
		otherAnswer = { status: 404, type: 'text/html', body: '<html><body>Not Found</body></html>' };
		const html404 = await testCredential({ baseUrl: otherUrl });
		expect(html404.message).toMatch(/^Nothing answers at this Base URL like the Annex Cloud API \(HTTP 404\)\. .*The response was not JSON \(it began with "<html><body>Not Found<\/body><\/html>"\)/);

		otherAnswer = { status: 200, type: 'application/json', body: '{"hello":"world"}' };
		const notList = await testCredential({ baseUrl: otherUrl });
		expect(notList).toEqual({ status: 'Error', message: expect.stringMatching(/^Annex Cloud answered HTTP 200 but not with the data asked for: it sent an object with the key hello, where a list was expected\. /) });

		otherAnswer = { status: 200, type: 'text/html', body: '<!doctype html><title>Welcome</title>' };
		const page = await testCredential({ baseUrl: otherUrl });
		expect(page.message).toMatch(/^Annex Cloud sent a response that is not valid JSON\. It began with "<!doctype html><title>Welcome<\/title>"/);

		otherAnswer = { status: 302, type: 'text/plain', body: '', headers: { Location: 'https://login.example/sso' } };
		const redirect = await testCredential({ baseUrl: otherUrl });
		expect(redirect.message).toMatch(/^Annex Cloud answered with a redirect \(HTTP 302\) to https:\/\/login\.example\/sso, which was not followed/);
	});

	it('nothing listening, and a credential that cannot sign, say so without sending anything', async () => {
		const closed = await testCredential({ baseUrl: 'http://127.0.0.1:9/api/3.0' });
		expect(closed.message).toMatch(/^Could not reach Annex Cloud \(ECONNREFUSED\)\. Check the Base URL \(http:\/\/127\.0\.0\.1:9\/api\/3\.0\)/);
		expect(await testCredential({ sharedSecret: '' })).toEqual({
			status: 'Error',
			message: 'The Annex Cloud credential is missing: Shared Secret. Open the credential and fill in these fields.',
		});
		expect(sandbox.requests()).toEqual([]);
	});
});
