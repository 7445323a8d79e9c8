/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- the sandbox is a dev-only local test server (never in the published package); it needs node:http and timers */
/**
 * The local Annex Cloud sandbox: a real HTTP server (node:http only) serving the contract's
 * Campaign API under /api/3.0 with independent request authentication, a control API under
 * /__sandbox, fault injection and a request log.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { DEFAULT_BASE_URL, FIELDS, HEADERS, LIST_KEYS } from '../nodes/AnnexCloud/transport/contract';
import { handleApiRequest } from './api';
import { CONTROL_PATH, handleControlRequest } from './control';
import { SandboxStore } from './data';
import { FaultInjector, faultErrorCode, type Fault, type Transform } from './faults';
import { Pace, type PaceSettings } from './pace';
import { reshapeValidityAnswer, type Reshape } from './reshape';
import { transformQuery, transformReply } from './transforms';
import {
	decodeSegments,
	errorReply,
	parseQuery,
	readBody,
	replyErrorCode,
	replyFromError,
	replyReason,
	splitTarget,
	writeReply,
	type Reply,
} from './http';
import { RequestLog, bodyForLog, type RequestLogEntry } from './log';

export interface SandboxOptions {
	/** default 127.0.0.1 */
	host?: string;
	/** default 0: a free port */
	port?: number;
	/** shared secret the sandbox verifies tokens with */
	secret?: string;
	/** the only site id accepted (claim and header) */
	siteId?: string;
	/** shown as the demo credential's site name; not enforced: any `sub` is accepted */
	siteName?: string;
	/** seed of the generated data (same seed, same data) */
	seed?: number;
	/** number of seeded campaigns (default 40; 10,000+ is fine) */
	campaigns?: number;
	/** number of seeded campaign groups (default 6; 0: a site with no groups) */
	groups?: number;
	/** number of seeded regular members (default 20), besides the tricky-id members */
	members?: number;
	/** list page size (default 25) */
	pageSize?: number;
	/** tolerance in seconds for `exp` (default 0) */
	clockSkewSeconds?: number;
	/** request log ring buffer size (default 5000) */
	logLimit?: number;
	/** demo credential value (default 300); the sandbox does not limit token lifetime */
	signatureValiditySeconds?: number;
	/** clock in epoch ms, for token expiry and run-time timestamps (default Date.now) */
	now?: () => number;
	/** receives one line per API request; nothing is printed otherwise */
	logger?: (line: string) => void;
	/** a rate limit (429 with Retry-After) and latency with jitter (pace.ts); default: none */
	pace?: Partial<PaceSettings>;
}

export const SANDBOX_DEFAULTS = {
	host: '127.0.0.1',
	port: 0,
	secret: 'sandbox-shared-secret-do-not-use-in-production',
	siteId: '100200',
	siteName: 'n8n-sandbox',
	seed: 1,
	campaigns: 40,
	groups: 6,
	members: 20,
	pageSize: 25,
	clockSkewSeconds: 0,
	logLimit: 5000,
	signatureValiditySeconds: 300,
} as const;

/** What a user puts in the n8n credential to talk to this sandbox. */
export interface SandboxCredentials {
	baseUrl: string;
	siteId: string;
	siteName: string;
	sharedSecret: string;
	signatureValiditySeconds: number;
}

export interface Sandbox {
	/** e.g. http://127.0.0.1:PORT/api/3.0 (the credential's base URL) */
	readonly baseUrl: string;
	/** e.g. http://127.0.0.1:PORT */
	readonly origin: string;
	/** e.g. http://127.0.0.1:PORT/__sandbox */
	readonly controlUrl: string;
	readonly port: number;
	readonly credentials: SandboxCredentials;
	readonly store: SandboxStore;
	readonly faults: FaultInjector;
	/** rate limit and latency of the API answers (pace.ts) */
	readonly pace: Pace;
	/** copy of the request log, oldest first */
	readonly log: RequestLogEntry[];
	/** copy of the request log, oldest first */
	requests(): RequestLogEntry[];
	clearLog(): void;
	/** Stop the server and close every connection, keep-alive ones included. */
	close(): Promise<void>;
}

/** Path of the API root, taken from the contract's default base URL (`/api/3.0`). */
export const API_BASE_PATH = new URL(DEFAULT_BASE_URL).pathname.replace(/\/+$/, '');

interface Resolved {
	host: string;
	port: number;
	secret: string;
	siteId: string;
	siteName: string;
	seed: number;
	campaigns: number;
	groups: number;
	members: number;
	pageSize: number;
	clockSkewSeconds: number;
	logLimit: number;
	signatureValiditySeconds: number;
	now: () => number;
	logger: ((line: string) => void) | undefined;
}

function nonNegativeInteger(value: number | undefined, fallback: number, name: string, min = 0): number {
	const result = value ?? fallback;
	if (!Number.isInteger(result) || result < min) throw new Error(`Sandbox option "${name}" must be an integer >= ${min}`);
	return result;
}

function resolveOptions(opts: SandboxOptions): Resolved {
	const d = SANDBOX_DEFAULTS;
	const secret = opts.secret ?? d.secret;
	if (secret.length === 0) throw new Error('Sandbox option "secret" must not be empty');
	const siteId = opts.siteId ?? d.siteId;
	if (siteId.length === 0) throw new Error('Sandbox option "siteId" must not be empty');
	const clockSkewSeconds = opts.clockSkewSeconds ?? d.clockSkewSeconds;
	if (!Number.isFinite(clockSkewSeconds) || clockSkewSeconds < 0) {
		throw new Error('Sandbox option "clockSkewSeconds" must be a number >= 0');
	}
	return {
		host: opts.host ?? d.host,
		port: nonNegativeInteger(opts.port, d.port, 'port'),
		secret,
		siteId,
		siteName: opts.siteName ?? d.siteName,
		seed: nonNegativeInteger(opts.seed, d.seed, 'seed'),
		campaigns: nonNegativeInteger(opts.campaigns, d.campaigns, 'campaigns'),
		groups: nonNegativeInteger(opts.groups, d.groups, 'groups'),
		members: nonNegativeInteger(opts.members, d.members, 'members'),
		pageSize: nonNegativeInteger(opts.pageSize, d.pageSize, 'pageSize', 1),
		clockSkewSeconds,
		logLimit: nonNegativeInteger(opts.logLimit, d.logLimit, 'logLimit', 1),
		signatureValiditySeconds: nonNegativeInteger(opts.signatureValiditySeconds, d.signatureValiditySeconds, 'signatureValiditySeconds', 1),
		now: opts.now ?? Date.now,
		logger: opts.logger,
	};
}

const HTML_ERROR_PAGE =
	'<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n' +
	'<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>\n';

/** A JSON body cut in the middle (what a dropped proxy connection can deliver). */
const MALFORMED_JSON = `{"${LIST_KEYS.campaigns}":[{"${FIELDS.campaign.id}":"1001","${FIELDS.campaign.name}":"Doub`;

function headerValue(req: IncomingMessage, name: string): string | undefined {
	const value = req.headers[name.toLowerCase()];
	return Array.isArray(value) ? value.join(', ') : value;
}

/** Start a sandbox; resolves once it listens. */
export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
	const options = resolveOptions(opts);
	const store = new SandboxStore({
		seed: options.seed,
		campaigns: options.campaigns,
		groups: options.groups,
		members: options.members,
		now: options.now,
	});
	const faults = new FaultInjector();
	const pace = new Pace(opts.pace);
	const log = new RequestLog(options.logLimit);
	const delays = new Set<() => void>();
	let baseUrl = '';

	const delay = (ms: number): Promise<void> =>
		new Promise((resolve) => {
			const done = (): void => {
				clearTimeout(timer);
				delays.delete(done);
				resolve();
			};
			const timer = setTimeout(done, ms);
			delays.add(done);
		});

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const startedAt = Date.now();
		const method = (req.method ?? 'GET').toUpperCase();
		const { rawPath, rawQuery } = splitTarget(req.url);
		const query = parseQuery(rawQuery);
		const { body, tooLarge } = await readBody(req);

		if (rawPath === CONTROL_PATH || rawPath.startsWith(`${CONTROL_PATH}/`)) {
			let reply: Reply;
			const segments = decodeSegments(rawPath.slice(CONTROL_PATH.length) || '/');
			if (tooLarge) reply = errorReply(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large');
			else if (!segments) reply = errorReply(400, 'INVALID_PATH', 'The path is not valid percent-encoding');
			else {
				try {
					reply = handleControlRequest(
						{ method, segments: segments.filter((s, i) => !(i === 0 && s === '')), query, body },
						{ store, faults, log, pace, baseUrl, siteId: options.siteId },
					);
				} catch (error) {
					reply = replyFromError(error);
				}
			}
			writeReply(res, reply);
			return;
		}

		const entry: RequestLogEntry = {
			seq: log.nextSeq(),
			time: new Date(startedAt).toISOString(),
			method,
			path: rawPath,
			query,
			route: null,
			params: [],
			status: 0,
			verified: false,
			authError: null,
			errorCode: null,
			reason: null,
			fault: null,
			...bodyForLog(body),
			sub: null,
			claims: null,
			siteHeader: headerValue(req, HEADERS.site) ?? null,
			contentType: headerValue(req, HEADERS.contentType) ?? null,
			durationMs: 0,
		};
		const finish = (reply: Reply | null): void => {
			if (reply) {
				writeReply(res, reply);
				entry.status = reply.status;
				entry.errorCode = replyErrorCode(reply);
				entry.reason = replyReason(reply);
			}
			entry.durationMs = Date.now() - startedAt;
			log.push(entry);
			if (options.logger) {
				const extra = [entry.fault && `fault=${entry.fault}`, entry.authError ?? entry.errorCode].filter(Boolean).join(' ');
				options.logger(`${method} ${rawPath}${rawQuery ? `?${rawQuery}` : ''} -> ${entry.status || 'reset'}${extra ? ` ${extra}` : ''}`);
			}
		};

		const isApi = rawPath === API_BASE_PATH || rawPath.startsWith(`${API_BASE_PATH}/`);
		if (!isApi) {
			// Not an Annex answer (no errorCode): what a wrong Base URL on the right host meets.
			finish({ status: 404, body: { message: `Not found: the API lives under ${API_BASE_PATH}` } });
			return;
		}
		const relativePath = rawPath.slice(API_BASE_PATH.length);

		// The pace: the rate limit counts every API request on arrival; latency holds every answer.
		const admission = pace.admit();
		const paceDelayMs = pace.delayMs();
		if (paceDelayMs > 0) await delay(paceDelayMs);
		if (!admission.ok) {
			const headers = { 'Retry-After': String(admission.retryAfterSeconds) };
			finish(errorReply(429, faultErrorCode(429), 'Too many requests: the sandbox rate limit is exceeded', headers));
			return;
		}

		// Faults come first (before routing and authentication); the request is still logged.
		const fault = faults.take(method, rawPath, relativePath);
		let transform: Transform | undefined;
		if (fault) {
			entry.fault = fault.kind;
			if (fault.kind === 'latency') {
				await delay(fault.latencyMs ?? 0);
			} else if (fault.kind === 'transform') {
				transform = fault.transform;
			} else if (fault.kind === 'reshape' && fault.shape !== 'error-body') {
				// Handled as usual below; only the answer's shape changes.
			} else {
				const reply = faultReply(fault, headerValue(req, HEADERS.authorization));
				if (!reply) {
					req.socket.destroy();
					finish(null);
					return;
				}
				finish(reply);
				return;
			}
		}

		if (tooLarge) {
			finish(errorReply(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large'));
			return;
		}
		const segments = decodeSegments(relativePath || '/');
		if (!segments) {
			finish(errorReply(400, 'INVALID_PATH', 'The path is not valid percent-encoding'));
			return;
		}
		const outcome = handleApiRequest(
			{
				method,
				segments: segments.length === 1 && segments[0] === '' ? [] : segments,
				query: transformQuery(query, transform),
				body,
				authorization: headerValue(req, HEADERS.authorization),
				siteHeader: headerValue(req, HEADERS.site),
			},
			store,
			{
				secret: options.secret,
				siteId: options.siteId,
				clockSkewSeconds: options.clockSkewSeconds,
				pageSize: options.pageSize,
				now: options.now,
			},
		);
		entry.route = outcome.route;
		entry.params = outcome.params;
		entry.verified = outcome.verified;
		entry.authError = outcome.authError;
		// Claims are logged only when they were readable; the token itself never is.
		entry.claims = outcome.claims;
		const sub = outcome.claims?.sub;
		entry.sub = typeof sub === 'string' ? sub : null;
		const reply = transformReply(outcome.reply, query, transform);
		finish(fault?.shape === undefined ? reply : reshapeReply(fault.shape, reply));
	}

	const server: Server = createServer((req, res) => {
		handle(req, res).catch((error: unknown) => {
			writeReply(res, replyFromError(error));
		});
	});
	server.on('clientError', (_error, socket) => {
		if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
		else socket.destroy();
	});

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port, options.host, () => {
			server.off('error', reject);
			resolve();
		});
	});

	const address = server.address() as AddressInfo;
	const hostForUrl = address.family === 'IPv6' || address.address.includes(':') ? `[${address.address}]` : address.address;
	const origin = `http://${hostForUrl}:${address.port}`;
	baseUrl = `${origin}${API_BASE_PATH}`;
	let closing: Promise<void> | undefined;

	return {
		baseUrl,
		origin,
		controlUrl: `${origin}${CONTROL_PATH}`,
		port: address.port,
		credentials: {
			baseUrl,
			siteId: options.siteId,
			siteName: options.siteName,
			sharedSecret: options.secret,
			signatureValiditySeconds: options.signatureValiditySeconds,
		},
		store,
		faults,
		pace,
		get log(): RequestLogEntry[] {
			return log.list();
		},
		requests: () => log.list(),
		clearLog: () => log.clear(),
		close(): Promise<void> {
			closing ??= new Promise<void>((resolve) => {
				for (const done of [...delays]) done();
				server.close(() => resolve());
				server.closeAllConnections();
			});
			return closing;
		},
	};
}

/** The reply of a fault; null means: reset the connection without answering. */
function faultReply(fault: Fault, authorization: string | undefined): Reply | null {
	const retryAfter: Record<string, string> | undefined =
		fault.retryAfter === undefined ? undefined : { 'Retry-After': String(fault.retryAfter) };
	const echoed = fault.echoAuthorization ? (authorization ?? '(none)') : undefined;
	switch (fault.kind) {
		case 'status': {
			const status = fault.status ?? 503;
			const message = `Injected fault: HTTP ${status}`;
			if (echoed === undefined) return errorReply(status, faultErrorCode(status), message, retryAfter);
			const token = echoed.replace(/^Bearer\s+/i, '');
			const reply = errorReply(status, faultErrorCode(status), `${message}. Received Authorization: ${echoed} (token ${token})`, retryAfter);
			return { ...reply, body: { ...(reply.body as object), message: `Bearer ${token}`, token, request: { headers: { authorization: echoed } } } };
		}
		case 'html':
			return {
				status: fault.status ?? 502,
				raw: echoed === undefined ? HTML_ERROR_PAGE : `Authorization: ${echoed}\n${HTML_ERROR_PAGE}`,
				contentType: 'text/html; charset=utf-8',
				...(retryAfter ? { headers: retryAfter } : {}),
			};
		case 'body':
			return { status: fault.status ?? 200, raw: fault.body ?? '', contentType: fault.contentType ?? 'application/json' };
		case 'redirect':
			return { status: fault.status ?? 302, raw: '', headers: { Location: fault.location ?? '/' } };
		case 'transform':
			return null;
		case 'malformed-json':
			return { status: 200, raw: MALFORMED_JSON };
		case 'empty':
			return { status: 200, raw: '' };
		case 'reset':
			return null;
		case 'latency':
			return null;
		case 'reshape':
			return { status: 200, body: reshapeValidityAnswer('error-body', undefined) };
	}
}

/** A 2xx answer in another shape (a `reshape` fault); other answers are kept. */
function reshapeReply(shape: Reshape, reply: Reply): Reply {
	if (reply.status < 200 || reply.status >= 300 || reply.raw !== undefined) return reply;
	return { ...reply, body: reshapeValidityAnswer(shape, reply.body) };
}
