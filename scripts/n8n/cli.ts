/* eslint-disable @n8n/community-nodes/no-restricted-globals -- CLI entry point of dev tooling: process (argv, exit) */
/**
 * `node scripts/run-ts.js scripts/n8n/cli.ts <command>`:
 *   provision [version]   ensure n8n in the cache (default ANNEXCLOUD_N8N_VERSION, else
 *                         N8N_VERSION; a range such as 1.123.x takes its newest release);
 *                         prints where
 *   matrix all|ci         the n8n releases of the compatibility matrix, one a line: all of them
 *                         (npm run test:compat), or those CI adds to the full e2e run on
 *                         N8N_VERSION (the oldest supported)
 *   pack                  build and pack this repository; prints the tarball path
 */
import { buildAndPack } from './pack';
import { N8N_VERSION } from './paths';
import { ensureN8n } from './provision';
import { CI_MATRIX, COMPAT_MATRIX } from './versions';

async function main(command: string | undefined, argument: string | undefined): Promise<number> {
	switch (command) {
		case 'provision': {
			const installation = await ensureN8n(argument === undefined ? {} : { version: argument });
			process.stdout.write(`${installation.dir}\n`);
			return 0;
		}
		case 'matrix': {
			if (argument !== 'all' && argument !== 'ci') break;
			const versions = argument === 'all' ? COMPAT_MATRIX : CI_MATRIX.filter((version) => version !== N8N_VERSION);
			process.stdout.write(`${versions.join('\n')}\n`);
			return 0;
		}
		case 'pack': {
			process.stdout.write(`${await buildAndPack()}\n`);
			return 0;
		}
		default:
			break;
	}
	process.stderr.write('usage: node scripts/run-ts.js scripts/n8n/cli.ts provision [version] | matrix all|ci | pack\n');
	return 2;
}

main(process.argv[2], process.argv[3]).then(
	(code) => process.exit(code),
	(error: unknown) => {
		process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(1);
	},
);
