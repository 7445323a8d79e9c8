/** Local Annex Cloud sandbox: public API. */
export { startSandbox, SANDBOX_DEFAULTS, API_BASE_PATH } from './server';
export type { Sandbox, SandboxOptions, SandboxCredentials } from './server';
export {
	SandboxStore,
	SandboxError,
	MEMBER_VIEW_FIELDS,
	MAX_VALIDITY_BATCH,
	TRICKY_MEMBER_IDS,
	BLOCKED_MEMBER_ID,
	OPTED_OUT_MEMBER_ID,
	FIRST_CAMPAIGN_ID,
	FIRST_GROUP_ID,
	mulberry32,
	epochForSeed,
	compareIds,
	paginate,
} from './data';
export type {
	SandboxCampaign,
	SandboxCampaignFields,
	SandboxMemberCampaign,
	SandboxCampaignGroup,
	SandboxMember,
	SandboxAudience,
	SandboxMilestone,
	SandboxStatus,
	ActivationRecord,
	ValidityRecord,
	ValidityMemberResult,
	ValidityResult,
	PageOf,
	SandboxCounts,
	StoreOptions,
} from './data';
export { ANNEX_CODE_OF_REASON, annexCodeOf } from './http';
export { FaultInjector, FAULT_KINDS, faultErrorCode } from './faults';
export { RESHAPES, RESHAPE_ERROR, reshapeValidityAnswer } from './reshape';
export type { Reshape } from './reshape';
export type { Fault, FaultKind, FaultMatch, FaultSpec, Transform } from './faults';
export { TRANSFORMS } from './faults';
export { AUTH_ERROR_CODES, MAX_EXP_SECONDS, verifyRequest, computePayloadHmac } from './auth';
export type { AuthErrorCode, VerifiedClaims, VerifyConfig, VerifyInput, VerifyResult } from './auth';
export { CONTROL_PATH } from './control';
export { LOG_BODY_LIMIT } from './log';
export type { RequestLogEntry } from './log';
export { formatApiDate, parseApiDate } from './dates';
export { main, parseArgs } from './cli';
export { Pace, PACE_OFF, paceSettings } from './pace';
export type { PaceAdmission, PaceSettings } from './pace';
