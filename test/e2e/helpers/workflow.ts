/**
 * Build workflows for `n8n import:workflow` in tests: nodes, connections and positions.
 */
import { CREDENTIAL_TYPE, nodeTypeNames, type WorkflowDefinition } from '../../../scripts/n8n';

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

/** An Annex Cloud action node using the credential `credential`. */
export function annexNode(
	name: string,
	parameters: Record<string, unknown>,
	credential: { id: string; name: string },
	settings: Record<string, unknown> = {},
): NodeSpec {
	return {
		name,
		type: nodeTypeNames().action,
		typeVersion: 1,
		parameters,
		credentials: { [CREDENTIAL_TYPE]: credential },
		...settings,
	};
}

/** A Code node (JavaScript, run once for all items). */
export function codeNode(name: string, jsCode: string): NodeSpec {
	return { name, type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { mode: 'runOnceForAllItems', jsCode } };
}

/** A resource locator value "By ID". */
export function byId(value: string): { __rl: true; mode: 'id'; value: string } {
	return { __rl: true, mode: 'id', value };
}

/** The trigger node's name in the trigger workflows (its run data is read back by this name). */
export const NEW_ACTIVE_CAMPAIGN = 'New Active Campaign';

/**
 * A published-trigger workflow: the Annex Cloud Trigger (every minute, newly active campaigns,
 * simplified) forwarding each emitted item to `${sinkUrl}/campaign-became-active`.
 */
export function campaignBecameActiveWorkflow(
	id: string,
	name: string,
	credential: { id: string; name: string },
	sinkUrl: string,
): WorkflowDefinition {
	return new WorkflowBuilder(id, name)
		.add({
			name: NEW_ACTIVE_CAMPAIGN,
			type: nodeTypeNames().trigger,
			typeVersion: 1,
			parameters: {
				pollTimes: { item: [{ mode: 'everyMinute' }] },
				event: 'campaignBecameActive',
				simplify: true,
				filters: {},
				options: {},
			},
			credentials: { [CREDENTIAL_TYPE]: credential },
		})
		.add(
			{
				name: 'Forward To Sink',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				parameters: {
					method: 'POST',
					url: `${sinkUrl}/campaign-became-active`,
					sendBody: true,
					specifyBody: 'json',
					jsonBody: '={{ JSON.stringify($json) }}',
					options: {},
				},
			},
			NEW_ACTIVE_CAMPAIGN,
		)
		.build();
}
