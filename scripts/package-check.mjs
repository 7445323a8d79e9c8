#!/usr/bin/env node
// Package check, as n8n's verification does it: pack the package, then
//  1. lint the sources (package.json, nodes/, credentials/) and the packed tarball's compiled
//     JavaScript with the rules of n8n's own scanner (@n8n/scan-community-package), with inline
//     eslint-disable comments ignored;
//  2. check the tarball holds only dist/, package.json, README.md and LICENSE;
//  3. check there are no runtime dependencies, peerDependencies is exactly {"n8n-workflow": "*"},
//     every n8n path (and main, when set) is in the tarball, and every require() in dist/ is
//     n8n-workflow, node:crypto or a relative file.
// Exit code 0 when all pass. It cleans and builds first.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'annexcloud-package-check-'));
const failures = [];
const say = (line) => process.stdout.write(`${line}\n`);

try {
	// The repo's .npmrc sets ignore-scripts (for installs), so npm pack would skip prepack: build here.
	execFileSync('npm', ['run', '--silent', 'clean'], { cwd: root, stdio: 'inherit' });
	execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
	const packed = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }),
	)[0];
	const tarball = path.join(work, packed.filename);
	say(`packed ${packed.filename}: ${packed.entryCount} files, ${packed.size} bytes packed, ${packed.unpackedSize} unpacked`);

	// 2. contents
	const allowed = /^(dist\/.+|package\.json|README\.md|LICENSE(\.md)?)$/;
	const unexpected = packed.files.map((file) => file.path).filter((file) => !allowed.test(file));
	if (unexpected.length > 0) failures.push(`tarball holds files outside dist/: ${unexpected.join(', ')}`);
	for (const required of ['package.json', 'README.md', 'LICENSE']) {
		if (!packed.files.some((file) => file.path === required)) failures.push(`tarball lacks ${required}`);
	}

	const extracted = path.join(work, 'package');
	execFileSync('tar', ['-xzf', tarball, '-C', work]);
	const manifest = JSON.parse(fs.readFileSync(path.join(extracted, 'package.json'), 'utf8'));

	// 3. dependencies and imports
	if (manifest.dependencies && Object.keys(manifest.dependencies).length > 0) {
		failures.push(`runtime dependencies present: ${Object.keys(manifest.dependencies).join(', ')}`);
	}
	if (JSON.stringify(manifest.peerDependencies) !== JSON.stringify({ 'n8n-workflow': '*' })) {
		failures.push(`peerDependencies must be exactly {"n8n-workflow":"*"}, got ${JSON.stringify(manifest.peerDependencies)}`);
	}
	for (const entry of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) {
		if (!fs.existsSync(path.join(extracted, entry))) failures.push(`n8n entry ${entry} is missing from the tarball`);
	}
	// n8n loads the files under "n8n", never "main"; a "main" that points nowhere breaks require() of the package.
	if (manifest.main !== undefined && !fs.existsSync(path.join(extracted, manifest.main))) {
		failures.push(`main ${manifest.main} is missing from the tarball`);
	}
	const jsFiles = execFileSync('find', [path.join(extracted, 'dist'), '-name', '*.js'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
	const allowedModules = new Set(['n8n-workflow', 'node:crypto', 'crypto']);
	let requireCount = 0;
	for (const file of jsFiles) {
		const source = fs.readFileSync(file, 'utf8');
		for (const match of source.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)|\bimport\(\s*["']([^"']+)["']\s*\)/g)) {
			requireCount++;
			const specifier = match[1] ?? match[2];
			if (!specifier.startsWith('./') && !specifier.startsWith('../') && !allowedModules.has(specifier)) {
				failures.push(`${path.relative(extracted, file)} imports "${specifier}"`);
			}
		}
	}
	say(`checked ${jsFiles.length} compiled files, ${requireCount} imports`);

	// 1. n8n scanner rules, inline disables ignored
	const source = await analyzePackage(root, SOURCE_FILE_PATTERNS);
	say(`scanner rules on the sources (package.json, nodes/, credentials/): ${source.passed ? 'pass' : 'FAIL'}`);
	if (!source.passed) failures.push(`sources: ${source.message}\n${source.details ?? ''}`);
	const dist = await analyzePackage(extracted, ['**/*.js', 'package.json']);
	say(`scanner rules on the packed tarball (compiled JS, package.json): ${dist.passed ? 'pass' : 'FAIL'}`);
	if (!dist.passed) failures.push(`tarball: ${dist.message}\n${dist.details ?? ''}`);
} finally {
	fs.rmSync(work, { recursive: true, force: true });
}

if (failures.length > 0) {
	say(`package check failed:\n- ${failures.join('\n- ')}`);
	process.exit(1);
}
say('package check: all passed');
