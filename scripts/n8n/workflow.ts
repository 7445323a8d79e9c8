/**
 * Build workflows for `n8n import:workflow` (e2e tests, benchmarks): nodes, connections and
 * positions. A node's position follows from where it is fed from (one column per depth, rows in
 * the order added), so n8n's v1 execution order runs sibling branches in the order they were added.
 */
import type { WorkflowDefinition } from './instance';

export interface NodeSpec {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	/** node settings such as onError, executeOnce, alwaysOutputData */
	[setting: string]: unknown;
}

export const MANUAL_TRIGGER = 'n8n-nodes-base.manualTrigger';

export class WorkflowBuilder {
	private readonly nodes: Array<NodeSpec & { id: string; position: [number, number] }> = [];

	private readonly connections: Record<string, { main: Array<Array<{ node: string; type: 'main'; index: number }>> }> = {};

	private readonly depth = new Map<string, number>();

	private readonly rowsPerDepth = new Map<number, number>();

	constructor(
		private readonly id: string,
		private readonly name: string,
	) {}

	/** Add a node, connected from the (first output of) `from` nodes. */
	add(spec: NodeSpec, from: string | readonly string[] = []): this {
		const sources = typeof from === 'string' ? [from] : from;
		const depth = sources.reduce((max, source) => Math.max(max, (this.depth.get(source) ?? 0) + 1), 0);
		const row = this.rowsPerDepth.get(depth) ?? 0;
		this.rowsPerDepth.set(depth, row + 1);
		this.depth.set(spec.name, depth);
		this.nodes.push({ ...spec, id: `node-${this.nodes.length + 1}`, position: [depth * 260, row * 160] });
		for (const source of sources) {
			const entry = (this.connections[source] ??= { main: [[]] });
			entry.main[0]?.push({ node: spec.name, type: 'main', index: 0 });
		}
		return this;
	}

	build(): WorkflowDefinition {
		return {
			id: this.id,
			name: this.name,
			nodes: this.nodes,
			connections: this.connections,
			settings: { executionOrder: 'v1' },
			active: false,
			pinData: {},
		};
	}
}

export function manualTrigger(name = 'Start'): NodeSpec {
	return { name, type: MANUAL_TRIGGER, typeVersion: 1, parameters: {} };
}

/** A Code node (JavaScript, run once for all items). */
export function codeNode(name: string, jsCode: string): NodeSpec {
	return { name, type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { mode: 'runOnceForAllItems', jsCode } };
}

