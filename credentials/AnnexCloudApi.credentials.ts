import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { DEFAULT_BASE_URL } from '../nodes/AnnexCloud/transport/contract';
import { DEFAULT_SIGNATURE_VALIDITY_SECONDS, signRequest } from '../nodes/AnnexCloud/transport/requestSigner';

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
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BASE_URL,
			required: true,
			placeholder: DEFAULT_BASE_URL,
			description:
				'API root for your Annex Cloud tenant, ending in /api/3.0. Your Annex Cloud account team gives you the host if it is not the default.',
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
			required: true,
			description:
				'The site name or client identifier agreed with Annex Cloud for API access. Sent as the subject (sub) of each signed token.',
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
			typeOptions: { minValue: 10, maxValue: 3600 },
			default: DEFAULT_SIGNATURE_VALIDITY_SECONDS,
			description:
				'How long each per-request token stays valid. Keep it short; raise it only if the computer clock running n8n may be behind.',
		},
	];

	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => signRequest(credentials, requestOptions);

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/campaign/group/all',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Annex Cloud refused the signed request (401). Check the Shared Secret, that the Site ID matches the secret, and that the clock of the computer running n8n is correct.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'Annex Cloud accepted the signature but this site may not use the Campaign API (403). Ask your Annex Cloud account team to enable it for this Site ID.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'Nothing answers at this Base URL (404). It should be the API root ending in /api/3.0, e.g. https://s15.socialannex.net/api/3.0.',
				},
			},
		],
	};
}
