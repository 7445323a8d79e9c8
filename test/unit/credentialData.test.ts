/**
 * Reading the credential (credentialData.ts): the Environment and its Base URL, old credentials
 * saved before the Environment option, the optional Site Name, and the token lifetime clamped
 * to the documented range whatever was stored. Through `authenticate` where it matters.
 */
import fc from 'fast-check';
import jwt from 'jsonwebtoken';
import type { ICredentialDataDecryptedObject, IHttpRequestOptions, INodeParameters } from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import { AnnexCloudApi } from '../../credentials/AnnexCloudApi.credentials';
import { ENVIRONMENT_BASE_URLS } from '../../nodes/AnnexCloud/transport/contract';
import {
	baseUrlExpression,
	clampSignatureValidity,
	readCredentialData,
	resolveBaseUrl,
	SIGNATURE_VALIDITY_SECONDS,
} from '../../nodes/AnnexCloud/transport/credentialData';
import { signRequest } from '../../nodes/AnnexCloud/transport/requestSigner';

const credentialType = new AnnexCloudApi();
const stored = { siteId: '100200', siteName: 'acme-loyalty', sharedSecret: 's3cr3t-example', signatureValiditySeconds: 300 };

/** What n8n hands to `authenticate`: the stored data with missing fields set to their defaults. */
function asN8nLoadsIt(data: ICredentialDataDecryptedObject): ICredentialDataDecryptedObject {
	return NodeHelpers.getNodeParameters(credentialType.properties, data as INodeParameters, true, false, null, null) as ICredentialDataDecryptedObject;
}

function claimsOf(options: IHttpRequestOptions, secret = stored.sharedSecret): Record<string, unknown> {
	const token = String(options.headers?.Authorization).replace(/^Bearer /, '');
	return jwt.verify(token, secret, { algorithms: ['HS256'], ignoreExpiration: true }) as Record<string, unknown>;
}

describe('Environment', () => {
	it('Production and Staging use the documented hosts, whatever Base URL is stored', () => {
		expect(resolveBaseUrl({ ...stored, environment: 'production', baseUrl: 'https://elsewhere.example/api/3.0' })).toBe(
			'https://s15.socialannex.net/api/3.0',
		);
		expect(resolveBaseUrl({ ...stored, environment: 'staging' })).toBe('https://s15.stage.socialannex.net/api/3.0');
		expect(resolveBaseUrl({ ...stored, environment: 'custom', baseUrl: ' http://127.0.0.1:8787/api/3.0/ ' })).toBe(
			'http://127.0.0.1:8787/api/3.0',
		);
	});

	it('an old credential (Base URL only, no Environment) keeps its Base URL once n8n fills in the defaults', () => {
		for (const baseUrl of ['http://127.0.0.1:8787/api/3.0', 'https://s20.socialannex.net/api/3.0', ENVIRONMENT_BASE_URLS.production]) {
			const loaded = asN8nLoadsIt({ ...stored, baseUrl });
			expect(loaded.environment).toBe('custom');
			expect(resolveBaseUrl(loaded)).toBe(baseUrl);
			const signed = signRequest(loaded, { baseURL: baseUrl, url: '/campaign/all', method: 'GET' });
			expect(claimsOf(signed)).toMatchObject({ site_id: '100200', sub: 'acme-loyalty' });
		}
	});

	it('n8n drops the hidden Base URL of a Production or Staging credential; the Environment decides', () => {
		const loaded = asN8nLoadsIt({ ...stored, environment: 'staging', baseUrl: 'http://127.0.0.1:8787/api/3.0' });
		expect(loaded.baseUrl).toBeUndefined();
		expect(resolveBaseUrl(loaded)).toBe(ENVIRONMENT_BASE_URLS.staging);
	});

	it('an unknown Environment is refused with what to choose', () => {
		expect(() => readCredentialData({ ...stored, environment: 'prod' })).toThrow(
			'The Annex Cloud credential\'s Environment "prod" is not known. Open the credential and choose Production, Staging or Custom Base URL.',
		);
	});

	it('a Custom Base URL that is not an http(s) URL is refused, without its user-info or query', () => {
		expect(() => readCredentialData({ ...stored, baseUrl: 'ftp://user:pw@host/api?key=k' })).toThrow(
			'The Annex Cloud credential\'s Base URL "ftp://host/api" is not an http(s) URL.',
		);
		expect(() => readCredentialData({ ...stored, environment: 'custom' })).toThrow('The Annex Cloud credential is missing: Base URL.');
	});

	it("the credential test's baseURL expression, evaluated by n8n, equals the transport's Base URL for every Environment", () => {
		const workflow = new Workflow({ nodes: [], connections: {}, active: false, nodeTypes: { getByName: () => undefined, getByNameAndVersion: () => undefined, getKnownTypes: () => ({}) } as never });
		const node = { id: 'n', name: 'n', type: 't', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
		expect(credentialType.test.request.baseURL).toBe(baseUrlExpression());
		const cases: ICredentialDataDecryptedObject[] = [
			{ environment: 'production', baseUrl: 'http://ignored.example' },
			{ environment: 'staging' },
			{ environment: 'custom', baseUrl: 'http://127.0.0.1:8787/api/3.0/' },
			{ environment: 'custom', baseUrl: '  https://tenant.example/api/3.0  ' },
			asN8nLoadsIt({ ...stored, baseUrl: 'http://127.0.0.1:9/api/3.0' }),
		];
		for (const credentials of cases) {
			const evaluated = workflow.expression.getSimpleParameterValue(node, baseUrlExpression(), 'manual', { $credentials: credentials });
			expect(evaluated).toBe(resolveBaseUrl(credentials));
		}
	});
});

describe('Site Name', () => {
	it('is optional: empty, blank or missing, the Site ID is sent as sub', () => {
		const field = credentialType.properties.find((property) => property.name === 'siteName');
		expect(field?.required).toBeFalsy();
		expect(field?.default).toBe('');
		expect(field?.description).toMatch(/Optional\..*Left empty, the Site ID is sent/);
		for (const siteName of ['', '   ', undefined, null]) {
			const signed = signRequest({ ...stored, siteName, baseUrl: ENVIRONMENT_BASE_URLS.production } as ICredentialDataDecryptedObject, {
				url: '/campaign/all',
				method: 'GET',
			});
			expect(claimsOf(signed).sub).toBe('100200');
		}
		const named = signRequest({ ...stored, baseUrl: ENVIRONMENT_BASE_URLS.production }, { url: '/campaign/all', method: 'GET' });
		expect(claimsOf(named).sub).toBe('acme-loyalty');
	});
});

describe('Signature Validity is clamped to the documented range', () => {
	const { min, max } = SIGNATURE_VALIDITY_SECONDS;

	it.each([
		[1e12, max],
		['1e9', max],
		[Number.POSITIVE_INFINITY, max],
		[-5, min],
		[0, min],
		[1, min],
		['60', 60],
		[299.9, 299],
		[true, 300],
		[false, 300],
		[Number.NaN, 300],
		['abc', 300],
		['', 300],
		[undefined, 300],
		[null, 300],
		[{}, 300],
		[[600], 300],
	])('stored %p gives %p seconds', (value, expected) => {
		expect(clampSignatureValidity(value)).toBe(expected);
	});

	it('whatever is stored, the exp of a token signed by authenticate is within [now + min, now + max]', async () => {
		const authenticate = credentialType.authenticate;
		await fc.assert(
			fc.asyncProperty(fc.oneof(fc.anything(), fc.double(), fc.integer(), fc.string(), fc.constantFrom(1e12, '1e9', true, -1, Number.NaN, 'abc')), async (value) => {
				const credentials = { ...stored, baseUrl: ENVIRONMENT_BASE_URLS.production, signatureValiditySeconds: value } as ICredentialDataDecryptedObject;
				const before = Math.floor(Date.now() / 1000);
				const signed = await authenticate(credentials, { url: '/campaign/all', method: 'GET' });
				const after = Math.floor(Date.now() / 1000);
				const { exp } = claimsOf(signed);
				expect(typeof exp).toBe('number');
				expect(exp).toBeGreaterThanOrEqual(before + min);
				expect(exp).toBeLessThanOrEqual(after + max);
			}),
			{ numRuns: 500 },
		);
	});
});
