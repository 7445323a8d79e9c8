/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test code: the summary goes to process.stdout */
/**
 * Bad input, generated with fast-check, for every operation's parameters: ids (empty,
 * whitespace, 10,000 characters, unicode, `../`, `/`, `?`, `#`, `%`, lone surrogates, status
 * words), Extra Body / Member Fields (JSON) that are not objects or not JSON, dates that are
 * reversed, invalid or out of range, Timeout, Status, Limit, Batch Size and Concurrent Requests values. See
 * badInputCases.ts for the two outcomes every case must end in.
 *
 * The retry waits of the occasional tiny-but-valid Timeout are recorded, not slept.
 */
import { BASE_SEED, PROPERTIES } from './badInputCases';
import { printSummary, startReliabilityContext, type ReliabilityContext } from './support';

jest.mock('n8n-workflow', () => jest.requireActual<typeof import('./instantSleep')>('./instantSleep').withInstantSleep());

let ctx: ReliabilityContext;
const started = Date.now();
const tried: string[] = [];

beforeAll(async () => {
	ctx = await startReliabilityContext();
});
afterAll(async () => {
	process.stdout.write(`\n[reliability] bad input, seed ${BASE_SEED}:\n${tried.join('\n')}\n`);
	printSummary('bad input', ctx.stats, `, ${((Date.now() - started) / 1000).toFixed(1)} s`);
	await ctx.close();
});

it.each(PROPERTIES.map((property) => [property.name, property] as const))('%s', async (_name, property) => {
	const cases = await property.run(ctx);
	expect(cases).toBe(property.numRuns);
	tried.push(`  ${property.name}: ${cases} cases`);
	expect(ctx.stats.leaks).toBe(0);
}, 180_000);
