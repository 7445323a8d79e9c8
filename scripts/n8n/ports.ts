/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev tooling (demo, e2e), never in the package: finds free TCP ports */
/** Free TCP ports on loopback. */
import { createServer } from 'node:net';

/** Whether `port` can be bound on `host` right now. */
export async function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
	return await new Promise((resolvePort) => {
		const server = createServer();
		server.once('error', () => resolvePort(false));
		server.listen(port, host, () => server.close(() => resolvePort(true)));
	});
}

/** A port the OS reports free (bind to 0, read it, release it). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
	return await new Promise((resolvePort, rejectPort) => {
		const server = createServer();
		server.once('error', rejectPort);
		server.listen(0, host, () => {
			const address = server.address();
			const port = typeof address === 'object' && address !== null ? address.port : 0;
			server.close(() => (port > 0 ? resolvePort(port) : rejectPort(new Error('no free port'))));
		});
	});
}

/** `preferred` when it is free, otherwise any free port. */
export async function preferredOrFreePort(preferred: number, host = '127.0.0.1'): Promise<number> {
	return (await isPortFree(preferred, host)) ? preferred : await freePort(host);
}
