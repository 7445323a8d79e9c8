/**
 * The run: what the requests of one node run (an execution of the node, a poll, a list
 * search) share. Keyed by the run's own context object, so nothing outlives the run.
 */
import type {
	ICredentialsDecrypted,
	IExecuteFunctions,
	IHookFunctions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';

import { AdmissionGate } from './admission';

export const CREDENTIAL_TYPE = 'annexCloudApi';

export type AnnexCloudFunctions = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions | IHookFunctions;

/**
 * What the requests of one node run share, keyed by the run's own context object, so that
 * nothing outlives the run or is shared between runs, executions or processes:
 * - the credential, loaded once. n8n reads, decrypts and resolves a credential on every
 *   `getCredentials` (a database read in n8n 2.x), which cost more than the request itself
 *   (BENCHMARKS.md). A failed load is not kept.
 * - a pause: when the API answers 429, no request of the run starts before the time it asked
 *   for, so concurrent requests back off together instead of each earning its own 429.
 * - with Concurrent Requests Auto, the limit every request of the run is admitted by
 *   (items, batches, pages, retries): learned from the run's own answers, gone with the run.
 */
export interface RunState {
	credentials: Promise<ICredentialsDecrypted>;
	pausedUntilMs: number;
	adaptive?: AdmissionGate;
}

const runStates = new WeakMap<object, RunState>();

/**
 * Start a new run on a context n8n reuses: a polling trigger gets one context per activation
 * and polls with it every time, so each poll must read the credential again (a changed secret
 * takes effect at the next poll) and must not inherit an earlier poll's 429 pause.
 */
export function startNewRun(context: AnnexCloudFunctions): void {
	runStates.delete(context);
}

export function runState(context: AnnexCloudFunctions): RunState {
	let state = runStates.get(context);
	if (state === undefined) {
		const credentials = (async () => {
			const data = await context.getCredentials(CREDENTIAL_TYPE);
			const reference = context.getNode().credentials?.[CREDENTIAL_TYPE];
			return { id: reference?.id ?? '', name: reference?.name ?? '', type: CREDENTIAL_TYPE, data };
		})();
		const created: RunState = { credentials, pausedUntilMs: 0 };
		credentials.catch(() => {
			if (runStates.get(context) === created) runStates.delete(context);
		});
		runStates.set(context, created);
		state = created;
	}
	return state;
}

/** Concurrent Requests Auto for this run: the one gate its requests share from now on. */
export function adaptiveGate(context: AnnexCloudFunctions): AdmissionGate {
	const run = runState(context);
	run.adaptive ??= new AdmissionGate();
	return run.adaptive;
}
