/**
 * The Annex Cloud Campaign API contract, in one place.
 *
 * Annex Cloud's full request/response schemas are not public. Every path, field name,
 * header and format this package relies on is declared here and nowhere else, so that a
 * correction is a one-file change. Entries marked [inferred] are our best reading of the
 * documentation (see docs/reliability.md, "What is inferred about the API"); [vendor code] is what
 * Annex Cloud's own client code does; [doc] is documented, with its source where it is one of
 * Annex Cloud's public pages found later: the "Annex Cloud API - v3" help page on the API host
 * (/help/acapi.html) or the "Loyalty V3 integration guide for Zoho CRM (2025)".
 *
 * This module is pure data and pure functions: the credential, the transport, the node,
 * the trigger and the local sandbox all import it.
 */

/**
 * [doc] The two documented API roots (sources: Annex Cloud API - v3 help page /help/acapi.html;
 * Loyalty V3 integration guide for Zoho CRM (2025)). Users test on staging first.
 * The credential's Environment picks one; "Custom Base URL" takes any other host.
 */
export const ENVIRONMENT_BASE_URLS = {
	production: 'https://s15.socialannex.net/api/3.0',
	staging: 'https://s15.stage.socialannex.net/api/3.0',
} as const;
export type NamedEnvironment = keyof typeof ENVIRONMENT_BASE_URLS;

/** [doc] Default API root (production); the host may differ per tenant, so a custom one can be set. */
export const DEFAULT_BASE_URL = ENVIRONMENT_BASE_URLS.production;

/** Headers sent on every request. */
export const HEADERS = {
	/** [doc] `Bearer <jwt>` */
	authorization: 'Authorization',
	/** [vendor code] the site id, equal to the JWT's `site_id` claim */
	site: 'X-AnnexCloud-Site',
	/** [vendor code] sent on GET too */
	contentType: 'Content-Type',
} as const;

export const JSON_CONTENT_TYPE = 'application/json';

/**
 * [doc] JWT claim names. `sub` "could actually be anything, won't affect execution result"
 * (Annex Cloud API - v3 help page /help/acapi.html): the credential sends the Site ID when
 * no Site Name is given.
 */
export const CLAIMS = {
	subject: 'sub',
	expiry: 'exp',
	siteId: 'site_id',
	hmac: 'hmac',
} as const;

/** [inferred from doc wording] Campaign and campaign group status words. */
export const CAMPAIGN_STATUSES = ['all', 'active', 'inactive'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export function isStatusWord(value: string): value is CampaignStatus {
	return (CAMPAIGN_STATUSES as readonly string[]).includes(value.toLowerCase());
}

/**
 * [vendor code; doc] Query parameter that selects a page of a list: paging is by `?page=N` only,
 * the Range header is "not implemented" (Annex Cloud API - v3 help page /help/acapi.html).
 * [inferred] page sizes and the first page without `?page=1` (transport/requestAllItems.ts).
 */
export const PAGE_QUERY_PARAMETER = 'page';

export * from './errorCodes';
export * from './statusWords';

/** Field names in requests and responses. */
export const FIELDS = {
	/** [inferred] request bodies */
	request: {
		memberId: 'id',
		campaignId: 'campaignId',
		status: 'status',
		members: 'members',
		startDate: 'startDate',
		endDate: 'endDate',
	},
	/** [vendor code] campaign object; the last four are [inferred] */
	campaign: {
		id: 'campaignId',
		name: 'campaignName',
		description: 'campaignDescription',
		terms: 'campaignTerms',
		tagline: 'campaignTagline',
		dateFrom: 'campaignDateFrom',
		dateTo: 'campaignDateTo',
		status: 'campaignStatus',
		groupName: 'campaignGroupName',
		audience: 'audience',
		numberOfMilestones: 'numberOfMilestones',
		createDate: 'campaignCreateDate',
		updateDate: 'campaignUpdateDate',
		activationRequired: 'activationRequired',
		individualValidity: 'individualValidity',
		groupId: 'campaignGroupId',
		milestones: 'milestones',
	},
	/** [inferred] campaign group object */
	campaignGroup: {
		id: 'campaignGroupId',
		name: 'campaignGroupName',
		status: 'status',
		campaigns: 'campaigns',
	},
	/** [vendor code] list envelope; counts may be strings or numbers */
	list: {
		pages: 'pages',
		currentPage: 'currentPage',
	},
	/** [inferred] per-member result of the bulk individual validity call */
	memberResult: {
		id: 'id',
		/** the member's id under its request name, when a result echoes the entry */
		memberId: 'memberId',
		status: 'status',
		/** a boolean in place of `status` */
		success: 'success',
		reason: 'reason',
		errorCode: 'errorCode',
	},
	/** [inferred] top-level list of per-member results (see MEMBER_RESULT_LIST_KEYS for the others) */
	memberResults: 'members',
	/**
	 * [vendor code; doc] error body `{"errorCode": "AC1001", "errorMessage": "Oops! Something
	 * went wrong"}` (Annex Cloud API - v3 help page /help/acapi.html); codes in ERROR_CODES.
	 */
	error: {
		code: 'errorCode',
		message: 'errorMessage',
	},
} as const;

/**
 * Keys under which list endpoints return their records. [vendor code] for campaigns;
 * [inferred] for the others. Lists are also accepted as a bare array or under any other
 * single array-valued key (see `extractList` in the transport).
 */
export const LIST_KEYS = {
	campaigns: 'allCampaignDetails',
	campaignGroups: 'allCampaignGroupDetails',
	eligibleCampaigns: 'campaigns',
} as const;

/**
 * [inferred] Keys under which the individual validity answer may list its per-member results,
 * preferred first. As with list reads (`extractList`), a bare array and any other single
 * array-valued key that is not a failure list are accepted too.
 */
export const MEMBER_RESULT_LIST_KEYS = [FIELDS.memberResults, 'results', 'memberResults'] as const;

/** [inferred] Keys of lists that name only the members that failed (`{ success: true, failed: [...] }`). */
export const MEMBER_FAILURE_LIST_KEYS = ['failed', 'failedMembers', 'failures', 'errors'] as const;

/** [inferred] Most members one individual validity request may carry. */
export const MAX_INDIVIDUAL_VALIDITY_BATCH = 1000;

/**
 * [doc] Date format `yyyy-MM-dd'T'HH:mm:ssZ` (RFC 3339), e.g. `2015-04-12T14:01:44-0700`: the
 * API may send any `±hhmm` offset (Annex Cloud API - v3 help page /help/acapi.html); we send
 * UTC, e.g. `2024-08-08T07:00:12+0000` (the Users API documentation). [inferred] that every
 * Campaign API date field uses it. Luxon format string.
 */
export const API_DATE_FORMAT = "yyyy-MM-dd'T'HH:mm:ssZZZ";

/** The nine Campaign endpoints. */
export type HttpMethod = 'GET' | 'POST' | 'PATCH';

export interface RouteDefinition {
	readonly key: RouteKey;
	readonly method: HttpMethod;
	/** Path template relative to the base URL; `{param}` is a single path segment. */
	readonly template: string;
	/**
	 * A read that is safe to repeat (used by the transport's retry policy). POST /campaign
	 * only reads, so it is idempotent although it is a POST.
	 */
	readonly idempotent: boolean;
}

export type RouteKey =
	| 'getCampaignForMember'
	| 'getCampaignsByStatus'
	| 'getCampaign'
	| 'getEligibleCampaigns'
	| 'reactivateCampaignForMember'
	| 'activateCampaignForMember'
	| 'setIndividualValidity'
	| 'getCampaignGroupsByStatus'
	| 'getCampaignGroup';

export const ROUTES: Readonly<Record<RouteKey, RouteDefinition>> = {
	getCampaignForMember: { key: 'getCampaignForMember', method: 'POST', template: '/campaign', idempotent: true },
	getCampaignsByStatus: { key: 'getCampaignsByStatus', method: 'GET', template: '/campaign/{status}', idempotent: true },
	getCampaign: { key: 'getCampaign', method: 'GET', template: '/campaign/{campaignId}', idempotent: true },
	getEligibleCampaigns: { key: 'getEligibleCampaigns', method: 'GET', template: '/users/{memberId}/campaign', idempotent: true },
	reactivateCampaignForMember: {
		key: 'reactivateCampaignForMember',
		method: 'PATCH',
		template: '/campaign/activation/{memberId}',
		idempotent: false,
	},
	activateCampaignForMember: { key: 'activateCampaignForMember', method: 'POST', template: '/campaign/activation', idempotent: false },
	setIndividualValidity: { key: 'setIndividualValidity', method: 'POST', template: '/campaign/individualvalidity', idempotent: false },
	getCampaignGroupsByStatus: { key: 'getCampaignGroupsByStatus', method: 'GET', template: '/campaign/group/{status}', idempotent: true },
	getCampaignGroup: { key: 'getCampaignGroup', method: 'GET', template: '/campaign/group/{campaignGroupId}', idempotent: true },
};
