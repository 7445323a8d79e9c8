/**
 * Building a route's path from its template: every value one URL path segment, encoded so it
 * cannot change which route is called. Pure, no n8n context.
 */
import type { RouteDefinition } from './contract';

/**
 * [inferred] Longest path parameter we send, once URL-encoded. Servers and proxies commonly
 * refuse request lines over 8 KB, and no Annex Cloud id comes near this.
 */
export const MAX_ENCODED_PATH_PARAMETER_LENGTH = 2048;

/**
 * Why a value cannot be sent as one path segment, or undefined when it can. URL parsers
 * resolve a `.` or `..` segment (even percent-encoded) before the request is sent, which
 * would call another endpoint; an unpaired surrogate cannot be URL-encoded at all.
 */
export function pathParameterProblem(value: string): string | undefined {
	if (value === '.' || value === '..') {
		return `cannot be "${value}": in a URL it means ${value === '.' ? 'the current' : 'the parent'} folder, so another endpoint would be called`;
	}
	let encoded: string;
	try {
		encoded = encodeURIComponent(value);
	} catch {
		return 'contains an unpaired surrogate character, which cannot be sent in a URL';
	}
	if (encoded.length > MAX_ENCODED_PATH_PARAMETER_LENGTH) {
		return `is too long to be sent in a URL (${encoded.length} characters once encoded, at most ${MAX_ENCODED_PATH_PARAMETER_LENGTH})`;
	}
	return undefined;
}

/**
 * Build the path of a route: each `{param}` is replaced by the URL-encoded value.
 * Values are encoded with encodeURIComponent, so `/`, `?`, `#`, `%`, spaces and unicode
 * cannot change which route is called; `.` and `..` are refused (see pathParameterProblem).
 */
export function buildPath(route: RouteDefinition, params: Record<string, string> = {}): string {
	return route.template.replace(/\{(\w+)\}/g, (_match, name: string) => {
		const value = params[name];
		if (value === undefined) throw new Error(`Missing path parameter "${name}" for ${route.template}`);
		const problem = pathParameterProblem(value);
		if (problem !== undefined) throw new Error(`Path parameter "${name}" ${problem}`);
		return encodeURIComponent(value);
	});
}
