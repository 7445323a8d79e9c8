/** What every benchmark gets: the mode, a progress log, and real n8n on demand. */
import { buildAndPack, ensureN8n, type LogFn, type N8nInstallation } from '../../n8n';
import type { Section } from './report';

export interface N8nSetup {
	installation: N8nInstallation;
	/** this repository built and packed (npm run clean && npm run build && npm pack) */
	tarball: string;
}

export interface BenchContext {
	/** fewer rounds and iterations (a smoke run, not for publishing) */
	quick: boolean;
	log: LogFn;
	/** n8n in the cache and the packed package, provisioned once and shared */
	n8n(): Promise<N8nSetup>;
}

export type SectionBody = Omit<Section, 'name' | 'title' | 'durationMs'>;

export interface Benchmark {
	/** the --only name */
	name: string;
	title: string;
	run(context: BenchContext): Promise<SectionBody>;
}

/**
 * n8n and the tarball, each made once per bench run. `tarball` (--tarball) replaces building
 * and packing this repository, e.g. to measure a patched build.
 */
export function n8nProvider(log: LogFn, tarball?: string): () => Promise<N8nSetup> {
	let pending: Promise<N8nSetup> | undefined;
	return async () => {
		pending ??= (async () => {
			const installation = await ensureN8n({ log });
			return { installation, tarball: tarball ?? (await buildAndPack({ log })) };
		})();
		return await pending;
	};
}
