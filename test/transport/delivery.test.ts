/**
 * "Was the request sent?" (delivery.ts): one answer for the retry policy and the messages.
 * A network failure is recognised inside n8n's NodeApiError wrapper by its code; anything
 * else thrown on the way (the credential refusing to sign) is reported as it is, at once,
 * without retries, never as "could not reach" and never as "may have been applied".
 */
import type { JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { AnnexCloud } from '../../nodes/AnnexCloud/AnnexCloud.node';
import { mayHaveBeenSent, networkFailureOf } from '../../nodes/AnnexCloud/transport/delivery';
import { isTransient, mayHaveBeenApplied } from '../../nodes/AnnexCloud/transport/retryPolicy';
import { startSandbox, type Sandbox } from '../../sandbox';
import { N8nHarness } from '../helpers/n8n';
import { credentialsFor } from '../helpers/sandboxHarness';

const sleeps: number[] = [];
jest.mock('n8n-workflow', () =>
	jest.requireActual<typeof import('../reliability/instantSleep')>('../reliability/instantSleep').withInstantSleep((ms) => sleeps.push(ms)),
);

const node = { id: '1', name: 'Annex Cloud', type: 'annexCloud', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };

function wrapped(cause: unknown): NodeApiError {
	// What n8n-core's httpRequestWithAuthentication throws: NodeApiError(node, error), cause kept.
	return new NodeApiError(node, cause as JsonObject);
}

describe('networkFailureOf', () => {
	it.each([
		['ECONNREFUSED', false],
		['ENOTFOUND', false],
		['EAI_AGAIN', false],
		['EHOSTUNREACH', false],
		['CERT_HAS_EXPIRED', false],
		['ECONNRESET', true],
		['ETIMEDOUT', true],
		['ECONNABORTED', true],
		['EPIPE', true],
	])('%s inside n8n\'s wrapper: a network failure, sent %p', (code, sent) => {
		const error = Object.assign(new Error(`connect ${code}`), { code });
		expect(networkFailureOf(wrapped(error))).toEqual({ code, message: `connect ${code}`, sent });
		expect(mayHaveBeenSent(code)).toBe(sent);
	});

	it('an axios timeout without a code is a timeout that may have been sent', () => {
		expect(networkFailureOf(wrapped(new Error('timeout of 500ms exceeded')))).toMatchObject({ code: 'ETIMEDOUT', sent: true });
	});

	it.each([
		['an error of the credential', new Error('The Shared Secret is empty')],
		['a cancelled execution', Object.assign(new Error('canceled'), { name: 'CanceledError', code: 'ERR_CANCELED' })],
		['an abort', Object.assign(new Error('aborted'), { name: 'AbortError' })],
		['a type error', new TypeError('x is not a function')],
	])('%s is not a network failure', (_label, error) => {
		expect(networkFailureOf(wrapped(error))).toBeUndefined();
	});

	it('a cause chain with a cycle ends', () => {
		const a = new Error('a') as Error & { cause?: unknown };
		const b = new Error('b') as Error & { cause?: unknown };
		a.cause = b;
		b.cause = a;
		expect(networkFailureOf(a)).toBeUndefined();
	});

	it('the retry policy and the messages read the same answer', () => {
		for (const sent of [true, false]) {
			const outcome = { kind: 'network' as const, code: 'EX', sent };
			// A write is repeated exactly when it cannot have been applied.
			expect(isTransient(outcome, false)).toBe(!mayHaveBeenApplied(outcome));
		}
	});
});

describe('an error of the credential itself, in a node run', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0 });
	});
	afterAll(async () => await sandbox.close());

	it.each([
		['a read', { resource: 'campaign', operation: 'get', campaignId: { __rl: true, mode: 'id', value: '1001' } }],
		['a write', { resource: 'campaign', operation: 'activateForMember', memberId: 'member-0001', campaignId: { __rl: true, mode: 'id', value: '1001' } }],
	])('%s: reported as it is, at once, nothing sent, not "could not reach", not "may have been applied"', async (_label, parameters) => {
		sandbox.clearLog();
		sleeps.length = 0;
		const harness = new N8nHarness({
			credentials: { ...credentialsFor(sandbox), sharedSecret: '' },
			nodeTypes: [new AnnexCloud()],
		});
		const run = await harness.runNode('annexCloud', parameters);
		expect(run.error?.message).toMatch(/Shared Secret/i);
		expect(run.error?.message).not.toMatch(/Could not reach/);
		expect(run.error?.description ?? '').not.toMatch(/may (already )?have been applied/);
		expect(run.error?.description).toMatch(/was not sent/);
		expect(sleeps).toEqual([]);
		expect(sandbox.requests()).toHaveLength(0);
	});
});
