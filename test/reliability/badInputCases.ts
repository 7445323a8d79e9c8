/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test code: the seed can be set from the environment */
/**
 * Generated bad input for every operation (fast-check), as a catalogue of properties that
 * the bad-input suite asserts and the secrets sweep runs again.
 *
 * Every case ends one of two ways:
 * - requests go to the operation's own route only, correctly encoded and signed: the
 *   sandbox matched the route, decoded the path parameter to exactly the id (trimmed) and
 *   verified the signature; the body is byte for byte what was expected;
 * - or a NodeOperationError that names the parameter and the item, and nothing was sent.
 * Never another error type, never a request to another route. With Continue On Fail, the
 * bad item becomes one error item paired with it and the good items still run.
 */
import fc from 'fast-check';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { MAX_ENCODED_PATH_PARAMETER_LENGTH } from '../../nodes/AnnexCloud/transport/paths';
import { LOG_BODY_LIMIT, type RequestLogEntry } from '../../sandbox';
import {
	byId,
	operation,
	VALIDITY_CAMPAIGN,
	type CaseRun,
	type OperationSpec,
	type ReliabilityContext,
} from './support';

export const BASE_SEED = Number(process.env.RELIABILITY_SEED ?? 20240808);

// ---------------------------------------------------------------------------- shared checks

/** What the node receives: the harness passes input items through JSON. */
function viaJson<T>(value: T): unknown {
	return (JSON.parse(JSON.stringify({ value })) as { value?: unknown }).value;
}

export type Expectation<T> = { ok: true; value: T } | { ok: false; problem: RegExp; /** the parameter the error names, when not the one under test */ parameter?: string };

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The message of a NodeOperationError about `displayName` of item `itemIndex`. */
export function parameterMessage(displayName: string, problem: RegExp, itemIndex: number): RegExp {
	return new RegExp(`^Parameter "${escape(displayName)}" ${problem.source}.* \\(item ${itemIndex}\\)$`, 's');
}

/** Checks that hold for every case, whatever the input. */
export function expectSafeOutcome(run: CaseRun, op: OperationSpec): void {
	expect(run.leaks).toEqual([]);
	if (run.error) expect(['NodeApiError', 'NodeOperationError']).toContain(run.error.name);
	for (const entry of run.log) {
		expect(entry.route).toBe(op.route);
		expect(entry.verified).toBe(true);
	}
	if (run.error?.name === 'NodeOperationError') expect(run.log).toEqual([]);
	// No input may reach Object.prototype (e.g. an extra field named __proto__).
	expect(Object.keys(Object.prototype)).toEqual([]);
}

/** The body the sandbox received is exactly `expected` serialised (the log keeps 2 KB). */
export function expectBody(entry: RequestLogEntry | undefined, expected: unknown): void {
	const raw = Buffer.from(JSON.stringify(expected), 'utf8');
	expect(entry?.bodyBytes).toBe(raw.length);
	expect(entry?.rawBody).toBe(raw.subarray(0, LOG_BODY_LIMIT).toString('utf8'));
}

/** A failed run about item `itemIndex` of `displayName`: the error and no request at all. */
export function expectRejected(run: CaseRun, displayName: string, problem: RegExp, itemIndex: number): void {
	expect(run.error?.name).toBe('NodeOperationError');
	expect(run.error?.message).toMatch(parameterMessage(displayName, problem, itemIndex));
	expect(run.error?.context?.itemIndex).toBe(itemIndex);
	expect(run.log).toEqual([]);
}

/** With Continue On Fail: the error item of `itemIndex` names the parameter and the item. */
export function expectErrorItem(run: CaseRun, displayName: string, problem: RegExp, itemIndex: number): void {
	const paired = run.items.filter((item) => (item.pairedItem as { item?: number } | undefined)?.item === itemIndex);
	expect(paired).toHaveLength(1);
	expect(String(paired[0]?.json.error)).toMatch(parameterMessage(displayName, problem, itemIndex));
}

// ---------------------------------------------------------------------------- ids

const WHITESPACE = fc.constantFrom('', ' ', '  ', '\t', '\n', '\u00a0', '\u3000', '\ufeff');
const PIECES = fc.constantFrom(
	'/', '?', '#', '%', '.', '..', '../', ' ', '&', '=', '+', '"', '\\', 'ü', '😀', '\u200b', 'a', '1', '%2F', '%25', '%2e', '\n', '{{', '}}',
);
const SPECIAL_IDS = [
	'', ' ', '\t\n ', '\u00a0\u3000', '.', '..', ' .. ', '../', '/', '?', '#', '%', '%2F', '%2e%2e', '..%2F..%2F',
	'../campaign/all', '../../users/member-0001/campaign', '?page=2', '#fragment', 'a/b?c#d%e', 'all', 'ACTIVE',
	' inactive ', 'group', 'activation', 'member-0001', 'jane.doe@example.com', 'id with space/slash', 'ünï-cødé',
	'odd?id#50%+more&x=1', 'quote"back\\slash', '😀', '\u0000', '\uD800', 'a\uDC00b', '{{ $json }}', '=1+1', 'null',
	'1001', '501', 'a'.repeat(MAX_ENCODED_PATH_PARAMETER_LENGTH), 'a'.repeat(MAX_ENCODED_PATH_PARAMETER_LENGTH + 1),
	'é'.repeat(MAX_ENCODED_PATH_PARAMETER_LENGTH / 6), 'é'.repeat(MAX_ENCODED_PATH_PARAMETER_LENGTH / 6 + 1),
];
const HUGE_IDS = fc
	.tuple(fc.constantFrom('x', 'ü', '😀', '/', '%', '.', ' '), fc.string({ maxLength: 4 }))
	.map(([unit, prefix]) => (prefix + unit.repeat(10_000)).slice(0, 10_000));

/** Any value an id parameter could receive from an expression. */
export const anyId: fc.Arbitrary<unknown> = fc.oneof(
	{ weight: 4, arbitrary: fc.constantFrom(...SPECIAL_IDS) },
	{ weight: 3, arbitrary: fc.array(PIECES, { maxLength: 8 }).map((pieces) => pieces.join('')) },
	{ weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
	{ weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
	{ weight: 1, arbitrary: fc.tuple(WHITESPACE, fc.string({ maxLength: 10 }), WHITESPACE).map((parts) => parts.join('')) },
	{ weight: 1, arbitrary: HUGE_IDS },
	{
		weight: 1,
		arbitrary: fc.oneof(
			fc.integer(),
			fc.double(),
			fc.boolean(),
			fc.constant(null),
			fc.array(fc.nat(), { maxLength: 2 }),
			fc.dictionary(fc.string({ maxLength: 3 }), fc.nat(), { maxKeys: 2 }),
		),
	},
);

interface IdTarget {
	op: OperationSpec;
	param: 'memberId' | 'campaignId' | 'campaignGroupId';
	displayName: string;
	locator: boolean;
	inPath: boolean;
	rejectStatusWords: boolean;
	/** the requests a run sends for these valid values (in item order): path params and body */
	requests(values: string[]): Array<{ params: string[]; body?: unknown }>;
}

/** What readId accepts, stated independently of it. */
export function expectId(raw: unknown, target: Pick<IdTarget, 'inPath' | 'rejectStatusWords'>): Expectation<string> {
	let text: string;
	if (typeof raw === 'string') text = raw.trim();
	else if (typeof raw === 'number' && Number.isFinite(raw)) text = String(raw);
	else if (raw === undefined || raw === null) text = '';
	else return { ok: false, problem: /must be text or a number/ };
	if (text === '') return { ok: false, problem: /is empty/ };
	if (target.rejectStatusWords && ['all', 'active', 'inactive'].includes(text.toLowerCase())) {
		return { ok: false, problem: /cannot be "/ };
	}
	if (target.inPath) {
		if (text === '.' || text === '..') return { ok: false, problem: /cannot be "\.\.?": in a URL/ };
		let encoded: string;
		try {
			encoded = encodeURIComponent(text);
		} catch {
			return { ok: false, problem: /contains an unpaired surrogate/ };
		}
		if (encoded.length > MAX_ENCODED_PATH_PARAMETER_LENGTH) return { ok: false, problem: /is too long to be sent in a URL/ };
	}
	return { ok: true, value: text };
}

const M = 'member-0001';
const C = '1001';
const START = '2025-03-01T00:00:00+0000';
const END = '2025-03-31T00:00:00+0000';
const validityMember = (id: string) => ({ id, startDate: START, endDate: END });

function target(
	name: string,
	param: IdTarget['param'],
	displayName: string,
	flags: { locator?: boolean; inPath?: boolean; rejectStatusWords?: boolean },
	requests: IdTarget['requests'],
): IdTarget {
	return {
		op: operation(name),
		param,
		displayName,
		locator: flags.locator ?? false,
		inPath: flags.inPath ?? false,
		rejectStatusWords: flags.rejectStatusWords ?? false,
		requests,
	};
}

const one = (request: (value: string) => { params: string[]; body?: unknown }) => (values: string[]) => values.map(request);

/** Set Individual Validity sends one request per campaign, members in item order. */
function validityBatches(values: string[], byCampaign: boolean) {
	if (values.length === 0) return [];
	if (!byCampaign) return [{ params: [], body: { campaignId: VALIDITY_CAMPAIGN, members: values.map(validityMember) } }];
	const groups = new Map<string, string[]>();
	for (const value of values) groups.set(value, [...(groups.get(value) ?? []), M]);
	return [...groups].map(([campaignId, members]) => ({ params: [], body: { campaignId, members: members.map(validityMember) } }));
}

const PATH_ID = { locator: true, inPath: true, rejectStatusWords: true };

export const ID_TARGETS: readonly IdTarget[] = [
	target('campaign.get', 'campaignId', 'Campaign', PATH_ID, one((v) => ({ params: [v] }))),
	target('campaignGroup.get', 'campaignGroupId', 'Campaign Group', PATH_ID, one((v) => ({ params: [v] }))),
	target('campaign.getEligibleForMember', 'memberId', 'Member ID', { inPath: true }, one((v) => ({ params: [v] }))),
	target('campaign.getForMember', 'memberId', 'Member ID', {}, one((v) => ({ params: [], body: { id: v, campaignId: C } }))),
	target('campaign.getForMember', 'campaignId', 'Campaign', { locator: true }, one((v) => ({ params: [], body: { id: M, campaignId: v } }))),
	target('campaign.activateForMember', 'memberId', 'Member ID', {}, one((v) => ({ params: [], body: { id: v, campaignId: C } }))),
	target('campaign.activateForMember', 'campaignId', 'Campaign', { locator: true }, one((v) => ({ params: [], body: { id: M, campaignId: v } }))),
	target('campaign.reactivateForMember', 'memberId', 'Member ID', { inPath: true }, one((v) => ({ params: [v], body: { campaignId: C } }))),
	target('campaign.reactivateForMember', 'campaignId', 'Campaign', { locator: true }, one((v) => ({ params: [M], body: { campaignId: v } }))),
	target('campaign.setIndividualValidity', 'memberId', 'Member ID', {}, (values) => validityBatches(values, false)),
	target('campaign.setIndividualValidity', 'campaignId', 'Campaign', { locator: true }, (values) => validityBatches(values, true)),
];

/**
 * Set Individual Validity refuses a later item for the same campaign and member (the member
 * is fixed when the campaign varies, and the reverse): such an item's expectation becomes
 * that input mistake, named on the Member ID.
 */
function withoutRepeatedMembers(t: IdTarget, expectations: Array<Expectation<string>>): Array<Expectation<string>> {
	if (t.op.name !== 'campaign.setIndividualValidity') return expectations;
	const firstOf = new Map<string, number>();
	return expectations.map((expectation, itemIndex) => {
		if (!expectation.ok) return expectation;
		const first = firstOf.get(expectation.value);
		if (first === undefined) {
			firstOf.set(expectation.value, itemIndex);
			return expectation;
		}
		return { ok: false, problem: new RegExp(`repeats item ${first}: member "`), parameter: 'Member ID' };
	});
}

/** One id property: 1 to 3 items, each with its own value of the id; Continue On Fail on or off. */
async function checkIds(ctx: ReliabilityContext, t: IdTarget, values: unknown[], continueOnFail: boolean): Promise<void> {
	ctx.reset();
	t.op.prepare?.(ctx.sandbox);
	const expression = '={{ $json.value }}';
	const parameters: INodeParameters = { ...t.op.parameters(), [t.param]: t.locator ? byId(expression) : expression };
	const input = values.map((value) => ({ value }) as IDataObject);
	const run = await ctx.run(parameters, input, { continueOnFail });
	expectSafeOutcome(run, t.op);

	const expectations = withoutRepeatedMembers(t, values.map((value) => expectId(viaJson(value), t)));
	const firstBad = expectations.findIndex((expectation) => !expectation.ok);
	if (!continueOnFail && firstBad >= 0) {
		const bad = expectations[firstBad] as { ok: false; problem: RegExp; parameter?: string };
		expectRejected(run, bad.parameter ?? t.displayName, bad.problem, firstBad);
		return;
	}
	expectations.forEach((expectation, itemIndex) => {
		if (!expectation.ok) expectErrorItem(run, expectation.parameter ?? t.displayName, expectation.problem, itemIndex);
	});
	const good = expectations.flatMap((expectation) => (expectation.ok ? [expectation.value] : []));
	const expected = t.requests(good);
	// Without Continue On Fail the node stops at the first API error: the log is a prefix.
	if (run.error) expect(run.error.name).toBe('NodeApiError');
	if (continueOnFail || !run.error) expect(run.log).toHaveLength(expected.length);
	else expect(run.log.length).toBeLessThanOrEqual(expected.length);
	run.log.forEach((entry, k) => {
		expect(entry.params).toEqual(expected[k]?.params);
		if (expected[k]?.body !== undefined) expectBody(entry, expected[k]?.body);
	});
}

// ---------------------------------------------------------------------------- extra fields (JSON)

const INVALID_JSON = ['{', '{"a":}', "{'a':1}", 'undefined', 'NaN', '[1,2', '{"a":1}}', '{a:1}', '"unterminated'];
const ODD_OBJECTS = [
	'', '   ', 'null', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}',
	'{"id":"someone-else"}', '{"campaignId":"9999"}', '{"members":[]}', '{"startDate":"2025-03-02T00:00:00Z"}',
	'{"nested":{"deep":[1,{"x":null}]}}', '{"emoji":"😀","quote":"\\"","slash":"\\\\"}',
];

/** Any value an Extra Fields (JSON) option could receive: JSON values, their text, bad text. */
export const anyExtraFields: fc.Arbitrary<unknown> = fc.oneof(
	fc.jsonValue({ maxDepth: 2 }),
	fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value)),
	fc.constantFrom(...INVALID_JSON, ...ODD_OBJECTS),
	fc.string({ maxLength: 12 }),
);

/** What readJsonObject accepts, stated independently of it. */
export function expectJsonObject(raw: unknown): Expectation<IDataObject> {
	let value = raw;
	if (typeof raw === 'string') {
		if (raw.trim() === '') return { ok: true, value: {} };
		try {
			value = JSON.parse(raw) as unknown;
		} catch {
			return { ok: false, problem: /is not valid JSON/ };
		}
	}
	if (value === undefined || value === null) return { ok: true, value: {} };
	if (typeof value !== 'object' || Array.isArray(value)) return { ok: false, problem: /must be a JSON object/ };
	return { ok: true, value: value as IDataObject };
}

interface ExtraTarget {
	op: OperationSpec;
	option: 'extraBodyFields' | 'extraMemberFields';
	displayName: string;
	body(extra: IDataObject): unknown;
}

const extraBody = (name: string, body: ExtraTarget['body']): ExtraTarget => ({
	op: operation(name),
	option: 'extraBodyFields',
	displayName: 'Extra Body Fields (JSON)',
	body,
});

export const EXTRA_TARGETS: readonly ExtraTarget[] = [
	extraBody('campaign.activateForMember', (x) => ({ id: M, campaignId: C, ...x })),
	extraBody('campaign.reactivateForMember', (x) => ({ campaignId: C, ...x })),
	extraBody('campaign.getForMember', (x) => ({ id: M, campaignId: C, ...x })),
	extraBody('campaign.setIndividualValidity', (x) => ({ campaignId: VALIDITY_CAMPAIGN, members: [validityMember(M)], ...x })),
	{
		op: operation('campaign.setIndividualValidity'),
		option: 'extraMemberFields',
		displayName: 'Extra Member Fields (JSON)',
		body: (x) => ({ campaignId: VALIDITY_CAMPAIGN, members: [{ ...validityMember(M), ...x }] }),
	},
];

async function checkExtra(ctx: ReliabilityContext, t: ExtraTarget, value: unknown): Promise<void> {
	ctx.reset();
	t.op.prepare?.(ctx.sandbox);
	const run = await ctx.run(t.op.parameters({ [t.option]: '={{ $json.value }}' }), [{ value } as IDataObject]);
	expectSafeOutcome(run, t.op);
	const expectation = expectJsonObject(viaJson(value));
	if (!expectation.ok) {
		expectRejected(run, t.displayName, expectation.problem, 0);
		return;
	}
	expect(run.log).toHaveLength(1);
	expectBody(run.log[0], t.body(expectation.value));
}

// ---------------------------------------------------------------------------- timeout, status, limit, batch size

export const anyNumberish: fc.Arbitrary<unknown> = fc.oneof(
	fc.constantFrom(0, -1, 0.5, 0.999, 1, '', ' ', 'abc', '1e3', '300ms', '0x10', 'Infinity', '-5', ' 2500 ', null, true, {}, [], 2 ** 31 - 1, 2 ** 31, 1e10),
	fc.double(),
	fc.integer({ min: -1_000_000, max: 1_000_000 }),
	fc.integer({ min: 1000, max: 60_000 }),
	fc.integer({ min: 1000, max: 60_000 }).map(String),
);

/** The longest delay a Node.js timer can hold; a longer one fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** What readTimeout accepts: a number (or numeric text) of at least 1 ms that a timer can hold. */
export function expectTimeout(raw: unknown): Expectation<number> {
	const ms = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
	if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 1 || ms > MAX_TIMER_MS) {
		return { ok: false, problem: /must be a positive number of milliseconds/ };
	}
	return { ok: true, value: Math.floor(ms) };
}

async function checkTimeout(ctx: ReliabilityContext, op: OperationSpec, value: unknown): Promise<void> {
	ctx.reset();
	op.prepare?.(ctx.sandbox);
	const run = await ctx.run(op.parameters({ timeout: '={{ $json.value }}' }), [{ value } as IDataObject]);
	expectSafeOutcome(run, op);
	const expectation = expectTimeout(viaJson(value));
	if (!expectation.ok) {
		expectRejected(run, 'Timeout', expectation.problem, 0);
		return;
	}
	expect(run.signed).toBeGreaterThanOrEqual(1);
	// A tiny but valid timeout may expire (even before the request reached the server): then
	// it is the timeout error, never anything else.
	if (run.error) expect(run.error.message).toMatch(new RegExp(`^Annex Cloud did not answer within ${expectation.value} ms`));
	else expect(run.log.length).toBeGreaterThanOrEqual(1);
}

export const anyFlag: fc.Arbitrary<unknown> = fc.oneof(
	fc.constantFrom(true, false, 'true', 'false', ' TRUE ', 'False', '', ' ', 'yes', 'no', '1', '0', 1, 0, null, {}, []),
	fc.string({ maxLength: 8 }),
);

/**
 * Treat Already Active as Success, on a member who is already active: a boolean (or its text,
 * any case) decides; nothing given is off; anything else is named before anything is sent.
 * (Reactivate reads it with the same code, actions/campaign/memberWrite.ts; the sandbox has no
 * "already active" answer to a reactivation but an injected one, which its log cannot route.)
 */
async function checkAlreadyActive(ctx: ReliabilityContext, op: OperationSpec, value: unknown): Promise<void> {
	ctx.reset();
	ctx.sandbox.store.activate(M, C);
	const run = await ctx.run(op.parameters({ alreadyActiveIsSuccess: '={{ $json.value }}' }), [{ value } as IDataObject]);
	expectSafeOutcome(run, op);
	const raw = viaJson(value);
	const text = typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
	const on = raw === true || text === 'true';
	if (!on && !(raw === false || raw === null || raw === undefined || text === 'false' || text === '')) {
		expectRejected(run, 'Treat Already Active as Success', /must be true or false/, 0);
		return;
	}
	expect(run.log).toHaveLength(1);
	if (on) expect(run.items.map((item) => item.json)).toEqual([{ success: true, memberId: M, campaignId: C, alreadyActive: true }]);
	else expect(run.error?.httpCode).toBe('409');
}

export const anyStatus: fc.Arbitrary<unknown> = fc.oneof(
	fc.constantFrom('all', 'active', 'inactive', 'ALL', ' Active ', 'InAcTiVe', '', 'none', 'all/..', 'all?x=1', 'active#', 'actives', 'alll', '..', '1001'),
	fc.string({ maxLength: 10 }),
	fc.integer(),
	fc.constant(null),
);

async function checkStatus(ctx: ReliabilityContext, op: OperationSpec, value: unknown): Promise<void> {
	ctx.reset();
	const forMember = op.name === 'campaign.getForMember';
	const parameters: INodeParameters = {
		...op.parameters(),
		...(forMember ? { selectBy: 'status', returnAll: true } : {}),
		status: '={{ $json.value }}',
	};
	const run = await ctx.run(parameters, [{ value } as IDataObject]);
	expectSafeOutcome(run, op);
	const raw = viaJson(value);
	const text = typeof raw === 'string' ? raw.trim() : '';
	if (!['all', 'active', 'inactive'].includes(text.toLowerCase())) {
		expectRejected(run, 'Status', /must be one of all, active, inactive/, 0);
		return;
	}
	expect(run.error).toBeUndefined();
	expect(run.log.length).toBeGreaterThanOrEqual(1);
	for (const entry of run.log) {
		if (forMember) expectBody(entry, { id: M, status: text });
		else expect(entry.params).toEqual([text]);
	}
}

/** What readWholeNumber accepts: a whole number, or text of one (an expression's result), within [min, max]. */
function wholeNumber(raw: unknown, min: number, max = Infinity): number | undefined {
	const count = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
	return typeof count === 'number' && Number.isInteger(count) && count >= min && count <= max ? count : undefined;
}

async function checkLimit(ctx: ReliabilityContext, op: OperationSpec, value: unknown, total: number): Promise<void> {
	ctx.reset();
	const run = await ctx.run({ ...op.parameters(), returnAll: false, limit: '={{ $json.value }}' }, [{ value } as IDataObject]);
	expectSafeOutcome(run, op);
	const limit = wholeNumber(viaJson(value), 1);
	if (limit === undefined) {
		expectRejected(run, 'Limit', /must be a whole number of at least 1/, 0);
		return;
	}
	expect(run.error).toBeUndefined();
	expect(run.items).toHaveLength(Math.min(limit, total));
}

async function checkBatchSize(ctx: ReliabilityContext, value: unknown, members: number): Promise<void> {
	const op = operation('campaign.setIndividualValidity');
	ctx.reset();
	const input = Array.from({ length: members }, (_, i) => ({ member: `member-${String(i + 1).padStart(4, '0')}` }));
	const run = await ctx.run(
		{ ...op.parameters({ batchSize: '={{ $json.size }}' }), memberId: '={{ $json.member }}' },
		input.map((item) => ({ ...item, size: value }) as IDataObject),
	);
	expectSafeOutcome(run, op);
	const size = wholeNumber(viaJson(value), 1, 1000);
	if (size === undefined) {
		expectRejected(run, 'Batch Size', /must be a whole number from 1 to 1000/, 0);
		return;
	}
	expect(run.error).toBeUndefined();
	expect(run.log).toHaveLength(Math.ceil(members / size));
	expect(run.items.map((item) => (item.pairedItem as { item: number }).item)).toEqual(input.map((_, i) => i));
	expect(run.items.map((item) => item.json.memberId)).toEqual(input.map((item) => item.member));
}

/** What readConcurrency accepts: "auto" (any case, spaces around) or a whole number (or whole-number text) from 0 (no limit) to 10. */
export function expectConcurrency(raw: unknown): Expectation<number | 'auto'> {
	if (typeof raw === 'string' && raw.trim().toLowerCase() === 'auto') return { ok: true, value: 'auto' };
	const count = wholeNumber(raw, 0, 10);
	if (count === undefined) return { ok: false, problem: /must be "auto" or a whole number from 0 to 10/ };
	return { ok: true, value: count };
}

/** Concurrent Requests over several items of a read: each item read once, output in input order. */
async function checkConcurrency(ctx: ReliabilityContext, op: OperationSpec, value: unknown, items: number): Promise<void> {
	ctx.reset();
	op.prepare?.(ctx.sandbox);
	const input = Array.from({ length: items }, () => ({ value }) as IDataObject);
	const run = await ctx.run(op.parameters({ concurrency: '={{ $json.value }}' }), input);
	expectSafeOutcome(run, op);
	const expectation = expectConcurrency(viaJson(value));
	if (!expectation.ok) {
		expectRejected(run, 'Concurrent Requests', expectation.problem, 0);
		return;
	}
	expect(run.error).toBeUndefined();
	expect(run.log).toHaveLength(items);
	expect(run.items.map((item) => (item.pairedItem as { item: number }).item)).toEqual(input.map((_, i) => i));
}

// ---------------------------------------------------------------------------- dates

const PERIOD_START = Date.parse('2025-01-02T00:00:00Z');
const PERIOD_END = Date.parse('2025-12-30T00:00:00Z');

type DateCase = { raw: unknown; expect: Expectation<number> };

function withOffset(ms: number, offsetMinutes: number, compact: boolean): string {
	const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
	const sign = offsetMinutes < 0 ? '-' : '+';
	const abs = Math.abs(offsetMinutes);
	const hh = String(Math.floor(abs / 60)).padStart(2, '0');
	const mm = String(abs % 60).padStart(2, '0');
	return `${local}${sign}${hh}${compact ? '' : ':'}${mm}`;
}

const validDateFrom = (ms: number): fc.Arbitrary<DateCase> =>
	fc.oneof(
		fc.constant({ raw: new Date(ms).toISOString(), expect: { ok: true, value: ms } as const }),
		fc.constant({ raw: ms, expect: { ok: true, value: ms } as const }),
		fc.constant({ raw: String(ms), expect: { ok: true, value: ms } as const }),
		fc
			.tuple(fc.integer({ min: -12 * 60, max: 14 * 60 }), fc.boolean())
			.map(([offset, compact]) => ({
				raw: withOffset(ms, offset, compact),
				expect: { ok: true, value: Math.floor(ms / 1000) * 1000 } as const,
			})),
	);

const invalidDate: fc.Arbitrary<DateCase> = fc
	.oneof(
		fc.constantFrom(
			'not a date', '2024-13-01T00:00:00Z', '2024-02-30T00:00:00Z', '2025-06-01T24:00:00Z', '2025-06-01T10:60:00Z',
			'31/12/2025', 'yesterday', '2025-1-1', '12345678', '2025-06-01T10:00:00+2400', '2025-06-01T10:00:00+05:60',
			'T10:00:00', '2025-06-01T10:00:00 Europe/Paris', true, {}, [],
		),
		fc.string({ maxLength: 12 }).filter((text) => !/\d/.test(text) && text.trim() !== ''),
	)
	.map((raw) => ({ raw, expect: { ok: false, problem: /is not a date we can read/ } as const }));

const emptyDate: fc.Arbitrary<DateCase> = fc
	.constantFrom('', '   ', null)
	.map((raw) => ({ raw, expect: { ok: false, problem: /is empty/ } as const }));

const outOfRangeDate: fc.Arbitrary<DateCase> = fc
	.constantFrom(1e20, -1e20, 8.64e15, -8.64e15, '99999999999999999999', 253402300800000, -62167219200001, '253402300800000')
	.map((raw) => ({ raw, expect: { ok: false, problem: /is out of range/ } as const }));

const valid = (raw: unknown, ms: number): DateCase => ({ raw, expect: { ok: true, value: ms } });

/** Edges: a window inside one second (empty once sent, to the second), equal, 1 ms reversed, exactly 1 s. */
const EDGE_PAIRS: Array<[DateCase, DateCase]> = [
	[valid('2025-03-01T10:00:00.200Z', Date.parse('2025-03-01T10:00:00.200Z')), valid('2025-03-01T10:00:00.800Z', Date.parse('2025-03-01T10:00:00.800Z'))],
	[valid('2025-03-01T10:00:00Z', Date.parse('2025-03-01T10:00:00Z')), valid('2025-03-01T10:00:00Z', Date.parse('2025-03-01T10:00:00Z'))],
	[valid('2025-03-01T10:00:00.001Z', Date.parse('2025-03-01T10:00:00.001Z')), valid('2025-03-01T10:00:00.000Z', Date.parse('2025-03-01T10:00:00.000Z'))],
	[valid('2025-03-01T10:00:00.999Z', Date.parse('2025-03-01T10:00:00.999Z')), valid('2025-03-01T10:00:01.000Z', Date.parse('2025-03-01T10:00:01.000Z'))],
];

/** A start and an end: valid, reversed, equal to the second, or bad on either side. */
export const anyDatePair: fc.Arbitrary<[DateCase, DateCase]> = fc.oneof(
	fc.constantFrom(...EDGE_PAIRS),
	fc
		.tuple(fc.integer({ min: PERIOD_START, max: PERIOD_END }), fc.integer({ min: PERIOD_START, max: PERIOD_END }))
		.chain(([a, b]) => fc.tuple(validDateFrom(a), validDateFrom(b))),
	fc
		.tuple(fc.integer({ min: PERIOD_START, max: PERIOD_END }), fc.integer({ min: 0, max: 1500 }))
		.chain(([a, delta]) => fc.tuple(validDateFrom(a), validDateFrom(a + delta))),
	fc.tuple(fc.oneof(invalidDate, emptyDate, outOfRangeDate), fc.integer({ min: PERIOD_START, max: PERIOD_END }).chain(validDateFrom)),
	fc.tuple(fc.integer({ min: PERIOD_START, max: PERIOD_END }).chain(validDateFrom), fc.oneof(invalidDate, emptyDate, outOfRangeDate)),
);

function apiDate(ms: number): string {
	return `${new Date(ms).toISOString().slice(0, 19)}+0000`;
}

function expectDates([start, end]: [DateCase, DateCase]): Expectation<{ start: number; end: number }> & { parameter?: string } {
	if (!start.expect.ok) return { ...start.expect, parameter: 'Start Date' };
	if (!end.expect.ok) return { ...end.expect, parameter: 'End Date' };
	if (Math.floor(end.expect.value / 1000) <= Math.floor(start.expect.value / 1000)) {
		return { ok: false, problem: /must be after the Start Date/, parameter: 'End Date' };
	}
	return { ok: true, value: { start: start.expect.value, end: end.expect.value } };
}

async function checkDates(ctx: ReliabilityContext, pairs: Array<[DateCase, DateCase]>, continueOnFail: boolean): Promise<void> {
	const op = operation('campaign.setIndividualValidity');
	ctx.reset();
	// One member per item: the same member twice for a campaign is an input mistake of its own.
	const memberOf = (itemIndex: number): string => `member-${String(itemIndex + 1).padStart(4, '0')}`;
	const run = await ctx.run(
		{ ...op.parameters(), memberId: '={{ $json.member }}', startDate: '={{ $json.start }}', endDate: '={{ $json.end }}' },
		pairs.map(([start, end], itemIndex) => ({ start: start.raw, end: end.raw, member: memberOf(itemIndex) }) as IDataObject),
		{ continueOnFail },
	);
	expectSafeOutcome(run, op);
	const expectations = pairs.map((pair) => expectDates(pair));
	const firstBad = expectations.findIndex((expectation) => !expectation.ok);
	if (!continueOnFail && firstBad >= 0) {
		const bad = expectations[firstBad] as { ok: false; problem: RegExp; parameter: string };
		expectRejected(run, bad.parameter, bad.problem, firstBad);
		return;
	}
	expectations.forEach((expectation, itemIndex) => {
		if (!expectation.ok) expectErrorItem(run, expectation.parameter ?? '', expectation.problem, itemIndex);
	});
	const good = expectations.flatMap((expectation, itemIndex) =>
		expectation.ok ? [{ ...expectation.value, member: memberOf(itemIndex) }] : [],
	);
	expect(run.error).toBeUndefined();
	expect(run.log).toHaveLength(good.length > 0 ? 1 : 0);
	if (good.length === 0) return;
	expectBody(run.log[0], {
		campaignId: VALIDITY_CAMPAIGN,
		members: good.map(({ start, end, member }) => ({ id: member, startDate: apiDate(start), endDate: apiDate(end) })),
	});
	// Every window lies inside the campaign period: Annex Cloud accepted each one.
	const outcomes = run.items.filter((item) => item.json.error === undefined);
	expect(outcomes).toHaveLength(good.length);
	for (const item of outcomes) expect(item.json.success).toBe(true);
}

// ---------------------------------------------------------------------------- trigger filters and options

const anyText: fc.Arbitrary<unknown> = fc.oneof(
	fc.constantFrom(...SPECIAL_IDS.filter((text) => text.length < 100)),
	fc.string({ unit: 'binary', maxLength: 16 }),
	HUGE_IDS,
	fc.integer(),
	fc.constant(null),
);

/** The trigger's filters and options: whatever they hold, a poll reads the active list only. */
async function checkTriggerOptions(
	ctx: ReliabilityContext,
	[campaignGroup, nameContains, startFrom, emitOnce]: [unknown, unknown, unknown, unknown],
): Promise<void> {
	ctx.reset();
	// A leading "=" would make the value an n8n expression: that is n8n's business, not ours.
	const literal = (value: unknown): unknown => (typeof value === 'string' && value.startsWith('=') ? ` ${value}` : value);
	const staticData: IDataObject = {};
	const run = await ctx.poll(
		{
			event: 'campaignBecameActive',
			filters: { campaignGroup: literal(campaignGroup), nameContains: literal(nameContains) } as INodeParameters,
			options: { startFrom: literal(startFrom), emitOnce: literal(emitOnce) } as INodeParameters,
		},
		staticData,
	);
	expect(run.leaks).toEqual([]);
	if (run.error) expect(['NodeApiError', 'NodeOperationError']).toContain(run.error.name);
	expect(run.error).toBeUndefined();
	for (const entry of run.log) expect(entry).toMatchObject({ route: 'getCampaignsByStatus', params: ['active'], verified: true });
	const active = new Set(ctx.sandbox.store.listCampaigns('active').map((campaign) => String(campaign.campaignId)));
	for (const item of run.result?.[0] ?? []) expect(active.has(String(item.json.campaignId))).toBe(true);
	expect(Object.keys(Object.prototype)).toEqual([]);
}

// ---------------------------------------------------------------------------- the catalogue

export interface PropertyCase {
	name: string;
	numRuns: number;
	/** run the property; returns the number of cases tried */
	run(ctx: ReliabilityContext, seedOffset?: number): Promise<number>;
}

function hash(text: string): number {
	let h = 0;
	for (const char of text) h = (Math.imul(h, 31) + (char.codePointAt(0) ?? 0)) | 0;
	return Math.abs(h);
}

function property<T>(name: string, numRuns: number, arbitrary: fc.Arbitrary<T>, check: (ctx: ReliabilityContext, value: T) => Promise<void>): PropertyCase {
	return {
		name,
		numRuns,
		async run(ctx) {
			let tried = 0;
			await fc.assert(
				fc.asyncProperty(arbitrary, async (value) => {
					tried += 1;
					await check(ctx, value);
				}),
				{ numRuns, seed: (BASE_SEED + hash(name)) | 0, endOnFailure: true },
			);
			return tried;
		},
	};
}

const LIST_TOTALS: Record<string, (ctx: ReliabilityContext) => number> = {
	'campaign.getMany': (ctx) => ctx.sandbox.store.listCampaigns('all').length,
	'campaignGroup.getMany': (ctx) => ctx.sandbox.store.listGroups().length,
	'campaign.getEligibleForMember': (ctx) => ctx.sandbox.store.eligibleCampaigns(M).length,
};

export const PROPERTIES: readonly PropertyCase[] = [
	...ID_TARGETS.map((t) =>
		property(
			`${t.op.name}: ${t.displayName} (${t.inPath ? 'URL path' : 'body'})`,
			100,
			fc.tuple(fc.array(anyId, { minLength: 1, maxLength: 3 }), fc.boolean()),
			async (ctx, [values, continueOnFail]) => await checkIds(ctx, t, values, continueOnFail),
		),
	),
	...EXTRA_TARGETS.map((t) =>
		property(`${t.op.name}: ${t.displayName}`, 80, anyExtraFields, async (ctx, value) => await checkExtra(ctx, t, value)),
	),
	...['campaign.getMany', 'campaignGroup.getMany', 'campaign.getForMember'].map((name) =>
		property(`${name}: Status`, 60, anyStatus, async (ctx, value) => await checkStatus(ctx, operation(name), value)),
	),
	...Object.keys(LIST_TOTALS).map((name) =>
		property(`${name}: Limit`, 50, fc.oneof(fc.integer({ min: -5, max: 30 }), anyNumberish), async (ctx, value) => {
			ctx.reset();
			await checkLimit(ctx, operation(name), value, (LIST_TOTALS[name] as (c: ReliabilityContext) => number)(ctx));
		}),
	),
	...[
		'campaign.getMany',
		'campaign.get',
		'campaign.getEligibleForMember',
		'campaign.getForMember',
		'campaign.activateForMember',
		'campaign.reactivateForMember',
		'campaign.setIndividualValidity',
		'campaignGroup.getMany',
		'campaignGroup.get',
	].map((name) => property(`${name}: Timeout`, 50, anyNumberish, async (ctx, value) => await checkTimeout(ctx, operation(name), value))),
	property('campaign.activateForMember: Treat Already Active as Success', 60, anyFlag, async (ctx, value) =>
		await checkAlreadyActive(ctx, operation('campaign.activateForMember'), value),
	),
	...['campaign.get', 'campaignGroup.get'].map((name) =>
		property(
			`${name}: Concurrent Requests`,
			40,
			fc.tuple(
				fc.oneof(fc.integer({ min: -2, max: 14 }), anyNumberish, fc.constantFrom('auto', 'AUTO', ' Auto ', 'autom', '')),
				fc.integer({ min: 1, max: 12 }),
			),
			async (ctx, [value, items]) => await checkConcurrency(ctx, operation(name), value, items),
		),
	),
	property(
		'campaign.setIndividualValidity: Start Date / End Date',
		100,
		fc.tuple(fc.array(anyDatePair, { minLength: 1, maxLength: 3 }), fc.boolean()),
		async (ctx, [pairs, continueOnFail]) => await checkDates(ctx, pairs, continueOnFail),
	),
	property(
		'trigger: Filters and Options',
		50,
		fc.tuple(anyText, anyText, fc.oneof(fc.constantFrom('now', 'includeActive'), anyText), fc.oneof(fc.boolean(), anyText)),
		async (ctx, values) => await checkTriggerOptions(ctx, values),
	),
	property(
		'campaign.setIndividualValidity: Batch Size',
		50,
		fc.tuple(fc.oneof(fc.integer({ min: -3, max: 1100 }), fc.integer({ min: 1, max: 8 }), anyNumberish), fc.integer({ min: 1, max: 25 })),
		async (ctx, [value, members]) => await checkBatchSize(ctx, value, members),
	),
];
