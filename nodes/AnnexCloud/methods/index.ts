import type { ICredentialTestFunction } from 'n8n-workflow';

import { annexCloudApiCredentialTest, CREDENTIAL_TEST_NAME } from './credentialTest';

export * as listSearch from './listSearch';
export { CREDENTIAL_TEST_NAME } from './credentialTest';

/** The node's credential test methods, by the name the credential entry's `testedBy` gives. */
export const credentialTest: Record<string, ICredentialTestFunction> = { [CREDENTIAL_TEST_NAME]: annexCloudApiCredentialTest };
