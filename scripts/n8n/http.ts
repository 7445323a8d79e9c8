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
