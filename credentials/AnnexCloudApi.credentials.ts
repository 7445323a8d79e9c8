import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { DEFAULT_BASE_URL, ENVIRONMENT_BASE_URLS } from '../nodes/AnnexCloud/transport/contract';
import {
	CUSTOM_ENVIRONMENT,
	DEFAULT_ENVIRONMENT,
	SIGNATURE_VALIDITY_SECONDS,
} from '../nodes/AnnexCloud/transport/credentialData';
import { signRequest } from '../nodes/AnnexCloud/transport/requestSigner';

export class AnnexCloudApi implements ICredentialType {
	name = 'annexCloudApi';

	displayName = 'Annex Cloud API';

	icon: Icon = {
		light: 'file:../nodes/AnnexCloud/annexcloud.svg',
		dark: 'file:../nodes/AnnexCloud/annexcloud.dark.svg',
	};

	documentationUrl = 'https://github.com/annexcloud-n8n/n8n-nodes-annexcloud#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Production', value: 'production', description: ENVIRONMENT_BASE_URLS.production },
				{ name: 'Staging', value: 'staging', description: ENVIRONMENT_BASE_URLS.staging },
				{ name: 'Custom Base URL', value: CUSTOM_ENVIRONMENT, description: 'Another API root, e.g. a tenant host or a test server' },
			],
			// Credentials saved before this option hold only a Base URL: "Custom" keeps using it.
			default: DEFAULT_ENVIRONMENT,
			description:
				'Which Annex Cloud API to call. Try your workflows on Staging first, then switch to Production. Choose Custom Base URL if your Annex Cloud account team gave you another host.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BASE_URL,
			required: true,
			placeholder: DEFAULT_BASE_URL,
			displayOptions: { show: { environment: [CUSTOM_ENVIRONMENT] } },
			description:
				'API root for your Annex Cloud tenant, ending in /api/3.0. Your Annex Cloud account team gives you the host if it is not the production or staging one.',
		},
		{
			displayName: 'Site ID',
			name: 'siteId',
			type: 'string',
			default: '',
			required: true,
			description:
				'Numeric ID of your Annex Cloud site, shown in the Annex Cloud admin dashboard under Settings and on your API onboarding sheet. Sent as the X-AnnexCloud-Site header and the site_id claim.',
		},
		{
			displayName: 'Site Name',
			name: 'siteName',
			type: 'string',
			default: '',
			description:
				'Optional. Sent as the subject (sub) of each signed token; Annex Cloud documents that its value does not affect the result. Left empty, the Site ID is sent.',
		},
		{
			displayName: 'Shared Secret',
			name: 'sharedSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Secret key issued by Annex Cloud for API access. It signs every request and is never sent.',
		},
		{
			displayName: 'Signature Validity (Seconds)',
			name: 'signatureValiditySeconds',
			type: 'number',
			typeOptions: { minValue: SIGNATURE_VALIDITY_SECONDS.min, maxValue: SIGNATURE_VALIDITY_SECONDS.max },
			default: SIGNATURE_VALIDITY_SECONDS.default,
			description:
				`How long each per-request token stays valid, from ${SIGNATURE_VALIDITY_SECONDS.min} to ${SIGNATURE_VALIDITY_SECONDS.max} seconds (a value outside is brought into that range). Keep it short; raise it only if the computer clock running n8n may be behind.`,
		},
	];

	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => signRequest(credentials, requestOptions);

	// No declarative `test`: n8n would use it before the node's test method, and its rules judge
	// by status alone, so a site with no campaign groups (404 + AC1005 [doc]) would fail it.
	// The Annex Cloud node tests this credential (testedBy, nodes/AnnexCloud/methods/credentialTest.ts).
}
