/**
 * Runs the Annex Cloud credential's test method in-process as n8n runs it: found through the
 * node's `testedBy`, called in n8n-core's CredentialTestContext (its legacy `helpers.request`,
 * real HTTP). E2e tests use it to know the exact message real n8n must show for the same
 * credential against the same server.
 */
import type { ICredentialDataDecryptedObject, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { CredentialTestContext } from 'n8n-core';

import { AnnexCloud } from '../../nodes/AnnexCloud/AnnexCloud.node';
import { AnnexCloudApi } from '../../credentials/AnnexCloudApi.credentials';

/** The test method's name, as the node's credential entry gives it. */
export function testedBy(): string | undefined {
	const entry = new AnnexCloud().description.credentials?.find((candidate) => candidate.name === new AnnexCloudApi().name);
	return entry?.testedBy as string | undefined;
}

export async function runCredentialTest(data: ICredentialDataDecryptedObject): Promise<INodeCredentialTestResult> {
	const method = new AnnexCloud().methods.credentialTest[testedBy() ?? ''];
	if (method === undefined) throw new Error('the Annex Cloud node has no test method for its credential');
	const context = new CredentialTestContext(undefined as never) as unknown as ICredentialTestFunctions;
	return await method.call(context, { id: 'c', name: 'c', type: new AnnexCloudApi().name, data });
}
