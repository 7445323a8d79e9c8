/**
 * 1. Signing: microseconds per signed request, our credential's `authenticate` (signRequest)
 * vs the same work done with an independent JWT library (jsonwebtoken): the hmac claim over
 * the payload, then an HS256 token and the request headers.
 */
import { createHmac } from 'node:crypto';

import jwt from 'jsonwebtoken';
import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { signRequest } from './lib/product';
import { SANDBOX_DEFAULTS, verifyRequest } from '../../sandbox';
import type { Benchmark, BenchContext, SectionBody } from './lib/context';
import { forceGc } from './lib/memory';
import type { Target } from './lib/report';
import { bytes, fixed, max, median, min, nowMs, ratio } from './lib/stats';

const CREDENTIALS: ICredentialDataDecryptedObject = {
	baseUrl: 'http://127.0.0.1:8787/api/3.0',
	siteId: SANDBOX_DEFAULTS.siteId,
	siteName: SANDBOX_DEFAULTS.siteName,
	sharedSecret: SANDBOX_DEFAULTS.secret,
	signatureValiditySeconds: 300,
};

interface Case {
	label: string;
	method: 'GET' | 'POST';
	url: string;
	/** the body exactly as our transport hands it to authenticate (a JSON string) */
	body?: string;
	/** the signed payload: the body, or the GET identifier as a JSON string literal */
	payload: string;
	/** iterations per timed batch */
	iterations: number;
}

/** An individual validity body with `members` entries (about 100 bytes each). */
function validityBody(targetBytes: number): string {
	const members: IDataObject[] = [];
	let body = '';
	for (let i = 1; body.length < targetBytes; i++) {
		members.push({
			id: `member-${String(i).padStart(5, '0')}`,
			startDate: '2026-01-10T00:00:00+0000',
			endDate: '2026-03-31T23:59:59+0000',
		});
		body = JSON.stringify({ campaignId: '1001', members });
	}
	return body;
}

function cases(quick: boolean): Case[] {
	const scale = quick ? 0.4 : 1;
	const oneKb = validityBody(1024);
	const hundredKb = validityBody(100 * 1024);
	return [
		{ label: 'GET /campaign/1001', method: 'GET', url: '/campaign/1001', payload: JSON.stringify('1001'), iterations: Math.round(6_000 * scale) },
		{ label: `POST, ${bytes(oneKb.length)} body`, method: 'POST', url: '/campaign/individualvalidity', body: oneKb, payload: oneKb, iterations: Math.round(6_000 * scale) },
		{
			label: `POST, ${bytes(hundredKb.length)} body`,
			method: 'POST',
			url: '/campaign/individualvalidity',
			body: hundredKb,
			payload: hundredKb,
			iterations: Math.round(150 * scale),
		},
	];
}

function requestOf(testCase: Case): IHttpRequestOptions {
	const options: IHttpRequestOptions = { method: testCase.method, baseURL: CREDENTIALS.baseUrl as string, url: testCase.url, json: false };
	if (testCase.body !== undefined) options.body = testCase.body;
	return options;
}

/** Ours: exactly what n8n calls for every request, the credential's authenticate body. */
function signOurs(testCase: Case): IHttpRequestOptions {
	return signRequest(CREDENTIALS, requestOf(testCase));
}

/**
 * jsonwebtoken doing the same work: the documented hmac claim (node:crypto, as any
 * implementation must), an HS256 token with the same claims, and the same three headers.
 * It is handed the payload directly (it does not parse the URL or check the credential).
 */
function signJsonwebtoken(testCase: Case): IHttpRequestOptions {
	const options = requestOf(testCase);
	const secret = CREDENTIALS.sharedSecret as string;
	const siteId = CREDENTIALS.siteId as string;
	const hmac = createHmac('sha256', secret).update(Buffer.from(testCase.payload, 'utf8').toString('base64'), 'utf8').digest('base64');
	const token = jwt.sign(
		{ sub: CREDENTIALS.siteName as string, exp: Math.floor(Date.now() / 1000) + 300, site_id: siteId, hmac },
		secret,
		{ algorithm: 'HS256', noTimestamp: true },
	);
	options.headers = {
		...(options.headers ?? {}),
		Authorization: `Bearer ${token}`,
		'X-AnnexCloud-Site': siteId,
		'Content-Type': 'application/json',
	};
	return options;
}

type Signer = (testCase: Case) => IHttpRequestOptions;

/** Both signers must produce a request the sandbox's independent verifier accepts. */
function checkSigner(name: string, signer: Signer, testCase: Case): void {
	const signed = signer(testCase);
	const headers = (signed.headers ?? {}) as Record<string, string>;
	const result = verifyRequest(
		{ authorization: headers.Authorization, siteHeader: headers['X-AnnexCloud-Site'], payload: testCase.payload },
		{ secret: CREDENTIALS.sharedSecret as string, siteId: CREDENTIALS.siteId as string, clockSkewSeconds: 0, nowMs: Date.now() },
	);
	if (!result.ok) throw new Error(`${name} produced a request the sandbox rejects for ${testCase.label}: ${result.errorCode}`);
}

/** Microseconds per call over one batch. */
function batch(signer: Signer, testCase: Case): number {
	// Start every batch with an empty young generation: garbage of the previous batch (large
	// strings for the 100 KB body) must not be collected on this batch's clock.
	forceGc();
	let sink = 0;
	const started = nowMs();
	for (let i = 0; i < testCase.iterations; i++) sink += (signer(testCase).headers as IDataObject).Authorization ? 1 : 0;
	const elapsed = nowMs() - started;
	if (sink !== testCase.iterations) throw new Error('a signer produced no Authorization header');
	return (elapsed * 1000) / testCase.iterations;
}

export const signingBenchmark: Benchmark = {
	name: 'signing',
	title: 'Signing: microseconds per signed request',
	async run(context: BenchContext): Promise<SectionBody> {
		const rounds = context.quick ? 5 : 9;
		const list = cases(context.quick);
		const signers: Array<[string, Signer]> = [
			['ours', signOurs],
			['jsonwebtoken', signJsonwebtoken],
		];
		for (const testCase of list) for (const [name, signer] of signers) checkSigner(name, signer, testCase);

		const rows: string[][] = [];
		const targets: Target[] = [];
		for (const testCase of list) {
			// Warm-up: JIT both paths before anything is timed.
			for (const [, signer] of signers) batch(signer, testCase);
			const ours: number[] = [];
			const theirs: number[] = [];
			for (let round = 0; round < rounds; round++) {
				// Alternate which signer goes first, so neither always runs on a warmer cache.
				if (round % 2 === 0) {
					ours.push(batch(signOurs, testCase));
					theirs.push(batch(signJsonwebtoken, testCase));
				} else {
					theirs.push(batch(signJsonwebtoken, testCase));
					ours.push(batch(signOurs, testCase));
				}
			}
			const ratios = ours.map((value, index) => value / (theirs[index] as number));
			const medianRatio = median(ratios);
			rows.push([
				testCase.label,
				fixed(median(ours), 2),
				fixed(median(theirs), 2),
				ratio(medianRatio),
				`${ratio(min(ratios))} - ${ratio(max(ratios))}`,
			]);
			targets.push({
				target: `${testCase.label}: ours not slower than jsonwebtoken`,
				measured: `${ratio(medianRatio)} of its time`,
				met: medianRatio <= 1,
				explanation:
					'Both sides spend almost all their time in the same HMAC-SHA256 over the base64 of the body (node:crypto); ' +
					'the per-round ratios above show how close the two are and how much they vary.',
			});
		}

		return {
			method: [
				'In-process, Node.js only. **Ours** is the credential\'s `authenticate` body (`signRequest`): it reads and checks the ' +
					'credential, derives the payload (the GET identifier from the URL, or the body exactly as sent), computes the ' +
					'`hmac` claim, builds and signs the HS256 token by hand (node:crypto) and sets the three headers. **jsonwebtoken** ' +
					'does the same work with the `jsonwebtoken` library: the same `hmac` claim (node:crypto), `jwt.sign` with the same ' +
					'claims (HS256), and the same headers; it is handed the payload directly. Both results are checked with the ' +
					"sandbox's independent verifier before timing.",
				`Each batch signs the same request many times (${list.map((c) => `${c.label}: ${c.iterations.toLocaleString('en-US')}`).join('; ')}) ` +
					`and starts after a forced GC, so that no batch pays for the previous one's garbage; after one warm-up batch ` +
					`each, ${rounds} rounds alternate which side runs first. The table gives the median microseconds per request ` +
					'over the rounds and the per-round ratio ours / jsonwebtoken.',
			],
			tables: [
				{
					headers: ['request', 'ours (µs)', 'jsonwebtoken (µs)', 'ours / jsonwebtoken', 'range over rounds'],
					rows,
				},
			],
			targets,
			notes: [],
		};
	},
};
