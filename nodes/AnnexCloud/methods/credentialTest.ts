/**
 * The Annex Cloud API credential's test: one signed `GET /campaign/group/all`, judged by what
 * Annex Cloud documents.
 *
 * Why a test method and not the credential's declarative `test` rules: n8n's rules decide by
 * the HTTP status alone (`responseCode`: a status gives a fixed message) or by one value of a
 * 2xx body (`responseSuccessBody`). "A 404 with errorCode AC1005 passes, a 404 without an Annex
 * error body fails" cannot be said that way: a site with no campaign groups answers
 * 404 + AC1005 [doc], and a `responseCode: 404` rule would call it a wrong Base URL. With
 * `ignoreHttpStatusErrors` every 404 would pass instead. (Checked in n8n 2.41 and 1.123:
 * CredentialsTester.runRequestTest.) n8n also uses a credential's own `test` before any
 * node's `testedBy`, so the credential has none: this method is its test.
 *
 * Why it does not go through annexCloudApiRequest: n8n runs a test method in a
 * CredentialTestContext, not an IExecuteFunctions context. It has no node, no
 * `httpRequestWithAuthentication` and no `getCredentials`, only the legacy `helpers.request`
 * (n8n-workflow's ICredentialTestFunctions, the same in 1.120 and 2.41). So the request is
 * signed here by the credential's own `signRequest` (what its `authenticate` calls), and the
 * answer is judged by the transport's own rules (responseShape.ts) and described by its own
 * words (errors.ts describeFailure): no second copy of signing or of error mapping.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	IHttpRequestOptions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { buildPath, ROUTES } from '../transport/contract';
import { readCredentialData } from '../transport/credentialData';
import { networkFailureOf, originalError } from '../transport/delivery';
import { describeFailure, type FailedExchange } from '../transport/errors';
import { redactSecrets } from '../transport/redact';
import { signRequest } from '../transport/requestSigner';
import { isNoDataAnswer, notDataReason } from '../transport/responseShape';
import { headerValue, parseBody, snippet } from '../transport/responseText';

/** The name the credential's `testedBy` refers to. */
export const CREDENTIAL_TEST_NAME = 'annexCloudApiCredentialTest';

/** The route the test reads: every site may call it, and it changes nothing. */
const TEST_ROUTE = ROUTES.getCampaignGroupsByStatus;
const TEST_TIMEOUT_MS = 15_000;

interface LegacyFullResponse {
	statusCode?: number;
	headers?: IDataObject;
	body?: unknown;
}

function bodyText(body: unknown): string {
	if (typeof body === 'string') return body;
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	return body === undefined || body === null ? '' : JSON.stringify(body);
}

function failed(exchange: FailedExchange): INodeCredentialTestResult {
	const { message, hint } = describeFailure(exchange);
	return { status: 'Error', message: redactSecrets(`${message}. ${hint}`) };
}

/** What the answer to the test request says about the credential. */
export function judgeTestAnswer(answer: LegacyFullResponse, exchange: FailedExchange): INodeCredentialTestResult {
	const status = answer.statusCode ?? 0;
	const text = bodyText(answer.body);
	const parsed = parseBody(text);
	const value = parsed.ok ? parsed.value : undefined;
	const rawText = parsed.ok ? undefined : snippet(text);
	const seen: FailedExchange = { ...exchange, status, body: value, rawText };
	if (status >= 300 && status < 400) {
		return failed({ ...seen, redirectLocation: String(headerValue(answer.headers, 'location') ?? '') });
	}
	if (status >= 200 && status < 300) {
		if (rawText !== undefined || value === undefined) return failed({ ...seen, rawText: rawText ?? '(empty body)' });
		const notData = notDataReason(value, 'list');
		return notData === undefined ? { status: 'OK', message: 'Connection successful!' } : failed({ ...seen, notData });
	}
	// [doc] AC1005 "No data found": the signature was accepted, the site has no campaign groups.
	if (isNoDataAnswer(status, value)) {
		return { status: 'OK', message: 'Connection successful! This site has no campaign groups yet (Annex Cloud answered "No data found").' };
	}
	return failed(seen);
}

/** n8n's credential test for the Annex Cloud API credential (see the module comment). */
export async function annexCloudApiCredentialTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data: ICredentialDataDecryptedObject = credential.data ?? {};
	let baseUrl: string;
	let siteId: string;
	try {
		({ baseUrl, siteId } = readCredentialData(data));
	} catch (error) {
		return { status: 'Error', message: error instanceof Error ? error.message : String(error) };
	}
	const path = buildPath(TEST_ROUTE, { status: 'all' });
	const exchange: FailedExchange = { method: TEST_ROUTE.method, path, attempts: 1, siteId, baseUrl, timeoutMs: TEST_TIMEOUT_MS };
	let options: IHttpRequestOptions;
	try {
		options = signRequest(data, { method: TEST_ROUTE.method, url: `${baseUrl}${path}` });
	} catch (error) {
		return { status: 'Error', message: redactSecrets(error instanceof Error ? error.message : String(error)) };
	}
	let answer: LegacyFullResponse;
	try {
		// `request` is the only HTTP helper n8n gives a credential test method (ICredentialTestFunctions
		// in n8n-workflow 1.120 and 2.41 alike); `httpRequest` does not exist in this context.
		// eslint-disable-next-line @n8n/community-nodes/no-deprecated-workflow-functions
		answer = (await this.helpers.request({
			method: options.method,
			uri: options.url,
			headers: options.headers,
			// The raw answer, whatever its status; a redirect is reported, never followed with the token.
			json: false,
			simple: false,
			resolveWithFullResponse: true,
			followRedirect: false,
			followAllRedirects: false,
			timeout: TEST_TIMEOUT_MS,
		})) as LegacyFullResponse;
	} catch (error) {
		const network = networkFailureOf(error);
		if (network !== undefined) return failed({ ...exchange, networkCode: network.code, networkMessage: network.message });
		const original = originalError(error);
		return { status: 'Error', message: redactSecrets(original?.message ?? String(error)) };
	}
	return judgeTestAnswer(answer, exchange);
}
