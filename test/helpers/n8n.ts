/**
 * Runs our nodes inside n8n-core's real execution engine, with no mock of the node
 * execution functions: `WorkflowExecute` for action nodes (so continueOnFail, pairedItem and
 * error handling are n8n's own), `PollContext` for the trigger, `LoadOptionsContext` for list
 * search. HTTP goes over real sockets through n8n's own request helpers. The only stand-in
 * is the credentials store (n8n's CredentialsHelper lives in the n8n CLI package): it hands
 * out the test's decrypted credential and calls the credential type's `authenticate`
 * exactly as n8n does for a function-form authenticate.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRun,
	IWorkflowExecuteAdditionalData,
	WorkflowActivateMode,
	WorkflowExecuteMode,
	ICredentials,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeListSearchResult,
	IPollFunctions,
} from 'n8n-workflow';
import { ICredentialsHelper, Workflow } from 'n8n-workflow';
import { ExecutionLifecycleHooks, LoadOptionsContext, PollContext, WorkflowExecute } from 'n8n-core';

import { AnnexCloudApi } from '../../credentials/AnnexCloudApi.credentials';

export const NODE_TYPE_PREFIX = 'n8n-nodes-annexcloud.';

/** Emits the items given in its `items` parameter: the input of the node under test. */
class TestInputNode implements INodeType {
	description = {
		displayName: 'Test Input',
		name: 'testInput',
		group: ['input'],
		version: 1,
		description: 'Emits fixed items',
		defaults: { name: 'Test Input' },
		inputs: [] as never[],
		outputs: ['main'] as never[],
		properties: [{ displayName: 'Items', name: 'items', type: 'json' as const, default: '[]' }],
	} as unknown as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0) as string;
		const items = JSON.parse(raw) as IDataObject[];
		return [items.map((json) => ({ json }))];
	}
}

class TestCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly credentialType: ICredentialType,
		private readonly getData: () => ICredentialDataDecryptedObject,
		private readonly onAuthenticate?: (options: IHttpRequestOptions) => void,
	) {
		super();
	}
	getParentTypes(): string[] {
		return [];
	}
	isCredentialUsableByNode(): boolean {
		return true;
	}
	async authenticate(credentials: ICredentialDataDecryptedObject, typeName: string, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		if (typeName !== this.credentialType.name) throw new Error(`Unknown credential type ${typeName}`);
		const authenticate = this.credentialType.authenticate;
		if (typeof authenticate !== 'function') throw new Error('expected a function-form authenticate');
		const signed = await authenticate(credentials, requestOptions);
		this.onAuthenticate?.(signed);
		return signed;
	}
	async preAuthentication(): Promise<undefined> {
		return undefined;
	}
	async runPreAuthentication(): Promise<undefined> {
		return undefined;
	}
	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used');
	}
	/** How many times n8n asked for the decrypted credential (a database read in real n8n). */
	decryptCount = 0;
	async getDecrypted(): Promise<ICredentialDataDecryptedObject> {
		this.decryptCount++;
		return { ...this.getData() };
	}
	async updateCredentials(): Promise<void> {}
	async updateCredentialsOauthTokenData(): Promise<void> {}
	getCredentialsProperties() {
		return this.credentialType.properties;
	}
}

export interface HarnessOptions {
	credentials: ICredentialDataDecryptedObject;
	/** Node classes under test, by their description name. */
	nodeTypes: INodeType[];
	onAuthenticate?: (options: IHttpRequestOptions) => void;
}

export interface NodeRunResult {
	/** Items of output 0 (empty when the node failed). */
	items: INodeExecutionData[];
	/** The node error, when the node failed and continueOnFail was off. */
	error?: Error & { description?: string | null; httpCode?: string | null; context?: IDataObject };
	run: IRun;
}

export class N8nHarness {
	readonly credentialsHelper: TestCredentialsHelper;
	readonly credentialType = new AnnexCloudApi();
	private readonly types = new Map<string, INodeType>();
	credentials: ICredentialDataDecryptedObject;

	constructor(options: HarnessOptions) {
		this.credentials = options.credentials;
		this.credentialsHelper = new TestCredentialsHelper(this.credentialType, () => this.credentials, options.onAuthenticate);
		this.types.set('test.input', new TestInputNode());
		for (const type of options.nodeTypes) this.types.set(NODE_TYPE_PREFIX + type.description.name, type);
	}

	get nodeTypes(): INodeTypes {
		const types = this.types;
		return {
			getByName: (name: string) => {
				const type = types.get(name);
				if (!type) throw new Error(`Unknown node type ${name}`);
				return type;
			},
			getByNameAndVersion: (name: string) => {
				const type = types.get(name);
				if (!type) throw new Error(`Unknown node type ${name}`);
				return type;
			},
			getKnownTypes: () => ({}),
		};
	}

	additionalData(): IWorkflowExecuteAdditionalData {
		return {
			credentialsHelper: this.credentialsHelper,
			executeWorkflow: async () => {
				throw new Error('not supported');
			},
			getRunExecutionData: async () => undefined,
			getRuntimeCredential: async () => undefined,
			currentNodeExecutionIndex: 0,
			restApiUrl: 'http://localhost:5678/rest',
			instanceBaseUrl: 'http://localhost:5678',
			formBaseUrl: 'http://localhost:5678/form',
			formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
			formTestBaseUrl: 'http://localhost:5678/form-test',
			webhookBaseUrl: 'http://localhost:5678/webhook',
			webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
			webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
			mcpBaseUrl: 'http://localhost:5678/mcp',
			mcpTestBaseUrl: 'http://localhost:5678/mcp-test',
			variables: {},
			logAiEvent: () => {},
		} as unknown as IWorkflowExecuteAdditionalData;
	}

	makeNode(type: string, parameters: INodeParameters, extra: Partial<INode> = {}): INode {
		return {
			id: `${type}-id`,
			name: extra.name ?? 'Node Under Test',
			type: NODE_TYPE_PREFIX + type,
			typeVersion: 1,
			position: [200, 0],
			parameters,
			credentials: { annexCloudApi: { id: 'cred-1', name: 'Annex Cloud account' } },
			...extra,
		};
	}

	workflow(nodes: INode[], connections: Workflow['connectionsBySourceNode'] = {}, staticData?: IDataObject): Workflow {
		return new Workflow({
			id: 'wf-test',
			name: 'Test workflow',
			nodes,
			connections,
			active: false,
			nodeTypes: this.nodeTypes,
			staticData,
		});
	}

	/** Run a node with the given input items through n8n's WorkflowExecute. */
	async runNode(
		type: string,
		parameters: INodeParameters,
		input: IDataObject[] = [{}],
		options: { continueOnFail?: boolean; mode?: WorkflowExecuteMode } = {},
	): Promise<NodeRunResult> {
		const inputNode: INode = {
			id: 'input-id',
			name: 'Input',
			type: 'test.input',
			typeVersion: 1,
			position: [0, 0],
			parameters: { items: JSON.stringify(input) },
		};
		const node = this.makeNode(type, parameters, options.continueOnFail ? { onError: 'continueRegularOutput' } : {});
		const workflow = this.workflow([inputNode, node], {
			Input: { main: [[{ node: node.name, type: 'main', index: 0 }]] },
		});
		const mode = options.mode ?? 'manual';
		const additionalData = this.additionalData();
		additionalData.hooks = new ExecutionLifecycleHooks(mode, 'exec-1', {
			id: workflow.id,
			name: workflow.name,
			nodes: [inputNode, node],
			connections: {},
			active: false,
			isArchived: false,
			createdAt: new Date(),
			updatedAt: new Date(),
			activeVersionId: null,
		} as never);
		const execution = new WorkflowExecute(additionalData, mode);
		const run = await execution.run({ workflow, startNode: inputNode });
		const taskData = run.data.resultData.runData[node.name]?.[0];
		const items = taskData?.data?.main?.[0] ?? [];
		const error = (taskData?.error ?? run.data.resultData.error) as NodeRunResult['error'];
		return { items, error, run };
	}

	loadOptionsContext(type: string, parameters: INodeParameters = {}): ILoadOptionsFunctions {
		const node = this.makeNode(type, parameters);
		const workflow = this.workflow([node]);
		return new LoadOptionsContext(workflow, node, this.additionalData(), 'parameters');
	}

	async listSearch(type: string, method: string, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
		const nodeType = this.nodeTypes.getByName(NODE_TYPE_PREFIX + type) as INodeType;
		const fn = nodeType.methods?.listSearch?.[method];
		if (!fn) throw new Error(`No list search method ${method}`);
		return await fn.call(this.loadOptionsContext(type), filter, paginationToken);
	}

	/**
	 * A poll context bound to a node whose static data lives in `staticData` (pass the same
	 * object to keep state between polls; pass a JSON copy to simulate a restart).
	 */
	pollContext(
		type: string,
		parameters: INodeParameters,
		staticData: IDataObject,
		options: {
			mode?: WorkflowExecuteMode;
			activation?: WorkflowActivateMode;
			pollBudgetMs?: number;
			name?: string;
			typeVersion?: number;
		} = {},
	): IPollFunctions {
		const node = this.makeNode(type, parameters, { name: options.name ?? 'Annex Cloud Trigger', typeVersion: options.typeVersion ?? 1 });
		const workflow = this.workflow([node], {}, staticData);
		const nodeStatic = () => {
			const key = `node:${node.name}`;
			if (typeof staticData[key] !== 'object' || staticData[key] === null) staticData[key] = {};
			return staticData[key] as IDataObject;
		};
		return new PollContext(
			workflow,
			node,
			this.additionalData(),
			options.mode ?? 'trigger',
			options.activation ?? 'activate',
			() => {
				throw new Error('__emit is not used by poll()');
			},
			() => {
				throw new Error('__emitError is not used by poll()');
			},
			undefined,
			undefined,
			nodeStatic,
			() => options.pollBudgetMs ?? 5 * 60 * 1000,
		);
	}
}
