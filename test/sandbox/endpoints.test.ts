import { FIELDS, LIST_KEYS } from '../../nodes/AnnexCloud/transport/contract';
import { BLOCKED_MEMBER_ID, MAX_VALIDITY_BATCH, OPTED_OUT_MEMBER_ID, TRICKY_MEMBER_IDS, startSandbox, type Sandbox, type SandboxCampaign } from '../../sandbox';
import { control, errorCodeOf, reasonOf, signedGet, signedSend, type CallResult } from './helpers';

const DATE_FORMAT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0000$/;
const SEEDED_DATE_FORMAT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{4}$/;

type Json = Record<string, unknown>;
const obj = (res: CallResult): Json => res.json as Json;

describe('sandbox API endpoints', () => {
	let sandbox: Sandbox;

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0 });
	});
	afterAll(async () => {
		await sandbox.close();
	});
	beforeEach(() => {
		sandbox.store.reset();
		sandbox.faults.clear();
	});

	const post = (path: string, body: unknown): Promise<CallResult> =>
		signedSend(sandbox, 'POST', path, typeof body === 'string' ? body : JSON.stringify(body));
	const patch = (path: string, body: unknown): Promise<CallResult> => signedSend(sandbox, 'PATCH', path, JSON.stringify(body));
	const findCampaign = (predicate: (c: SandboxCampaign) => boolean): SandboxCampaign => {
		const found = sandbox.store.listCampaigns().find(predicate);
		if (!found) throw new Error('no such seeded campaign');
		return found;
	};

	describe('GET /campaign/{status} and /campaign/{campaignId}', () => {
		it('returns campaigns with every contract field', async () => {
			const res = await signedGet(sandbox, '/campaign/all', 'all');
			expect(res.status).toBe(200);
			expect(res.headers.get('content-type')).toContain('application/json');
			const list = obj(res)[LIST_KEYS.campaigns] as Json[];
			expect(list).toHaveLength(25);
			// Annex Cloud's own example date is at -0700 [doc]: every third seeded campaign from 1003 on is.
			expect(list.filter((campaign) => String(campaign.campaignDateFrom).endsWith('-0700')).map((c) => c.campaignId)).toEqual(
				list.filter((_, index) => index % 3 === 2).map((c) => c.campaignId),
			);
			for (const campaign of list) {
				for (const field of Object.values(FIELDS.campaign)) expect(campaign).toHaveProperty(field);
				expect(typeof campaign.campaignId).toBe('string');
				expect(campaign.campaignDateFrom).toMatch(SEEDED_DATE_FORMAT);
				expect(campaign.campaignDateTo).toMatch(SEEDED_DATE_FORMAT);
				expect(campaign.campaignCreateDate).toMatch(SEEDED_DATE_FORMAT);
				expect(['active', 'inactive']).toContain(campaign.campaignStatus);
				expect(typeof campaign.activationRequired).toBe('boolean');
				expect(typeof campaign.individualValidity).toBe('boolean');
				expect(campaign.audience).toEqual({ segment: expect.any(String), tier: expect.any(String) });
				expect(typeof campaign.numberOfMilestones).toBe('string');
			}
		});

		it('filters by status word, case-insensitively', async () => {
			const active = await signedGet(sandbox, '/campaign/ACTIVE', 'ACTIVE');
			expect(active.status).toBe(200);
			const activeList = obj(active)[LIST_KEYS.campaigns] as Json[];
			expect(activeList.length).toBeGreaterThan(0);
			expect(activeList.every((c) => c.campaignStatus === 'active')).toBe(true);
			const inactive = await signedGet(sandbox, '/campaign/inactive', 'inactive');
			const inactiveList = obj(inactive)[LIST_KEYS.campaigns] as Json[];
			expect(inactiveList.map((c) => c.campaignId)).toContain('1002');
			expect(inactiveList.every((c) => c.campaignStatus === 'inactive')).toBe(true);
			const counts = sandbox.store.counts();
			expect(counts.activeCampaigns + counts.inactiveCampaigns).toBe(40);
			expect(counts.activeCampaigns).toBeGreaterThan(counts.inactiveCampaigns);
		});

		it('returns one campaign by id, and 404 AC1005 (CAMPAIGN_NOT_FOUND) for an unknown one', async () => {
			const res = await signedGet(sandbox, '/campaign/1001', '1001');
			expect(res.status).toBe(200);
			expect(obj(res)).toMatchObject({ campaignId: '1001', campaignStatus: 'active', activationRequired: true, individualValidity: true });
			const missing = await signedGet(sandbox, '/campaign/999999', '999999');
			expect(missing.status).toBe(404);
			expect(obj(missing)).toEqual({ errorCode: 'AC1005', errorMessage: 'No data found (CAMPAIGN_NOT_FOUND): Campaign "999999" not found' });
		});
	});

	describe('GET /campaign/group/{status} and /campaign/group/{id}', () => {
		it('lists groups with number counts and consistent campaign ids', async () => {
			const res = await signedGet(sandbox, '/campaign/group/all', 'all');
			expect(res.status).toBe(200);
			const body = obj(res);
			expect(body.pages).toBe(1);
			expect(body.currentPage).toBe(1);
			const groups = body[LIST_KEYS.campaignGroups] as Json[];
			expect(groups).toHaveLength(6);
			const campaigns = sandbox.store.listCampaigns();
			for (const group of groups) {
				expect(Object.keys(group).sort()).toEqual(Object.values(FIELDS.campaignGroup).sort());
				const expected = campaigns.filter((c) => c.campaignGroupId === group.campaignGroupId).map((c) => c.campaignId);
				expect(group.campaigns).toEqual(expected);
			}
			expect(groups.map((g) => g.status)).toContain('inactive');
		});

		it('filters groups by status and finds one group by id', async () => {
			const inactive = obj(await signedGet(sandbox, '/campaign/group/Inactive', 'Inactive'))[LIST_KEYS.campaignGroups] as Json[];
			expect(inactive.length).toBeGreaterThan(0);
			expect(inactive.every((g) => g.status === 'inactive')).toBe(true);
			const active = obj(await signedGet(sandbox, '/campaign/group/active', 'active'))[LIST_KEYS.campaignGroups] as Json[];
			expect(active.every((g) => g.status === 'active')).toBe(true);
			expect(active.length + inactive.length).toBe(6);
			const one = await signedGet(sandbox, '/campaign/group/501', '501');
			expect(obj(one)).toMatchObject({ campaignGroupId: '501', campaignGroupName: 'Seasonal' });
			const missing = await signedGet(sandbox, '/campaign/group/1', '1');
			expect(missing.status).toBe(404);
			expect(reasonOf(missing)).toBe('GROUP_NOT_FOUND');
		});
	});

	describe('GET /users/{memberId}/campaign', () => {
		it('returns a bare array of the active campaigns the member is eligible for', async () => {
			const res = await signedGet(sandbox, '/users/member-0001/campaign', 'member-0001');
			expect(res.status).toBe(200);
			expect(Array.isArray(res.json)).toBe(true);
			const list = res.json as Json[];
			const eligible = sandbox.store.eligibility('member-0001');
			expect(list.length).toBeGreaterThan(0);
			expect(list.every((c) => c.campaignStatus === 'active' && eligible.includes(c.campaignId as string))).toBe(true);
			const expected = sandbox.store
				.listCampaigns('active')
				.filter((c) => eligible.includes(c.campaignId))
				.map((c) => c.campaignId);
			expect(list.map((c) => c.campaignId)).toEqual(expected);
			// a campaign for a narrower audience is not offered to everyone
			expect(expected.length).toBeLessThan(sandbox.store.listCampaigns('active').length);
		});

		it('follows eligibility overrides and 404s an unknown member', async () => {
			sandbox.store.setEligibility('member-0001', '1001', false);
			const res = await signedGet(sandbox, '/users/member-0001/campaign', 'member-0001');
			expect((res.json as Json[]).map((c) => c.campaignId)).not.toContain('1001');
			const missing = await signedGet(sandbox, '/users/nobody/campaign', 'nobody');
			expect(missing.status).toBe(404);
			expect(reasonOf(missing)).toBe('MEMBER_NOT_FOUND');
		});
	});

	describe('POST /campaign', () => {
		it('returns one campaign with member-specific fields', async () => {
			const res = await post('/campaign', { id: 'member-0002', campaignId: '1001' });
			expect(res.status).toBe(200);
			expect(obj(res)).toMatchObject({ campaignId: '1001', memberId: 'member-0002', eligible: true, activated: false });
			await post('/campaign/activation', { id: 'member-0002', campaignId: '1001' });
			const after = await post('/campaign', { id: 'member-0002', campaignId: '1001' });
			expect(obj(after)).toMatchObject({ activated: true, activationDate: expect.stringMatching(DATE_FORMAT) });
		});

		it('returns the member campaigns of a status as a paged list', async () => {
			const res = await post('/campaign', { id: 'member-0002', status: 'active' });
			expect(res.status).toBe(200);
			const body = obj(res);
			expect(body.pages).toEqual(expect.any(String));
			expect(body.currentPage).toBe('1');
			const list = body[LIST_KEYS.campaigns] as Json[];
			expect(list.length).toBeGreaterThan(0);
			expect(list.every((c) => c.campaignStatus === 'active' && c.memberId === 'member-0002' && c.eligible === true)).toBe(true);
		});

		it('rejects both or neither of campaignId and status, bad status, unknown member and campaign', async () => {
			const both = await post('/campaign', { id: 'member-0001', campaignId: '1001', status: 'all' });
			expect([both.status, reasonOf(both)]).toEqual([400, 'INVALID_REQUEST']);
			const neither = await post('/campaign', { id: 'member-0001' });
			expect([neither.status, reasonOf(neither)]).toEqual([400, 'INVALID_REQUEST']);
			const noMember = await post('/campaign', { campaignId: '1001' });
			expect([noMember.status, noMember.json]).toEqual([400, { errorCode: 'AC1004', errorMessage: 'Missing Parameters (MISSING_PARAMETER): "id" is required' }]);
			const badStatus = await post('/campaign', { id: 'member-0001', status: 'paused' });
			expect([badStatus.status, errorCodeOf(badStatus), reasonOf(badStatus)]).toEqual([400, 'AC1007', 'INVALID_STATUS']);
			// POST /campaign answers "No data found" with 400 (the GET routes with 404).
			const unknownMember = await post('/campaign', { id: 'ghost', campaignId: '1001' });
			expect([unknownMember.status, errorCodeOf(unknownMember), reasonOf(unknownMember)]).toEqual([400, 'AC1005', 'MEMBER_NOT_FOUND']);
			const unknownCampaign = await post('/campaign', { id: 'member-0001', campaignId: '424242' });
			expect([unknownCampaign.status, errorCodeOf(unknownCampaign), reasonOf(unknownCampaign)]).toEqual([400, 'AC1005', 'CAMPAIGN_NOT_FOUND']);
			const listOfGhost = await post('/campaign', { id: 'ghost', status: 'all' });
			expect([listOfGhost.status, errorCodeOf(listOfGhost)]).toEqual([400, 'AC1005']);
		});

		it('answers 400 INVALID_JSON for a body that is not JSON (after authentication)', async () => {
			const res = await post('/campaign', '{"id": "member-0001", ');
			expect(res.status).toBe(400);
			expect(obj(res)).toEqual({ errorCode: 'AC1007', errorMessage: expect.stringMatching(/^Invalid Parameters \(INVALID_JSON\): /) });
			expect(sandbox.requests().at(-1)?.verified).toBe(true);
		});
	});

	describe('POST /campaign/activation and PATCH /campaign/activation/{memberId}', () => {
		it('activates once, then 409 ALREADY_ACTIVATED', async () => {
			const res = await post('/campaign/activation', { id: 'member-0003', campaignId: '1001' });
			expect(res.status).toBe(200);
			expect(obj(res)).toEqual({
				status: 'success',
				id: 'member-0003',
				campaignId: '1001',
				activatedAt: expect.stringMatching(DATE_FORMAT),
			});
			expect(sandbox.store.getActivation('member-0003', '1001')).toMatchObject({ activationCount: 1 });
			const again = await post('/campaign/activation', { id: 'member-0003', campaignId: '1001' });
			expect([again.status, errorCodeOf(again), reasonOf(again)]).toEqual([409, 'AC1006', 'ALREADY_ACTIVATED']);
		});

		it('rejects inactive campaigns, campaigns without activation, unknown ids and bad bodies', async () => {
			const inactive = await post('/campaign/activation', { id: 'member-0003', campaignId: '1002' });
			expect([inactive.status, reasonOf(inactive)]).toEqual([400, 'CAMPAIGN_INACTIVE']);
			const open = findCampaign((c) => c.campaignStatus === 'active' && !c.activationRequired);
			const notRequired = await post('/campaign/activation', { id: 'member-0003', campaignId: open.campaignId });
			expect([notRequired.status, reasonOf(notRequired)]).toEqual([400, 'ACTIVATION_NOT_REQUIRED']);
			const member = await post('/campaign/activation', { id: 'ghost', campaignId: '1001' });
			expect([member.status, reasonOf(member)]).toEqual([404, 'MEMBER_NOT_FOUND']);
			const campaign = await post('/campaign/activation', { id: 'member-0003', campaignId: 'nope' });
			expect([campaign.status, reasonOf(campaign)]).toEqual([404, 'CAMPAIGN_NOT_FOUND']);
			const missing = await post('/campaign/activation', { id: 'member-0003' });
			expect([missing.status, errorCodeOf(missing), reasonOf(missing)]).toEqual([400, 'AC1004', 'MISSING_PARAMETER']);
			const notObject = await post('/campaign/activation', '[1,2]');
			expect([notObject.status, reasonOf(notObject)]).toEqual([400, 'INVALID_REQUEST']);
			expect(sandbox.store.activations()).toEqual([]);
		});

		it('reactivates only what was activated', async () => {
			const never = await patch('/campaign/activation/member-0004', { campaignId: '1001' });
			expect([never.status, reasonOf(never)]).toEqual([404, 'NOT_ACTIVATED']);
			await post('/campaign/activation', { id: 'member-0004', campaignId: '1001' });
			const res = await patch('/campaign/activation/member-0004', { campaignId: '1001' });
			expect(res.status).toBe(200);
			expect(obj(res)).toMatchObject({ status: 'success', id: 'member-0004', campaignId: '1001', activationCount: 2 });
			const ghost = await patch('/campaign/activation/ghost', { campaignId: '1001' });
			expect([ghost.status, reasonOf(ghost)]).toEqual([404, 'MEMBER_NOT_FOUND']);
			const noCampaign = await patch('/campaign/activation/member-0004', {});
			expect([noCampaign.status, errorCodeOf(noCampaign), reasonOf(noCampaign)]).toEqual([400, 'AC1004', 'MISSING_PARAMETER']);
		});
	});

	describe('POST /campaign/individualvalidity', () => {
		const campaignWindow = (): { from: number; to: number } => {
			const c = sandbox.store.getCampaign('1001');
			if (!c) throw new Error('missing 1001');
			const parse = (s: string): number => Date.parse(s.replace('+0000', 'Z'));
			return { from: parse(c.campaignDateFrom), to: parse(c.campaignDateTo) };
		};
		const fmt = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');

		it('reports success and failure per member with HTTP 200', async () => {
			const { from, to } = campaignWindow();
			const day = 86_400_000;
			const good = { id: 'member-0001', startDate: fmt(from + day), endDate: fmt(from + 5 * day) };
			const isoZ = { id: 'member-0002', startDate: new Date(from + day).toISOString(), endDate: fmt(from + 2 * day) };
			const members = [
				good,
				isoZ,
				{ id: 'ghost', startDate: good.startDate, endDate: good.endDate },
				{ id: 'member-0003', startDate: '08/08/2024', endDate: good.endDate },
				{ id: 'member-0004', startDate: good.endDate, endDate: good.startDate },
				{ id: 'member-0005', startDate: fmt(from - day), endDate: good.endDate },
				{ id: 'member-0006', startDate: good.startDate, endDate: fmt(to + day) },
				'not an object',
			];
			const res = await post('/campaign/individualvalidity', { campaignId: '1001', members });
			expect(res.status).toBe(200);
			const body = obj(res);
			expect(body).toMatchObject({ status: 'partial', campaignId: '1001', successCount: 2, failureCount: 6 });
			const results = body[FIELDS.memberResults] as Json[];
			expect(results.map((r) => [r.id, r.status, r.errorCode ?? null])).toEqual([
				['member-0001', 'success', null],
				['member-0002', 'success', null],
				['ghost', 'failed', 'MEMBER_NOT_FOUND'],
				['member-0003', 'failed', 'INVALID_DATE'],
				['member-0004', 'failed', 'INVALID_DATE_RANGE'],
				['member-0005', 'failed', 'OUTSIDE_CAMPAIGN_PERIOD'],
				['member-0006', 'failed', 'OUTSIDE_CAMPAIGN_PERIOD'],
				[null, 'failed', 'INVALID_MEMBER_ENTRY'],
			]);
			expect(results.filter((r) => r.status === 'failed').every((r) => typeof r.reason === 'string')).toBe(true);
			const records = sandbox.store.individualValidity('1001');
			expect(records.map((r) => [r.memberId, r.startDate, r.endDate])).toEqual([
				['member-0001', good.startDate, good.endDate],
				['member-0002', fmt(from + day), fmt(from + 2 * day)],
			]);
			const view = await post('/campaign', { id: 'member-0001', campaignId: '1001' });
			expect(obj(view)).toMatchObject({ individualValidityStartDate: good.startDate, individualValidityEndDate: good.endDate });
		});

		it('flags reactivation when an activated member receives validity again', async () => {
			const { from } = campaignWindow();
			const day = 86_400_000;
			const entry = (k: number): Json => ({ id: 'member-0007', startDate: fmt(from + k * day), endDate: fmt(from + (k + 1) * day) });
			await post('/campaign/activation', { id: 'member-0007', campaignId: '1001' });
			await post('/campaign/individualvalidity', { campaignId: '1001', members: [entry(1)] });
			expect(sandbox.store.getActivation('member-0007', '1001')?.reactivationRequired).toBe(false);
			await post('/campaign/individualvalidity', { campaignId: '1001', members: [entry(2)] });
			expect(sandbox.store.getActivation('member-0007', '1001')?.reactivationRequired).toBe(true);
			expect(sandbox.store.individualValidity('1001')[0]?.revision).toBe(2);
			await patch('/campaign/activation/member-0007', { campaignId: '1001' });
			expect(sandbox.store.getActivation('member-0007', '1001')?.reactivationRequired).toBe(false);
		});

		it('rejects invalid requests as a whole', async () => {
			const unknown = await post('/campaign/individualvalidity', { campaignId: 'nope', members: [{ id: 'member-0001' }] });
			expect([unknown.status, reasonOf(unknown)]).toEqual([404, 'CAMPAIGN_NOT_FOUND']);
			const empty = await post('/campaign/individualvalidity', { campaignId: '1001', members: [] });
			expect([empty.status, reasonOf(empty)]).toEqual([400, 'INVALID_REQUEST']);
			const notArray = await post('/campaign/individualvalidity', { campaignId: '1001', members: { id: 'member-0001' } });
			expect([notArray.status, reasonOf(notArray)]).toEqual([400, 'INVALID_REQUEST']);
			const tooMany = Array.from({ length: MAX_VALIDITY_BATCH + 1 }, () => ({ id: 'member-0001' }));
			const large = await post('/campaign/individualvalidity', { campaignId: '1001', members: tooMany });
			expect([large.status, reasonOf(large)]).toEqual([400, 'BATCH_TOO_LARGE']);
			const plain = findCampaign((c) => !c.individualValidity);
			const disabled = await post('/campaign/individualvalidity', { campaignId: plain.campaignId, members: [{ id: 'member-0001' }] });
			expect([disabled.status, reasonOf(disabled)]).toEqual([400, 'INDIVIDUAL_VALIDITY_NOT_ENABLED']);
			expect(sandbox.store.individualValidity()).toEqual([]);
		});

		it('accepts exactly MAX_VALIDITY_BATCH members', async () => {
			const { from } = campaignWindow();
			const members = Array.from({ length: MAX_VALIDITY_BATCH }, () => ({
				id: 'member-0001',
				startDate: fmt(from + 3_600_000),
				endDate: fmt(from + 7_200_000),
			}));
			const res = await post('/campaign/individualvalidity', { campaignId: '1001', members });
			expect(res.status).toBe(200);
			expect(obj(res).successCount).toBe(MAX_VALIDITY_BATCH);
		});
	});

	describe('routing', () => {
		it('answers 404 AC1001 (NOT_FOUND) for unknown routes, 405 AC1003 for a wrong method, a plain 404 outside the API', async () => {
			const unknown = await signedGet(sandbox, '/campaigns', 'campaigns');
			expect(unknown.status).toBe(404);
			expect(obj(unknown)).toEqual({ errorCode: 'AC1001', errorMessage: expect.stringMatching(/^Oops! Something went wrong \(NOT_FOUND\): /) });
			const deep = await signedGet(sandbox, '/users/member-0001/points', 'member-0001');
			expect(reasonOf(deep)).toBe('NOT_FOUND');
			const outside = await fetch(`${sandbox.origin}/api/2.0/campaign/all`);
			expect(outside.status).toBe(404);
			// Not an Annex answer: what a wrong Base URL on the right host meets.
			expect(await outside.json()).toEqual({ message: 'Not found: the API lives under /api/3.0' });
			const wrongMethod = await signedSend(sandbox, 'POST', '/campaign/1001', '{}');
			expect([wrongMethod.status, errorCodeOf(wrongMethod), reasonOf(wrongMethod)]).toEqual([405, 'AC1003', 'METHOD_NOT_ALLOWED']);
		});

		it('answers 400 INVALID_PAGE for a bad page number', async () => {
			const res = await signedGet(sandbox, '/campaign/all', 'all', { query: 'page=0' });
			expect([res.status, reasonOf(res)]).toEqual([400, 'INVALID_PAGE']);
			const text = await signedGet(sandbox, '/campaign/all', 'all', { query: 'page=two' });
			expect(reasonOf(text)).toBe('INVALID_PAGE');
		});
	});

	describe('ids with special characters', () => {
		it.each(TRICKY_MEMBER_IDS.map((id) => [id]))('round-trips member id %j', async (memberId) => {
			const encoded = encodeURIComponent(memberId);
			const eligible = await signedGet(sandbox, `/users/${encoded}/campaign`, memberId);
			expect(eligible.status).toBe(200);
			expect(Array.isArray(eligible.json)).toBe(true);
			expect(sandbox.requests().at(-1)?.params).toEqual([memberId]);

			const activated = await post('/campaign/activation', { id: memberId, campaignId: '1001' });
			expect(obj(activated)).toMatchObject({ status: 'success', id: memberId });
			const reactivated = await patch(`/campaign/activation/${encoded}`, { campaignId: '1001' });
			expect(reactivated.status).toBe(200);
			expect(obj(reactivated).id).toBe(memberId);
			expect(sandbox.store.getActivation(memberId, '1001')?.activationCount).toBe(2);
		});

		it('signs the decoded identifier, not the encoded one', async () => {
			const memberId = 'id with space/slash';
			const res = await signedGet(sandbox, `/users/${encodeURIComponent(memberId)}/campaign`, encodeURIComponent(memberId));
			expect(reasonOf(res)).toBe('PAYLOAD_MISMATCH');
		});

		it('round-trips campaign and group ids with / ? # % space and unicode', async () => {
			const campaignId = 'promo/2024?x=1#top 50% ünï';
			const groupId = 'grp/ä b?#%';
			sandbox.store.addGroup({ campaignGroupId: groupId, campaignGroupName: 'Tricky group' });
			sandbox.store.addCampaign({ campaignId, campaignGroupId: groupId });
			const one = await signedGet(sandbox, `/campaign/${encodeURIComponent(campaignId)}`, campaignId);
			expect(one.status).toBe(200);
			expect(obj(one)).toMatchObject({ campaignId, campaignGroupId: groupId, campaignGroupName: 'Tricky group' });
			const group = await signedGet(sandbox, `/campaign/group/${encodeURIComponent(groupId)}`, groupId);
			expect(group.status).toBe(200);
			expect(obj(group)).toMatchObject({ campaignGroupId: groupId, campaigns: [campaignId] });
			const forMember = await post('/campaign', { id: 'ünï-cødé', campaignId });
			expect(obj(forMember)).toMatchObject({ campaignId, memberId: 'ünï-cødé' });
		});
	});

	describe("Annex Cloud's documented error codes", () => {
		it('answers AC1008 for a blocked member and AC1009 for one who opted out, on activation and reactivation', async () => {
			const blocked = await post('/campaign/activation', { id: BLOCKED_MEMBER_ID, campaignId: '1001' });
			expect([blocked.status, blocked.json]).toEqual([400, { errorCode: 'AC1008', errorMessage: `User is blocked (MEMBER_BLOCKED): Member "${BLOCKED_MEMBER_ID}" is blocked` }]);
			const optedOut = await post('/campaign/activation', { id: OPTED_OUT_MEMBER_ID, campaignId: '1001' });
			expect([optedOut.status, errorCodeOf(optedOut), reasonOf(optedOut)]).toEqual([400, 'AC1009', 'MEMBER_OPTED_OUT']);
			const reactivated = await patch(`/campaign/activation/${BLOCKED_MEMBER_ID}`, { campaignId: '1001' });
			expect(errorCodeOf(reactivated)).toBe('AC1008');
			expect(sandbox.store.activations()).toEqual([]);
			// They are ordinary members otherwise: their campaigns can be read.
			expect((await post('/campaign', { id: BLOCKED_MEMBER_ID, campaignId: '1001' })).status).toBe(200);
		});

		it('answers AC1008 / AC1009 in the per-member results of individual validity, and stores no window for them', async () => {
			const window = { startDate: '2030-01-01T00:00:00+0000', endDate: '2030-01-02T00:00:00+0000' };
			const members = [BLOCKED_MEMBER_ID, OPTED_OUT_MEMBER_ID].map((id) => ({ id, ...window }));
			const res = await post('/campaign/individualvalidity', { campaignId: '1001', members });
			const results = obj(res)[FIELDS.memberResults] as Json[];
			expect(results.map((r) => [r.id, r.status, r.errorCode, r.reason])).toEqual([
				[BLOCKED_MEMBER_ID, 'failed', 'AC1008', `User is blocked (MEMBER_BLOCKED): Member "${BLOCKED_MEMBER_ID}" is blocked`],
				[OPTED_OUT_MEMBER_ID, 'failed', 'AC1009', `Opt out user (MEMBER_OPTED_OUT): Member "${OPTED_OUT_MEMBER_ID}" opted out`],
			]);
			expect(sandbox.store.individualValidity('1001')).toEqual([]);
		});

		it('answers 401 AC1002 with the sandbox reason in the message', async () => {
			const res = await signedGet(sandbox, '/campaign/all', 'active');
			expect([res.status, errorCodeOf(res), reasonOf(res)]).toEqual([401, 'AC1002', 'PAYLOAD_MISMATCH']);
			expect(String(obj(res).errorMessage)).toMatch(/^Request Not Authorized \(PAYLOAD_MISMATCH\): /);
			expect(sandbox.requests().at(-1)).toMatchObject({ errorCode: 'AC1002', reason: 'PAYLOAD_MISMATCH', authError: 'PAYLOAD_MISMATCH' });
		});

		it('answers "No data found" (AC1005) for a list with nothing in it: 404 on GET, 400 on POST /campaign', async () => {
			for (const id of sandbox.store.listCampaigns('all').map((c) => c.campaignId)) sandbox.store.setEligibility('member-0001', id, false);
			const eligible = await signedGet(sandbox, '/users/member-0001/campaign', 'member-0001');
			expect([eligible.status, errorCodeOf(eligible), reasonOf(eligible)]).toEqual([404, 'AC1005', 'NO_DATA']);
			const byStatus = await post('/campaign', { id: 'member-0001', status: 'all' });
			expect([byStatus.status, errorCodeOf(byStatus), reasonOf(byStatus)]).toEqual([400, 'AC1005', 'NO_DATA']);
			const ghost = await signedGet(sandbox, '/users/ghost/campaign', 'ghost');
			expect([ghost.status, errorCodeOf(ghost), reasonOf(ghost)]).toEqual([404, 'AC1005', 'MEMBER_NOT_FOUND']);
			// A page past the end of a list that has items is still an empty page, not "No data found".
			const past = await signedGet(sandbox, '/campaign/all', 'all', { query: 'page=99' });
			expect([past.status, (obj(past)[LIST_KEYS.campaigns] as unknown[]).length]).toEqual([200, 0]);
		});

		it('a site with no campaign groups answers 404 AC1005 on the group lists (control API DELETE /groups, or groups: 0)', async () => {
			expect((await control(sandbox, 'DELETE', '/groups')).json).toEqual({ removed: 6 });
			for (const status of ['all', 'active', 'inactive']) {
				const res = await signedGet(sandbox, `/campaign/group/${status}`, status);
				expect([res.status, errorCodeOf(res)]).toEqual([404, 'AC1005']);
			}
			expect((await signedGet(sandbox, '/campaign/all', 'all')).status).toBe(200);
			const empty = await startSandbox({ port: 0, groups: 0 });
			try {
				const res = await signedGet(empty, '/campaign/group/all', 'all');
				expect([res.status, errorCodeOf(res), reasonOf(res)]).toEqual([404, 'AC1005', 'NO_DATA']);
			} finally {
				await empty.close();
			}
		});
	});
});
