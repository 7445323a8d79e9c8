/**
 * Test copies of the example workflows (examples/*.json): the shipped file stays as it is; the
 * copy imported next to it differs only where a test cannot follow the file (a node of an outside
 * service becomes a local sink or a fixed source, the campaign the sticky note asks the user to
 * pick is filled in, a trigger polls every minute so that the test does not wait 15).
 */
import { nodeTypeNames, type WorkflowDefinition } from '../../../scripts/n8n';

export interface ExampleNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	[setting: string]: unknown;
}

/** The example's nodes. */
export function nodesOf(workflow: WorkflowDefinition): ExampleNode[] {
	return workflow.nodes as ExampleNode[];
}

/** The node called `name` (throws when there is none). */
export function nodeNamed(workflow: WorkflowDefinition, name: string): ExampleNode {
	const found = nodesOf(workflow).find((node) => node.name === name);
	if (found === undefined) throw new Error(`${workflow.id} has no node "${name}"`);
	return found;
}

/** A deep copy of the example under another id and name (ids of at most 21 characters). */
export function testCopy(workflow: WorkflowDefinition, id: string): WorkflowDefinition {
	if (id.length > 21) throw new Error(`workflow id ${id} is longer than 21 characters`);
	const copy = JSON.parse(JSON.stringify(workflow)) as WorkflowDefinition;
	return { ...copy, id, name: `${workflow.name} (e2e copy)` };
}

/** Replace the node called `name` by `replacement` (same name, id and position, so its connections stay). */
export function replaceNode(
	workflow: WorkflowDefinition,
	name: string,
	replacement: Pick<ExampleNode, 'type' | 'typeVersion' | 'parameters'>,
): WorkflowDefinition {
	const original = nodeNamed(workflow, name);
	const nodes = nodesOf(workflow).map((node) =>
		node === original ? { id: node.id, name: node.name, position: node.position, ...replacement } : node,
	);
	return { ...workflow, nodes };
}

/** Change the parameters of the node called `name`. */
export function withParameters(workflow: WorkflowDefinition, name: string, parameters: Record<string, unknown>): WorkflowDefinition {
	const nodes = nodesOf(workflow).map((node) =>
		node.name === name ? { ...node, parameters: { ...node.parameters, ...parameters } } : node,
	);
	return { ...workflow, nodes };
}

/**
 * What a node of an outside service would send, as body fields: its string parameters (the
 * expressions as written in the example) and the columns of a Google Sheets mapping, each by name.
 */
export function sentFields(node: ExampleNode): Array<{ name: string; value: string }> {
	const fields: Array<{ name: string; value: string }> = [];
	for (const [name, value] of Object.entries(node.parameters)) {
		if (typeof value === 'string') fields.push({ name, value });
	}
	const columns = (node.parameters.columns as { value?: Record<string, unknown> } | undefined)?.value ?? {};
	for (const [name, value] of Object.entries(columns)) {
		if (typeof value === 'string') fields.push({ name, value });
	}
	return fields;
}

/**
 * Replace an outside-service node (Slack, Send Email, Google Sheets write) by an HTTP Request
 * node posting the same fields, evaluated by n8n for each item, to `url`.
 */
export function sinkInstead(workflow: WorkflowDefinition, name: string, url: string): WorkflowDefinition {
	const fields = sentFields(nodeNamed(workflow, name));
	return replaceNode(workflow, name, {
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			method: 'POST',
			url,
			sendBody: true,
			contentType: 'json',
			specifyBody: 'keypair',
			bodyParameters: { parameters: fields },
			options: {},
		},
	});
}

/** Replace a source node of an outside service (Google Sheets read) by a Code node returning `rows`. */
export function rowsInstead(workflow: WorkflowDefinition, name: string, rows: Array<Record<string, unknown>>): WorkflowDefinition {
	return replaceNode(workflow, name, {
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		parameters: { mode: 'runOnceForAllItems', jsCode: `return ${JSON.stringify(rows.map((json) => ({ json })))};` },
	});
}

/** A campaign picked "By ID", as the user would pick it from the list. */
export function campaignById(id: string): { __rl: true; mode: 'id'; value: string } {
	return { __rl: true, mode: 'id', value: id };
}

/** The Annex Cloud Trigger of the copy polls every minute. */
export function pollEveryMinute(workflow: WorkflowDefinition): WorkflowDefinition {
	const trigger = nodesOf(workflow).find((node) => node.type === nodeTypeNames().trigger);
	if (trigger === undefined) throw new Error(`${workflow.id} has no Annex Cloud Trigger`);
	return withParameters(workflow, trigger.name, { pollTimes: { item: [{ mode: 'everyMinute' }] } });
}

/** Replace the node called `name` by a Manual Trigger (a schedule the test does not wait for). */
export function manualInstead(workflow: WorkflowDefinition, name: string): WorkflowDefinition {
	return replaceNode(workflow, name, { type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} });
}

/**
 * The agent's Annex Cloud tool as an action node run from a Manual Trigger: the tool's own
 * parameters (without its tool description), with `$fromAI(...)` answered by `answers` (what a
 * model would fill in). Shows that the tool's configuration runs against Annex Cloud.
 */
export function toolAsAction(
	workflow: WorkflowDefinition,
	toolName: string,
	id: string,
	answers: Record<string, string>,
): WorkflowDefinition {
	const tool = nodeNamed(workflow, toolName);
	const parameters: Record<string, unknown> = {};
	for (const [name, value] of Object.entries(tool.parameters)) {
		if (name === 'descriptionType' || name === 'toolDescription') continue;
		const asked = typeof value === 'string' ? /\$fromAI\(\s*'([^']+)'/.exec(value)?.[1] : undefined;
		if (asked === undefined) {
			parameters[name] = value;
			continue;
		}
		const answer = answers[asked];
		if (answer === undefined) throw new Error(`no answer for $fromAI('${asked}')`);
		parameters[name] = answer;
	}
	return {
		id,
		name: `${workflow.name} (tool as an action, e2e)`,
		nodes: [
			{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ ...tool, type: nodeTypeNames().action, parameters, position: [260, 0] },
		],
		connections: { Start: { main: [[{ node: tool.name, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		active: false,
		pinData: {},
	};
}
