/**
 * n8n's credential test, through the public API where this n8n offers it
 * (POST /api/v1/credentials/{id}/test, n8n 2.x after 2.0) and through the editor's REST API
 * where it does not (POST /rest/credentials/test: n8n 1.x, 2.0). Both run the credential
 * type's `test` request through its `authenticate`.
 */
import type { CredentialTestResult, PublicApi } from './publicApi';
import type { RestSession } from './rest';

export interface CredentialTestOutcome extends CredentialTestResult {
	/** which n8n API ran the test */
	via: 'public API' | 'REST API';
}

export async function testCredential(api: PublicApi, session: RestSession, id: string): Promise<CredentialTestOutcome> {
	const viaPublicApi = await api.testCredentialIfOffered(id);
	if (viaPublicApi !== undefined) return { ...viaPublicApi, via: 'public API' };
	return { ...(await session.testCredential(id)), via: 'REST API' };
}
