/**
 * Import this first in an entry point that imports `*.node` modules by path. Node resolves
 * `./AnnexCloud.node` by trying the extensions in registration order (.js, .json, .node, then
 * the .ts hook of scripts/run-ts.js), so it would load the codex file `AnnexCloud.node.json`
 * instead of `AnnexCloud.node.ts`. Registering .json again moves it after .ts.
 */
const extensions = require.extensions as Partial<NodeJS.RequireExtensions>;
const json = extensions['.json'];
if (json !== undefined && extensions['.ts'] !== undefined) {
	delete extensions['.json'];
	extensions['.json'] = json;
}

export {};
