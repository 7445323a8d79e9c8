import { LIST_KEYS } from '../../nodes/AnnexCloud/transport/contract';
import { LOG_BODY_LIMIT, RESHAPE_ERROR, startSandbox, type Reshape, type Sandbox } from '../../sandbox';
import { control, reasonOf, rawRequest, signedGet, signedGetHeaders, signedSend } from './helpers';

type Json = Record<string, unknown>;

describe('sandbox fault injection', () => {
	let sandbox: Sandbox;

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0 });
	});
	afterAll(async () => {
		await sandbox.close();
	});
	beforeEach(() => {
		sandbox.faults.clear();
		sandbox.clearLog();
	});

	const getAll = (): ReturnType<typeof signedGet> => signedGet(sandbox, '/campaign/all', 'all');

	it('status: 429 with Retry-After and an Annex error body, then normal again', async () => {
		sandbox.faults.inject({ kind: 'status', status: 429, retryAfter: 7 });
		const limited = await getAll();
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('7');
		expect(limited.json).toEqual({ errorCode: 'RATE_LIMITED', errorMessage: expect.any(String) });
		expect((await getAll()).status).toBe(200);
	});

	it.each([
		[500, 'INTERNAL_ERROR'],
		[502, 'BAD_GATEWAY'],
		[503, 'SERVICE_UNAVAILABLE'],
	])('status: %i answers with %s', async (status, code) => {
		sandbox.faults.inject({ status });
		const res = await getAll();
		expect(res.status).toBe(status);
		expect(reasonOf(res)).toBe(code);
		expect(res.headers.get('retry-after')).toBeNull();
	});

	it('html: 502 with an HTML page', async () => {
		sandbox.faults.inject({ kind: 'html' });
		const res = await getAll();
		expect(res.status).toBe(502);
		expect(res.headers.get('content-type')).toContain('text/html');
		expect(res.text).toMatch(/^<!DOCTYPE html>/);
		expect(res.json).toBeNull();
	});

	it('malformed-json: 200 with a truncated JSON body', async () => {
		sandbox.faults.inject({ kind: 'malformed-json' });
		const res = await getAll();
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toContain('application/json');
		expect(res.text).toContain(LIST_KEYS.campaigns);
		expect(() => JSON.parse(res.text)).toThrow();
	});

	it('empty: 200 with an empty body', async () => {
		sandbox.faults.inject({ kind: 'empty' });
		const res = await getAll();
		expect(res.status).toBe(200);
		expect(res.text).toBe('');
	});

	it('reset: destroys the connection without a response', async () => {
		sandbox.faults.inject({ kind: 'reset' });
		await expect(rawRequest(`${sandbox.baseUrl}/campaign/all`, signedGetHeaders(sandbox, 'all'))).rejects.toThrow();
		const after = await rawRequest(`${sandbox.baseUrl}/campaign/all`, signedGetHeaders(sandbox, 'all'));
		expect(after.status).toBe(200);
		expect(sandbox.requests()[0]).toMatchObject({ fault: 'reset', status: 0 });
	});

	it('latency: delays, then answers normally (authenticated)', async () => {
		sandbox.faults.inject({ kind: 'latency', latencyMs: 300 });
		const t0 = performance.now();
		const res = await getAll();
		expect(performance.now() - t0).toBeGreaterThanOrEqual(280);
		expect(res.status).toBe(200);
		expect(sandbox.requests()[0]).toMatchObject({ fault: 'latency', status: 200, verified: true });
		const unsigned = sandbox.faults.inject({ kind: 'latency', latencyMs: 10 });
		expect(unsigned.kind).toBe('latency');
		const rejected = await signedGet(sandbox, '/campaign/all', 'all', { authorization: null });
		expect(reasonOf(rejected)).toBe('AUTH_MISSING');
	});

	it('uses faults in FIFO order, each consuming one matching request per count', async () => {
		sandbox.faults.inject({ count: 2, status: 503 });
		sandbox.faults.inject({ status: 500 });
		expect(sandbox.faults.pending().map((f) => [f.status, f.remaining])).toEqual([
			[503, 2],
			[500, 1],
		]);
		const statuses: number[] = [];
		for (let i = 0; i < 4; i++) statuses.push((await getAll()).status);
		expect(statuses).toEqual([503, 503, 500, 200]);
		expect(sandbox.faults.pending()).toEqual([]);
	});

	it('applies a fault only to matching requests (method, path prefix)', async () => {
		sandbox.faults.inject({ status: 429, match: { method: 'post' } });
		sandbox.faults.inject({ status: 502, match: { pathPrefix: '/campaign/group' } });
		expect((await getAll()).status).toBe(200);
		expect((await signedGet(sandbox, '/campaign/group/all', 'all')).status).toBe(502);
		const posted = await signedSend(sandbox, 'POST', '/campaign', '{"id":"member-0001","campaignId":"1001"}');
		expect(posted.status).toBe(429);
		expect(sandbox.faults.pending()).toEqual([]);
	});

	it('answers the fault before authentication, and still logs the request', async () => {
		sandbox.faults.inject({ status: 503 });
		const res = await signedGet(sandbox, '/campaign/all', 'all', { authorization: null });
		expect(res.status).toBe(503);
		expect(sandbox.requests()).toEqual([expect.objectContaining({ fault: 'status', status: 503, verified: false, authError: null })]);
	});

	it('never applies faults to the control API', async () => {
		sandbox.faults.inject({ kind: 'reset' });
		const health = await control(sandbox, 'GET', '/health');
		expect(health.status).toBe(200);
		expect(sandbox.faults.pending()).toHaveLength(1);
	});

	describe('reshape: the individual validity answer in another shape', () => {
		const validity = async (): Promise<{ status: number; json: unknown }> => {
			const campaign = sandbox.store.getCampaign('1001');
			const window = { startDate: campaign?.campaignDateFrom, endDate: campaign?.campaignDateTo };
			const members = [{ id: 'member-0001', ...window }, { id: 'ghost', ...window }];
			return await signedSend(sandbox, 'POST', '/campaign/individualvalidity', JSON.stringify({ campaignId: '1001', members }));
		};
		const ok = { id: 'member-0001', status: 'success' };
		const ghost = { id: 'ghost', status: 'failed', errorCode: 'MEMBER_NOT_FOUND', reason: 'Member "ghost" not found' };
		const rest = { status: 'partial', campaignId: '1001', successCount: 1, failureCount: 1 };
		const strip = (result: Json): Json => Object.fromEntries(Object.entries(result).filter(([key]) => key !== 'id'));
		const cases: Array<[Reshape, unknown]> = [
			['results-key', { ...rest, results: [ok, ghost] }],
			['bare-array', [ok, ghost]],
			['other-key', { ...rest, data: [ok, ghost] }],
			['failed-list', { success: true, failed: [ghost] }],
			['failed-ids', { status: 'success', failedMembers: ['ghost'] }],
			['status-only', { status: 'success' }],
			['reversed', { ...rest, members: [ghost, ok] }],
			['foreign-ids', { ...rest, members: [{ ...ok, id: 'other-member-0001' }, { ...ghost, id: 'other-ghost' }] }],
			['no-ids', { ...rest, members: [strip(ok), strip(ghost)] }],
			['no-ids-short', { ...rest, members: [strip(ok)] }],
		];
		it.each(cases)('%s: the request is applied, the answer takes that shape, once', async (shape, expected) => {
			sandbox.store.reset();
			sandbox.faults.inject({ kind: 'reshape', shape, match: { pathPrefix: '/campaign/individualvalidity' } });
			const res = await validity();
			expect(res.status).toBe(200);
			expect(res.json).toEqual(expected);
			expect(sandbox.store.individualValidity('1001').map((record) => record.memberId)).toEqual(['member-0001']);
			expect(sandbox.requests()[0]).toMatchObject({ fault: 'reshape', verified: true, route: 'setIndividualValidity' });
			expect((await validity()).json).toMatchObject({ members: [ok, ghost] });
		});

		it('error-body: a 200 with an Annex error body, nothing applied', async () => {
			sandbox.store.reset();
			sandbox.faults.inject({ kind: 'reshape', shape: 'error-body' });
			const res = await validity();
			expect(res).toMatchObject({ status: 200, json: { errorCode: RESHAPE_ERROR.code, errorMessage: RESHAPE_ERROR.message } });
			expect(sandbox.store.individualValidity('1001')).toEqual([]);
		});

		it('an error answer keeps its shape', async () => {
			sandbox.faults.inject({ kind: 'reshape', shape: 'bare-array' });
			const res = await signedSend(sandbox, 'POST', '/campaign/individualvalidity', JSON.stringify({ campaignId: '1002', members: [] }));
			expect(res.status).toBe(400);
			expect(reasonOf(res)).toBe('INDIVIDUAL_VALIDITY_NOT_ENABLED');
		});

		it('refuses an unknown shape', () => {
			expect(() => sandbox.faults.inject({ kind: 'reshape', shape: 'cube' as never })).toThrow(/shape must be one of results-key/);
		});
	});

	it('rejects invalid fault specs', () => {
		expect(() => sandbox.faults.inject({ count: 0 })).toThrow(/count/);
		expect(() => sandbox.faults.inject({ kind: 'explode' as never })).toThrow(/kind/);
		expect(() => sandbox.faults.inject({ status: 99 })).toThrow(/status/);
		expect(sandbox.faults.pending()).toEqual([]);
	});
});

describe('sandbox control API', () => {
	let sandbox: Sandbox;

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0 });
	});
	afterAll(async () => {
		await sandbox.close();
	});
	beforeEach(async () => {
		await control(sandbox, 'POST', '/reset');
	});

	it('reports health and state counts', async () => {
		const health = await control(sandbox, 'GET', '/health');
		expect(health.json).toMatchObject({ status: 'ok', baseUrl: sandbox.baseUrl, siteId: '100200' });
		const state = await control(sandbox, 'GET', '/state');
		expect(state.json).toMatchObject({ campaigns: 40, groups: 6, members: 27, activations: 0, pendingFaults: 0, seed: 1 });
	});

	it('changes a campaign status (PATCH) as seen through the API', async () => {
		const patched = await control(sandbox, 'PATCH', '/campaigns/1001', { campaignStatus: 'inactive' });
		expect(patched.status).toBe(200);
		expect(patched.json).toMatchObject({ campaignId: '1001', campaignStatus: 'inactive' });
		const inactive = await signedGet(sandbox, '/campaign/inactive', 'inactive');
		expect(((inactive.json as Json)[LIST_KEYS.campaigns] as Json[]).map((c) => c.campaignId)).toContain('1001');
		const activation = await signedSend(sandbox, 'POST', '/campaign/activation', '{"id":"member-0001","campaignId":"1001"}');
		expect(reasonOf(activation)).toBe('CAMPAIGN_INACTIVE');
		const bad = await control(sandbox, 'PATCH', '/campaigns/1001', { campaignStatus: 'paused' });
		expect([bad.status, reasonOf(bad)]).toEqual([400, 'INVALID_STATUS']);
	});

	it('changes campaign dates and validates them', async () => {
		const res = await control(sandbox, 'PATCH', '/campaigns/1003', { campaignDateFrom: '2030-01-01T00:00:00+0000', campaignDateTo: '2030-02-01T00:00:00Z' });
		expect(res.json).toMatchObject({ campaignDateFrom: '2030-01-01T00:00:00+0000', campaignDateTo: '2030-02-01T00:00:00+0000' });
		const bad = await control(sandbox, 'PATCH', '/campaigns/1003', { campaignDateFrom: 'tomorrow' });
		expect(reasonOf(bad)).toBe('INVALID_DATE');
	});

	it('adds a campaign with an automatic id and removes it', async () => {
		const added = await control(sandbox, 'POST', '/campaigns', { campaignName: 'Flash Sale', extraVendorField: { x: 1 } });
		expect(added.status).toBe(201);
		expect(added.json).toMatchObject({ campaignId: '1041', campaignName: 'Flash Sale', campaignStatus: 'active', extraVendorField: { x: 1 } });
		const viaApi = await signedGet(sandbox, '/campaign/1041', '1041');
		expect(viaApi.json).toMatchObject({ campaignId: '1041', extraVendorField: { x: 1 } });
		const eligible = await signedGet(sandbox, '/users/member-0001/campaign', 'member-0001');
		expect((eligible.json as Json[]).map((c) => c.campaignId)).toContain('1041');

		const removed = await control(sandbox, 'DELETE', '/campaigns/1041');
		expect(removed.status).toBe(200);
		const gone = await signedGet(sandbox, '/campaign/1041', '1041');
		expect(reasonOf(gone)).toBe('CAMPAIGN_NOT_FOUND');
		const again = await control(sandbox, 'DELETE', '/campaigns/1041');
		expect([again.status, reasonOf(again)]).toEqual([404, 'CAMPAIGN_NOT_FOUND']);
		const duplicate = await control(sandbox, 'POST', '/campaigns', { campaignId: '1001' });
		expect([duplicate.status, reasonOf(duplicate)]).toEqual([409, 'CAMPAIGN_EXISTS']);
	});

	it('lists campaigns and groups, adds members, and sets eligibility', async () => {
		const list = await control(sandbox, 'GET', '/campaigns?status=inactive');
		expect((list.json as Json[]).every((c) => c.campaignStatus === 'inactive')).toBe(true);
		const groups = await control(sandbox, 'GET', '/groups');
		expect(groups.json as Json[]).toHaveLength(6);
		const member = await control(sandbox, 'POST', '/members', { id: 'new@member', segment: 'vip', tier: 'gold' });
		expect(member.status).toBe(201);
		const viaApi = await signedGet(sandbox, `/users/${encodeURIComponent('new@member')}/campaign`, 'new@member');
		expect(viaApi.status).toBe(200);
		const off = await control(sandbox, 'PUT', `/members/${encodeURIComponent('new@member')}/eligibility/1001`, { eligible: false });
		expect(off.status).toBe(200);
		const eligibility = await control(sandbox, 'GET', `/members/${encodeURIComponent('new@member')}/eligibility`);
		expect(eligibility.json as string[]).not.toContain('1001');
	});

	it('shows activations and individual validity records', async () => {
		await signedSend(sandbox, 'POST', '/campaign/activation', '{"id":"member-0002","campaignId":"1001"}');
		const activations = await control(sandbox, 'GET', '/activations?memberId=member-0002');
		expect(activations.json).toEqual([expect.objectContaining({ memberId: 'member-0002', campaignId: '1001', activationCount: 1 })]);
		const validity = await control(sandbox, 'GET', '/validity');
		expect(validity.json).toEqual([]);
	});

	it('injects, lists and clears faults over HTTP', async () => {
		const created = await control(sandbox, 'POST', '/faults', { count: 2, status: 429, retryAfter: 3, match: { pathPrefix: '/campaign' } });
		expect(created.status).toBe(201);
		expect((await control(sandbox, 'GET', '/faults')).json).toEqual([expect.objectContaining({ status: 429, remaining: 2 })]);
		const limited = await signedGet(sandbox, '/campaign/all', 'all');
		expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '3']);
		await control(sandbox, 'DELETE', '/faults');
		expect((await signedGet(sandbox, '/campaign/all', 'all')).status).toBe(200);
		const invalid = await control(sandbox, 'POST', '/faults', { kind: 'nope' });
		expect([invalid.status, reasonOf(invalid)]).toEqual([400, 'INVALID_FAULT']);
	});

	it('a fault with echoAuthorization repeats the Authorization header it received', async () => {
		await control(sandbox, 'POST', '/faults', { status: 401, echoAuthorization: true });
		const echoed = await signedGet(sandbox, '/campaign/all', 'all');
		const body = echoed.json as { errorMessage: string; token: string; request: { headers: { authorization: string } } };
		expect(echoed.status).toBe(401);
		expect(body.errorMessage).toMatch(/^Injected fault: HTTP 401\. Received Authorization: Bearer eyJ[\w-]+\.[\w-]+\.[\w-]+ \(token eyJ/);
		expect(body.request.headers.authorization).toBe(`Bearer ${body.token}`);
		await control(sandbox, 'POST', '/faults', { kind: 'html', echoAuthorization: true });
		const page = await signedGet(sandbox, '/campaign/all', 'all');
		expect(page.text).toMatch(/^Authorization: Bearer eyJ/);
		const invalid = await control(sandbox, 'POST', '/faults', { echoAuthorization: 'yes' });
		expect([invalid.status, reasonOf(invalid)]).toEqual([400, 'INVALID_FAULT']);
	});

	it('exposes and clears the request log', async () => {
		await signedGet(sandbox, '/campaign/1001', '1001', { query: 'page=1' });
		const log = (await control(sandbox, 'GET', '/requests')).json as Json[];
		expect(log).toHaveLength(1);
		expect(log[0]).toMatchObject({
			method: 'GET',
			path: '/api/3.0/campaign/1001',
			query: { page: '1' },
			route: 'getCampaign',
			params: ['1001'],
			status: 200,
			verified: true,
			siteHeader: '100200',
			contentType: 'application/json',
		});
		await control(sandbox, 'DELETE', '/requests');
		expect((await control(sandbox, 'GET', '/requests')).json).toEqual([]);
		expect(sandbox.log).toEqual([]);
	});

	it('resets to the seeded state', async () => {
		await control(sandbox, 'DELETE', '/campaigns/1001');
		await control(sandbox, 'POST', '/faults', { status: 500 });
		const reset = await control(sandbox, 'POST', '/reset');
		expect(reset.json).toMatchObject({ campaigns: 40 });
		expect(sandbox.store.getCampaign('1001')).toBeDefined();
		expect(sandbox.faults.pending()).toEqual([]);
		const reseeded = await control(sandbox, 'POST', '/reset', { seed: 99 });
		expect(reseeded.json).toMatchObject({ seed: 99 });
	});

	it('answers unknown control routes with 404', async () => {
		const res = await control(sandbox, 'GET', '/nope');
		expect([res.status, reasonOf(res)]).toEqual([404, 'NOT_FOUND']);
	});
});

describe('sandbox request log', () => {
	it('keeps a ring buffer of logLimit entries and truncates bodies', async () => {
		const sandbox = await startSandbox({ port: 0, logLimit: 3 });
		try {
			for (const status of ['all', 'active', 'inactive', 'all']) await signedGet(sandbox, `/campaign/${status}`, status);
			expect(sandbox.requests().map((e) => e.params[0])).toEqual(['active', 'inactive', 'all']);
			expect(sandbox.requests().map((e) => e.seq)).toEqual([2, 3, 4]);
			const big = JSON.stringify({ id: 'member-0001', campaignId: '1001', padding: 'x'.repeat(5000) });
			const res = await signedSend(sandbox, 'POST', '/campaign', big);
			expect(res.status).toBe(200);
			const entry = sandbox.requests().at(-1);
			expect(entry?.bodyTruncated).toBe(true);
			expect(entry?.bodyBytes).toBe(Buffer.byteLength(big));
			expect(entry?.rawBody).toBe(big.slice(0, LOG_BODY_LIMIT));
		} finally {
			await sandbox.close();
		}
	});

	it('passes each request line to the logger option', async () => {
		const lines: string[] = [];
		const sandbox = await startSandbox({ port: 0, logger: (line) => lines.push(line) });
		try {
			await signedGet(sandbox, '/campaign/all', 'all', { siteHeader: '1' });
			expect(lines).toEqual(['GET /api/3.0/campaign/all -> 401 SITE_MISMATCH']);
		} finally {
			await sandbox.close();
		}
	});

	it('close() ends keep-alive connections and is idempotent', async () => {
		const sandbox = await startSandbox({ port: 0 });
		await signedGet(sandbox, '/campaign/all', 'all');
		const t0 = performance.now();
		await Promise.all([sandbox.close(), sandbox.close()]);
		expect(performance.now() - t0).toBeLessThan(1000);
		await expect(fetch(`${sandbox.controlUrl}/health`)).rejects.toThrow();
	});
});
