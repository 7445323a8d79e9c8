/* eslint-disable @n8n/community-nodes/no-restricted-imports -- e2e test helper, not runtime code: a local HTTP server */
/** A local HTTP server that records every JSON body posted to it (a target for HTTP Request nodes). */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SinkRequest {
	method: string;
	path: string;
	body: unknown;
	at: number;
}

export interface Sink {
	url: string;
	requests: SinkRequest[];
	close(): Promise<void>;
}

export async function startSink(): Promise<Sink> {
	const requests: SinkRequest[] = [];
	const server = createServer((req: IncomingMessage, res: ServerResponse) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			let body: unknown = text;
			try {
				body = text === '' ? undefined : JSON.parse(text);
			} catch {
				body = text;
			}
			requests.push({ method: req.method ?? '', path: req.url ?? '', body, at: Date.now() });
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end('{"received":true}');
		});
	});
	await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		close: async () =>
			await new Promise<void>((resolveClose) => {
				server.closeAllConnections();
				server.close(() => resolveClose());
			}),
	};
}
