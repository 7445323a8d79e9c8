/**
 * Fault injection for the sandbox's API (never the control API). Faults are queued in FIFO
 * order; each API request consumes one unit of the first pending fault that matches it.
 */
import { SandboxError } from './data';
import { RESHAPES, type Reshape } from './reshape';

export const FAULT_KINDS = ['status', 'malformed-json', 'html', 'empty', 'reset', 'latency', 'body', 'redirect', 'transform', 'reshape'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/**
 * Ways a 'transform' fault bends a real answer of the API (misbehaving servers seen in the
 * field): paging that lies, and list content that is not what the contract promises.
 * - ignore-page: the request's ?page is dropped (the server answers page 1 to every request)
 * - repeat-previous-page: page N is answered with page N-1's records, labelled page N
 * - stuck-current-page: currentPage is always 1
 * - zero-based-pages: currentPage counts from 0
 * - endless-pages: pages is always one more than the current page
 * - empty-page: the page's records are removed, the page counts kept
 * - drop-ids: the records lose their id field
 * - unknown-status: the records' status is a word the contract does not know ("LIVE")
 * - empty-list: a list answer with no records and one page (as if nothing existed)
 */
export const TRANSFORMS = [
	'ignore-page',
	'repeat-previous-page',
	'stuck-current-page',
	'zero-based-pages',
	'endless-pages',
	'empty-page',
	'drop-ids',
	'unknown-status',
	'empty-list',
] as const;
export type Transform = (typeof TRANSFORMS)[number];

export interface FaultMatch {
	/** HTTP method, any case */
	method?: string;
	/** prefix of the raw request path, either full (`/api/3.0/campaign`) or relative to the base URL (`/campaign`) */
	pathPrefix?: string;
}

export interface FaultSpec {
	/** how many matching requests this fault answers (default 1) */
	count?: number;
	/** default 'status' */
	kind?: FaultKind;
	/** HTTP status for 'status' (default 503) and 'html' (default 502) */
	status?: number;
	/** value of the Retry-After header (seconds, or an HTTP date) for 'status' and 'html' */
	retryAfter?: number | string;
	/** delay for 'latency' (default 1000) */
	latencyMs?: number;
	/** raw response body for 'body' (sent as it is; status default 200) */
	body?: string;
	/** Content-Type for 'body' (default application/json) */
	contentType?: string;
	/** Location for 'redirect' (status default 302) */
	location?: string;
	/** what a 'transform' fault does to the real answer */
	transform?: Transform;
	/**
	 * 'status' and 'html': echo the request's Authorization header in the answer (its error
	 * message, extra fields, or the top of the page), like a careless API or proxy
	 */
	echoAuthorization?: boolean;
	/** for 'reshape': the shape the individual validity answer takes (sandbox/reshape.ts) */
	shape?: Reshape;
	match?: FaultMatch;
}

/** A queued fault: its spec, checked, with an id and what it has left to answer. */
export interface Fault extends Omit<FaultSpec, 'count' | 'kind'> {
	id: number;
	kind: FaultKind;
	/** requests still to be answered by this fault */
	remaining: number;
}

function invalid(message: string): SandboxError {
	return new SandboxError(400, 'INVALID_FAULT', message);
}

export class FaultInjector {
	private queue: Fault[] = [];
	private nextId = 1;

	/** Queue a fault; throws a SandboxError (400 INVALID_FAULT) for an invalid spec. */
	inject(spec: FaultSpec = {}): Fault {
		if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) throw invalid('A fault must be a JSON object');
		const kind = spec.kind ?? 'status';
		if (!(FAULT_KINDS as readonly string[]).includes(kind)) {
			throw invalid(`kind must be one of ${FAULT_KINDS.join(', ')}`);
		}
		const count = spec.count ?? 1;
		if (!Number.isInteger(count) || count < 1) throw invalid('count must be a positive integer');
		const fault: Fault = { id: this.nextId++, kind, remaining: count };
		if (kind === 'status' || kind === 'html' || kind === 'body' || kind === 'redirect') {
			const status = spec.status ?? (kind === 'status' ? 503 : kind === 'html' ? 502 : kind === 'body' ? 200 : 302);
			if (!Number.isInteger(status) || status < 100 || status > 599) throw invalid('status must be an HTTP status code');
			fault.status = status;
		}
		if (spec.retryAfter !== undefined) {
			if (typeof spec.retryAfter !== 'number' && typeof spec.retryAfter !== 'string') {
				throw invalid('retryAfter must be a number of seconds or a string');
			}
			fault.retryAfter = spec.retryAfter;
		}
		if (spec.echoAuthorization !== undefined) {
			if (typeof spec.echoAuthorization !== 'boolean') throw invalid('echoAuthorization must be a boolean');
			if (spec.echoAuthorization) fault.echoAuthorization = true;
		}
		if (kind === 'latency') {
			const latencyMs = spec.latencyMs ?? 1000;
			if (typeof latencyMs !== 'number' || !Number.isFinite(latencyMs) || latencyMs < 0) {
				throw invalid('latencyMs must be a non-negative number');
			}
			fault.latencyMs = latencyMs;
		}
		if (kind === 'redirect' && !(fault.status! >= 300 && fault.status! < 400)) throw invalid('a redirect status must be 3xx');
		if (kind === 'body') {
			if (typeof spec.body !== 'string') throw invalid('body must be a string (the raw response body)');
			fault.body = spec.body;
			if (spec.contentType !== undefined) {
				if (typeof spec.contentType !== 'string') throw invalid('contentType must be a string');
				fault.contentType = spec.contentType;
			}
		}
		if (kind === 'redirect') {
			if (typeof spec.location !== 'string' || spec.location === '') throw invalid('location must be a non-empty string');
			fault.location = spec.location;
		}
		if (kind === 'transform') {
			if (!(TRANSFORMS as readonly string[]).includes(String(spec.transform))) {
				throw invalid(`transform must be one of ${TRANSFORMS.join(', ')}`);
			}
			fault.transform = spec.transform;
		}
		if (kind === 'reshape') {
			if (!(RESHAPES as readonly unknown[]).includes(spec.shape)) throw invalid(`shape must be one of ${RESHAPES.join(', ')}`);
			fault.shape = spec.shape;
		}
		if (spec.match !== undefined) {
			const { method, pathPrefix } = spec.match ?? {};
			if (method !== undefined && typeof method !== 'string') throw invalid('match.method must be a string');
			if (pathPrefix !== undefined && typeof pathPrefix !== 'string') throw invalid('match.pathPrefix must be a string');
			fault.match = {};
			if (method !== undefined) fault.match.method = method.toUpperCase();
			if (pathPrefix !== undefined) fault.match.pathPrefix = pathPrefix;
		}
		this.queue.push(fault);
		return { ...fault, match: fault.match && { ...fault.match } };
	}

	/** Remove every pending fault. */
	clear(): void {
		this.queue = [];
	}

	/** Pending faults, in the order they will be used. */
	pending(): Fault[] {
		return this.queue.map((fault) => ({ ...fault, match: fault.match && { ...fault.match } }));
	}

	/**
	 * Consume one unit of the first pending fault that matches the request.
	 * `path` is the raw request path; `relativePath` the part after the base URL's path.
	 */
	take(method: string, path: string, relativePath: string): Fault | undefined {
		const index = this.queue.findIndex((fault) => matches(fault.match, method, path, relativePath));
		const fault = this.queue[index];
		if (fault === undefined) return undefined;
		fault.remaining -= 1;
		if (fault.remaining <= 0) this.queue.splice(index, 1);
		return { ...fault, match: fault.match && { ...fault.match } };
	}
}

function matches(match: FaultMatch | undefined, method: string, path: string, relativePath: string): boolean {
	if (!match) return true;
	if (match.method !== undefined && match.method !== method.toUpperCase()) return false;
	if (match.pathPrefix !== undefined && !path.startsWith(match.pathPrefix) && !relativePath.startsWith(match.pathPrefix)) {
		return false;
	}
	return true;
}

/** `errorCode` of the Annex-style body of a 'status' fault. */
export function faultErrorCode(status: number): string {
	switch (status) {
		case 429:
			return 'RATE_LIMITED';
		case 500:
			return 'INTERNAL_ERROR';
		case 502:
			return 'BAD_GATEWAY';
		case 503:
			return 'SERVICE_UNAVAILABLE';
		case 504:
			return 'GATEWAY_TIMEOUT';
		default:
			return 'SANDBOX_FAULT';
	}
}
