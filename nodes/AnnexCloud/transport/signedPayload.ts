/**
 * What a request's signature covers [doc]: the body as sent for a write, the identifier of a
 * GET as a JSON string literal. Which value is a GET's identifier is not stated per endpoint;
 * [inferred, backed by vendor code] it is the route's single path parameter. The patterns
 * that find it are derived from the contract's ROUTES, so a GET route added there is signed
 * by its own parameter, never by a guess. Pure, no n8n context.
 */
import { ROUTES, type RouteDefinition } from './contract';

/** Methods whose body is what gets signed. Every other method signs its identifier. */
export const BODY_SIGNED_METHODS: readonly string[] = ['POST', 'PATCH', 'PUT', 'DELETE'];

interface IdentifierPattern {
	/** the route the pattern was derived from (routes sharing a template share a pattern) */
	route: RouteDefinition;
	pattern: RegExp;
	/** literal path segments: more is more specific */
	literals: number;
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `/campaign/group/{status}` -> /\/campaign\/group\/([^/]+)\/?$/ (matched at the end of the path). */
function patternOf(route: RouteDefinition): IdentifierPattern {
	const segments = route.template.split('/').filter((segment) => segment !== '');
	const source = segments.map((segment) => (/^\{\w+\}$/.test(segment) ? '([^/]+)' : escapeRegExp(segment))).join('\\/');
	return {
		route,
		pattern: new RegExp(`\\/${source}\\/?$`),
		literals: segments.filter((segment) => !segment.startsWith('{')).length,
	};
}

/**
 * The GET routes' patterns, most specific first; routes whose templates differ only in the
 * parameter's name (`/campaign/{status}`, `/campaign/{campaignId}`) share one.
 */
export const GET_IDENTIFIER_PATTERNS: readonly IdentifierPattern[] = (() => {
	const bySource = new Map<string, IdentifierPattern>();
	for (const route of Object.values(ROUTES)) {
		if (route.method !== 'GET') continue;
		const params = route.template.match(/\{\w+\}/g) ?? [];
		if (params.length !== 1) throw new Error(`GET route ${route.key} must have exactly one path parameter: ${route.template}`);
		const derived = patternOf(route);
		if (!bySource.has(derived.pattern.source)) bySource.set(derived.pattern.source, derived);
	}
	return [...bySource.values()].sort((a, b) => b.literals - a.literals);
})();

function safeDecode(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}

/**
 * The identifier of a GET request from its URL path (query string and fragment ignored), and
 * the route it was found by. A path that is none of the contract's GET routes (a user's call
 * in n8n's HTTP Request node) is signed by its last path segment [inferred], and says so with
 * `route: undefined`.
 */
export function getIdentifierOf(path: string): { identifier: string; route?: RouteDefinition } {
	const pathOnly = path.split(/[?#]/, 1)[0] ?? '';
	for (const { pattern, route } of GET_IDENTIFIER_PATTERNS) {
		const match = pattern.exec(pathOnly);
		if (match?.[1] !== undefined) return { identifier: safeDecode(match[1]), route };
	}
	const segments = pathOnly.split('/').filter((segment) => segment.length > 0);
	const last = segments[segments.length - 1];
	return { identifier: last === undefined ? '' : safeDecode(last) };
}

/** The identifier of a GET request from its URL path. */
export function getIdentifierFromPath(path: string): string {
	return getIdentifierOf(path).identifier;
}

/**
 * The payload string that is signed for a GET: the identifier as a JSON string literal [doc:
 * "wrapped in double quotes"]; [inferred] JSON escaping for a quote, backslash or control
 * character.
 */
export function identifierPayload(identifier: string): string {
	return JSON.stringify(identifier);
}
