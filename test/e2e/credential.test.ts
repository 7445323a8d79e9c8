/**
 * The Annex Cloud API credential in real n8n: the package is installed as a community package,
 * its types are listed, and n8n's credential test (public API POST /credentials/{id}/test where
 * this n8n has it, else the editor's POST /rest/credentials/test as in n8n 1.x and 2.0; both run
 * the credential's `test` request through `authenticate`) passes with the right secret and
 * fails with our messages otherwise.
 */
import type { INodePropertyOptions, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { AnnexCloud } from '../../nodes/AnnexCloud/AnnexCloud.node';
import { startSandbox, type Sandbox } from '../../sandbox';
import { AnnexCloudApi } from '../../credentials/AnnexCloudApi.credentials';
import {
	CREDENTIAL_TYPE,
	nodeTypeNames,
	testCredential,
	type CredentialTestResult,
	type N8nInstance,
	type PublicApi,
	type RestSession,
} from '../../scripts/n8n';
import { requireContext } from './helpers/context';
import { credentialRuleBehaviour, type CredentialRuleBehaviour } from './helpers/credentialRules';
import { describeE2e } from './helpers/describe';
import { createN8n, sandboxCredential, Timings } from './helpers/n8n';

function ruleMessage(status: number): string {
	const rule = new AnnexCloudApi().test.rules?.find(
		(candidate) => candidate.type === 'responseCode' && candidate.properties.value === status,
	);
	if (rule === undefined) throw new Error(`the credential has no rule for ${status}`);
	return rule.properties.message;
}

describeE2e('credential in real n8n', () => {
	const timings = new Timings('credential');
	let sandbox: Sandbox;
	let n8n: N8nInstance;
	let session: RestSession;
	let api: PublicApi;
	let rules: CredentialRuleBehaviour;

	/**
	 * The message of a failing credential test: our rule's message where this n8n applies the
	 * credential's responseCode rules (1.100, 2.41), else n8n's own message for the status (1.123, 2.0).
	 */
	const failureMessage = (status: number): string => {
		if (rules.appliesRules) return ruleMessage(status);
		timings.note(`n8n shows its own credential test messages (${status}: "${rules.ownMessages[status]}")`);
		return rules.ownMessages[status] ?? '';
	};

	/** n8n's credential test; which API ran it goes into the timings line. */
	const credentialTest = async (id: string): Promise<CredentialTestResult> => {
		const { via, ...result } = await testCredential(api, session, id);
		timings.note(`credential test via ${via}`);
		return result;
	};

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0 });
		rules = await credentialRuleBehaviour(requireContext().installation, [401, 404]);
		n8n = await timings.measure('install', createN8n);
		const values = sandbox.credentials;
		await timings.measure('import', async () =>
			await n8n.importCredentials([
				sandboxCredential(values, 'credRight', 'Right secret'),
				sandboxCredential(values, 'credWrongSecret', 'Wrong secret', { sharedSecret: `${values.sharedSecret}x` }),
				sandboxCredential(values, 'credWrongSite', 'Wrong site', { siteId: '999999' }),
				sandboxCredential(values, 'credWrongUrl', 'Wrong base URL', { baseUrl: `${sandbox.origin}/api/9.9` }),
				// Saved before the Environment option existed: a Base URL and no Environment.
				sandboxCredential(values, 'credOldShape', 'Old credential', { environment: undefined }),
				sandboxCredential(values, 'credNoSiteName', 'No Site Name', { siteName: '' }),
			]),
		);
		await timings.measure('start', async () => await n8n.start());
		session = await n8n.ownerSession();
		api = await n8n.publicApi(session);
	});

	afterAll(async () => {
		await n8n?.dispose();
		await sandbox?.close();
		timings.print();
	});

	it('lists our node types and credential type, named as a community package', async () => {
		const nodes = await session.nodeTypeNames();
		const { action, trigger } = nodeTypeNames();
		expect(nodes).toEqual(expect.arrayContaining([action, trigger]));
		expect(await session.credentialTypeNames()).toContain(CREDENTIAL_TYPE);
		const schema = await api.credentialSchema(CREDENTIAL_TYPE);
		expect(Object.keys((schema?.properties as Record<string, unknown> | undefined) ?? {})).toEqual(
			expect.arrayContaining(['environment', 'baseUrl', 'siteId', 'siteName', 'sharedSecret', 'signatureValiditySeconds']),
		);
		expect(JSON.stringify(schema?.properties)).toMatch(/"environment":\{[^}]*"enum":\["production","staging","custom"\]/);
	});

	it('the editor "From List" search (listSearch through the n8n REST API) finds campaigns and groups', async () => {
		const { action } = nodeTypeNames();
		const credentials = { [CREDENTIAL_TYPE]: { id: 'credRight', name: 'Right secret' } };
		/** The "From List" results of a Get operation's picker, as the editor asks for them. */
		const fromList = async (resource: string, parameter: string, methodName: string, filter?: string) =>
			await session.resourceLocatorResults({
				nodeType: action,
				version: 1,
				methodName,
				path: `parameters.${parameter}`,
				currentNodeParameters: { resource, operation: 'get', [parameter]: { __rl: true, mode: 'list', value: '' } },
				credentials,
				filter,
			});
		const campaigns = await fromList('campaign', 'campaignId', 'searchCampaigns');
		expect(campaigns.results).toEqual(expect.arrayContaining([expect.objectContaining({ value: '1001' })]));
		const filtered = await fromList('campaign', 'campaignId', 'searchCampaigns', 'summer sprint 1001');
		expect(filtered.results.map((result) => result.value)).toEqual(['1001']);
		const groups = await fromList('campaignGroup', 'campaignGroupId', 'searchCampaignGroups');
		expect(groups.results.map((result) => String(result.value))).toContain('501');
	});

	it("the trigger's Campaign Group filter lists the groups From List, like the node's picker (issue 17.4)", async () => {
		const { trigger } = nodeTypeNames();
		const groups = await session.resourceLocatorResults({
			nodeType: trigger,
			version: 2,
			methodName: 'searchCampaignGroups',
			path: 'parameters.filters.campaignGroup',
			currentNodeParameters: { event: 'campaignBecameActive', filters: { campaignGroup: { __rl: true, mode: 'list', value: '' } } },
			credentials: { [CREDENTIAL_TYPE]: { id: 'credRight', name: 'Right secret' } },
		});
		expect(groups.results.map((result) => String(result.value))).toContain('501');
	});

	it('offers the node as an AI agent tool whose automatic description is the operation action (issue 17.5)', async () => {
		const { action } = nodeTypeNames();
		const types = await session.nodeTypes();
		const tool = types.find((type) => type.name === `${action}Tool`) as unknown as INodeTypeDescription | undefined;
		expect(tool).toBeDefined();
		if (!tool) return;
		// n8n's convertNodeToAiTool put "Tool Description" (Set Automatically) and "Description" first.
		expect(tool.properties.slice(0, 2).map((p) => [p.name, p.default])).toEqual([
			['descriptionType', 'auto'],
			['toolDescription', new AnnexCloud().description.description],
		]);
		// What getToolDescriptionForNode gives an agent for a tool node left on "Set Automatically".
		const toolNode = {
			id: 't',
			name: 'Annex Cloud',
			type: `${action}Tool`,
			typeVersion: 1,
			position: [0, 0] as [number, number],
			parameters: { resource: 'campaign', operation: 'activateForMember' },
		};
		const activate = new AnnexCloud().description.properties
			.filter((p) => p.name === 'operation')
			.flatMap((p) => p.options as INodePropertyOptions[])
			.find((option) => option.value === 'activateForMember');
		expect(NodeHelpers.getToolDescriptionForNode(toolNode, { description: tool } as INodeType)).toBe(`${activate?.action} in Annex Cloud`);
	});

	it('passes with the right secret, over a signed request the sandbox verified', async () => {
		sandbox.clearLog();
		expect(await credentialTest('credRight')).toEqual({ status: 'OK', message: 'Connection successful!' });
		const requests = sandbox.requests().filter((entry) => entry.method === 'GET');
		expect(requests.length).toBeGreaterThanOrEqual(1);
		expect(requests[0]).toMatchObject({ status: 200, verified: true });
		expect(requests[0]?.path).toContain('/campaign/group/all');
	});

	it('passes with Environment "Custom Base URL" pointing at the sandbox', async () => {
		const data = sandboxCredential(sandbox.credentials, 'x', 'x').data;
		expect(data).toMatchObject({ environment: 'custom', baseUrl: sandbox.credentials.baseUrl });
		sandbox.clearLog();
		expect(await credentialTest('credRight')).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(sandbox.requests()[0]).toMatchObject({ status: 200, verified: true });
	});

	it('an old credential (Base URL, no Environment) still passes, against its own Base URL', async () => {
		sandbox.clearLog();
		expect(await credentialTest('credOldShape')).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(sandbox.requests()[0]).toMatchObject({ status: 200, verified: true });
	});

	it('passes without a Site Name: the Site ID is sent as sub', async () => {
		sandbox.clearLog();
		expect(await credentialTest('credNoSiteName')).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(sandbox.requests()[0]).toMatchObject({ status: 200, verified: true, sub: sandbox.credentials.siteId });
	});

	it('fails with a wrong secret, with our 401 message (or the n8n message where n8n ignores the rules)', async () => {
		sandbox.clearLog();
		const result = await credentialTest('credWrongSecret');
		expect(result).toEqual({ status: 'Error', message: failureMessage(401) });
		expect(sandbox.requests()[0]).toMatchObject({ status: 401, errorCode: 'AC1002', reason: 'INVALID_SIGNATURE' });
	});

	it('fails with a Site ID that does not match the secret, with our 401 message (or the n8n message)', async () => {
		sandbox.clearLog();
		expect(await credentialTest('credWrongSite')).toEqual({ status: 'Error', message: failureMessage(401) });
		expect(sandbox.requests()[0]).toMatchObject({ status: 401, errorCode: 'AC1002', reason: 'SITE_MISMATCH' });
	});

	it('fails with a wrong base URL (a 404 without an Annex body), with our 404 message', async () => {
		expect(await credentialTest('credWrongUrl')).toEqual({ status: 'Error', message: failureMessage(404) });
		expect(ruleMessage(404)).toMatch(/^Annex Cloud answered 404 to GET \/campaign\/group\/all\. Either nothing answers at this Base URL/);
	});

	it('a site with no campaign groups (404 + AC1005) gets the same 404 message, which names that case (the declarative test decides by status alone)', async () => {
		sandbox.store.removeAllGroups();
		try {
			sandbox.clearLog();
			expect(await credentialTest('credRight')).toEqual({ status: 'Error', message: failureMessage(404) });
			expect(sandbox.requests()[0]).toMatchObject({ status: 404, errorCode: 'AC1005', verified: true });
			expect(ruleMessage(404)).toContain('this site has no campaign groups yet: Annex Cloud then answers 404 "No data found" (AC1005) after accepting the signature, and the credential works');
		} finally {
			sandbox.store.reset();
		}
	});
});
