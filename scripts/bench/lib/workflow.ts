/**
 * What the benchmark workflows (throughput, profile) add to the shared builder: a Wait node
 * before every measured node, so that one measured node's after-work is not counted in the
 * next one's time. The measured nodes hang off their item node in the order added, which is
 * the order n8n runs them (executionOrder v1).
 */
import type { NodeSpec, WorkflowBuilder } from '../../n8n';

/**
 * Seconds a Wait node holds the items before each measured node. n8n's HTTP Request node runs a
 * workflow-statistics hook after each request (`nodeFetchedData`: a database query per request,
 * detached from the node), and that work would otherwise run inside whichever node comes next
 * (seen with `npm run bench:profile`: ~0.1 ms of SQLite per item in the next node's time).
 */
export const DRAIN_SECONDS = 1;

/**
 * Add a Wait node (DRAIN_SECONDS) fed from `from`, for the measured node `measured`; returns the
 * Wait node's name, to feed the measured node from.
 */
export function drained(workflow: WorkflowBuilder, from: string, measured: string): string {
	const name = `Drain before ${measured}`;
	const wait: NodeSpec = {
		name,
		type: 'n8n-nodes-base.wait',
		typeVersion: 1.1,
		parameters: { resume: 'timeInterval', amount: DRAIN_SECONDS, unit: 'seconds' },
	};
	workflow.add(wait, from);
	return name;
}
