/**
 * Annex Cloud's documented error codes (AC1001-AC1010) over real HTTP, inside n8n-core's real
 * execution context: the message is decided by the errorCode first and the HTTP status second,
 * whatever status the code comes with; an unknown code passes through as it is.
 */
import { ProbeNode, type ProbeInput } from '../helpers/probeNode';
import { startSandboxHarness, type SandboxHarness } from '../helpers/sandboxHarness';
import { BLOCKED_MEMBER_ID, OPTED_OUT_MEMBER_ID } from '../../sandbox';

let ctx: SandboxHarness;

beforeAll(async () => {
	ctx = await startSandboxHarness([new ProbeNode()], { campaigns: 10 });
});
afterAll(async () => await ctx.close());
beforeEach(() => {
	ctx.sandbox.store.reset();
	ctx.sandbox.faults.clear();
	ctx.sandbox.clearLog();
});

async function probe(input: ProbeInput) {
	return await ctx.harness.runNode('transportProbe', {}, [input]);
}

/** The next answer to a read of campaign 1001 is this Annex error body with this status. */
function answer(status: number, errorCode: string, errorMessage: string): void {
	ctx.sandbox.faults.inject({ kind: 'body', status, body: JSON.stringify({ errorCode, errorMessage }), count: 1 });
}

const read: ProbeInput = {
	route: 'getCampaign',
	pathParams: { campaignId: '1001' },
	notFoundHint: 'Check the campaign ID.',
	notFoundSubject: 'Campaign "1001"',
	alreadyExistsMessage: 'Campaign "1001" is already active for this member',
	maxRetries: 0,
};

describe('each documented code decides the message, whatever the status', () => {
	it.each([
		// [code, status, Annex message, expected message, expected hint]
		['AC1001', 404, 'Oops! Something went wrong', /^Annex Cloud could not complete the request \(HTTP 404\): Oops! Something went wrong$/, /general failure, not a problem with the values sent/],
		['AC1002', 401, 'Request Not Authorized', /^Annex Cloud refused the request signature: Request Not Authorized$/, /^Check, in this order: the Shared Secret, the Site ID, the clock/],
		['AC1003', 405, 'Method Not Allowed', /^Annex Cloud does not allow GET on this path: Method Not Allowed$/, /check the Base URL/],
		['AC1004', 400, 'Missing Parameters: campaignId', /^Annex Cloud says the parameter "campaignId" \(Campaign\) is missing$/, /Fill in every required field/],
		['AC1004', 400, 'Missing Parameters', /^Annex Cloud says a parameter is missing: Missing Parameters$/, /Fill in every required field/],
		['AC1005', 404, 'No data found', /^Campaign "1001" was not found in Annex Cloud$/, /^Check the campaign ID\./],
		['AC1005', 400, 'No data found', /^Campaign "1001" was not found in Annex Cloud$/, /^Check the campaign ID\./],
		['AC1006', 409, 'Data already exists', /^Campaign "1001" is already active for this member$/, /Nothing was changed/],
		['AC1007', 400, 'Invalid Parameters: "status"', /^Annex Cloud says the parameter "status" \(Status\) is not valid: Invalid Parameters: "status"$/, /Check the values/],
		['AC1008', 400, 'User is blocked', /^This member is blocked in Annex Cloud: User is blocked$/, /Unblock the member/],
		['AC1009', 400, 'Opt out user', /^This member has opted out: Opt out user$/, /opted out of the loyalty program/],
		['AC1010', 400, 'Duplicate order ID', /^Annex Cloud says this order ID was already used: Duplicate order ID$/, /Each order ID may be sent once/],
		// an unknown code: the status decides, the code and the message pass through as they are
		['XY9999', 404, 'Something new', /^Annex Cloud could not find the resource: Something new$/, /\[Annex error code: XY9999\]/],
		['XY9999', 400, 'Something new', /^Annex Cloud rejected the request as invalid: Something new$/, /\[Annex error code: XY9999\]/],
	])('%s with HTTP %i', async (code, status, annexMessage, message, hint) => {
		answer(status, code, annexMessage);
		const result = await probe(read);
		expect(result.error?.message).toMatch(message);
		expect(result.error?.description).toMatch(hint);
		expect(result.error?.description).toContain(`[Annex error code: ${code}]`);
		expect(result.error?.httpCode).toBe(String(status));
	});

	it('AC1001 never says "check the id", even on a 404', async () => {
		answer(404, 'AC1001', 'Oops! Something went wrong');
		const result = await probe(read);
		expect(result.error?.description).not.toMatch(/Check the campaign ID|Check the ID/);
	});

	it('without the operation words, AC1005 and AC1006 say what the API said', async () => {
		answer(404, 'AC1005', 'No data found');
		const notFound = await probe({ route: 'getCampaign', pathParams: { campaignId: '1001' } });
		expect(notFound.error?.message).toBe('Annex Cloud found no data for this request: No data found');
		answer(409, 'AC1006', 'Data already exists');
		const exists = await probe({ route: 'getCampaign', pathParams: { campaignId: '1001' }, maxRetries: 0 });
		expect(exists.error?.message).toBe('Annex Cloud says this already exists: Data already exists');
	});

	it('a 404 without an Annex error body: nothing answers like the API at this Base URL', async () => {
		ctx.sandbox.faults.inject({ kind: 'body', status: 404, body: '{"message":"Not Found"}', count: 1 });
		const json = await probe(read);
		expect(json.error?.message).toBe('Nothing answers at this Base URL like the Annex Cloud API (HTTP 404): Not Found');
		expect(json.error?.description).toMatch(/Check the Base URL \(now http:\/\/127\.0\.0\.1:\d+\/api\/3\.0\): it should be the API root ending in \/api\/3\.0/);
		ctx.sandbox.faults.inject({ kind: 'body', status: 404, body: '<html>Not Found</html>', contentType: 'text/html', count: 1 });
		const html = await probe(read);
		expect(html.error?.message).toBe('Nothing answers at this Base URL like the Annex Cloud API (HTTP 404)');
		expect(html.error?.description).toMatch(/The response was not JSON/);
	});
});

describe('the sandbox meets the same codes', () => {
	it('activation of a blocked member is AC1008, of an opted-out member AC1009, twice is AC1006', async () => {
		const activate = (id: string): ProbeInput => ({ route: 'activateCampaignForMember', body: { id, campaignId: '1001' }, alreadyExistsMessage: 'already active' });
		expect((await probe(activate(BLOCKED_MEMBER_ID))).error?.message).toBe(
			`This member is blocked in Annex Cloud: User is blocked (MEMBER_BLOCKED): Member "${BLOCKED_MEMBER_ID}" is blocked`,
		);
		expect((await probe(activate(OPTED_OUT_MEMBER_ID))).error?.message).toMatch(/^This member has opted out: Opt out user \(MEMBER_OPTED_OUT\)/);
		expect((await probe(activate('member-0001'))).error).toBeUndefined();
		expect((await probe(activate('member-0001'))).error?.message).toBe('already active');
	});

	it('a missing parameter is AC1004 and names it', async () => {
		const result = await probe({ route: 'activateCampaignForMember', body: { campaignId: '1001' } });
		expect(result.error?.message).toBe('Annex Cloud says the parameter "id" (Member ID) is missing');
	});
});
