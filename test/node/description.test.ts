/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- this test reads the node's source files */
/**
 * The node's description, codex and runtime rules (what the community node verification
 * checks), and that every operation in the picker is wired to an implementation.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { AnnexCloud } from '../../nodes/AnnexCloud/AnnexCloud.node';
import codex from '../../nodes/AnnexCloud/AnnexCloud.node.json';
import { PARAMETERS } from '../../nodes/AnnexCloud/helpers/parameters';
import { byId, startNodeTestContext } from './helpers';

const node = new AnnexCloud();
const { description } = node;

function operationsOf(resource: string): INodePropertyOptions[] {
	const property = description.properties.find(
		(p: INodeProperties) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource),
	);
	return (property?.options ?? []) as INodePropertyOptions[];
}

describe('node description', () => {
	it('names every parameter in its errors exactly as the editor shows it (PARAMETERS and the descriptions agree)', () => {
		/** Every property of the description, with the options of collections flattened in, by path. */
		const shown = new Map<string, Set<string>>();
		const visit = (properties: readonly INodeProperties[], prefix: string): void => {
			for (const property of properties) {
				const path = `${prefix}${property.name}`;
				if (!shown.has(path)) shown.set(path, new Set());
				shown.get(path)?.add(property.displayName);
				if (property.type === 'collection') visit((property.options ?? []) as INodeProperties[], `${path}.`);
			}
		};
		visit(description.properties, '');
		for (const parameter of Object.values(PARAMETERS)) {
			expect([parameter.name, [...(shown.get(parameter.name) ?? [])]]).toEqual([parameter.name, [parameter.displayName]]);
		}
	});

	it('has the identity, icon, subtitle, credential and connections the issue asks for', () => {
		expect(description).toMatchObject({
			displayName: 'Annex Cloud',
			name: 'annexCloud',
			version: 1,
			group: ['transform'],
			usableAsTool: true,
			icon: { light: 'file:annexcloud.svg', dark: 'file:annexcloud.dark.svg' },
			subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
			credentials: [{ name: 'annexCloudApi', required: true }],
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
		});
		expect(Object.keys(node.methods.listSearch).sort()).toEqual(['searchCampaignGroups', 'searchCampaigns']);
	});

	it('offers all nine endpoints as operations, each with an action and an agent-oriented description', () => {
		const campaign = operationsOf('campaign').map((o) => o.value);
		const group = operationsOf('campaignGroup').map((o) => o.value);
		expect(campaign.sort()).toEqual(
			['activateForMember', 'get', 'getEligibleForMember', 'getForMember', 'getMany', 'reactivateForMember', 'setIndividualValidity'].sort(),
		);
		expect(group.sort()).toEqual(['get', 'getMany']);
		for (const option of [...operationsOf('campaign'), ...operationsOf('campaignGroup')]) {
			expect(option.action).toMatch(/^[A-Z]/);
			expect((option.description ?? '').length).toBeGreaterThan(40);
		}
		expect(operationsOf('campaign').find((o) => o.value === 'get')?.description).toContain('Get Many first');
	});

	it('asks for a Member ID with one and the same hint in every operation (issue 17.4)', () => {
		const memberFields = description.properties.filter((p) => p.name === PARAMETERS.memberId.name);
		const operations = memberFields.flatMap((p) => (p.displayOptions?.show?.operation ?? []) as string[]);
		expect(operations.sort()).toEqual(
			['activateForMember', 'getEligibleForMember', 'getForMember', 'reactivateForMember', 'setIndividualValidity'].sort(),
		);
		for (const field of memberFields) {
			expect(field.description).toBe("The member's user ID in Annex Cloud: the ID your store or CRM sends, often the email");
		}
	});

	it('list operations default to Simplify on and a Limit of 50; every operation has a Timeout option of 30000 ms', () => {
		const limits = description.properties.filter((p) => p.name === 'limit');
		expect(limits.length).toBeGreaterThan(0);
		expect(limits.every((p) => p.default === 50)).toBe(true);
		expect(description.properties.filter((p) => p.name === 'simplify').every((p) => p.default === true)).toBe(true);
		const optionCollections = description.properties.filter((p) => p.name === 'options');
		expect(optionCollections).toHaveLength(9);
		for (const collection of optionCollections) {
			const timeout = (collection.options as INodeProperties[]).find((o) => o.name === 'timeout');
			expect(timeout?.default).toBe(30000);
		}
	});

	it('has a codex file with categories and documentation links', () => {
		expect(codex).toMatchObject({
			node: 'n8n-nodes-annexcloud.annexCloud',
			nodeVersion: '1.0',
			codexVersion: '1.0',
			categories: ['Marketing', 'Sales'],
			resources: {
				primaryDocumentation: [{ url: 'https://github.com/annexcloud-n8n/n8n-nodes-annexcloud#operations' }],
				credentialDocumentation: [{ url: expect.stringContaining('https://github.com/annexcloud-n8n/n8n-nodes-annexcloud') }],
			},
		});
	});

	it('routes every operation of the picker to an implementation', async () => {
		const ctx = await startNodeTestContext({ campaigns: 3 });
		try {
			for (const [resource, operations] of [
				['campaign', operationsOf('campaign')],
				['campaignGroup', operationsOf('campaignGroup')],
			] as const) {
				for (const operation of operations) {
					// An empty id/member fails the input check: proof that the operation ran, no request needed.
					const result = await ctx.run(
						{ resource, operation: operation.value, memberId: ' ', campaignId: byId(' '), campaignGroupId: byId(' '), status: 'nope', startDate: 'x', endDate: 'y' },
						[{}],
					);
					expect(result.error?.message ?? '').toMatch(/^Parameter "/);
				}
			}
			expect(ctx.apiRequests()).toHaveLength(0);
		} finally {
			await ctx.sandbox.close();
		}
	});
});

describe('runtime rules of a verified community node', () => {
	const root = join(__dirname, '../../nodes/AnnexCloud');
	const files: string[] = [join(root, 'AnnexCloud.node.ts')];
	const walk = (dir: string): void => {
		for (const name of readdirSync(dir)) {
			const path = join(dir, name);
			if (statSync(path).isDirectory()) walk(path);
			else if (name.endsWith('.ts')) files.push(path);
		}
	};
	for (const dir of ['actions', 'methods', 'helpers']) walk(join(root, dir));

	it.each(files.map((file) => [file.slice(root.length + 1), file]))('%s imports only n8n-workflow, node:crypto and relative files', (_name, file) => {
		const source = readFileSync(file, 'utf8');
		const imports = [...source.matchAll(/(?:from|import)\s+'([^']+)'/g)].map((match) => match[1]);
		for (const target of imports) expect(target === 'n8n-workflow' || target === 'node:crypto' || target?.startsWith('.')).toBe(true);
		const code = source.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
		expect(code).not.toMatch(/\b(process|globalThis|console)\s*\.|\b(setTimeout|setInterval|setImmediate|require)\s*\(|__dirname|__filename/);
		// No module-level mutable state.
		expect(code).not.toMatch(/^(export\s+)?(let|var)\s/m);
	});
});
