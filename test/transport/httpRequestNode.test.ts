/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code: a stand-in server for "another host" and a multipart body need node:http and form-data */
/**
 * The credential picked in n8n's generic HTTP Request node. n8n's HTTP layer may re-encode a
 * body after `authenticate` signed it (a non-JSON string is quoted, JSON is trimmed, form
 * and multipart bodies are rebuilt). Every body shape goes here through n8n-core 2.41's real
 * helpers, `httpRequestWithAuthentication` (n8n's httpRequest) and `requestWithAuthentication`
 * (the legacy request the HTTP Request node uses), to the sandbox, which verifies the
 * signature over the bytes it received: each body is either signed exactly as it is sent
 * (the sandbox verifies it) or refused before anything is sent, with a message that says
 * why and what to do. Never a 401 the user cannot explain.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import FormData from 'form-data';
import type { IDataObject, IHttpRequestOptions, ILoadOptionsFunctions } from 'n8n-workflow';

import { startNodeTestContext, type NodeTestContext } from '../node/helpers';
import { NODE } from '../node/helpers';

let ctx: NodeTestContext;
let context: ILoadOptionsFunctions;
let foreign: Server;
let foreignHits = 0;
const foreignAuthorization: Array<string | undefined> = [];
let foreignOrigin = '';

beforeAll(async () => {
	ctx = await startNodeTestContext();
	context = ctx.harness.loadOptionsContext(NODE);
	foreign = createServer((req, res) => {
		foreignHits++;
		foreignAuthorization.push(req.headers.authorization);
		res.end('{}');
	});
	await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
	foreignOrigin = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}`;
});
afterAll(async () => {
	await ctx.sandbox.close();
	await new Promise((resolve) => foreign.close(resolve));
});
beforeEach(() => {
	ctx.sandbox.store.reset();
	ctx.sandbox.clearLog();
	foreignHits = 0;
	foreignAuthorization.length = 0;
});

const MEMBER_QUERY = { id: 'member-0001', status: 'active' };
const url = (): string => `${ctx.sandbox.credentials.baseUrl}/campaign`;

type Helper = 'httpRequest' | 'legacy request';

/** Send through n8n-core's helper with our credential, as the HTTP Request node would. */
async function send(helper: Helper, options: IDataObject): Promise<unknown> {
	if (helper === 'httpRequest') {
		return await context.helpers.httpRequestWithAuthentication.call(context, 'annexCloudApi', {
			url: url(),
			method: 'POST',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			...options,
		} as IHttpRequestOptions);
	}
	return await context.helpers.requestWithAuthentication.call(context, 'annexCloudApi', {
		uri: url(),
		method: 'POST',
		resolveWithFullResponse: true,
		simple: false,
		...options,
	});
}

/** The one request the sandbox received: its signature verified over the bytes that arrived. */
function received(): { verified: boolean; rawBody: string; authError: string | null } {
	const requests = ctx.sandbox.requests();
	expect(requests).toHaveLength(1);
	return requests[0]!;
}

const SENT_AS_SIGNED: Array<[string, Helper, IDataObject, string]> = [
	['an object body (JSON)', 'httpRequest', { body: MEMBER_QUERY, json: true }, JSON.stringify(MEMBER_QUERY)],
	['an object body, json false', 'httpRequest', { body: MEMBER_QUERY, json: false }, JSON.stringify(MEMBER_QUERY)],
	['an array body', 'httpRequest', { body: [MEMBER_QUERY] }, JSON.stringify([MEMBER_QUERY])],
	['a JSON string', 'httpRequest', { body: '{"id":"member-0001", "status":"active"}' }, '{"id":"member-0001", "status":"active"}'],
	['a JSON string with whitespace around it', 'httpRequest', { body: '\n  {"id":"member-0001","status":"active"}  \n' }, JSON.stringify(MEMBER_QUERY)],
	['a JSON string with whitespace, json true', 'httpRequest', { body: ' {"id":"member-0001","status":"active"}\t', json: true }, JSON.stringify(MEMBER_QUERY)],
	['a Buffer', 'httpRequest', { body: Buffer.from(' {"id":"member-0001","status":"active"} ') }, ' {"id":"member-0001","status":"active"} '],
	['no body (an empty POST)', 'httpRequest', {}, ''],
	['an empty string body', 'httpRequest', { body: '' }, ''],
	['a number body', 'httpRequest', { body: 42 }, '42'],
	['an object body (JSON)', 'legacy request', { body: MEMBER_QUERY, json: true }, JSON.stringify(MEMBER_QUERY)],
	['a JSON string with whitespace around it', 'legacy request', { body: '  {"id":"member-0001","status":"active"}\n' }, JSON.stringify(MEMBER_QUERY)],
	['a JSON string with whitespace, json true', 'legacy request', { body: '\n{"id":"member-0001","status":"active"} ', json: true }, JSON.stringify(MEMBER_QUERY)],
	['a Buffer', 'legacy request', { body: Buffer.from('{"id":"member-0001","status":"active"}') }, JSON.stringify(MEMBER_QUERY)],
	['no body (an empty POST)', 'legacy request', {}, ''],
	['an empty string body', 'legacy request', { body: '' }, ''],
	['an empty string body, json true', 'legacy request', { body: '', json: true }, ''],
];

describe.each(SENT_AS_SIGNED)('%s through %s', (_name, helper, options, sentBody) => {
	it('is signed exactly as it is sent: the sandbox verifies it', async () => {
		await send(helper, options);
		const request = received();
		expect(request.rawBody).toBe(sentBody);
		expect(request).toMatchObject({ verified: true, authError: null });
	});
});

const JSON_ADVICE = 'In the HTTP Request node set Send Body on, Body Content Type "JSON", and write the body as JSON.';

const REFUSED: Array<[string, Helper, () => IDataObject, RegExp]> = [
	['a string that is not JSON', 'httpRequest', () => ({ body: 'id=member-0001' }), /text that is not JSON: n8n would send it as a quoted JSON string/],
	['a string that is not JSON', 'legacy request', () => ({ body: 'hello' }), /text that is not JSON: n8n would send it as a quoted JSON string/],
	['a URLSearchParams (form) body', 'httpRequest', () => ({ body: new URLSearchParams(MEMBER_QUERY) }), /a form \(x-www-form-urlencoded\): n8n encodes it after signing/],
	['a FormData (multipart) body', 'httpRequest', () => ({ body: Object.assign(new FormData(), {}) }), /multipart form data: n8n rebuilds it after signing/],
	['a form (form-urlencoded) body', 'legacy request', () => ({ form: MEMBER_QUERY }), /a form \(x-www-form-urlencoded\): n8n encodes it after signing/],
	['a multipart (formData) body', 'legacy request', () => ({ formData: MEMBER_QUERY }), /multipart form data: n8n rebuilds it after signing/],
	['a Date body', 'httpRequest', () => ({ body: new Date(0) }), /an object that is not plain JSON/],
];

describe.each(REFUSED)('%s through %s', (_name, helper, options, reason) => {
	it('is refused before anything is sent, saying why and what to do', async () => {
		const error = (await send(helper, options()).then(
			() => undefined,
			(thrown: unknown) => thrown,
		)) as Error & { description?: string };
		expect(error).toBeInstanceOf(Error);
		const text = `${error.message} ${error.description ?? ''}`;
		expect(text).toMatch(/^Annex Cloud requests carry a JSON body, and this request's body is /);
		expect(text).toMatch(reason);
		expect(text).toContain(JSON_ADVICE);
		expect(ctx.sandbox.requests()).toHaveLength(0);
	});
});

describe('hosts', () => {
	it.each<Helper>(['httpRequest', 'legacy request'])('a request to another host than the Base URL is refused, nothing sent (%s)', async (helper) => {
		const target = `${foreignOrigin}/api/3.0/campaign`;
		const options = helper === 'httpRequest' ? { url: target, body: MEMBER_QUERY } : { uri: target, body: MEMBER_QUERY, json: true };
		const error = (await send(helper, options).then(
			() => undefined,
			(thrown: unknown) => thrown,
		)) as Error;
		expect(error.message).toBe(
			`This Annex Cloud credential signs requests for ${ctx.sandbox.origin} only, and this request goes to ${foreignOrigin}. ` +
				'A signed token is bound to your Annex Cloud site and must not be sent to another host. ' +
				`Use a URL under ${ctx.sandbox.credentials.baseUrl}, or change the credential's Environment or Base URL.`,
		);
		expect(foreignHits).toBe(0);
	});

	it('another path on the Base URL host is signed (the host decides, not the path)', async () => {
		await context.helpers.httpRequestWithAuthentication.call(context, 'annexCloudApi', {
			url: `${ctx.sandbox.origin}/api/3.0/campaign/all`,
			method: 'GET',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		});
		expect(received()).toMatchObject({ verified: true });
	});
});

describe('a redirect to another origin, followed by n8n\'s helper (the HTTP Request node follows redirects)', () => {
	it.each([301, 302, 307, 308])('HTTP %i: the other origin never receives the signed token', async (status) => {
		ctx.sandbox.faults.inject({ kind: 'redirect', status, location: `${foreignOrigin}/elsewhere` });
		await context.helpers.httpRequestWithAuthentication.call(context, 'annexCloudApi', {
			url: `${ctx.sandbox.credentials.baseUrl}/campaign/1001`,
			method: 'GET',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		});
		// Followed (the helper's choice), but without the Authorization header.
		expect(foreignHits).toBe(1);
		expect(foreignAuthorization).toEqual([undefined]);
	});
});
