import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { DEFAULT_BASE_URL, ENVIRONMENT_BASE_URLS } from '../nodes/AnnexCloud/transport/contract';
import {
	baseUrlExpression,
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

	/**
	 * n8n's declarative test decides by HTTP status alone (`responseCode` rules; `responseSuccessBody`
	 * rules see only 2xx bodies), checked in n8n 2.41 and 1.123 (CredentialsTester.runRequestTest).
	 * It cannot say "404 with errorCode AC1005 passes, 404 without an Annex error body fails": a site
	 * with no campaign groups answers 404 + AC1005 "No data found" [doc], so the 404 message names
	 * both causes. `ignoreHttpStatusErrors` would let every 404 pass, a wrong Base URL included.
	 * A credential test method on the node (`testedBy`) could tell them apart, but n8n gives a test
	 * method only the deprecated `helpers.request`, which n8n's package scanner refuses
	 * (no-deprecated-workflow-functions, inline disables ignored; see scripts/package-check.mjs).
	 */
	test: ICredentialTestRequest = {
		request: {
			// The Base URL of the Environment, resolved like every request (credentialData.ts).
			baseURL: baseUrlExpression(),
			url: '/campaign/group/all',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Annex Cloud refused the signed request (401, Request Not Authorized). Check the Shared Secret, that the Site ID matches the secret, and that the clock of the computer running n8n is correct.',
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
						'Annex Cloud answered 404 to GET /campaign/group/all. Either nothing answers at this Base URL: it should be the API root ending in /api/3.0, e.g. https://s15.socialannex.net/api/3.0. Or the Base URL is right and this site has no campaign groups yet: Annex Cloud then answers 404 "No data found" (AC1005) after accepting the signature, and the credential works (run Campaign Group > Get Many: it returns no items instead of failing).',
				},
			},
		],
	};
}
