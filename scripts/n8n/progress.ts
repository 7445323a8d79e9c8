/* eslint-disable @n8n/community-nodes/no-restricted-globals -- dev tooling (demo, e2e), never in the package: writes to stderr and uses timers */
/**
 * Progress lines for long steps: "... label", a heartbeat while it runs, then "ok label (12.3s)".
 */

export type LogFn = (line: string) => void;

/** Default log: one line on stderr (stdout stays for results). */
export const logToStderr: LogFn = (line) => {
	process.stderr.write(`${line}\n`);
};

export function formatDuration(ms: number): string {
	if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
	const minutes = Math.floor(ms / 60_000);
	const seconds = Math.round((ms % 60_000) / 1000);
	return `${minutes}m${String(seconds).padStart(2, '0')}s`;
}

export interface StepOptions {
	log?: LogFn;
	/** extra detail for the heartbeat line, e.g. "812 packages" */
	detail?: () => string;
	/** heartbeat interval (default 15 s) */
	intervalMs?: number;
}

/** Run `fn` as a named step: a start line, a heartbeat while it runs, and an end line with its time. */
export async function step<T>(label: string, fn: () => Promise<T>, options: StepOptions = {}): Promise<T> {
	const log = options.log ?? logToStderr;
	const started = Date.now();
	log(`... ${label}`);
	const timer = setInterval(() => {
		let detail = '';
		try {
			detail = options.detail?.() ?? '';
		} catch {
			detail = '';
		}
		log(`    ${label}: ${formatDuration(Date.now() - started)}${detail ? `, ${detail}` : ''}`);
	}, options.intervalMs ?? 15_000);
	timer.unref();
	let succeeded = false;
	try {
		const result = await fn();
		succeeded = true;
		return result;
	} finally {
		clearInterval(timer);
		const took = formatDuration(Date.now() - started);
		log(succeeded ? `ok  ${label} (${took})` : `ERR ${label} failed after ${took}`);
	}
}
