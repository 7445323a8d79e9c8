/**
 * The transport resolves the Base URL through the credential reader, like `authenticate`: a
 * node run with Environment "Staging" addresses the documented staging host whatever Base URL
 * is stored, and one with "Custom Base URL" (or none, an old credential) its Base URL. The
 * staging request is stopped right after signing, so nothing leaves this machine.
 */
import type { IHttpRequestOptions } from 'n8n-workflow';

import { AnnexCloud } from '../../nodes/AnnexCloud/AnnexCloud.node';
import { ENVIRONMENT_BASE_URLS } from '../../nodes/AnnexCloud/transport/contract';
import { startSandbox, type Sandbox } from '../../sandbox';
import { N8nHarness } from '../helpers/n8n';
import { credentialsFor } from '../helpers/sandboxHarness';

// No real waits, should a request be retried.
jest.mock('n8n-workflow', () => jest.requireActual<typeof import('../reliability/instantSleep')>('../reliability/instantSleep').withInstantSleep());

const STOP = 'stopped after signing';
let sandbox: Sandbox;
let signed: IHttpRequestOptions[] = [];

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
});
afterAll(async () => await sandbox.close());

function harness(environment: string | undefined, stopAfterSigning: boolean): N8nHarness {
	signed = [];
	return new N8nHarness({
		credentials: { ...credentialsFor(sandbox), ...(environment === undefined ? {} : { environment }) },
		nodeTypes: [new AnnexCloud()],
		onAuthenticate: (options) => {
			signed.push({ ...options });
			if (stopAfterSigning) throw new Error(STOP);
		},
	});
}

const GET_CAMPAIGN = { resource: 'campaign', operation: 'get', campaignId: { __rl: true, mode: 'id', value: '1001' } };

it('Staging: the request is addressed to the documented staging host, not the stored Base URL', async () => {
	sandbox.clearLog();
	const run = await harness('staging', true).runNode('annexCloud', GET_CAMPAIGN);
	expect(run.error).toBeDefined();
	expect(signed.length).toBeGreaterThanOrEqual(1);
	expect(new Set(signed.map((options) => options.baseURL))).toEqual(new Set([ENVIRONMENT_BASE_URLS.staging]));
	expect(sandbox.requests()).toHaveLength(0);
});

it.each([['custom'], [undefined]])('Environment %p: the stored Base URL, as before', async (environment) => {
	sandbox.clearLog();
	const run = await harness(environment, false).runNode('annexCloud', GET_CAMPAIGN);
	expect(run.error).toBeUndefined();
	expect(signed.map((options) => options.baseURL)).toEqual([sandbox.credentials.baseUrl]);
	expect(sandbox.requests()).toEqual([expect.objectContaining({ verified: true, status: 200 })]);
});
