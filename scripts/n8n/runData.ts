/**
 * Read an n8n run (IRun, as `n8n execute` prints it or the public API returns it with
 * includeData): each node's output items and error.
 */

export interface RunItem {
	json: Record<string, unknown>;
	pairedItem?: unknown;
	error?: unknown;
}

export interface NodeRunError {
	message?: string;
	description?: string | null;
	httpCode?: string | null;
	name?: string;
	[key: string]: unknown;
}

export interface NodeRun {
	startTime?: number;
	executionTime?: number;
	executionStatus?: string;
	error?: NodeRunError;
	data?: { main?: Array<RunItem[] | null> };
}

export interface WorkflowRun {
	status?: string;
	finished?: boolean;
	mode?: string;
	stoppedAt?: string | null;
	data?: {
		resultData?: {
			runData?: Record<string, NodeRun[]>;
			lastNodeExecuted?: string;
			error?: NodeRunError;
		};
	};
}

/** Every run of `nodeName` (a node runs once per execution unless it loops). */
export function nodeRuns(run: WorkflowRun, nodeName: string): NodeRun[] {
	return run.data?.resultData?.runData?.[nodeName] ?? [];
}

/** Names of the nodes that ran. */
export function executedNodes(run: WorkflowRun): string[] {
	return Object.keys(run.data?.resultData?.runData ?? {});
}

/** The items of one output of one run of a node (default: first run, first output). */
export function nodeItems(run: WorkflowRun, nodeName: string, options: { runIndex?: number; output?: number } = {}): RunItem[] {
	const nodeRun = nodeRuns(run, nodeName)[options.runIndex ?? 0];
	return nodeRun?.data?.main?.[options.output ?? 0] ?? [];
}

/** The `json` of each item of a node's first output. */
export function nodeJson(run: WorkflowRun, nodeName: string): Array<Record<string, unknown>> {
	return nodeItems(run, nodeName).map((item) => item.json);
}

/** The error a node stopped with, if any. */
export function nodeError(run: WorkflowRun, nodeName: string): NodeRunError | undefined {
	return nodeRuns(run, nodeName)[0]?.error;
}

/** The workflow-level error (the run failed), if any. */
export function runError(run: WorkflowRun): NodeRunError | undefined {
	return run.data?.resultData?.error;
}

/**
 * The run's final status. Older n8n leave it to be read from `finished` and the run's error once
 * the run stopped: n8n 2.0.x's `n8n execute` prints every finished run as "running" (`finished:
 * true` only on success), and n8n 1.100's public API gives executions no status at all.
 */
export function runStatus(run: WorkflowRun): string | undefined {
	const stopped = run.stoppedAt !== undefined && run.stoppedAt !== null;
	if (!stopped || (run.status !== undefined && run.status !== 'running')) return run.status;
	return run.finished === true && runError(run) === undefined ? 'success' : 'error';
}
