/**
 * n8n's internal REST API (/rest), as the editor uses it: owner setup, login with a session
 * cookie, API keys, and the node and credential types the editor sees.
 */
import { randomUUID } from 'node:crypto';

import { httpRequest, type RequestOptions } from './http';

export interface OwnerAccount {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

/** Fixed demo account (n8n: 8+ characters with a digit and an upper-case letter). */
export const DEMO_OWNER: OwnerAccount = {
	email: 'demo@example.com',
	password: 'AnnexDemo-2026',
	firstName: 'Demo',
	lastName: 'Owner',
};

interface Envelope<T> {
	data: T;
}

function unwrap<T>(json: unknown): T {
	if (typeof json === 'object' && json !== null && 'data' in json) return (json as Envelope<T>).data;
	return json as T;
}

export class RestSession {
	private cookie = '';

	/** n8n binds the auth cookie to this header. */
	private readonly browserId = randomUUID();

	constructor(readonly baseUrl: string) {}

	get loggedIn(): boolean {
		return this.cookie !== '';
	}

	async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
		const response = await httpRequest(method, `${this.baseUrl}/rest${path}`, {
			...options,
			headers: { 'browser-id': this.browserId, ...(this.cookie ? { cookie: this.cookie } : {}), ...options.headers },
		});
		this.keepCookie(response.headers);
		return unwrap<T>(response.json);
	}

	private keepCookie(headers: Headers): void {
		for (const line of headers.getSetCookie()) {
			const pair = line.split(';')[0] ?? '';
			if (pair.startsWith('n8n-auth=')) this.cookie = pair;
		}
	}

	/** Whether the instance still shows the owner setup page (no owner yet). */
	async needsOwnerSetup(): Promise<boolean> {
		const settings = await this.request<{ userManagement?: { showSetupOnFirstLoad?: boolean } }>('GET', '/settings');
		return settings.userManagement?.showSetupOnFirstLoad === true;
	}

	/** POST /rest/owner/setup: creates the owner and logs in. */
	async setupOwner(owner: OwnerAccount): Promise<void> {
		await this.request('POST', '/owner/setup', { body: owner });
	}

	/** POST /rest/login */
	async login(email: string, password: string): Promise<{ id: string; email: string }> {
		return await this.request('POST', '/login', { body: { emailOrLdapLoginId: email, password } });
	}

	/** The scopes this user may give an API key (GET /rest/api-keys/scopes). */
	async apiKeyScopes(): Promise<string[]> {
		return await this.request<string[]>('GET', '/api-keys/scopes');
	}

	/**
	 * A public API key with every allowed scope and no expiry; returns the raw key. Labels must be
	 * unique per user, so a time suffix is added.
	 */
	async createApiKey(label = 'annexcloud'): Promise<string> {
		const scopes = await this.apiKeyScopes();
		const unique = `${label.slice(0, 30)} ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')} ${randomUUID().slice(0, 4)}`;
		const created = await this.request<{ rawApiKey: string }>('POST', '/api-keys', {
			body: { label: unique, scopes, expiresAt: null },
		});
		return created.rawApiKey;
	}

	/**
	 * What a resource locator's "From List" mode shows: POST /rest/dynamic-node-parameters/
	 * resource-locator-results, as the editor calls it (runs the node's listSearch method).
	 */
	async resourceLocatorResults(request: {
		nodeType: string;
		version: number;
		methodName: string;
		path: string;
		currentNodeParameters: Record<string, unknown>;
		credentials?: Record<string, { id: string; name: string }>;
		filter?: string;
		paginationToken?: string;
	}): Promise<{ results: Array<{ name: string; value: string | number; url?: string }>; paginationToken?: unknown }> {
		return await this.request('POST', '/dynamic-node-parameters/resource-locator-results', {
			body: {
				path: request.path,
				nodeTypeAndVersion: { name: request.nodeType, version: request.version },
				currentNodeParameters: request.currentNodeParameters,
				methodName: request.methodName,
				credentials: request.credentials,
				filter: request.filter,
				paginationToken: request.paginationToken,
			},
		});
	}

	/**
	 * The credential dialog's "Test" button: the stored credential as the editor reads it
	 * (GET /rest/credentials/{id}?includeData=true, secrets redacted), posted back to
	 * POST /rest/credentials/test, which restores the secrets and runs the type's `test` request.
	 */
	async testCredential(id: string): Promise<{ status: 'OK' | 'Error'; message: string }> {
		const stored = await this.request<{ id: string; name: string; type: string; data?: unknown }>(
			'GET',
			`/credentials/${encodeURIComponent(id)}?includeData=true`,
		);
		const { name, type, data } = stored;
		return await this.request('POST', '/credentials/test', { body: { credentials: { id, name, type, data } } });
	}

	/** The node type descriptions the editor gets (GET /types/nodes.json, needs the session), tool variants included. */
	async nodeTypes(): Promise<Array<{ name: string } & Record<string, unknown>>> {
		const response = await httpRequest<Array<{ name: string } & Record<string, unknown>>>('GET', `${this.baseUrl}/types/nodes.json`, {
			headers: { 'browser-id': this.browserId, cookie: this.cookie },
		});
		return response.json ?? [];
	}

	/** Node type names the editor gets (GET /types/nodes.json, needs the session). */
	async nodeTypeNames(): Promise<string[]> {
		return (await this.nodeTypes()).map((type) => type.name);
	}

	/** The versions of every node type the editor gets (GET /types/nodes.json), by type name. */
	async nodeTypeVersions(): Promise<Map<string, number[]>> {
		const response = await httpRequest<Array<{ name: string; version: number | number[] }>>('GET', `${this.baseUrl}/types/nodes.json`, {
			headers: { 'browser-id': this.browserId, cookie: this.cookie },
		});
		const versions = new Map<string, number[]>();
		for (const type of response.json ?? []) {
			const listed = Array.isArray(type.version) ? type.version : [type.version];
			versions.set(type.name, [...(versions.get(type.name) ?? []), ...listed]);
		}
		return versions;
	}

	/** Credential type names the editor gets (GET /types/credentials.json). */
	async credentialTypeNames(): Promise<string[]> {
		const response = await httpRequest<Array<{ name: string }>>('GET', `${this.baseUrl}/types/credentials.json`, {
			headers: { 'browser-id': this.browserId, cookie: this.cookie },
		});
		return (response.json ?? []).map((type) => type.name);
	}
}
