/**
 * The nine Campaign endpoints of the contract, behind independent authentication.
 * Routes are derived from the contract's `ROUTES` templates.
 */
import {
	FIELDS,
	LIST_KEYS,
	PAGE_QUERY_PARAMETER,
	ROUTES,
	isStatusWord,
	type RouteDefinition,
	type RouteKey,
} from '../nodes/AnnexCloud/transport/contract';
import { verifyRequest } from './auth';
import { SandboxError, type SandboxStore } from './data';
import { annexErrorReply, annexReplyFromError, asObject, parseJsonBody, type Reply } from './http';

export interface ApiConfig {
	secret: string;
	siteId: string;
	clockSkewSeconds: number;
	pageSize: number;
	now: () => number;
}

export interface ApiRequest {
	method: string;
	/** decoded path segments after the base URL's path */
	segments: string[];
	query: Record<string, string>;
	body: Buffer;
	authorization: string | undefined;
	siteHeader: string | undefined;
}

export interface ApiOutcome {
	reply: Reply;
	route: RouteKey | null;
	params: string[];
	verified: boolean;
	authError: string | null;
	claims: Record<string, unknown> | null;
}

interface RouteShape {
	route: RouteDefinition;
	/** literal segment, or null for a `{param}` */
	parts: (string | null)[];
	literals: number;
	/** the template's parameter is a status word (`{status}`) */
	statusParam: boolean;
}

const ROUTE_SHAPES: RouteShape[] = Object.values(ROUTES).map((route) => {
	const parts = route.template
		.split('/')
		.slice(1)
		.map((part) => (/^\{\w+\}$/.test(part) ? null : part));
	return {
		route,
		parts,
		literals: parts.filter((part) => part !== null).length,
		statusParam: route.template.includes('{status}'),
	};
});

type RouteMatch =
	| { kind: 'ok'; route: RouteDefinition; params: string[] }
	| { kind: 'method'; allow: string[] }
	| { kind: 'none' };

/**
 * Match decoded segments to a contract route. Templates that differ only by the meaning of
 * their parameter (`/campaign/{status}` and `/campaign/{campaignId}`) are told apart by
 * value: a status word (any case) means the list.
 */
export function matchRoute(method: string, segments: string[]): RouteMatch {
	const candidates = ROUTE_SHAPES.filter(
		(shape) =>
			shape.parts.length === segments.length &&
			shape.parts.every((part, i) => (part === null ? (segments[i] ?? '').length > 0 : part === segments[i])),
	);
	if (candidates.length === 0) return { kind: 'none' };
	const forMethod = candidates.filter((shape) => shape.route.method === method);
	if (forMethod.length === 0) return { kind: 'method', allow: [...new Set(candidates.map((c) => c.route.method))] };
	const mostLiteral = Math.max(...forMethod.map((shape) => shape.literals));
	const best = forMethod.filter((shape) => shape.literals === mostLiteral);
	const params = (shape: RouteShape): string[] =>
		shape.parts.flatMap((part, i) => (part === null ? [segments[i] ?? ''] : []));
	const chosen =
		best.length === 1
			? best[0]
			: best.find((shape) => shape.statusParam === isStatusWord(params(shape)[0] ?? '')) ?? best[0];
	if (!chosen) return { kind: 'none' };
	return { kind: 'ok', route: chosen.route, params: params(chosen) };
}

function parsePage(query: Record<string, string>): number {
	const raw = query[PAGE_QUERY_PARAMETER];
	if (raw === undefined || raw === '') return 1;
	if (!/^\d+$/.test(raw) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) {
		throw new SandboxError(400, 'INVALID_PAGE', `${PAGE_QUERY_PARAMETER} must be a positive integer`);
	}
	return Number(raw);
}

function requiredId(body: Record<string, unknown>, field: string): string {
	const value = body[field];
	if (typeof value === 'string' && value.length > 0) return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (value === undefined || value === null || value === '') {
		throw new SandboxError(400, 'MISSING_PARAMETER', `"${field}" is required`);
	}
	throw new SandboxError(400, 'INVALID_REQUEST', `"${field}" must be a non-empty string`);
}

/**
 * "No data found" [doc] for a list with nothing in it at all: 404 on the GET lists, 400 on
 * POST /campaign (the documented AC1005 comes with either status). A page past the end of a
 * list that has items is still an empty page.
 */
function noDataUnlessAny(total: number, status: 400 | 404, what: string): void {
	if (total === 0) throw new SandboxError(status, 'NO_DATA', `No ${what}`);
}

/** Authenticate, then answer one API request. Never throws. */
export function handleApiRequest(request: ApiRequest, store: SandboxStore, config: ApiConfig): ApiOutcome {
	const outcome: ApiOutcome = {
		reply: annexErrorReply(404, 'NOT_FOUND', 'Not found'),
		route: null,
		params: [],
		verified: false,
		authError: null,
		claims: null,
	};
	const match = matchRoute(request.method, request.segments);
	if (match.kind === 'none') {
		outcome.reply = annexErrorReply(404, 'NOT_FOUND', `No API route for ${request.method} /${request.segments.join('/')}`);
		return outcome;
	}
	if (match.kind === 'method') {
		outcome.reply = annexErrorReply(405, 'METHOD_NOT_ALLOWED', `Use ${match.allow.join(' or ')} for this path`, {
			Allow: match.allow.join(', '),
		});
		return outcome;
	}
	outcome.route = match.route.key;
	outcome.params = match.params;

	// GET signs its single path parameter (decoded) as a JSON string literal; POST and PATCH
	// sign the raw body bytes exactly as received.
	const payload = request.method === 'GET' ? JSON.stringify(match.params[0] ?? '') : request.body;
	const auth = verifyRequest(
		{ authorization: request.authorization, siteHeader: request.siteHeader, payload },
		{ secret: config.secret, siteId: config.siteId, clockSkewSeconds: config.clockSkewSeconds, nowMs: config.now() },
	);
	if (!auth.ok) {
		outcome.authError = auth.errorCode;
		outcome.claims = auth.claims ?? null;
		outcome.reply = annexErrorReply(401, auth.errorCode, auth.errorMessage, {
			'WWW-Authenticate': `Bearer error="invalid_token", error_description="${auth.errorCode}"`,
		});
		return outcome;
	}
	outcome.verified = true;
	outcome.claims = auth.claims;

	try {
		outcome.reply = route(match.route.key, match.params, request, store, config);
	} catch (error) {
		outcome.reply = annexReplyFromError(error);
	}
	return outcome;
}

function route(key: RouteKey, params: string[], request: ApiRequest, store: SandboxStore, config: ApiConfig): Reply {
	const param = params[0] ?? '';
	const F = FIELDS.request;
	const L = FIELDS.list;
	switch (key) {
		case 'getCampaignsByStatus': {
			const page = parsePage(request.query);
			const result = store.pageCampaigns(param, page, config.pageSize);
			noDataUnlessAny(result.total, 404, `${param.toLowerCase()} campaigns`);
			// Counts are strings, as in the vendor code.
			return {
				status: 200,
				body: { [LIST_KEYS.campaigns]: result.items, [L.pages]: String(result.pages), [L.currentPage]: String(page) },
			};
		}
		case 'getCampaign': {
			const campaign = store.getCampaign(param);
			if (!campaign) return annexErrorReply(404, 'CAMPAIGN_NOT_FOUND', `Campaign "${param}" not found`);
			return { status: 200, body: campaign };
		}
		case 'getEligibleCampaigns': {
			const campaigns = store.eligibleCampaigns(param);
			noDataUnlessAny(campaigns.length, 404, `campaigns for member "${param}"`);
			return { status: 200, body: campaigns };
		}
		case 'getCampaignGroupsByStatus': {
			const page = parsePage(request.query);
			const result = store.pageGroups(param, page, config.pageSize);
			noDataUnlessAny(result.total, 404, `${param.toLowerCase()} campaign groups`);
			// Counts are numbers here, to exercise clients that accept both.
			return {
				status: 200,
				body: { [LIST_KEYS.campaignGroups]: result.items, [L.pages]: result.pages, [L.currentPage]: page },
			};
		}
		case 'getCampaignGroup': {
			const group = store.getGroup(param);
			if (!group) return annexErrorReply(404, 'GROUP_NOT_FOUND', `Campaign group "${param}" not found`);
			return { status: 200, body: group };
		}
		case 'getCampaignForMember': {
			const body = asObject(parseJsonBody(request.body, false));
			const memberId = requiredId(body, F.memberId);
			const hasCampaign = body[F.campaignId] !== undefined && body[F.campaignId] !== null;
			const hasStatus = body[F.status] !== undefined && body[F.status] !== null;
			if (hasCampaign === hasStatus) {
				throw new SandboxError(400, 'INVALID_REQUEST', `Send exactly one of "${F.campaignId}" and "${F.status}"`);
			}
			// POST /campaign answers "No data found" with 400 (the GET routes use 404).
			if (!store.hasMember(memberId)) throw new SandboxError(400, 'MEMBER_NOT_FOUND', `Member "${memberId}" not found`);
			if (hasCampaign) {
				const campaignId = requiredId(body, F.campaignId);
				if (!store.getCampaign(campaignId)) throw new SandboxError(400, 'CAMPAIGN_NOT_FOUND', `Campaign "${campaignId}" not found`);
				return { status: 200, body: store.memberCampaign(memberId, campaignId) };
			}
			const status = body[F.status];
			if (typeof status !== 'string' || !isStatusWord(status)) {
				throw new SandboxError(400, 'INVALID_STATUS', `"${F.status}" must be all, active or inactive`);
			}
			const page = parsePage(request.query);
			const result = store.pageMemberCampaigns(memberId, status, page, config.pageSize);
			noDataUnlessAny(result.total, 400, `${status.toLowerCase()} campaigns for member "${memberId}"`);
			return {
				status: 200,
				body: { [LIST_KEYS.campaigns]: result.items, [L.pages]: String(result.pages), [L.currentPage]: String(page) },
			};
		}
		case 'activateCampaignForMember': {
			const body = asObject(parseJsonBody(request.body, false));
			const memberId = requiredId(body, F.memberId);
			const campaignId = requiredId(body, F.campaignId);
			const record = store.activate(memberId, campaignId);
			return {
				status: 200,
				body: { status: 'success', [F.memberId]: memberId, [F.campaignId]: campaignId, activatedAt: record.activatedAt },
			};
		}
		case 'reactivateCampaignForMember': {
			const body = asObject(parseJsonBody(request.body, false));
			const campaignId = requiredId(body, F.campaignId);
			const record = store.reactivate(param, campaignId);
			return {
				status: 200,
				body: {
					status: 'success',
					[F.memberId]: param,
					[F.campaignId]: campaignId,
					reactivatedAt: record.reactivatedAt,
					activationCount: record.activationCount,
				},
			};
		}
		case 'setIndividualValidity': {
			const body = asObject(parseJsonBody(request.body, false));
			const campaignId = requiredId(body, F.campaignId);
			return { status: 200, body: store.setIndividualValidity(campaignId, body[F.members]) };
		}
	}
}
