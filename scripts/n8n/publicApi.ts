/**
 * n8n's public API (/api/v1, header X-N8N-API-KEY): what the demo and the e2e tests need.
 * Routes checked against n8n 2.41.1's dist/public-api/v1/openapi.yml.
 */
import { httpRequest, type RequestOptions } from './http';

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

export interface ApiCredential {
	id: string;
	name: string;
	type: string;
}

export interface ApiWorkflow {
	id: string;
	name: string;
	active?: boolean;
	nodes?: unknown[];
}

export interface ApiExecution {
	id: string | number;
	finished: boolean;
	mode: string;
	/** absent in n8n 1.100 (read it with runStatus) */
	status?: string;
	startedAt: string;
	stoppedAt?: string | null;
	workflowId: string;
	/** with includeData=true: the run data (resultData.runData...) */
	data?: {
		resultData?: {
			runData?: Record<string, Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> } }>>;
			error?: { message?: string };
		};
	};
}

/** What POST /workflows accepts (anything else of a workflow definition is left out). */
export interface NewWorkflow {
	name: string;
	nodes: unknown[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
}

export class PublicApi {
	constructor(
		readonly baseUrl: string,
		private readonly apiKey: string,
	) {}

	private get root(): string {
		return `${this.baseUrl.replace(/\/+$/, '')}/api/v1`;
	}

	private get headers(): Record<string, string> {
		return { 'X-N8N-API-KEY': this.apiKey };
	}

	async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
		const response = await httpRequest<T>(method, `${this.root}${path}`, {
			...options,
			headers: { ...this.headers, ...options.headers },
		});
		return response.json as T;
	}

	/**
	 * POST /credentials/{id}/test: runs the credential type's `test` request in n8n. Undefined
	 * where this n8n's public API has no such route (n8n 1.x and 2.0 answer 404 "not found"):
	 * use the editor's route then (RestSession.testCredential, or testCredential in credentialTest.ts).
	 */
	async testCredentialIfOffered(id: string): Promise<CredentialTestResult | undefined> {
		const response = await httpRequest<CredentialTestResult | { message?: string }>(
			'POST',
			`${this.root}/credentials/${encodeURIComponent(id)}/test`,
			{ headers: this.headers, okStatuses: [200, 404] },
		);
		if (response.status === 404 && (response.json as { message?: string } | undefined)?.message === 'not found') return undefined;
		if (response.status === 404) throw new Error(`POST /credentials/${id}/test answered 404: ${JSON.stringify(response.json)}`);
		return response.json as CredentialTestResult;
	}

	/** GET /credentials/schema/{type}: undefined when the type is unknown (package not installed). */
	async credentialSchema(type: string): Promise<Record<string, unknown> | undefined> {
		const response = await httpRequest<Record<string, unknown>>(
			'GET',
			`${this.root}/credentials/schema/${encodeURIComponent(type)}`,
			{ headers: this.headers, okStatuses: [200, 404] },
		);
		return response.status === 404 ? undefined : response.json;
	}

	async listCredentials(): Promise<ApiCredential[]> {
		const all: ApiCredential[] = [];
		let cursor: string | undefined;
		do {
			const query = new URLSearchParams({ limit: '250', ...(cursor ? { cursor } : {}) });
			const page = await this.request<{ data: ApiCredential[]; nextCursor?: string | null }>('GET', `/credentials?${query}`);
			all.push(...page.data);
			cursor = page.nextCursor ?? undefined;
		} while (cursor);
		return all;
	}

	async createCredential(credential: { name: string; type: string; data: Record<string, unknown> }): Promise<ApiCredential> {
		return await this.request<ApiCredential>('POST', '/credentials', { body: credential });
	}

	async updateCredential(id: string, patch: { name?: string; type?: string; data?: Record<string, unknown> }): Promise<ApiCredential> {
		return await this.request<ApiCredential>('PATCH', `/credentials/${encodeURIComponent(id)}`, { body: patch });
	}

	async listWorkflows(query: Record<string, string> = {}): Promise<ApiWorkflow[]> {
		const all: ApiWorkflow[] = [];
		let cursor: string | undefined;
		do {
			const params = new URLSearchParams({ limit: '250', excludePinnedData: 'true', ...query, ...(cursor ? { cursor } : {}) });
			const page = await this.request<{ data: ApiWorkflow[]; nextCursor?: string | null }>('GET', `/workflows?${params}`);
			all.push(...page.data);
			cursor = page.nextCursor ?? undefined;
		} while (cursor);
		return all;
	}

	/** POST /workflows (only name, nodes, connections, settings are accepted). */
	async createWorkflow(workflow: NewWorkflow): Promise<ApiWorkflow> {
		return await this.request<ApiWorkflow>('POST', '/workflows', {
			body: {
				name: workflow.name,
				nodes: workflow.nodes,
				connections: workflow.connections,
				settings: workflow.settings ?? { executionOrder: 'v1' },
			},
		});
	}

	/**
	 * Create a workflow and publish (activate) it: POST /workflows (n8n stores it as a version in
	 * the workflow history, as the editor's Save does; the id is n8n's), then
	 * POST /workflows/{id}/activate. For n8n 2.0.x, where `n8n import:workflow` stores no history
	 * version and `n8n publish:workflow` then fails with 'Version "..." not found'.
	 */
	async createAndPublishWorkflow(workflow: NewWorkflow): Promise<ApiWorkflow> {
		const created = await this.createWorkflow(workflow);
		return await this.request<ApiWorkflow>('POST', `/workflows/${encodeURIComponent(created.id)}/activate`);
	}

	/** Executions, newest first; with data when includeData is set. */
	async listExecutions(query: { workflowId?: string; includeData?: boolean; status?: string; limit?: number } = {}): Promise<ApiExecution[]> {
		const params = new URLSearchParams({ limit: String(query.limit ?? 100) });
		if (query.workflowId !== undefined) params.set('workflowId', query.workflowId);
		if (query.includeData === true) params.set('includeData', 'true');
		if (query.status !== undefined) params.set('status', query.status);
		const page = await this.request<{ data: ApiExecution[] }>('GET', `/executions?${params}`);
		return page.data;
	}
}
