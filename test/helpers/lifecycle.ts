/**
 * A started test resource for a describe block (or a file): started before its tests, closed
 * after them, and reset before each. The returned object stands for the resource once it is
 * started, so a test file can hold it in a `const`.
 */
import type { Sandbox } from '../../sandbox';

export function useStarted<T extends object>(start: () => Promise<T>, close: (started: T) => Promise<void>, reset: (started: T) => void): T {
	let started: T | undefined;
	beforeAll(async () => {
		started = await start();
	});
	afterAll(async () => {
		if (started !== undefined) await close(started);
	});
	beforeEach(() => {
		if (started !== undefined) reset(started);
	});
	return new Proxy({} as T, {
		get: (_target, property) => {
			if (started === undefined) throw new Error('used before it started (use it inside a test)');
			return started[property as keyof T];
		},
	});
}

/** Back to the seeded state: store, faults and request log. */
export function resetSandbox(sandbox: Sandbox): void {
	sandbox.store.reset();
	sandbox.faults.clear();
	sandbox.clearLog();
}
