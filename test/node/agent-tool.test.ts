/**
 * What an AI agent sees of the Annex Cloud node used as a tool (issue 17.5), built the way
 * n8n 2.41 builds it, with n8n's own functions where they are exported:
 *
 * - The tool variant's description ("Annex Cloud Tool"): n8n adds it for a node with
 *   `usableAsTool` in `convertNodeToAiTool` (n8n 2.41.1: n8n/dist/tool-generation/ai-tools.js,
 *   the `n8n` package, not a dependency here). `toolVariantOf` below reproduces it;
 *   test/e2e/credential.test.ts checks the real one.
 * - The tool: n8n-core 2.41 `createNodeAsTool` (dist/execution-engine/node-execution-context/
 *   utils/create-node-as-tool.js), called here as is. Its description comes from n8n-workflow
 *   2.41 `NodeHelpers.getToolDescriptionForNode` -> `makeDescription` (dist/cjs/node-helpers.js):
 *   `${action} in ${defaults.name}` when the user leaves "Tool Description" on "Set Automatically".
 *   Its name comes from the node's name (`nodeNameToToolName`), which the editor makes with
 *   `NodeHelpers.makeNodeName` from the same `action`.
 * - The parameters: the schema is made of the `$fromAI()` calls in the node's parameters
 *   (`getSchema` in the same file). The editor's "Let the model define this parameter" button
 *   writes `$fromAI('<display name>', ``, '<type>')` with an EMPTY description
 *   (n8n-io/n8n packages/frontend/editor-ui/src/utils/fromAIOverrideUtils.ts,
 *   `buildValueFromOverride`, `fromAIExtraProps.description.initialValue = ''`; in n8n 2.41.1's
 *   bundle n8n-editor-ui/dist/assets/focusPanel.store-*.js), reproduced in
 *   `fromAiValue` below. So the operation's `action` is the only text of ours an agent reads.
 */
import type { INode, INodeParameters, INodeProperties, INodePropertyOptions, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { deepCopy, FROM_AI_AUTO_GENERATED_MARKER, NodeConnectionTypes, NodeHelpers } from 'n8n-workflow';
import { createNodeAsTool } from 'n8n-core/dist/execution-engine/node-execution-context/utils/create-node-as-tool';

import { AnnexCloud } from '../../nodes/AnnexCloud/AnnexCloud.node';
import { startNodeTestContext, type NodeTestContext } from './helpers';

const node = new AnnexCloud();

/** n8n's convertNodeToAiTool, reduced to what the tool description and the parameters depend on. */
function toolVariantOf(description: INodeTypeDescription): INodeTypeDescription {
	const tool = deepCopy(description);
	tool.name += 'Tool';
	tool.displayName += ' Tool';
	tool.inputs = [];
	tool.outputs = [NodeConnectionTypes.AiTool];
	delete tool.usableAsTool;
	const toolDescription: INodeProperties = {
		displayName: 'Description',
		name: 'toolDescription',
		type: 'string',
		default: tool.description,
		required: true,
		typeOptions: { rows: 2 },
		displayOptions: { show: { descriptionType: ['manual'] } },
		description: 'Explain to the LLM what this tool does',
	};
	const descriptionType: INodeProperties = {
		displayName: 'Tool Description',
		name: 'descriptionType',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Set Automatically', value: 'auto' },
			{ name: 'Set Manually', value: 'manual' },
		],
		default: 'auto',
	};
	tool.properties = [descriptionType, toolDescription, ...tool.properties];
	tool.codex = { categories: ['AI'], subcategories: { AI: ['Tools'], Tools: ['Other Tools'] } };
	return tool;
}

/** The editor's buildValueFromOverride: key from the display name, empty description, type. */
function fromAiValue(property: INodeProperties, description = ''): string {
	const key = property.displayName.replace(/[^a-zA-Z0-9-]/g, '_').slice(0, 63);
	const type = ['boolean', 'number', 'json'].includes(property.type) ? property.type : 'string';
	return `={{ ${FROM_AI_AUTO_GENERATED_MARKER} $fromAI('${key}', \`${description}\`, '${type}') }}`;
}

/** The parameters an agent must supply for an operation: the record ids, the member, the dates. */
const AGENT_FILLED = ['memberId', 'campaignId', 'campaignGroupId', 'startDate', 'endDate'];

const tool = toolVariantOf(node.description);

/** Every resource/operation of the node, with its Operation option. */
function operations(): Array<{ resource: string; option: INodePropertyOptions }> {
	return node.description.properties
		.filter((p) => p.name === 'operation')
		.flatMap((p) =>
			((p.displayOptions?.show?.resource ?? []) as string[]).flatMap((resource) =>
				(p.options as INodePropertyOptions[]).map((option) => ({ resource, option })),
			),
		);
}

/** The tool node as the editor saves it: the operation, and $fromAI() for what the agent fills in. */
function toolNode(resource: string, operation: string, descriptions: Record<string, string> = {}): INode {
	const parameters: INodeParameters = { resource, operation };
	// What the editor shows depends on the other parameters' values, defaults included.
	const withDefaults = NodeHelpers.getNodeParameters(tool.properties, parameters, true, false, null, tool) ?? parameters;
	for (const property of tool.properties) {
		if (!AGENT_FILLED.includes(property.name)) continue;
		if (!NodeHelpers.displayParameter(withDefaults, property, null, tool)) continue;
		const value = fromAiValue(property, descriptions[property.name]);
		// A picker keeps its mode; the model fills its value (the editor's resource locator override).
		parameters[property.name] = property.type === 'resourceLocator' ? { __rl: true, mode: 'id', value } : value;
	}
	return {
		id: `${resource}-${operation}`,
		name: NodeHelpers.makeNodeName(parameters, tool),
		type: 'n8n-nodes-annexcloud.annexCloudTool',
		typeVersion: 1,
		position: [0, 0],
		parameters,
	};
}

function buildTool(resource: string, operation: string, descriptions: Record<string, string> = {}) {
	return createNodeAsTool({
		node: toolNode(resource, operation, descriptions),
		nodeType: { description: tool } as INodeType,
		handleToolInvocation: async () => '',
	}).response;
}

/** What an agent needs from each operation's tool description (issue 17.5). */
const GUIDANCE: Record<string, { does: RegExp; first?: RegExp; returns: RegExp; parameters: string[] }> = {
	'campaign.getMany': { does: /^Get many campaigns/, first: /\bfirst to find a campaign ID\b/, returns: /name status and dates/, parameters: [] },
	'campaign.get': { does: /^Get a campaign by ID/, returns: /description status dates and whether it needs activation/, parameters: ['Campaign'] },
	'campaign.getEligibleForMember': {
		does: /^Get eligible campaigns for a member/,
		first: /before activating/,
		returns: /which ones they can join/,
		parameters: ['Member_ID'],
	},
	'campaign.getForMember': {
		does: /^Get campaign details for a member/,
		returns: /activation validity and milestone progress/,
		parameters: ['Campaign', 'Member_ID'],
	},
	'campaign.activateForMember': {
		does: /^Activate a campaign for a member/,
		first: /after checking eligible campaigns/,
		returns: /return whether it worked/,
		parameters: ['Campaign', 'Member_ID'],
	},
	'campaign.reactivateForMember': {
		does: /^Reactivate a campaign for a member/,
		first: /who activated it before/,
		returns: /return whether it worked/,
		parameters: ['Campaign', 'Member_ID'],
	},
	'campaign.setIndividualValidity': {
		does: /^Set individual validity for members/,
		returns: /report each result/,
		parameters: ['Campaign', 'End_Date', 'Member_ID', 'Start_Date'],
	},
	'campaignGroup.getMany': { does: /^Get many campaign groups/, first: /\bfirst to find a group ID\b/, returns: /name and status/, parameters: [] },
	'campaignGroup.get': { does: /^Get a campaign group by ID/, returns: /the ID of each of its campaigns/, parameters: ['Campaign_Group'] },
};

describe('the Annex Cloud node as an AI agent tool (n8n 2.41)', () => {
	it('covers every operation', () => {
		expect(operations().map(({ resource, option }) => `${resource}.${String(option.value)}`).sort()).toEqual(Object.keys(GUIDANCE).sort());
	});

	it.each(operations().map(({ resource, option }) => [`${resource}.${String(option.value)}`, resource, option] as const))(
		'%s: the tool description says what it does, what to call first and what it returns',
		(key, resource, option) => {
			const guidance = GUIDANCE[key];
			if (!guidance) throw new Error(`no guidance for ${key}`);
			const built = buildTool(resource, String(option.value));
			expect(built.description).toBe(`${option.action} in Annex Cloud`);
			expect(built.description).toMatch(guidance.does);
			expect(built.description).toMatch(guidance.returns);
			if (guidance.first) expect(built.description).toMatch(guidance.first);
			// The editor shows the action too (the action list, the node's default name): keep it short.
			expect((option.action ?? '').length).toBeLessThanOrEqual(100);
			// The operation's own description never reaches the agent.
			expect(built.description).not.toContain(option.description ?? '');
		},
	);

	it.each(operations().map(({ resource, option }) => [`${resource}.${String(option.value)}`, resource, String(option.value)] as const))(
		'%s: the parameters the agent fills in are named after the fields, strings, with no description unless the user writes one',
		(key, resource, operation) => {
			const built = buildTool(resource, operation);
			const shape = built.schema.shape as Record<string, { description?: string; _def: { typeName: string } }>;
			expect(Object.keys(shape).sort()).toEqual(GUIDANCE[key]?.parameters);
			for (const field of Object.values(shape)) {
				expect(field._def.typeName).toBe('ZodString');
				expect(field.description).toBeUndefined();
			}
			// n8n limits tool names to 64 characters (nodeNameToToolName); the default name is the action's.
			expect(built.name.length).toBeLessThanOrEqual(64);
			expect(built.name).toMatch(/^[A-Za-z0-9_-]+$/);
		},
	);

	it('a description the user writes in $fromAI() reaches the agent', () => {
		const built = buildTool('campaign', 'activateForMember', {
			memberId: "The member's email address",
			campaignId: 'The numeric campaign ID from Get many campaigns',
		});
		const shape = built.schema.shape as Record<string, { description?: string }>;
		expect(shape.Member_ID?.description).toBe("The member's email address");
		expect(shape.Campaign?.description).toBe('The numeric campaign ID from Get many campaigns');
	});

	it('a tool description the user sets manually replaces ours', () => {
		const toolNodeValue = toolNode('campaign', 'getMany');
		toolNodeValue.parameters = { ...toolNodeValue.parameters, descriptionType: 'manual', toolDescription: 'Lists loyalty campaigns' };
		expect(NodeHelpers.getToolDescriptionForNode(toolNodeValue, { description: tool } as INodeType)).toBe('Lists loyalty campaigns');
	});
});

describe('the tool runs: the parameters the model fills in reach the operation', () => {
	let ctx: NodeTestContext;
	beforeAll(async () => {
		ctx = await startNodeTestContext({ campaigns: 5, members: 3 });
	});
	afterAll(async () => {
		await ctx.sandbox.close();
	});

	it('Get a campaign by ID with the ID from the model', async () => {
		const { parameters } = toolNode('campaign', 'get');
		// n8n runs a tool with the model's arguments as the input item; $fromAI() reads them there.
		const result = await ctx.run(parameters, [{ Campaign: '1002' }]);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json)).toEqual([expect.objectContaining({ id: '1002', name: expect.any(String) })]);
	});

	it('Get eligible campaigns for a member with the member from the model', async () => {
		const memberId = ctx.sandbox.store.listMembers()[0]?.id;
		if (memberId === undefined) throw new Error('no member');
		const { parameters } = toolNode('campaign', 'getEligibleForMember');
		const result = await ctx.run(parameters, [{ Member_ID: memberId }]);
		expect(result.error).toBeUndefined();
		const expected = ctx.sandbox.store.eligibleCampaigns(memberId).map((campaign) => campaign.campaignId);
		expect(expected.length).toBeGreaterThan(0);
		expect(result.items.map((item) => item.json.id)).toEqual(expected.slice(0, 50));
	});
});
