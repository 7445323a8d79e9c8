/* eslint-disable @n8n/community-nodes/no-restricted-globals -- dev tooling (demo, e2e), never in the package: uses fetch and timers */
/** A small JSON-over-HTTP helper on top of fetch. */

export interface HttpResponse<T = unknown> {
	status: number;
	headers: Headers;
	text: string;
	/** the parsed body, or undefined when it is not JSON */
	json: T | undefined;
}

export class HttpError extends Error {
	constructor(
		message: string,
		readonly response: HttpResponse,
	) {
		super(message);
		this.name = 'HttpError';
	}
}

export interface RequestOptions {
	headers?: Record<string, string>;
	/** sent as JSON */
	body?: unknown;
	/** default 30 s */
	timeoutMs?: number;
	/** statuses that do not throw (default: 2xx only) */
	okStatuses?: readonly number[];
}

export async function httpRequest<T = unknown>(
	method: string,
	url: string,
	options: RequestOptions = {},
): Promise<HttpResponse<T>> {
	const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
	let body: string | undefined;
	if (options.body !== undefined) {
		body = JSON.stringify(options.body);
		headers['content-type'] = 'application/json';
	}
	const response = await fetch(url, {
		method,
		headers,
		body,
		signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
		redirect: 'manual',
	});
	const text = await response.text();
	let json: T | undefined;
	try {
		json = text === '' ? undefined : (JSON.parse(text) as T);
	} catch {
		json = undefined;
	}
	const result: HttpResponse<T> = { status: response.status, headers: response.headers, text, json };
	const ok = options.okStatuses?.includes(response.status) ?? (response.status >= 200 && response.status < 300);
	if (!ok) {
		throw new HttpError(`${method} ${url} answered ${response.status}: ${text.slice(0, 500)}`, result);
	}
	return result;
}

/**
 * Poll `check` until it returns a value other than undefined; throw after `timeoutMs`, or at once
 * when `abort` returns a reason.
 */
export async function waitFor<T>(
	what: string,
	check: () => Promise<T | undefined>,
	options: { timeoutMs: number; intervalMs?: number; abort?: () => string | undefined },
): Promise<T> {
	const deadline = Date.now() + options.timeoutMs;
	let lastError: unknown;
	for (;;) {
		const aborted = options.abort?.();
		if (aborted !== undefined) throw new Error(`gave up waiting for ${what}: ${aborted}`);
		try {
			const value = await check();
			if (value !== undefined) return value;
		} catch (error) {
			lastError = error;
		}
		if (Date.now() > deadline) {
			const reason = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
			throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${what}${reason}`);
		}
		await new Promise((resolveWait) => setTimeout(resolveWait, options.intervalMs ?? 250));
	}
}

/** A started server process whose readiness is awaited: stopped, with its log, when it never gets ready. */
export interface ReadinessTarget {
	readonly logFile: string;
	stop(): Promise<void>;
	logTail(lines?: number): string;
}

/**
 * Wait until `GET url` answers 200 (n8n's `/healthz/readiness` answers 503 while it starts).
 * If it never does, or `exited()` reports the process gone, stop `target` and throw with the
 * last lines of its log.
 */
export async function waitUntilReady(
	target: ReadinessTarget,
	label: string,
	url: string,
	options: { timeoutMs: number; exited: () => string | undefined },
): Promise<void> {
	let failure: unknown;
	try {
		await waitFor(
			label,
			async () => {
				const response = await httpRequest('GET', url, { timeoutMs: 2000, okStatuses: [200, 503] });
				return response.status === 200 ? true : undefined;
			},
			{ timeoutMs: options.timeoutMs, intervalMs: 300, abort: options.exited },
		);
		return;
	} catch (error) {
		failure = error;
	}
	await target.stop();
	const message = failure instanceof Error ? failure.message : String(failure);
	throw new Error(`${message}\n--- last lines of ${target.logFile}:\n${target.logTail(40)}`);
}
