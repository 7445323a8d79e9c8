/* eslint-disable @n8n/community-nodes/no-restricted-globals -- CLI entry point of dev tooling: process (argv, exit) */
/**
 * `node scripts/run-ts.js scripts/n8n/cli.ts <command>`:
 *   provision   ensure n8n (N8N_VERSION) in the cache; prints where
 *   pack        build and pack this repository; prints the tarball path
 */
import { buildAndPack } from './pack';
import { ensureN8n } from './provision';

async function main(command: string | undefined): Promise<number> {
	switch (command) {
		case 'provision': {
			const installation = await ensureN8n();
			process.stdout.write(`${installation.dir}\n`);
			return 0;
		}
		case 'pack': {
			process.stdout.write(`${await buildAndPack()}\n`);
			return 0;
		}
		default:
			process.stderr.write('usage: node scripts/run-ts.js scripts/n8n/cli.ts provision|pack\n');
			return 2;
	}
}

main(process.argv[2]).then(
	(code) => process.exit(code),
	(error: unknown) => {
		process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(1);
	},
);
