/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- dev-only benchmark tooling, never in the package: local HTTP servers, a timer for simulated network latency */
/**
 * A trivial local HTTP server that answers `GET <path>` with response bodies recorded from the
 * sandbox, byte for byte, and checks nothing. It listens on one port per benchmark variant, so
 * that every variant does the same server round trip (same path, same body, same headers, no
 * signature check on the clock) and its requests can be counted apart. Signatures are
 * verified afterwards, off the clock, from the recorded headers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedResponse {
	status: number;
	contentType: string;
	body: Buffer;
}

export interface RecordedRequest {
	path: string;
	authorization?: string;
	siteHeader?: string;
	/** epoch ms when it arrived */
	at: number;
}

export interface ReplayListener {
	name: string;
	port: number;
	/** e.g. http://127.0.0.1:PORT */
	origin: string;
	requests: RecordedRequest[];
	/** requests whose path had no recorded response */
	misses: number;
}

export interface ReplayServer {
	listeners: Map<string, ReplayListener>;
	close(): Promise<void>;
}

function header(req: IncomingMessage, name: string): string | undefined {
	const value = req.headers[name];
	return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * A listener name, or a name and how long each answer waits (a remote API's network latency),
 * plus up to `jitterMs` more, uniformly random.
 */
export type ListenerSpec = string | { name: string; latencyMs: number; jitterMs?: number };

export async function startReplayServer(
	responses: ReadonlyMap<string, RecordedResponse>,
	specs: readonly ListenerSpec[],
): Promise<ReplayServer> {
	const listeners = new Map<string, ReplayListener>();
	const servers: Server[] = [];
	for (const spec of specs) {
		const { name, latencyMs, jitterMs = 0 } = typeof spec === 'string' ? { name: spec, latencyMs: 0 } : spec;
		const listener: ReplayListener = { name, port: 0, origin: '', requests: [], misses: 0 };
		const server = createServer((req: IncomingMessage, res: ServerResponse) => {
			// Drain any body; then answer from the recording.
			req.resume();
			req.on('end', () => {
				const path = (req.url ?? '').split('?', 1)[0] ?? '';
				listener.requests.push({
					path,
					authorization: header(req, 'authorization'),
					siteHeader: header(req, 'x-annexcloud-site'),
					at: Date.now(),
				});
				const recorded = responses.get(path);
				if (recorded === undefined) {
					listener.misses++;
					res.writeHead(404, { 'Content-Type': 'application/json; charset=utf-8' });
					res.end('{"errorCode":"NOT_FOUND","errorMessage":"not recorded"}');
					return;
				}
				const answer = (): void => {
					res.writeHead(recorded.status, {
						'Content-Type': recorded.contentType,
						'Content-Length': recorded.body.length,
						'Cache-Control': 'no-store',
					});
					res.end(recorded.body);
				};
				const waitMs = latencyMs + Math.random() * jitterMs;
				if (waitMs > 0) setTimeout(answer, waitMs);
				else answer();
			});
		});
		await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
		listener.port = (server.address() as AddressInfo).port;
		listener.origin = `http://127.0.0.1:${listener.port}`;
		listeners.set(name, listener);
		servers.push(server);
	}
	return {
		listeners,
		close: async () => {
			await Promise.all(
				servers.map(
					async (server) =>
						await new Promise<void>((resolveClose) => {
							server.closeAllConnections();
							server.close(() => resolveClose());
						}),
				),
			);
		},
	};
}
