/**
 * Reading the Annex Cloud credential: the one place that turns what n8n stored (of any age
 * or shape) into the values every request uses. The credential's `authenticate`, the
 * transport (`annexCloudApiRequest`) and the credential test all resolve the Base URL here.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { ENVIRONMENT_BASE_URLS, type NamedEnvironment } from './contract';
import { displayBaseUrl } from './redact';

export const CUSTOM_ENVIRONMENT = 'custom';
export type Environment = NamedEnvironment | typeof CUSTOM_ENVIRONMENT;

/**
 * What a stored credential without an Environment means. Credentials saved before the option
 * existed hold only a Base URL, and n8n fills a missing field with its default before
 * `authenticate` sees it: "custom" makes them keep using their Base URL, exactly as before.
 */
export const DEFAULT_ENVIRONMENT: Environment = CUSTOM_ENVIRONMENT;

/** The Signature Validity range the credential field documents, and its default. */
export const SIGNATURE_VALIDITY_SECONDS = { min: 10, max: 3600, default: 300 } as const;

/** A problem with the credential or the request that no retry can fix; the message says what to do. */
export class SigningInputError extends Error {}

/** The credential's fields, resolved: the Base URL of the Environment, Site Name defaulted. */
export interface AnnexCloudCredentialData {
	environment: Environment;
	baseUrl: string;
	siteId: string;
	siteName: string;
	sharedSecret: string;
	signatureValiditySeconds: number;
}

function asTrimmedString(value: unknown): string {
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return '';
}

/**
 * A token lifetime inside the documented range, whatever was stored: numbers and numeric
 * text are clamped (`1e12` and `"1e9"` to the maximum, negatives to the minimum); anything
 * else (`true`, `NaN`, `"abc"`, nothing) gives the default.
 */
export function clampSignatureValidity(value: unknown): number {
	const { min, max } = SIGNATURE_VALIDITY_SECONDS;
	const number =
		typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
	if (Number.isNaN(number)) return SIGNATURE_VALIDITY_SECONDS.default;
	return Math.min(max, Math.max(min, Math.floor(number)));
}

function isNamedEnvironment(value: string): value is NamedEnvironment {
	return Object.prototype.hasOwnProperty.call(ENVIRONMENT_BASE_URLS, value);
}

function readEnvironment(credentials: ICredentialDataDecryptedObject): Environment {
	const value = asTrimmedString(credentials.environment) || DEFAULT_ENVIRONMENT;
	if (value === CUSTOM_ENVIRONMENT || isNamedEnvironment(value)) return value;
	throw new SigningInputError(
		`The Annex Cloud credential's Environment "${value.slice(0, 40)}" is not known. Open the credential and choose Production, Staging or Custom Base URL.`,
	);
}

/** The API root requests go to: the Environment's documented host, or the Custom Base URL ('' if none). */
export function resolveBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const environment = readEnvironment(credentials);
	if (environment !== CUSTOM_ENVIRONMENT) return ENVIRONMENT_BASE_URLS[environment];
	return asTrimmedString(credentials.baseUrl).replace(/\/+$/, '');
}

/**
 * The same resolution as an n8n expression, for the declarative credential test's `baseURL`
 * (n8n evaluates it before it calls `authenticate`). Built from the same table; a test
 * evaluates it with n8n's expression engine against `resolveBaseUrl` for every Environment.
 */
export function baseUrlExpression(): string {
	const named = (Object.keys(ENVIRONMENT_BASE_URLS) as NamedEnvironment[])
		.map((environment) => `$credentials.environment === ${JSON.stringify(environment)} ? ${JSON.stringify(ENVIRONMENT_BASE_URLS[environment])} : `)
		.join('');
	return `={{ ${named}String($credentials.baseUrl ?? "").trim().replace(/\\/+$/, "") }}`;
}

/** Read and check the credential's fields; the message names the field to fix. */
export function readCredentialData(credentials: ICredentialDataDecryptedObject): AnnexCloudCredentialData {
	const environment = readEnvironment(credentials);
	const baseUrl = resolveBaseUrl(credentials);
	const siteId = asTrimmedString(credentials.siteId);
	// [doc] `sub` "could actually be anything, won't affect execution result": the Site ID will do.
	const siteName = asTrimmedString(credentials.siteName) || siteId;
	// The secret is used exactly as given: surrounding spaces could be part of it.
	const sharedSecret = typeof credentials.sharedSecret === 'string' ? credentials.sharedSecret : '';
	const missing: string[] = [];
	if (!baseUrl) missing.push('Base URL');
	if (!siteId) missing.push('Site ID');
	if (!sharedSecret) missing.push('Shared Secret');
	if (missing.length > 0) {
		throw new SigningInputError(
			`The Annex Cloud credential is missing: ${missing.join(', ')}. Open the credential and fill in these fields.`,
		);
	}
	if (!/^https?:\/\/[^/?#\s]+/i.test(baseUrl)) {
		throw new SigningInputError(
			`The Annex Cloud credential's Base URL "${displayBaseUrl(baseUrl).slice(0, 80)}" is not an http(s) URL. It should look like ${ENVIRONMENT_BASE_URLS.production}.`,
		);
	}
	return {
		environment,
		baseUrl,
		siteId,
		siteName,
		sharedSecret,
		signatureValiditySeconds: clampSignatureValidity(credentials.signatureValiditySeconds),
	};
}
