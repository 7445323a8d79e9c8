/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test code: the sleep stand-in yields with setImmediate */
/**
 * n8n-workflow with `sleep` replaced by a yield, for the reliability suites: retry waits are
 * recorded (by `onSleep`) instead of slept. Use it from a jest.mock factory:
 *
 *   jest.mock('n8n-workflow', () =>
 *     jest.requireActual<typeof import('./instantSleep')>('./instantSleep').withInstantSleep());
 */
export function withInstantSleep(onSleep?: (ms: number) => void): Record<string, unknown> {
	const actual = jest.requireActual<Record<string, unknown>>('n8n-workflow');
	return {
		__esModule: true,
		...actual,
		sleep: async (ms: number) => {
			onSleep?.(ms);
			await new Promise((resolve) => setImmediate(resolve));
		},
	};
}

/**
 * n8n-workflow with `sleep` recorded and then really slept, for the wall-clock suite: the test
 * asserts the waits the code asked for (exact, whatever the machine's load) and only lower
 * bounds of the time that passed (a busy machine makes waits longer, never shorter).
 */
export function withRecordedSleep(onSleep: (ms: number) => void): Record<string, unknown> {
	const actual = jest.requireActual<Record<string, unknown> & { sleep: (ms: number) => Promise<void> }>('n8n-workflow');
	return {
		__esModule: true,
		...actual,
		sleep: async (ms: number) => {
			onSleep(ms);
			await actual.sleep(ms);
		},
	};
}
