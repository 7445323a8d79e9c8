/* eslint-disable @n8n/community-nodes/no-restricted-globals -- dev-only benchmark tooling, never in the package: a child process entry point (argv, stdout, signals) */
/**
 * Child process entry: a local sandbox on its own CPU core, so that its work (verifying every
 * signature, paging lists) does not share the event loop or the heap of the process being
 * measured. Prints one JSON line (`SANDBOX_READY {...}`) once it listens; runs until SIGTERM.
 *
 * argv[2]: JSON of SandboxProcessOptions.
 */
import { mulberry32, startSandbox } from '../../../sandbox';
import type { SandboxProcessOptions } from './sandboxProcess';

async function main(): Promise<void> {
	const options = JSON.parse(process.argv[2] ?? '{}') as SandboxProcessOptions;
	const { activeCount, ...sandboxOptions } = options;
	const sandbox = await startSandbox({ port: 0, ...sandboxOptions });
	if (activeCount !== undefined) {
		// Exactly `activeCount` active campaigns, picked by a seeded shuffle: ids with gaps, as a
		// real tenant has after campaigns were switched off over time.
		const ids = sandbox.store.listCampaigns('all').map((campaign) => String(campaign.campaignId));
		const random = mulberry32(options.seed ?? 1);
		for (let i = ids.length - 1; i > 0; i--) {
			const j = Math.floor(random() * (i + 1));
			[ids[i], ids[j]] = [ids[j] as string, ids[i] as string];
		}
		ids.forEach((id, index) => {
			sandbox.store.setCampaignStatus(id, index < activeCount ? 'active' : 'inactive');
		});
	}
	process.stdout.write(
		`SANDBOX_READY ${JSON.stringify({ baseUrl: sandbox.baseUrl, controlUrl: sandbox.controlUrl, credentials: sandbox.credentials })}\n`,
	);
	const stop = (): void => {
		void sandbox.close().then(() => process.exit(0));
	};
	process.on('SIGTERM', stop);
	process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exit(1);
});
