#!/usr/bin/env node
// Run a TypeScript entry point (sandbox, demo, benchmarks) without a build step:
// a require hook that transpiles .ts files with the project's own TypeScript.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const compilerOptions = {
	module: ts.ModuleKind.CommonJS,
	target: ts.ScriptTarget.ES2022,
	esModuleInterop: true,
	sourceMap: false,
	inlineSourceMap: true,
	resolveJsonModule: true,
};

require.extensions['.ts'] = function compileTypeScript(module, filename) {
	const source = fs.readFileSync(filename, 'utf8');
	const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: filename });
	module._compile(outputText, filename);
};

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
	process.stderr.write('usage: node scripts/run-ts.js <file.ts> [args...]\n');
	process.exit(2);
}
process.argv = [process.argv[0], path.resolve(entry), ...args];
require(path.resolve(entry));
