/**
 * The control API under /__sandbox (JSON, no authentication). It exposes the same
 * operations as `Sandbox.store` and `Sandbox.faults`, for tests and demos that drive the
 * sandbox from outside the process.
 */
import { SandboxError, type SandboxStore } from './data';
import type { FaultInjector, FaultSpec } from './faults';
import { asObject, errorReply, parseJsonBody, type Reply } from './http';
import type { RequestLog } from './log';
import { PACE_OFF, type Pace } from './pace';

export const CONTROL_PATH = '/__sandbox';

export interface ControlContext {
	store: SandboxStore;
	faults: FaultInjector;
	log: RequestLog;
	pace: Pace;
	baseUrl: string;
	siteId: string;
}

export interface ControlRequest {
	method: string;
	/** decoded segments after /__sandbox */
	segments: string[];
	query: Record<string, string>;
	body: Buffer;
}

const ok = (body: unknown, status = 200): Reply => ({ status, body });

function notFound(what: string, id: string): SandboxError {
	return new SandboxError(404, `${what.toUpperCase()}_NOT_FOUND`, `${what} "${id}" not found`);
}

function optionalObject(body: Buffer): Record<string, unknown> {
	const value = parseJsonBody(body, true);
	return value === undefined ? {} : asObject(value);
}

/** Answer one control request; throws SandboxError for client errors. */
export function handleControlRequest(request: ControlRequest, ctx: ControlContext): Reply {
	const { method, segments, query } = request;
	const [resource = 'health', id, sub, subId] = segments;
	const { store, faults, log } = ctx;

	switch (resource) {
		case 'health':
			if (method === 'GET' && segments.length <= 1) {
				return ok({ status: 'ok', baseUrl: ctx.baseUrl, siteId: ctx.siteId, seed: store.seed });
			}
			break;
		case 'state':
			if (method === 'GET' && segments.length === 1) {
				return ok({ ...store.counts(), pendingFaults: faults.pending().length, requests: log.size });
			}
			break;
		case 'reset':
			if (method === 'POST' && segments.length === 1) {
				const body = optionalObject(request.body);
				const seed = body.seed === undefined ? undefined : Number(body.seed);
				store.reset(seed);
				if (body.clearFaults !== false) faults.clear();
				if (body.clearLog !== false) log.clear();
				return ok(store.counts());
			}
			break;
		case 'campaigns':
			if (id === undefined) {
				if (method === 'GET') return ok(store.listCampaigns(query.status ?? 'all'));
				if (method === 'POST') return ok(store.addCampaign(optionalObject(request.body)), 201);
			} else if (segments.length === 2) {
				if (method === 'GET') {
					const campaign = store.getCampaign(id);
					if (!campaign) throw notFound('Campaign', id);
					return ok(campaign);
				}
				if (method === 'PATCH') return ok(store.updateCampaign(id, asObject(parseJsonBody(request.body, false))));
				if (method === 'DELETE') {
					if (!store.removeCampaign(id)) throw notFound('Campaign', id);
					return ok({ removed: true, campaignId: id });
				}
			}
			break;
		case 'groups':
			if (id === undefined) {
				if (method === 'GET') return ok(store.listGroups(query.status ?? 'all'));
				if (method === 'POST') return ok(store.addGroup(optionalObject(request.body)), 201);
				// A site with no campaign groups: the group lists then answer "No data found" (AC1005).
				if (method === 'DELETE') return ok({ removed: store.removeAllGroups() });
			} else if (segments.length === 2) {
				if (method === 'GET') {
					const group = store.getGroup(id);
					if (!group) throw notFound('Group', id);
					return ok(group);
				}
				if (method === 'PATCH') return ok(store.updateGroup(id, asObject(parseJsonBody(request.body, false))));
			}
			break;
		case 'members':
			if (id === undefined) {
				if (method === 'GET') return ok(store.listMembers());
				if (method === 'POST') {
					const body = asObject(parseJsonBody(request.body, false));
					return ok(
						store.addMember({
							id: body.id as string,
							segment: typeof body.segment === 'string' ? body.segment : undefined,
							tier: typeof body.tier === 'string' ? body.tier : undefined,
							standing: typeof body.standing === 'string' ? body.standing : undefined,
						}),
						201,
					);
				}
			} else if (segments.length === 2) {
				if (method === 'GET') {
					const member = store.getMember(id);
					if (!member) throw notFound('Member', id);
					return ok({ ...member, eligibility: store.eligibility(id) });
				}
				if (method === 'DELETE') {
					if (!store.removeMember(id)) throw notFound('Member', id);
					return ok({ removed: true, id });
				}
			} else if (sub === 'eligibility') {
				if (segments.length === 3 && method === 'GET') return ok(store.eligibility(id));
				if (segments.length === 4 && subId !== undefined && method === 'PUT') {
					const body = asObject(parseJsonBody(request.body, false));
					if (typeof body.eligible !== 'boolean') {
						throw new SandboxError(400, 'INVALID_REQUEST', '"eligible" must be a boolean');
					}
					store.setEligibility(id, subId, body.eligible);
					return ok({ memberId: id, campaignId: subId, eligible: body.eligible });
				}
			}
			break;
		case 'activations':
			if (method === 'GET' && segments.length === 1) {
				const all = store.activations();
				return ok(
					all.filter(
						(record) =>
							(query.memberId === undefined || record.memberId === query.memberId) &&
							(query.campaignId === undefined || record.campaignId === query.campaignId),
					),
				);
			}
			break;
		case 'validity':
			if (method === 'GET' && segments.length === 1) {
				const records = store.individualValidity(query.campaignId);
				return ok(query.memberId === undefined ? records : records.filter((r) => r.memberId === query.memberId));
			}
			break;
		case 'faults':
			if (segments.length === 1) {
				if (method === 'GET') return ok(faults.pending());
				if (method === 'POST') return ok(faults.inject(asObject(parseJsonBody(request.body, false)) as FaultSpec), 201);
				if (method === 'DELETE') {
					faults.clear();
					return ok({ cleared: true });
				}
			}
			break;
		case 'pace':
			// GET: the rate limit and latency; PUT/POST { rate, burst, latencyMs, jitterMs }; DELETE: off.
			if (segments.length === 1) {
				if (method === 'GET') return ok(ctx.pace.settings);
				if (method === 'PUT' || method === 'POST') {
					try {
						return ok(ctx.pace.set(optionalObject(request.body)));
					} catch (error) {
						return errorReply(400, 'INVALID_PACE', error instanceof Error ? error.message : String(error));
					}
				}
				if (method === 'DELETE') return ok(ctx.pace.set(PACE_OFF));
			}
			break;
		case 'requests':
			if (segments.length === 1) {
				if (method === 'GET') {
					const entries = log.list();
					const limit = query.limit === undefined ? undefined : Number(query.limit);
					if (limit === undefined || !Number.isInteger(limit) || limit < 0) return ok(entries);
					return ok(limit === 0 ? [] : entries.slice(-limit));
				}
				if (method === 'DELETE') {
					log.clear();
					return ok({ cleared: true });
				}
			}
			break;
		default:
			break;
	}
	return errorReply(404, 'NOT_FOUND', `No control route for ${method} ${CONTROL_PATH}/${segments.join('/')}`);
}
