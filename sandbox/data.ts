/**
 * Deterministic, seeded in-memory data of the sandbox: campaigns, campaign groups, members,
 * eligibility, activations and individual validity records.
 *
 * Field names of everything the API returns come from the contract (`FIELDS`), so a
 * correction there changes the sandbox too. All seeded dates are relative to a fixed epoch
 * derived from the seed (never `Date.now()`), so the same seed always gives the same data.
 * Timestamps of changes made at run time (activation, updates) use the store's clock.
 */
import { ERROR_CODES, ERROR_MESSAGES, FIELDS, isStatusWord, MAX_INDIVIDUAL_VALIDITY_BATCH, type CampaignStatus } from '../nodes/AnnexCloud/transport/contract';
import { DAY_MS, HOUR_MS, formatApiDate, parseApiDate } from './dates';

const C = FIELDS.campaign;
const G = FIELDS.campaignGroup;
const R = FIELDS.memberResult;

/** An error the HTTP layers turn into `{ errorCode, errorMessage }` with `status`. */
export class SandboxError extends Error {
	readonly status: number;
	readonly errorCode: string;

	constructor(status: number, errorCode: string, message: string) {
		super(message);
		this.name = 'SandboxError';
		this.status = status;
		this.errorCode = errorCode;
	}
}

/** On/off status of a campaign or a campaign group. */
export type SandboxStatus = 'active' | 'inactive';

export interface SandboxAudience {
	segment: string;
	tier: string;
}

export interface SandboxMilestone {
	milestoneId: string;
	milestoneName: string;
	requiredCredits: number;
	/** only in member-specific views */
	completedCredits?: number;
}

/** Known campaign fields, named by the contract's `FIELDS.campaign`. */
export interface SandboxCampaignFields {
	[C.id]: string;
	[C.name]: string;
	[C.description]: string;
	[C.terms]: string;
	[C.tagline]: string;
	[C.dateFrom]: string;
	[C.dateTo]: string;
	[C.status]: SandboxStatus;
	[C.groupName]: string;
	[C.groupId]: string;
	[C.audience]: SandboxAudience;
	/** a string, as in the vendor code */
	[C.numberOfMilestones]: string;
	[C.milestones]: SandboxMilestone[];
	[C.createDate]: string;
	[C.updateDate]: string;
	[C.activationRequired]: boolean;
	[C.individualValidity]: boolean;
}

/**
 * A campaign as the API returns it. Extra fields added through `addCampaign` or
 * `updateCampaign` are kept and returned as they are (to simulate new vendor fields).
 */
export type SandboxCampaign = SandboxCampaignFields & Record<string, unknown>;

/** Names of the member-specific fields the sandbox adds to campaigns for `POST /campaign`. */
export const MEMBER_VIEW_FIELDS = {
	memberId: 'memberId',
	eligible: 'eligible',
	activated: 'activated',
	activationDate: 'activationDate',
	reactivationRequired: 'reactivationRequired',
	validityStartDate: 'individualValidityStartDate',
	validityEndDate: 'individualValidityEndDate',
} as const;

/** A campaign with member-specific fields, returned by `POST /campaign`. */
export type SandboxMemberCampaign = SandboxCampaign & {
	memberId: string;
	eligible: boolean;
	activated: boolean;
	activationDate: string | null;
	reactivationRequired: boolean;
	individualValidityStartDate: string | null;
	individualValidityEndDate: string | null;
};

export interface SandboxCampaignGroup {
	[G.id]: string;
	[G.name]: string;
	[G.status]: SandboxStatus;
	/** ids of the campaigns in the group, in campaign order */
	[G.campaigns]: string[];
}

export interface SandboxMember {
	id: string;
	segment: string;
	tier: string;
	/** A blocked member (AC1008) or one who opted out (AC1009): activation is refused. */
	standing?: MemberStanding;
}

export type MemberStanding = 'blocked' | 'optedOut';

/** Seeded members whose activation Annex Cloud refuses: blocked (AC1008) and opted out (AC1009). */
export const BLOCKED_MEMBER_ID = 'member-blocked';
export const OPTED_OUT_MEMBER_ID = 'member-opted-out';

export interface ActivationRecord {
	memberId: string;
	campaignId: string;
	activatedAt: string;
	reactivatedAt: string | null;
	/** 1 after activation, +1 per reactivation */
	activationCount: number;
	/** set when the member received individual validity again after activating */
	reactivationRequired: boolean;
}

export interface ValidityRecord {
	campaignId: string;
	memberId: string;
	startDate: string;
	endDate: string;
	updatedAt: string;
	/** 1 for the first window, +1 each time it is replaced */
	revision: number;
}

export interface ValidityMemberResult {
	[R.id]: string | null;
	[R.status]: 'success' | 'failed';
	[R.reason]?: string;
	[R.errorCode]?: string;
}

export interface ValidityResult {
	status: 'success' | 'partial' | 'failed';
	campaignId: string;
	successCount: number;
	failureCount: number;
	[FIELDS.memberResults]: ValidityMemberResult[];
}

export interface PageOf<T> {
	items: T[];
	/** number of pages (0 for an empty collection) */
	pages: number;
	currentPage: number;
	total: number;
}

export interface SandboxCounts {
	seed: number;
	epoch: string;
	campaigns: number;
	activeCampaigns: number;
	inactiveCampaigns: number;
	groups: number;
	activeGroups: number;
	members: number;
	activations: number;
	individualValidityRecords: number;
}

export interface StoreOptions {
	seed: number;
	campaigns: number;
	groups: number;
	members: number;
	/** clock for run-time timestamps (epoch ms) */
	now?: () => number;
}

/** Minutes of offset of the seeded campaign at index `i`: every third from 1003 on is at -0700 [doc example]. */
function offsetOf(i: number): number {
	return i % 3 === 2 ? -7 * 60 : 0;
}

/** Largest `members` array accepted by `POST /campaign/individualvalidity`. */
export const MAX_VALIDITY_BATCH = MAX_INDIVIDUAL_VALIDITY_BATCH;

/** Member ids that need URL encoding or JSON escaping; always present in the store. */
export const TRICKY_MEMBER_IDS: readonly string[] = [
	'jane.doe@example.com',
	'id with space/slash',
	'ünï-cødé',
	'odd?id#50%+more&x=1',
	'quote"back\\slash',
];

/** First seeded campaign id; campaign ids are consecutive numeric strings from here. */
export const FIRST_CAMPAIGN_ID = 1001;
/** First seeded campaign group id. */
export const FIRST_GROUP_ID = 501;

const SEGMENTS = ['new', 'vip', 'lapsed', 'regular'] as const;
const TIERS = ['bronze', 'silver', 'gold'] as const;
const CAMPAIGN_THEMES = [
	'Double Points',
	'Birthday Bonus',
	'Summer Sprint',
	'Refer a Friend',
	'Review Reward',
	'Streak Challenge',
	'Tier Accelerator',
	'Welcome Offer',
	'Holiday Cheer',
	'Weekend Boost',
	'App Download',
	'Social Share',
] as const;
const GROUP_NAMES = ['Seasonal', 'Engagement', 'Onboarding', 'Referral', 'VIP Perks', 'Retention'] as const;

/** mulberry32: a tiny, fast, deterministic PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** FNV-1a 32-bit hash of a string (for derived, order-independent pseudo-random values). */
function fnv1a(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

function pick<T>(rng: () => number, items: readonly T[]): T {
	const item = items[Math.floor(rng() * items.length)];
	if (item === undefined) throw new Error('pick from an empty list');
	return item;
}

function intBetween(rng: () => number, min: number, max: number): number {
	return min + Math.floor(rng() * (max - min + 1));
}

/** The fixed epoch of a seed: 2025-01-01T00:00:00Z plus 0..364 days. */
export function epochForSeed(seed: number): number {
	return Date.UTC(2025, 0, 1) + ((seed >>> 0) % 365) * DAY_MS;
}

const NUMERIC_ID = /^\d+$/;

/** Numeric ids first in numeric order, then other ids in code-unit order. */
export function compareIds(a: string, b: string): number {
	const an = NUMERIC_ID.test(a);
	const bn = NUMERIC_ID.test(b);
	if (an && bn) {
		const ai = a.replace(/^0+(?=\d)/, '');
		const bi = b.replace(/^0+(?=\d)/, '');
		if (ai.length !== bi.length) return ai.length - bi.length;
		if (ai !== bi) return ai < bi ? -1 : 1;
		return a < b ? -1 : a > b ? 1 : 0;
	}
	if (an) return -1;
	if (bn) return 1;
	return a < b ? -1 : a > b ? 1 : 0;
}

function normaliseStatus(value: unknown, what: string): SandboxStatus {
	if (typeof value === 'string') {
		const lower = value.trim().toLowerCase();
		if (lower === 'active' || lower === 'inactive') return lower;
	}
	if (value === true) return 'active';
	if (value === false) return 'inactive';
	throw new SandboxError(400, 'INVALID_STATUS', `${what} must be "active" or "inactive"`);
}

function normaliseId(value: unknown, what: string): string {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value === 'string' && value.length > 0) return value;
	throw new SandboxError(400, 'INVALID_REQUEST', `${what} must be a non-empty string`);
}

function clone<T>(value: T): T {
	return structuredClone(value);
}

interface GroupRecord {
	id: string;
	name: string;
	status: SandboxStatus;
}

/**
 * The sandbox's data and business rules. The HTTP API and the control API both call these
 * methods; tests may call them directly. Every returned object is a copy.
 */
export class SandboxStore {
	private options: StoreOptions;
	private currentSeed = 0;
	private epochMs = 0;
	private campaignMap = new Map<string, SandboxCampaign>();
	private sortedCampaignIds: string[] | undefined;
	private groupMap = new Map<string, GroupRecord>();
	private memberMap = new Map<string, SandboxMember>();
	private eligibilityOverrides = new Map<string, Map<string, boolean>>();
	private activationMap = new Map<string, Map<string, ActivationRecord>>();
	private validityMap = new Map<string, Map<string, ValidityRecord>>();

	constructor(options: StoreOptions) {
		this.options = { ...options };
		this.reset(options.seed);
	}

	/** The seed of the current data. */
	get seed(): number {
		return this.currentSeed;
	}

	/** The fixed epoch (ms) that seeded dates are relative to. */
	get epoch(): number {
		return this.epochMs;
	}

	private now(): number {
		return (this.options.now ?? Date.now)();
	}

	// ------------------------------------------------------------------ seeding

	/** Throw away every change and regenerate the seeded data (with a new seed if given). */
	reset(seed?: number): void {
		if (seed !== undefined && (!Number.isInteger(seed) || seed < 0)) {
			throw new SandboxError(400, 'INVALID_REQUEST', 'seed must be a non-negative integer');
		}
		this.currentSeed = seed ?? this.options.seed;
		this.epochMs = epochForSeed(this.currentSeed);
		this.campaignMap = new Map();
		this.sortedCampaignIds = undefined;
		this.groupMap = new Map();
		this.memberMap = new Map();
		this.eligibilityOverrides = new Map();
		this.activationMap = new Map();
		this.validityMap = new Map();
		this.seedGroups();
		this.seedCampaigns();
		this.seedMembers();
	}

	private seedGroups(): void {
		// `groups: 0` is a site with no campaign groups: its group lists answer "No data found".
		const count = Math.max(0, this.options.groups);
		for (let i = 0; i < count; i++) {
			const id = String(FIRST_GROUP_ID + i);
			const base = GROUP_NAMES[i % GROUP_NAMES.length] ?? 'Group';
			const round = Math.floor(i / GROUP_NAMES.length);
			const name = round === 0 ? base : `${base} ${round + 1}`;
			// Every fourth group is inactive; with fewer than four groups the last one is.
			const inactive = (i + 1) % 4 === 0 || (count >= 2 && count < 4 && i === count - 1);
			this.groupMap.set(id, { id, name, status: inactive ? 'inactive' : 'active' });
		}
	}

	private seedCampaigns(): void {
		const rng = mulberry32(this.currentSeed ^ 0x9e3779b9);
		const groups = [...this.groupMap.values()];
		const count = Math.max(0, this.options.campaigns);
		for (let i = 0; i < count; i++) {
			const id = String(FIRST_CAMPAIGN_ID + i);
			const theme = pick(rng, CAMPAIGN_THEMES);
			const group = groups.length === 0 ? undefined : pick(rng, groups);
			let status: SandboxStatus = rng() < 0.2 ? 'inactive' : 'active';
			let activationRequired = rng() < 0.35;
			let individualValidity = rng() < 0.3;
			let segment: string = rng() < 0.5 ? 'all' : pick(rng, SEGMENTS);
			let tier: string = rng() < 0.5 ? 'all' : pick(rng, TIERS);
			const from = this.epochMs - intBetween(rng, 0, 120) * DAY_MS + intBetween(rng, 0, 23) * HOUR_MS;
			const to = from + intBetween(rng, 30, 365) * DAY_MS;
			const created = from - intBetween(rng, 1, 30) * DAY_MS;
			const updated = Math.min(created + intBetween(rng, 0, 20) * DAY_MS, this.epochMs);
			const milestoneCount = intBetween(rng, 0, 5);
			// Guarantees that tests and demos can rely on, whatever the seed:
			// the first campaign is active, needs activation, supports individual validity and
			// targets everyone; the second one is inactive.
			if (i === 0) {
				status = 'active';
				activationRequired = true;
				individualValidity = true;
				segment = 'all';
				tier = 'all';
			} else if (i === 1) {
				status = 'inactive';
			}
			const milestones: SandboxMilestone[] = [];
			for (let k = 1; k <= milestoneCount; k++) {
				milestones.push({ milestoneId: `${id}-m${k}`, milestoneName: `Milestone ${k}`, requiredCredits: k * 100 });
			}
			const campaign: SandboxCampaign = {
				[C.id]: id,
				[C.name]: `${theme} ${id}`,
				[C.description]: `${theme}: earn extra rewards during the campaign period.`,
				[C.terms]: `Terms of campaign ${id}. Sandbox data, not a real offer.`,
				[C.tagline]: `${theme}!`,
				// Every third campaign from 1003 on has its dates at -0700, as Annex Cloud's own example does [doc].
				[C.dateFrom]: formatApiDate(from, offsetOf(i)),
				[C.dateTo]: formatApiDate(to, offsetOf(i)),
				[C.status]: status,
				[C.groupName]: group?.name ?? '',
				[C.groupId]: group?.id ?? '',
				[C.audience]: { segment, tier },
				[C.numberOfMilestones]: String(milestoneCount),
				[C.milestones]: milestones,
				[C.createDate]: formatApiDate(created, offsetOf(i)),
				[C.updateDate]: formatApiDate(updated, offsetOf(i)),
				[C.activationRequired]: activationRequired,
				[C.individualValidity]: individualValidity,
			};
			this.campaignMap.set(id, campaign);
		}
	}

	private seedMembers(): void {
		const rng = mulberry32(this.currentSeed ^ 0x85ebca6b);
		const count = Math.max(0, this.options.members);
		for (let i = 1; i <= count; i++) {
			const id = `member-${String(i).padStart(4, '0')}`;
			this.memberMap.set(id, { id, segment: pick(rng, SEGMENTS), tier: pick(rng, TIERS) });
		}
		for (const id of TRICKY_MEMBER_IDS) {
			this.memberMap.set(id, { id, segment: pick(rng, SEGMENTS), tier: pick(rng, TIERS) });
		}
		this.memberMap.set(BLOCKED_MEMBER_ID, { id: BLOCKED_MEMBER_ID, segment: 'regular', tier: 'bronze', standing: 'blocked' });
		this.memberMap.set(OPTED_OUT_MEMBER_ID, { id: OPTED_OUT_MEMBER_ID, segment: 'regular', tier: 'bronze', standing: 'optedOut' });
	}

	// ------------------------------------------------------------------ campaigns

	private orderedCampaignIds(): string[] {
		if (!this.sortedCampaignIds) this.sortedCampaignIds = [...this.campaignMap.keys()].sort(compareIds);
		return this.sortedCampaignIds;
	}

	private campaignsByStatus(status: CampaignStatus | string = 'all'): SandboxCampaign[] {
		const wanted = status.toLowerCase();
		const result: SandboxCampaign[] = [];
		for (const id of this.orderedCampaignIds()) {
			const campaign = this.campaignMap.get(id);
			if (campaign && (wanted === 'all' || campaign[C.status] === wanted)) result.push(campaign);
		}
		return result;
	}

	/** Campaigns in id order, optionally by status word (all / active / inactive, any case). */
	listCampaigns(status: CampaignStatus | string = 'all'): SandboxCampaign[] {
		if (!isStatusWord(status)) throw new SandboxError(400, 'INVALID_STATUS', `Unknown status "${status}"`);
		return this.campaignsByStatus(status).map(clone);
	}

	/** One page (1-based) of campaigns by status. A page beyond the last is empty. */
	pageCampaigns(status: string, page: number, pageSize: number): PageOf<SandboxCampaign> {
		if (!isStatusWord(status)) throw new SandboxError(400, 'INVALID_STATUS', `Unknown status "${status}"`);
		return paginate(this.campaignsByStatus(status), page, pageSize, clone);
	}

	getCampaign(id: string): SandboxCampaign | undefined {
		const campaign = this.campaignMap.get(id);
		return campaign ? clone(campaign) : undefined;
	}

	private requireCampaign(id: string): SandboxCampaign {
		const campaign = this.campaignMap.get(id);
		if (!campaign) throw new SandboxError(404, 'CAMPAIGN_NOT_FOUND', `Campaign "${id}" not found`);
		return campaign;
	}

	private nextCampaignId(): string {
		let max = FIRST_CAMPAIGN_ID - 1;
		for (const id of this.campaignMap.keys()) {
			if (NUMERIC_ID.test(id) && id.length < 16) max = Math.max(max, Number(id));
		}
		return String(max + 1);
	}

	/**
	 * Add a campaign. Missing fields get defaults (active, audience all/all, first active
	 * group, period from the epoch for 180 days); `campaignId` is assigned if not given.
	 * Unknown fields are kept and returned as they are.
	 */
	addCampaign(partial: Record<string, unknown> = {}): SandboxCampaign {
		if (typeof partial !== 'object' || partial === null || Array.isArray(partial)) {
			throw new SandboxError(400, 'INVALID_REQUEST', 'A campaign must be a JSON object');
		}
		let id: string;
		if (partial[C.id] === undefined) {
			id = this.nextCampaignId();
		} else {
			id = normaliseId(partial[C.id], C.id);
			if (isStatusWord(id)) {
				throw new SandboxError(400, 'INVALID_REQUEST', `"${id}" is a status word and cannot be a campaign id`);
			}
			if (this.campaignMap.has(id)) throw new SandboxError(409, 'CAMPAIGN_EXISTS', `Campaign "${id}" already exists`);
		}
		const group = [...this.groupMap.values()].find((g) => g.status === 'active') ?? [...this.groupMap.values()][0];
		const nowText = formatApiDate(this.now());
		const campaign: SandboxCampaign = {
			[C.id]: id,
			[C.name]: `Sandbox Campaign ${id}`,
			[C.description]: 'Added through the sandbox.',
			[C.terms]: 'Sandbox data, not a real offer.',
			[C.tagline]: 'New!',
			[C.dateFrom]: formatApiDate(this.epochMs),
			[C.dateTo]: formatApiDate(this.epochMs + 180 * DAY_MS),
			[C.status]: 'active',
			[C.groupName]: group?.name ?? '',
			[C.groupId]: group?.id ?? '',
			[C.audience]: { segment: 'all', tier: 'all' },
			[C.numberOfMilestones]: '0',
			[C.milestones]: [],
			[C.createDate]: nowText,
			[C.updateDate]: nowText,
			[C.activationRequired]: false,
			[C.individualValidity]: false,
		};
		const rest = { ...partial };
		delete rest[C.id];
		this.applyCampaignPatch(campaign, rest, false);
		this.campaignMap.set(id, campaign);
		this.sortedCampaignIds = undefined;
		return clone(campaign);
	}

	/**
	 * Change fields of a campaign, e.g. `{ campaignStatus: 'inactive' }` or new dates.
	 * Changing `campaignGroupId` also sets `campaignGroupName`. `campaignUpdateDate` is set to
	 * the clock unless the patch sets it.
	 */
	updateCampaign(id: string, patch: Record<string, unknown>): SandboxCampaign {
		const campaign = this.requireCampaign(id);
		if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
			throw new SandboxError(400, 'INVALID_REQUEST', 'A campaign patch must be a JSON object');
		}
		if (patch[C.id] !== undefined && String(patch[C.id]) !== id) {
			throw new SandboxError(400, 'INVALID_REQUEST', `${C.id} cannot be changed`);
		}
		const rest = { ...patch };
		delete rest[C.id];
		const draft = clone(campaign);
		this.applyCampaignPatch(draft, rest, true);
		this.campaignMap.set(id, draft);
		return clone(draft);
	}

	setCampaignStatus(id: string, status: SandboxStatus): SandboxCampaign {
		return this.updateCampaign(id, { [C.status]: status });
	}

	/** Set the campaign period; dates in the contract format or epoch ms. */
	setCampaignDates(id: string, dateFrom?: string | number, dateTo?: string | number): SandboxCampaign {
		const patch: Record<string, unknown> = {};
		if (dateFrom !== undefined) patch[C.dateFrom] = typeof dateFrom === 'number' ? formatApiDate(dateFrom) : dateFrom;
		if (dateTo !== undefined) patch[C.dateTo] = typeof dateTo === 'number' ? formatApiDate(dateTo) : dateTo;
		return this.updateCampaign(id, patch);
	}

	setCampaignStartDate(id: string, dateFrom: string | number): SandboxCampaign {
		return this.setCampaignDates(id, dateFrom);
	}

	private applyCampaignPatch(target: SandboxCampaign, patch: Record<string, unknown>, touch: boolean): void {
		const record = target as Record<string, unknown>;
		for (const [key, value] of Object.entries(patch)) {
			switch (key) {
				case C.status:
					target[C.status] = normaliseStatus(value, C.status);
					break;
				case C.dateFrom:
				case C.dateTo:
				case C.createDate:
				case C.updateDate: {
					const ms = typeof value === 'number' ? value : parseApiDate(value);
					if (ms === undefined || !Number.isFinite(ms)) {
						throw new SandboxError(400, 'INVALID_DATE', `${key} must be a date like 2024-08-08T07:00:12+0000`);
					}
					record[key] = formatApiDate(ms);
					break;
				}
				case C.groupId: {
					const groupId = normaliseId(value, C.groupId);
					const group = this.groupMap.get(groupId);
					if (!group) throw new SandboxError(400, 'GROUP_NOT_FOUND', `Campaign group "${groupId}" not found`);
					target[C.groupId] = group.id;
					if (patch[C.groupName] === undefined) target[C.groupName] = group.name;
					break;
				}
				case C.activationRequired:
				case C.individualValidity:
					if (typeof value !== 'boolean') throw new SandboxError(400, 'INVALID_REQUEST', `${key} must be a boolean`);
					record[key] = value;
					break;
				case C.audience: {
					if (typeof value !== 'object' || value === null || Array.isArray(value)) {
						throw new SandboxError(400, 'INVALID_REQUEST', `${C.audience} must be an object {segment, tier}`);
					}
					const audience = value as Record<string, unknown>;
					target[C.audience] = {
						segment: typeof audience.segment === 'string' ? audience.segment : target[C.audience].segment,
						tier: typeof audience.tier === 'string' ? audience.tier : target[C.audience].tier,
					};
					break;
				}
				case C.numberOfMilestones:
					record[key] = String(value);
					break;
				default:
					record[key] = clone(value);
			}
		}
		if ((parseApiDate(target[C.dateTo]) ?? 0) < (parseApiDate(target[C.dateFrom]) ?? 0)) {
			throw new SandboxError(400, 'INVALID_DATE_RANGE', `${C.dateTo} is before ${C.dateFrom}`);
		}
		if (touch && patch[C.updateDate] === undefined) target[C.updateDate] = formatApiDate(this.now());
	}

	/** Remove a campaign and its activations, validity records and eligibility overrides. */
	removeCampaign(id: string): boolean {
		if (!this.campaignMap.delete(id)) return false;
		this.sortedCampaignIds = undefined;
		for (const perMember of this.activationMap.values()) perMember.delete(id);
		for (const perMember of this.eligibilityOverrides.values()) perMember.delete(id);
		this.validityMap.delete(id);
		return true;
	}

	// ------------------------------------------------------------------ groups

	/** Campaign ids per group id, in campaign order (one pass over the campaigns). */
	private campaignsPerGroup(): Map<string, string[]> {
		const index = new Map<string, string[]>();
		for (const id of this.orderedCampaignIds()) {
			const groupId = this.campaignMap.get(id)?.[C.groupId];
			if (groupId === undefined) continue;
			const ids = index.get(groupId);
			if (ids) ids.push(id);
			else index.set(groupId, [id]);
		}
		return index;
	}

	private groupView(group: GroupRecord, index = this.campaignsPerGroup()): SandboxCampaignGroup {
		const campaigns = [...(index.get(group.id) ?? [])];
		return { [G.id]: group.id, [G.name]: group.name, [G.status]: group.status, [G.campaigns]: campaigns };
	}

	private groupsByStatus(status: string): GroupRecord[] {
		const wanted = status.toLowerCase();
		return [...this.groupMap.values()]
			.filter((g) => wanted === 'all' || g.status === wanted)
			.sort((a, b) => compareIds(a.id, b.id));
	}

	/** Remove every campaign group (a site with no groups); campaigns keep no group. Returns how many. */
	removeAllGroups(): number {
		const count = this.groupMap.size;
		this.groupMap.clear();
		for (const campaign of this.campaignMap.values()) {
			campaign[C.groupId] = '';
			campaign[C.groupName] = '';
		}
		return count;
	}

	listGroups(status: CampaignStatus | string = 'all'): SandboxCampaignGroup[] {
		if (!isStatusWord(status)) throw new SandboxError(400, 'INVALID_STATUS', `Unknown status "${status}"`);
		const index = this.campaignsPerGroup();
		return this.groupsByStatus(status).map((g) => this.groupView(g, index));
	}

	pageGroups(status: string, page: number, pageSize: number): PageOf<SandboxCampaignGroup> {
		if (!isStatusWord(status)) throw new SandboxError(400, 'INVALID_STATUS', `Unknown status "${status}"`);
		const index = this.campaignsPerGroup();
		return paginate(this.groupsByStatus(status), page, pageSize, (g) => this.groupView(g, index));
	}

	getGroup(id: string): SandboxCampaignGroup | undefined {
		const group = this.groupMap.get(id);
		return group ? this.groupView(group) : undefined;
	}

	/** Add a campaign group; `campaignGroupId` is assigned if not given. */
	addGroup(partial: Record<string, unknown> = {}): SandboxCampaignGroup {
		let id: string;
		if (partial[G.id] === undefined) {
			let max = FIRST_GROUP_ID - 1;
			for (const key of this.groupMap.keys()) if (NUMERIC_ID.test(key) && key.length < 16) max = Math.max(max, Number(key));
			id = String(max + 1);
		} else {
			id = normaliseId(partial[G.id], G.id);
			if (isStatusWord(id)) throw new SandboxError(400, 'INVALID_REQUEST', `"${id}" is a status word and cannot be a group id`);
			if (this.groupMap.has(id)) throw new SandboxError(409, 'GROUP_EXISTS', `Campaign group "${id}" already exists`);
		}
		const name = partial[G.name] === undefined ? `Sandbox Group ${id}` : String(partial[G.name]);
		const status = partial[G.status] === undefined ? 'active' : normaliseStatus(partial[G.status], G.status);
		const group: GroupRecord = { id, name, status };
		this.groupMap.set(id, group);
		return this.groupView(group);
	}

	/** Change a group's name or status; its campaigns' `campaignGroupName` follows the name. */
	updateGroup(id: string, patch: Record<string, unknown>): SandboxCampaignGroup {
		const group = this.groupMap.get(id);
		if (!group) throw new SandboxError(404, 'GROUP_NOT_FOUND', `Campaign group "${id}" not found`);
		const status = patch[G.status] === undefined ? group.status : normaliseStatus(patch[G.status], G.status);
		const name = patch[G.name] === undefined ? group.name : String(patch[G.name]);
		group.status = status;
		if (name !== group.name) {
			group.name = name;
			for (const campaign of this.campaignMap.values()) if (campaign[C.groupId] === id) campaign[C.groupName] = name;
		}
		return this.groupView(group);
	}

	// ------------------------------------------------------------------ members and eligibility

	listMembers(): SandboxMember[] {
		return [...this.memberMap.values()].map(clone);
	}

	getMember(id: string): SandboxMember | undefined {
		const member = this.memberMap.get(id);
		return member ? clone(member) : undefined;
	}

	hasMember(id: string): boolean {
		return this.memberMap.has(id);
	}

	private requireMember(id: string): SandboxMember {
		const member = this.memberMap.get(id);
		if (!member) throw new SandboxError(404, 'MEMBER_NOT_FOUND', `Member "${id}" not found`);
		return member;
	}

	/** A member who may be activated: blocked (AC1008) and opted-out (AC1009) members are refused. */
	private requireMemberInGoodStanding(id: string): SandboxMember {
		const member = this.requireMember(id);
		if (member.standing === 'blocked') throw new SandboxError(400, 'MEMBER_BLOCKED', `Member "${id}" is blocked`);
		if (member.standing === 'optedOut') throw new SandboxError(400, 'MEMBER_OPTED_OUT', `Member "${id}" opted out`);
		return member;
	}

	/** Add a member (segment/tier decide which campaign audiences it matches). */
	addMember(idOrMember: string | { id: string; segment?: string; tier?: string; standing?: string }): SandboxMember {
		const input = typeof idOrMember === 'string' ? { id: idOrMember } : idOrMember;
		const id = normaliseId(input?.id, 'id');
		if (this.memberMap.has(id)) throw new SandboxError(409, 'MEMBER_EXISTS', `Member "${id}" already exists`);
		const member: SandboxMember = {
			id,
			segment: typeof input.segment === 'string' ? input.segment : 'regular',
			tier: typeof input.tier === 'string' ? input.tier : 'bronze',
		};
		const standing = (input as { standing?: unknown }).standing;
		if (standing === 'blocked' || standing === 'optedOut') member.standing = standing;
		else if (standing !== undefined) throw new SandboxError(400, 'INVALID_REQUEST', 'standing must be "blocked" or "optedOut"');
		this.memberMap.set(id, member);
		return clone(member);
	}

	removeMember(id: string): boolean {
		if (!this.memberMap.delete(id)) return false;
		this.activationMap.delete(id);
		this.eligibilityOverrides.delete(id);
		for (const perCampaign of this.validityMap.values()) perCampaign.delete(id);
		return true;
	}

	private isEligible(member: SandboxMember, campaign: SandboxCampaign): boolean {
		const override = this.eligibilityOverrides.get(member.id)?.get(campaign[C.id]);
		if (override !== undefined) return override;
		const { segment, tier } = campaign[C.audience];
		return (segment === 'all' || segment === member.segment) && (tier === 'all' || tier === member.tier);
	}

	/**
	 * Ids of every campaign (any status) the member is eligible for: the campaign's audience
	 * (segment and tier, `all` matches everyone) unless overridden with `setEligibility`.
	 */
	eligibility(memberId: string): string[] {
		const member = this.requireMember(memberId);
		return this.orderedCampaignIds().filter((id) => {
			const campaign = this.campaignMap.get(id);
			return campaign !== undefined && this.isEligible(member, campaign);
		});
	}

	/** Make a member eligible or not for a campaign, whatever the audience says. */
	setEligibility(memberId: string, campaignId: string, eligible: boolean): void {
		this.requireMember(memberId);
		this.requireCampaign(campaignId);
		let perMember = this.eligibilityOverrides.get(memberId);
		if (!perMember) {
			perMember = new Map();
			this.eligibilityOverrides.set(memberId, perMember);
		}
		perMember.set(campaignId, eligible);
	}

	/** Active campaigns the member is eligible for (what `GET /users/{id}/campaign` returns). */
	eligibleCampaigns(memberId: string): SandboxCampaign[] {
		const member = this.requireMember(memberId);
		return this.campaignsByStatus('active')
			.filter((campaign) => this.isEligible(member, campaign))
			.map(clone);
	}

	/** A campaign with the member's own fields (eligibility, activation, validity, progress). */
	memberCampaign(memberId: string, campaignId: string): SandboxMemberCampaign {
		const member = this.requireMember(memberId);
		return this.memberView(member, this.requireCampaign(campaignId));
	}

	/** One page of the member's eligible campaigns of a status, with member fields. */
	pageMemberCampaigns(memberId: string, status: string, page: number, pageSize: number): PageOf<SandboxMemberCampaign> {
		const member = this.requireMember(memberId);
		if (!isStatusWord(status)) throw new SandboxError(400, 'INVALID_STATUS', `Unknown status "${status}"`);
		const campaigns = this.campaignsByStatus(status).filter((campaign) => this.isEligible(member, campaign));
		return paginate(campaigns, page, pageSize, (campaign) => this.memberView(member, campaign));
	}

	private memberView(member: SandboxMember, campaign: SandboxCampaign): SandboxMemberCampaign {
		const id = campaign[C.id];
		const activation = this.activationMap.get(member.id)?.get(id);
		const validity = this.validityMap.get(id)?.get(member.id);
		const view = clone(campaign);
		view[C.milestones] = view[C.milestones].map((milestone) => ({
			...milestone,
			completedCredits: fnv1a(`${member.id}\u0000${milestone.milestoneId}`) % (milestone.requiredCredits + 1),
		}));
		const M = MEMBER_VIEW_FIELDS;
		return Object.assign(view, {
			[M.memberId]: member.id,
			[M.eligible]: this.isEligible(member, campaign),
			[M.activated]: activation !== undefined,
			[M.activationDate]: activation?.reactivatedAt ?? activation?.activatedAt ?? null,
			[M.reactivationRequired]: activation?.reactivationRequired ?? false,
			[M.validityStartDate]: validity?.startDate ?? null,
			[M.validityEndDate]: validity?.endDate ?? null,
		});
	}

	// ------------------------------------------------------------------ activation

	/** Every activation, by member then campaign. */
	activations(): ActivationRecord[] {
		const result: ActivationRecord[] = [];
		for (const perMember of this.activationMap.values()) for (const record of perMember.values()) result.push(clone(record));
		return result;
	}

	getActivation(memberId: string, campaignId: string): ActivationRecord | undefined {
		const record = this.activationMap.get(memberId)?.get(campaignId);
		return record ? clone(record) : undefined;
	}

	/**
	 * Opt a member in. 404 MEMBER_NOT_FOUND / CAMPAIGN_NOT_FOUND, 400 CAMPAIGN_INACTIVE,
	 * 400 ACTIVATION_NOT_REQUIRED, 409 ALREADY_ACTIVATED.
	 */
	activate(memberId: string, campaignId: string): ActivationRecord {
		this.requireMemberInGoodStanding(memberId);
		const campaign = this.requireCampaign(campaignId);
		if (campaign[C.status] !== 'active') {
			throw new SandboxError(400, 'CAMPAIGN_INACTIVE', `Campaign "${campaignId}" is inactive`);
		}
		if (!campaign[C.activationRequired]) {
			throw new SandboxError(400, 'ACTIVATION_NOT_REQUIRED', `Campaign "${campaignId}" does not require activation`);
		}
		let perMember = this.activationMap.get(memberId);
		if (perMember?.has(campaignId)) {
			throw new SandboxError(409, 'ALREADY_ACTIVATED', `Campaign "${campaignId}" is already active for member "${memberId}"`);
		}
		if (!perMember) {
			perMember = new Map();
			this.activationMap.set(memberId, perMember);
		}
		const record: ActivationRecord = {
			memberId,
			campaignId,
			activatedAt: formatApiDate(this.now()),
			reactivatedAt: null,
			activationCount: 1,
			reactivationRequired: false,
		};
		perMember.set(campaignId, record);
		return clone(record);
	}

	/**
	 * Reactivate a campaign the member activated before. 404 MEMBER_NOT_FOUND /
	 * CAMPAIGN_NOT_FOUND / NOT_ACTIVATED, 400 CAMPAIGN_INACTIVE.
	 */
	reactivate(memberId: string, campaignId: string): ActivationRecord {
		this.requireMemberInGoodStanding(memberId);
		const campaign = this.requireCampaign(campaignId);
		const record = this.activationMap.get(memberId)?.get(campaignId);
		if (!record) {
			throw new SandboxError(404, 'NOT_ACTIVATED', `Campaign "${campaignId}" was never activated for member "${memberId}"`);
		}
		if (campaign[C.status] !== 'active') {
			throw new SandboxError(400, 'CAMPAIGN_INACTIVE', `Campaign "${campaignId}" is inactive`);
		}
		record.reactivatedAt = formatApiDate(this.now());
		record.activationCount += 1;
		record.reactivationRequired = false;
		return clone(record);
	}

	// ------------------------------------------------------------------ individual validity

	/** Individual validity records, of one campaign or of all. */
	individualValidity(campaignId?: string): ValidityRecord[] {
		const result: ValidityRecord[] = [];
		for (const [id, perMember] of this.validityMap) {
			if (campaignId !== undefined && id !== campaignId) continue;
			for (const record of perMember.values()) result.push(clone(record));
		}
		return result;
	}

	/**
	 * Set personal validity windows in bulk. The request as a whole is checked first
	 * (404 CAMPAIGN_NOT_FOUND, 400 INDIVIDUAL_VALIDITY_NOT_ENABLED / INVALID_REQUEST /
	 * BATCH_TOO_LARGE); then each member succeeds or fails on its own (MEMBER_NOT_FOUND,
	 * INVALID_MEMBER_ENTRY, INVALID_DATE, INVALID_DATE_RANGE, OUTSIDE_CAMPAIGN_PERIOD, and
	 * Annex Cloud's AC1008 / AC1009 for a blocked or opted-out member).
	 */
	setIndividualValidity(campaignIdInput: unknown, members: unknown): ValidityResult {
		const campaignId = normaliseId(campaignIdInput, FIELDS.request.campaignId);
		const campaign = this.requireCampaign(campaignId);
		if (!campaign[C.individualValidity]) {
			throw new SandboxError(
				400,
				'INDIVIDUAL_VALIDITY_NOT_ENABLED',
				`Campaign "${campaignId}" does not support individual validity`,
			);
		}
		if (!Array.isArray(members) || members.length === 0) {
			throw new SandboxError(400, 'INVALID_REQUEST', `${FIELDS.request.members} must be a non-empty array`);
		}
		if (members.length > MAX_VALIDITY_BATCH) {
			throw new SandboxError(
				400,
				'BATCH_TOO_LARGE',
				`At most ${MAX_VALIDITY_BATCH} members per request (got ${members.length})`,
			);
		}
		const periodFrom = parseApiDate(campaign[C.dateFrom]) ?? -Infinity;
		const periodTo = parseApiDate(campaign[C.dateTo]) ?? Infinity;
		const results = members.map((entry) => this.applyValidity(campaignId, periodFrom, periodTo, entry));
		const successCount = results.filter((r) => r[R.status] === 'success').length;
		const failureCount = results.length - successCount;
		return {
			status: failureCount === 0 ? 'success' : successCount === 0 ? 'failed' : 'partial',
			campaignId,
			successCount,
			failureCount,
			[FIELDS.memberResults]: results,
		};
	}

	private applyValidity(campaignId: string, periodFrom: number, periodTo: number, entry: unknown): ValidityMemberResult {
		const F = FIELDS.request;
		const fail = (id: string | null, errorCode: string, reason: string): ValidityMemberResult => ({
			[R.id]: id,
			[R.status]: 'failed',
			[R.reason]: reason,
			[R.errorCode]: errorCode,
		});
		if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
			return fail(null, 'INVALID_MEMBER_ENTRY', 'Each member must be an object {id, startDate, endDate}');
		}
		const item = entry as Record<string, unknown>;
		const rawId = item[F.memberId];
		const id = typeof rawId === 'string' ? rawId : typeof rawId === 'number' ? String(rawId) : null;
		if (id === null || id.length === 0) return fail(null, 'INVALID_MEMBER_ENTRY', `${F.memberId} must be a non-empty string`);
		const member = this.memberMap.get(id);
		if (!member) return fail(id, 'MEMBER_NOT_FOUND', `Member "${id}" not found`);
		// A member Annex Cloud does not act for gets Annex Cloud's own code and message.
		if (member.standing === 'blocked') {
			return fail(id, ERROR_CODES.userBlocked, `${ERROR_MESSAGES.AC1008} (MEMBER_BLOCKED): Member "${id}" is blocked`);
		}
		if (member.standing === 'optedOut') {
			return fail(id, ERROR_CODES.optedOut, `${ERROR_MESSAGES.AC1009} (MEMBER_OPTED_OUT): Member "${id}" opted out`);
		}
		const start = parseApiDate(item[F.startDate]);
		const end = parseApiDate(item[F.endDate]);
		if (start === undefined || end === undefined) {
			return fail(id, 'INVALID_DATE', `${F.startDate} and ${F.endDate} must be dates like 2024-08-08T07:00:12+0000`);
		}
		if (end <= start) return fail(id, 'INVALID_DATE_RANGE', `${F.endDate} must be after ${F.startDate}`);
		if (start < periodFrom || end > periodTo) {
			return fail(id, 'OUTSIDE_CAMPAIGN_PERIOD', 'The window must lie inside the campaign period');
		}
		let perMember = this.validityMap.get(campaignId);
		if (!perMember) {
			perMember = new Map();
			this.validityMap.set(campaignId, perMember);
		}
		const previous = perMember.get(id);
		perMember.set(id, {
			campaignId,
			memberId: id,
			startDate: formatApiDate(start),
			endDate: formatApiDate(end),
			updatedAt: formatApiDate(this.now()),
			revision: (previous?.revision ?? 0) + 1,
		});
		// A member who activated and then receives validity again must be reactivated.
		const activation = this.activationMap.get(id)?.get(campaignId);
		if (previous && activation) activation.reactivationRequired = true;
		return { [R.id]: id, [R.status]: 'success' };
	}

	// ------------------------------------------------------------------ state

	counts(): SandboxCounts {
		let active = 0;
		for (const campaign of this.campaignMap.values()) if (campaign[C.status] === 'active') active++;
		let activations = 0;
		for (const perMember of this.activationMap.values()) activations += perMember.size;
		let validity = 0;
		for (const perMember of this.validityMap.values()) validity += perMember.size;
		let activeGroups = 0;
		for (const group of this.groupMap.values()) if (group.status === 'active') activeGroups++;
		return {
			seed: this.currentSeed,
			epoch: formatApiDate(this.epochMs),
			campaigns: this.campaignMap.size,
			activeCampaigns: active,
			inactiveCampaigns: this.campaignMap.size - active,
			groups: this.groupMap.size,
			activeGroups,
			members: this.memberMap.size,
			activations,
			individualValidityRecords: validity,
		};
	}
}

/** Cut a 1-based page out of `items`; a page beyond the last is empty. */
export function paginate<T, U>(items: readonly T[], page: number, pageSize: number, map: (item: T) => U): PageOf<U> {
	const size = Math.max(1, Math.floor(pageSize));
	const pages = Math.ceil(items.length / size);
	const start = (page - 1) * size;
	return {
		items: items.slice(start, start + size).map(map),
		pages,
		currentPage: page,
		total: items.length,
	};
}
