/* eslint-disable @n8n/community-nodes/no-restricted-globals -- e2e test, not runtime code: waits with timers */
/**
 * The trigger's lifecycle events in a published workflow in real n8n, version 2 (flat items):
 * Campaign Started fires when the start date of a campaign switched on earlier arrives (the
 * sandbox's date is moved), once; Campaign Ending Soon fires when a campaign's end date comes
 * within the window (moved likewise), once; Campaign Ended or Deactivated fires once for a
 * campaign whose end date passes (`ended`) and once for one switched off (`deactivated`). Each
 * workflow forwards its items to its own sink.
 */
import { formatApiDate, startSandbox, type Sandbox } from '../../sandbox';
import { waitFor, type N8nInstance } from '../../scripts/n8n';
import { describeE2e } from './helpers/describe';
import { createN8n, publishDeferred, publishImported, sandboxCredential, Timings } from './helpers/n8n';
import { startSink, type Sink } from './helpers/sink';
import { campaignEventWorkflow } from './helpers/workflow';

const CREDENTIAL = { id: 'annexE2eEvents', name: 'Annex Cloud sandbox (events)' };
const DAY = 86_400_000;
/** A poll every minute: the next poll comes within about a minute. */
const POLL_WAIT_MS = 150_000;

describeE2e('trigger events (version 2) in real n8n', () => {
	const timings = new Timings('trigger events');
	let sandbox: Sandbox;
	let startedSink: Sink;
	let endingSink: Sink;
	let endedSink: Sink;
	let n8n: N8nInstance;
	let startsLater = '';
	let endsLater = '';
	let passesEnd = '';
	let switchedOff = '';

	const bodiesOf = (sink: Sink): Array<Record<string, unknown>> => sink.requests.map((request) => request.body as Record<string, unknown>);

	/** An active campaign in the sandbox from `startDays` to `endDays` days from now; its id. */
	const activeCampaign = (name: string, startDays: number, endDays: number): string =>
		String(
			sandbox.store.addCampaign({
				campaignName: name,
				campaignStatus: 'active',
				campaignDateFrom: formatApiDate(Date.now() + startDays * DAY),
				campaignDateTo: formatApiDate(Date.now() + endDays * DAY),
			}).campaignId,
		);

	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0 });
		startedSink = await startSink();
		endingSink = await startSink();
		endedSink = await startSink();
		// Switched on before its start date: Campaign Started fires when the date arrives.
		startsLater = activeCampaign('E2E Starts Later', 2, 30);
		// Ends in 20 days: Campaign Ending Soon (3 days) fires once its end date is moved closer.
		endsLater = activeCampaign('E2E Ends Later', -5, 20);
		// Campaign Ended or Deactivated: one whose end date passes, one switched off.
		passesEnd = activeCampaign('E2E Passes Its End', -5, 40);
		switchedOff = activeCampaign('E2E Switched Off', -5, 40);
		n8n = await timings.measure('install', createN8n);
		const workflows = [
			campaignEventWorkflow('annexE2eStarted', 'e2e: campaign started', CREDENTIAL, `${startedSink.url}/started`, {
				event: 'campaignStarted',
				typeVersion: 2,
			}),
			campaignEventWorkflow('annexE2eEnding', 'e2e: campaign ending soon', CREDENTIAL, `${endingSink.url}/ending`, {
				event: 'campaignEndingSoon',
				typeVersion: 2,
				parameters: { endingWithinDays: 3 },
			}),
			campaignEventWorkflow('annexE2eEnded', 'e2e: campaign ended or deactivated', CREDENTIAL, `${endedSink.url}/ended`, {
				event: 'campaignEnded',
				typeVersion: 2,
			}),
		];
		const deferred = await timings.measure('import and publish', async () => {
			await n8n.importCredentials([sandboxCredential(sandbox.credentials, CREDENTIAL.id, CREDENTIAL.name)]);
			await n8n.importWorkflows(workflows);
			return await publishImported(n8n, workflows);
		});
		await timings.measure('start', async () => await n8n.start());
		if (deferred.length > 0) {
			timings.note('created and published through the public API (the CLI publish found no history version)');
			await publishDeferred(await n8n.publicApi(await n8n.ownerSession()), deferred);
		}
	});

	afterAll(async () => {
		await n8n?.dispose();
		await startedSink?.close();
		await endingSink?.close();
		await endedSink?.close();
		await sandbox?.close();
		timings.print();
	});

	it('the activation polls record what is true now and emit nothing', async () => {
		await waitFor('the three activation polls', async () => (sandbox.requests().length >= 3 ? true : undefined), { timeoutMs: 60_000 });
		await new Promise((resolveWait) => setTimeout(resolveWait, 5000));
		expect(startedSink.requests).toHaveLength(0);
		expect(endingSink.requests).toHaveLength(0);
		expect(endedSink.requests).toHaveLength(0);
	});

	it('Campaign Started: the start date arrives, the campaign fires once, its fields at the top level', async () => {
		const began = Date.now();
		sandbox.store.setCampaignStartDate(startsLater, formatApiDate(Date.now() - 60_000));
		await waitFor('the started campaign', async () => (bodiesOf(startedSink).some((b) => b.id === startsLater) ? true : undefined), {
			timeoutMs: 2 * POLL_WAIT_MS,
			intervalMs: 1000,
		});
		timings.add('start date to emit', Date.now() - began);
		const item = bodiesOf(startedSink).find((body) => body.id === startsLater);
		expect(item).toEqual(expect.objectContaining({ id: startsLater, name: 'E2E Starts Later', isActive: true, event: 'campaignStarted' }));
		expect(String(item?.eventKey)).toMatch(new RegExp(`^${startsLater}:\\d+$`));
		expect(item?.campaign).toBeUndefined();
	});

	it('Campaign Ending Soon: the end date comes within 3 days, the campaign fires once', async () => {
		const began = Date.now();
		sandbox.store.setCampaignDates(endsLater, undefined, formatApiDate(Date.now() + 2 * DAY));
		await waitFor('the ending campaign', async () => (bodiesOf(endingSink).some((b) => b.id === endsLater) ? true : undefined), {
			timeoutMs: 2 * POLL_WAIT_MS,
			intervalMs: 1000,
		});
		timings.add('end date to emit', Date.now() - began);
		expect(bodiesOf(endingSink).find((body) => body.id === endsLater)).toEqual(
			expect.objectContaining({ id: endsLater, name: 'E2E Ends Later', event: 'campaignEndingSoon' }),
		);
		// The next poll of each workflow emits nothing more.
		const polls = sandbox.requests().length;
		await waitFor('two more polls', async () => (sandbox.requests().length >= polls + 2 ? true : undefined), {
			timeoutMs: POLL_WAIT_MS,
			intervalMs: 1000,
		});
		await new Promise((resolveWait) => setTimeout(resolveWait, 5000));
		expect(bodiesOf(startedSink).filter((body) => body.id === startsLater)).toHaveLength(1);
		expect(bodiesOf(endingSink).filter((body) => body.id === endsLater)).toHaveLength(1);
	});

	it('Campaign Ended or Deactivated: an end date that passes and a switch-off each fire once, with their endReason', async () => {
		const began = Date.now();
		sandbox.store.setCampaignDates(passesEnd, undefined, formatApiDate(Date.now() - 60_000));
		sandbox.store.setCampaignStatus(switchedOff, 'inactive');
		const hasBoth = (): boolean => [passesEnd, switchedOff].every((id) => bodiesOf(endedSink).some((body) => body.id === id));
		await waitFor('the ended and the deactivated campaign', async () => (hasBoth() ? true : undefined), {
			timeoutMs: 2 * POLL_WAIT_MS,
			intervalMs: 1000,
		});
		timings.add('end to emit', Date.now() - began);
		expect(bodiesOf(endedSink).find((body) => body.id === passesEnd)).toEqual(
			expect.objectContaining({ id: passesEnd, name: 'E2E Passes Its End', event: 'campaignEnded', endReason: 'ended' }),
		);
		expect(bodiesOf(endedSink).find((body) => body.id === switchedOff)).toEqual(
			expect.objectContaining({ id: switchedOff, name: 'E2E Switched Off', event: 'campaignEnded', endReason: 'deactivated' }),
		);
		// The next polls emit neither again (list polls: first pages of the active list, 3 workflows a minute).
		const listPolls = (): number =>
			sandbox.requests().filter((entry) => entry.path.endsWith('/campaign/active') && entry.query.page === undefined).length;
		const polls = listPolls();
		await waitFor('four more list polls', async () => (listPolls() >= polls + 4 ? true : undefined), {
			timeoutMs: 2 * POLL_WAIT_MS,
			intervalMs: 1000,
		});
		await new Promise((resolveWait) => setTimeout(resolveWait, 5000));
		for (const id of [passesEnd, switchedOff]) expect(bodiesOf(endedSink).filter((body) => body.id === id)).toHaveLength(1);
	});
});
