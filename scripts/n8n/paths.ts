/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- dev tooling (demo, e2e), never in the package: reads env, files and paths */
/**
 * Where things live: the repository, the cache outside it, the artifacts folder, and the n8n
 * version everything targets.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** The n8n release the demo and the end-to-end tests run. */
export const N8N_VERSION = '2.41.1';

/** Root of this repository. */
export const REPO_ROOT = resolve(__dirname, '..', '..');

/** Packed tarballs and e2e scratch data (git-ignored). */
export const ARTIFACTS_DIR = join(REPO_ROOT, '.artifacts');

/** Example workflows shipped with the repository. */
export const EXAMPLES_DIR = join(REPO_ROOT, 'examples');

/** Cache outside the repo: Node 24, n8n, the demo's user folder. */
export function cacheRoot(): string {
	const fromEnv = process.env.ANNEXCLOUD_CACHE;
	return fromEnv !== undefined && fromEnv !== '' ? resolve(fromEnv) : join(homedir(), '.cache', 'n8n-nodes-annexcloud');
}

export interface PackageInfo {
	name: string;
	version: string;
}

/** Name and version from the repository's package.json. */
export function packageInfo(): PackageInfo {
	const json = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Partial<PackageInfo>;
	if (typeof json.name !== 'string' || typeof json.version !== 'string') {
		throw new Error('package.json has no name or version');
	}
	return { name: json.name, version: json.version };
}

/**
 * Node types as n8n names them once the package is installed as a community package; `tool` is
 * the AI tool n8n derives from the action node (usableAsTool): its name plus "Tool".
 */
export function nodeTypeNames(): { action: string; trigger: string; tool: string } {
	const { name } = packageInfo();
	return { action: `${name}.annexCloud`, trigger: `${name}.annexCloudTrigger`, tool: `${name}.annexCloudTool` };
}

/** The credential type (credential types are not prefixed with the package name). */
export const CREDENTIAL_TYPE = 'annexCloudApi';
