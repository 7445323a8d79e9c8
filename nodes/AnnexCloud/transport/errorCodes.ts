/**
 * Annex Cloud's documented error codes and messages (part of the contract; re-exported by
 * contract.ts). Pure data.
 */

/**
 * [doc] Annex Cloud error codes (source: Annex Cloud API - v3 help page /help/acapi.html). An
 * error answer is `{"errorCode": "AC1001", "errorMessage": "Oops! Something went wrong"}` with
 * the usual HTTP status; the code decides what it means, the status comes second:
 * AC1001 generic failure (seen with 404: not "check the id"); AC1002 not authorised (401);
 * AC1003 method not allowed (405); AC1004 missing and AC1007 invalid parameters (400);
 * AC1005 "No data found" (404 or 400: an empty list on a list read, "not found" on a read by
 * id); AC1006 already exists (409); AC1008 blocked member; AC1009 opted-out member; AC1010
 * duplicate order id (statuses of the last three not documented).
 */
export const ERROR_CODES = {
	generic: 'AC1001',
	notAuthorized: 'AC1002',
	methodNotAllowed: 'AC1003',
	missingParameters: 'AC1004',
	noData: 'AC1005',
	alreadyExists: 'AC1006',
	invalidParameters: 'AC1007',
	userBlocked: 'AC1008',
	optedOut: 'AC1009',
	duplicateOrderId: 'AC1010',
} as const;
export type AnnexErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** [doc] The `errorMessage` documented for each code (same source). */
export const ERROR_MESSAGES: Readonly<Record<AnnexErrorCode, string>> = {
	AC1001: 'Oops! Something went wrong',
	AC1002: 'Request Not Authorized',
	AC1003: 'Method Not Allowed',
	AC1004: 'Missing Parameters',
	AC1005: 'No data found',
	AC1006: 'Data already exists',
	AC1007: 'Invalid Parameters',
	AC1008: 'User is blocked',
	AC1009: 'Opt out user',
	AC1010: 'Duplicate order ID',
};
