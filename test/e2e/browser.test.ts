/* eslint-disable @n8n/community-nodes/no-restricted-globals -- e2e test, not runtime code: reads ANNEXCLOUD_UPDATE_DOCS_SCREENSHOT */
/**
 * The browser check: the n8n editor in Debian's Chromium, against real n8n with the packed
 * package installed and the local sandbox. A user signs in on the sign-in page, adds the Annex
 * Cloud node through the node creator, sees its resources and operations, picks a campaign
 * "From list" (names from the sandbox), and tests the credential in the credential dialog (a
 * wrong secret shows our message; fixing it and saving passes). Every step saves a screenshot
 * in screenshots/; a failing step saves screenshots/failure-<step>.png and names the page URL.
 * It also opens the Annex Cloud Trigger with its Event options, and follows the README's Quick
 * Start: imports examples/01 through the workflow menu's Import > From file, picks the
 * credential, executes the workflow and reads the output as a table.
 * ANNEXCLOUD_UPDATE_DOCS_SCREENSHOT=1 (`npm run screenshots`) also writes the documentation's
 * screenshots, DOCS_SCREENSHOTS below (docs/images/README.md).
 */
import type { IDataObject, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import type { Locator, Page, Response } from 'playwright-core';

import { AnnexCloudApi } from '../../credentials/AnnexCloudApi.credentials';
import { AnnexCloud } from '../../nodes/AnnexCloud/AnnexCloud.node';
import { AnnexCloudTrigger } from '../../nodes/AnnexCloud/AnnexCloudTrigger.node';
import { campaignStateWords } from '../../nodes/AnnexCloud/helpers/simplify';
import { FIELDS } from '../../nodes/AnnexCloud/transport/contract';
import { startSandbox, type Sandbox } from '../../sandbox';
import { CREDENTIAL_TYPE, DEMO_OWNER, EXAMPLES_DIR, nodeTypeNames, waitFor, type N8nInstance, type RestSession } from '../../scripts/n8n';
import {
	browserStep,
	clearFailureScreenshots,
	dismissOverlays,
	isShown,
	launchBrowser,
	openSelect,
	publishRegionScreenshot,
	screenshot,
	signIn,
	texts,
	type Browser,
} from './helpers/browser';
import { describeE2e } from './helpers/describe';
import { createN8n, sandboxCredential, Timings } from './helpers/n8n';
import { WorkflowBuilder } from './helpers/workflow';

const RIGHT = { id: 'credBrowserRight', name: 'Annex Cloud sandbox' };
const WRONG = { id: 'credBrowserWrong', name: 'Annex Cloud wrong secret' };
/** The documentation's screenshots (docs/images/README.md), written with ANNEXCLOUD_UPDATE_DOCS_SCREENSHOT=1. */
const DOCS_SCREENSHOTS = {
	operation: 'docs/images/annex-cloud-node.png',
	credential: 'docs/images/credential-form.png',
	triggerEvents: 'docs/images/trigger-events.png',
	outputTable: 'docs/images/output-table.png',
} as const;
const UPDATE_DOCS = process.env.ANNEXCLOUD_UPDATE_DOCS_SCREENSHOT === '1';
const UI_TIMEOUT = 30_000;

// What the UI must show, read from the node and credential descriptions (not a copied list).
const description = new AnnexCloud().description;

function optionsOf(property: INodeProperties | undefined): INodePropertyOptions[] {
	if (property === undefined) throw new Error('property not found in the node description');
	return (property.options ?? []) as INodePropertyOptions[];
}

const RESOURCES = optionsOf(description.properties.find((property) => property.name === 'resource'));
const TRIGGER_EVENTS = optionsOf(new AnnexCloudTrigger().description.properties.find((property) => property.name === 'event'));

/** A workflow with the Annex Cloud Trigger (version 2), to open in the editor. */
const TRIGGER_WORKFLOW = new WorkflowBuilder('browserTrigger', 'Browser: Annex Cloud Trigger')
	.add({
		name: 'Annex Cloud Trigger',
		type: nodeTypeNames().trigger,
		typeVersion: 2,
		parameters: { pollTimes: { item: [{ mode: 'everyX', value: 15, unit: 'minutes' }] }, event: 'campaignStarted', filters: {}, options: {} },
		credentials: { [CREDENTIAL_TYPE]: RIGHT },
	})
	.build();

/** The README's Quick Start example, imported through the workflow menu's Import > From file. */
const QUICK_START_FILE = '01-quick-start-eligible-campaigns.json';
const QUICK_START_NODE = 'Eligible Campaigns';
const QUICK_START_MEMBER = 'jane.doe@example.com';

/** The id the builder gave the node called `name`. */
function nodeIdOf(workflow: { nodes: unknown[] }, name: string): string {
	const node = (workflow.nodes as Array<{ id: string; name: string }>).find((candidate) => candidate.name === name);
	if (node === undefined) throw new Error(`no node ${name}`);
	return node.id;
}

function operationsOf(resource: string): INodePropertyOptions[] {
	return optionsOf(
		description.properties.find(
			(property) =>
				property.name === 'operation' &&
				(property.displayOptions?.show?.resource as unknown[] | undefined)?.includes(resource) === true,
		),
	);
}

function ruleMessage(status: number): string {
	const rule = new AnnexCloudApi().test.rules?.find(
		(candidate) => candidate.type === 'responseCode' && candidate.properties.value === status,
	);
	if (rule === undefined) throw new Error(`the credential has no rule for ${status}`);
	return rule.properties.message;
}

/** A regular expression matching exactly `text`. */
function exactly(text: string, flags = ''): RegExp {
	return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, flags);
}

/** How the "From list" mode labels a campaign (methods/listSearch.ts): "Name (id, status, activation)". */
function campaignLabel(campaign: Record<string, unknown>): string {
	const details = [String(campaign[FIELDS.campaign.id]), ...campaignStateWords(campaign as IDataObject)];
	return `${String(campaign[FIELDS.campaign.name])} (${details.join(', ')})`;
}

/** Poll `read` until `accept` says yes; the error shows the last value read. */
async function until<T>(what: string, read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = UI_TIMEOUT): Promise<T> {
	let last: T | undefined;
	let failure: unknown;
	try {
		return await waitFor(
			what,
			async () => {
				last = await read();
				return accept(last) ? last : undefined;
			},
			{ timeoutMs, intervalMs: 200 },
		);
	} catch (error) {
		failure = error;
	}
	const message = failure instanceof Error ? failure.message : String(failure);
	throw new Error(`${message}; last seen: ${JSON.stringify(last)}`);
}

/** The editor's credential test call (POST /rest/credentials/test) that `action` starts. */
async function credentialTest(page: Page, action: () => Promise<void>): Promise<{ status: string; message: string }> {
	const response = page.waitForResponse(
		(candidate: Response) => candidate.request().method() === 'POST' && new URL(candidate.url()).pathname === '/rest/credentials/test',
		{ timeout: 60_000 },
	);
	await action();
	const body = (await (await response).json()) as { data?: { status: string; message: string } };
	if (body.data === undefined) throw new Error(`unexpected credential test answer: ${JSON.stringify(body)}`);
	return body.data;
}

/** The credential test reached the sandbox, signed correctly: GET /campaign/group/all, 200. */
function expectVerifiedTestRequests(sandbox: Sandbox): void {
	const requests = sandbox.requests().filter((entry) => entry.path.endsWith('/campaign/group/all'));
	expect(requests.length).toBeGreaterThan(0);
	for (const request of requests) expect(request).toMatchObject({ method: 'GET', status: 200, verified: true });
}

describeE2e('browser: the n8n editor with the Annex Cloud node', () => {
	const timings = new Timings('browser');
	let sandbox: Sandbox;
	let n8n: N8nInstance;
	let session: RestSession;
	let browser: Browser;
	let page: Page;
	let ndv: Locator;
	let failedStep: string | undefined;

	/** Steps share one page: after a failed step the later ones stop at once. */
	async function step(name: string, fn: () => Promise<void>): Promise<void> {
		if (failedStep !== undefined) throw new Error(`not run: step "${failedStep}" failed before`);
		failedStep = name;
		await timings.measure(name, async () => await browserStep(browser, name, fn));
		failedStep = undefined;
	}

	/** Pick `credential` in the node's Credential select, and wait until it shows it. */
	async function selectCredential(credential: { id: string; name: string }): Promise<void> {
		const select = ndv.getByTestId('node-credentials-select');
		const list = await openSelect(page, select);
		const option = list.getByTestId(`node-credentials-select-item-${credential.id}`);
		expect(await texts(option)).toEqual([expect.stringContaining(credential.name)]);
		await option.click();
		await until(
			`the credential select to show "${credential.name}"`,
			async () => await select.getByRole('combobox').inputValue(),
			(value) => value === credential.name,
		);
	}

	beforeAll(async () => {
		clearFailureScreenshots();
		sandbox = await startSandbox({ port: 0 });
		n8n = await timings.measure('install', createN8n);
		const values = sandbox.credentials;
		await timings.measure('import', async () =>
			await n8n.importCredentials([
				sandboxCredential(values, RIGHT.id, RIGHT.name),
				sandboxCredential(values, WRONG.id, WRONG.name, { sharedSecret: `${values.sharedSecret}-wrong` }),
			]),
		);
		await timings.measure('import workflows', async () => await n8n.importWorkflows([TRIGGER_WORKFLOW]));
		await timings.measure('start', async () => await n8n.start());
		session = await n8n.ownerSession();
		browser = await timings.measure('launch chromium', async () => await launchBrowser());
		page = browser.page;
		await dismissOverlays(page);
		ndv = page.getByTestId('ndv');
	});

	afterAll(async () => {
		await browser?.close();
		await n8n?.dispose();
		await sandbox?.close();
		timings.print();
	});

	it('signs in through the sign-in page', async () => {
		await step('sign-in', async () => {
			await signIn(page, n8n.url, DEMO_OWNER.email, DEMO_OWNER.password);
			// The signed-in shell: the main sidebar and the owner's overview.
			await page.getByTestId('project-home-menu-item').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
			// A new instance: the overview has loaded and lists only the workflow this test imported.
			const cards = page.getByTestId('workflow-card-name');
			await until('the overview to list the imported workflow', async () => await texts(cards), (names) => names.length > 0);
			expect(await texts(cards)).toEqual([TRIGGER_WORKFLOW.name]);
			expect(new URL(page.url()).pathname).not.toMatch(/^\/(signin|setup)/);
			const cookies = await browser.context.cookies(n8n.url);
			expect(cookies.map((cookie) => cookie.name)).toContain('n8n-auth');
			await screenshot(page, '01-signed-in');
		});
	});

	it('finds the Annex Cloud node in the node creator, with its actions grouped by resource, and adds it', async () => {
		const campaignGet = operationsOf('campaign').find((operation) => operation.value === 'get');
		expect(campaignGet?.action).toBeDefined();
		await step('add-node', async () => {
			// The editor only offers what n8n loaded: say so plainly if the package did not load.
			const { action } = nodeTypeNames();
			const actionListed = await until(
				'n8n to list the action node type',
				async () => await session.nodeTypeNames(),
				(list) => list.includes(action),
			).then(
				() => true,
				() => false,
			);
			if (!actionListed) {
				const names = await session.nodeTypeNames().catch((): string[] => []);
				const ours = names.filter((name) => name.startsWith('n8n-nodes-annexcloud.'));
				const log = n8n
					.logTail(100_000)
					.split('\n')
					.filter((line) => /annex|failed to load|community/i.test(line))
					.slice(0, 20);
				throw new Error(
					`n8n does not list ${action} (${names.length} node types, ours: ${JSON.stringify(ours)}); log lines about the package:\n${log.join('\n')}`,
				);
			}
			await page.goto(`${n8n.url}/workflow/new`);
			await page.getByTestId('canvas-plus-button').click();
			// An empty canvas asks for a trigger first: the manual one.
			await page.getByTestId('node-creator-item-name').filter({ hasText: /^Trigger manually$/ }).click();
			await page.getByTestId('canvas-trigger-node').waitFor({ state: 'visible' });
			await page.getByTestId('node-creator-plus-button').click();
			await page.getByTestId('node-creator-search-bar').fill(description.displayName);
			const result = page
				.getByTestId('item-iterator-item')
				.filter({ has: page.getByTestId('node-creator-item-name').filter({ hasText: exactly(description.displayName) }) })
				.first();
			await result.waitFor({ state: 'visible' });
			// The search result is the installed action node, named as a community package.
			expect(await result.getAttribute('data-keyboard-nav-id')).toMatch(/^n8n-nodes-annexcloud\.annexCloud\b/);
			await result.click();

			// The node's actions, grouped under "<Resource> Actions", read in document order.
			const entries = page.getByTestId('node-creator').getByTestId('item-iterator-item');
			await entries.filter({ hasText: exactly(`${RESOURCES[0]?.name ?? ''} Actions`, 'i') }).first().waitFor();
			const listed = await entries.evaluateAll((elements) =>
				elements.map((element) => ({
					kind: element.getAttribute('data-keyboard-nav-type') ?? 'label',
					text: (element.textContent ?? '').replace(/\s+/g, ' ').trim(),
				})),
			);
			const grouped: Record<string, string[]> = {};
			let group = '';
			for (const entry of listed) {
				if (entry.kind === 'action') (grouped[group] ??= []).push(entry.text);
				else group = entry.text.toLowerCase();
			}
			for (const resource of RESOURCES) {
				const expected = operationsOf(String(resource.value)).map((operation) => operation.action ?? operation.name);
				expect({ group: resource.name, actions: grouped[`${resource.name} actions`.toLowerCase()] ?? [] }).toEqual({
					group: resource.name,
					actions: expect.arrayContaining(expected),
				});
				expect(grouped[`${resource.name} actions`.toLowerCase()]).toHaveLength(expected.length);
			}
			await screenshot(page, '02-node-creator');

			await page.getByTestId('node-creator-item-name').filter({ hasText: exactly(campaignGet?.action ?? '') }).click();
			await ndv.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
			// The node is on the canvas, its panel open with Campaign > Get.
			expect(await page.getByTestId('canvas-default-node').count()).toBe(1);
			await until(
				'the parameters Resource = Campaign, Operation = Get',
				async () => [
					await ndv.getByTestId('parameter-input-resource').getByRole('combobox').inputValue(),
					await ndv.getByTestId('parameter-input-operation').getByRole('combobox').inputValue(),
				],
				(values) => values[0] === RESOURCES.find((resource) => resource.value === 'campaign')?.name && values[1] === campaignGet?.name,
			);
			// Two credentials exist and n8n preselected one of them: pick the right one.
			await selectCredential(RIGHT);
			await screenshot(page, '02-node-added');
		});
	});

	it('shows the resources and the Campaign operations in their dropdowns', async () => {
		await step('operations', async () => {
			const resourceList = await openSelect(page, ndv.getByTestId('parameter-input-resource'));
			for (const resource of RESOURCES) {
				const option = resourceList.getByRole('option').filter({ has: page.locator('.option-headline', { hasText: exactly(resource.name) }) });
				expect({ resource: resource.name, shown: await isShown(option) }).toEqual({ resource: resource.name, shown: true });
			}
			await screenshot(page, '03-resources');
			await page.keyboard.press('Escape');
			await resourceList.waitFor({ state: 'hidden' });

			const operationList = await openSelect(page, ndv.getByTestId('parameter-input-operation'));
			const headlines = await texts(operationList.locator('[role="option"] .option-headline'));
			const expected = operationsOf('campaign');
			expect(headlines).toEqual(expect.arrayContaining(expected.map((operation) => operation.name)));
			for (const operation of expected) {
				const option = operationList.getByRole('option').filter({ has: page.locator('.option-headline', { hasText: exactly(operation.name) }) });
				expect({ operation: operation.name, shown: await isShown(option) }).toEqual({ operation: operation.name, shown: true });
				if (operation.description !== undefined) {
					const shownDescription = (await option.locator('.option-description').textContent())?.trim();
					expect(shownDescription).toBe(operation.description);
				}
			}
			// Back to the top of the list for the screenshot.
			await operationList.getByRole('option').first().scrollIntoViewIfNeeded();
			await screenshot(page, '03-operations');
			if (UPDATE_DOCS) {
				// For the README: the parameters panel with the operations dropdown open.
				// (the dropdown's popup, not its list, which is as tall as all its options)
				const popup = operationList.locator('xpath=ancestor::div[contains(concat(" ", @class, " "), " el-popper ")][1]');
				await publishRegionScreenshot(page, DOCS_SCREENSHOTS.operation, [
					ndv.getByTestId('tab-params'),
					ndv.getByTestId('node-execute-button'),
					ndv.getByTestId('node-credentials-select'),
					popup,
				], 8);
			}
			await page.keyboard.press('Escape');
			await operationList.waitFor({ state: 'hidden' });
		});
	});

	it('selects the credential and lists the sandbox campaigns "From list", searchable', async () => {
		const campaigns = sandbox.store.listCampaigns('all') as unknown as Array<Record<string, unknown>>;
		const labels = campaigns.map(campaignLabel);
		expect(labels.length).toBeGreaterThan(1);
		await step('campaign-list', async () => {
			// The credential picked when the node was added is still the right one.
			expect(await ndv.getByTestId('node-credentials-select').getByRole('combobox').inputValue()).toBe(RIGHT.name);

			const locator = ndv.getByTestId('resource-locator-campaignId');
			const modeList = await openSelect(page, locator.getByTestId('rlc-mode-selector'));
			expect((await texts(modeList.getByRole('option'))).map((mode) => mode.toLowerCase())).toEqual(
				expect.arrayContaining(['from list', 'by id']),
			);
			await modeList.getByRole('option').filter({ hasText: /^From list$/i }).click();

			sandbox.clearLog();
			const firstPage = page.waitForResponse(
				(response) => new URL(response.url()).pathname === '/rest/dynamic-node-parameters/resource-locator-results',
				{ timeout: 60_000 },
			);
			await locator.getByTestId('rlc-input').click();
			expect((await firstPage).status()).toBe(200);
			const items = page.getByTestId('rlc-item').filter({ visible: true });
			const shown = await until(
				'the campaigns of the first page in the list',
				async () => await texts(items),
				(values) => values.length >= Math.min(labels.length, 25),
			);
			// In the sandbox's order, the same names and ids (a prefix: later pages load on scroll).
			expect(shown).toEqual(labels.slice(0, shown.length));
			// Fetched through signed requests that the sandbox verified.
			const lists = sandbox.requests().filter((entry) => entry.method === 'GET' && entry.path.includes('/campaign/all'));
			expect(lists.length).toBeGreaterThan(0);
			expect(lists.every((entry) => entry.verified && entry.status === 200)).toBe(true);
			await screenshot(page, '04-campaign-list');

			// Search by name: the last campaign's theme (its name without the number).
			const target = campaigns[campaigns.length - 1] ?? {};
			const needle = String(target[FIELDS.campaign.name]).replace(/\s*\d+$/, '');
			const matching = campaigns
				.filter((campaign) => `${String(campaign[FIELDS.campaign.name])} ${String(campaign[FIELDS.campaign.id])}`.toLowerCase().includes(needle.toLowerCase()))
				.map(campaignLabel);
			expect(matching.length).toBeGreaterThan(0);
			expect(matching.length).toBeLessThan(labels.length);
			await page.getByTestId('rlc-search').fill(needle);
			await until('the list to show only the matching campaigns', async () => await texts(items), (values) =>
				JSON.stringify(values) === JSON.stringify(matching),
			);
			await screenshot(page, '04-campaign-search');

			const targetLabel = campaignLabel(target);
			await items.filter({ hasText: targetLabel }).click();
			await until(
				'the picked campaign in the field',
				async () => await locator.getByTestId('rlc-input').inputValue(),
				(value) => value.includes(String(target[FIELDS.campaign.name])) || value.includes(String(target[FIELDS.campaign.id])),
			);
		});
	});

	it('tests the credential in the credential dialog: success, our 401 message, and Save after a fix', async () => {
		await step('credential-test', async () => {
			const dialog = page.getByTestId('editCredential-modal');
			const success = dialog.getByText('Connection tested successfully');

			// The right credential: opening the dialog tests it; Retry tests it again.
			const opened = await credentialTest(page, async () => await ndv.getByTestId('credential-edit-button').click());
			expect(opened.status).toBe('OK');
			await success.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
			// The form: an Environment option, and (for Custom Base URL) the Base URL field.
			await dialog.getByTestId('parameter-input-environment').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
			await dialog.getByTestId('parameter-input-baseUrl').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
			sandbox.clearLog();
			const retried = await credentialTest(page, async () => await dialog.getByRole('button', { name: 'Retry' }).click());
			expect(retried.status).toBe('OK');
			await success.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
			expectVerifiedTestRequests(sandbox);
			await screenshot(page, '05-credential-test');
			// For the README: the credential form, tested successfully.
			if (UPDATE_DOCS) await publishRegionScreenshot(page, DOCS_SCREENSHOTS.credential, [dialog], 0);
			await dialog.getByRole('button', { name: /close/i }).click();
			await dialog.waitFor({ state: 'hidden' });
		});

		await step('credential-failure', async () => {
			const dialog = page.getByTestId('editCredential-modal');
			await selectCredential(WRONG);
			sandbox.clearLog();
			const failed = await credentialTest(page, async () => await ndv.getByTestId('credential-edit-button').click());
			expect(failed).toEqual({ status: 'Error', message: ruleMessage(401) });
			await dialog.getByText(/Couldn.t connect with these settings/).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
			await dialog.getByText('More details').click();
			await dialog.getByText(ruleMessage(401), { exact: true }).waitFor({ state: 'visible' });
			expect(sandbox.requests()[0]).toMatchObject({ status: 401, errorCode: 'AC1002', reason: 'INVALID_SIGNATURE' });
			await screenshot(page, '06-credential-test-failure');

			// Type the right secret and save: Save tests the credential, now successfully.
			await dialog.getByTestId('parameter-input-sharedSecret').locator('input').fill(sandbox.credentials.sharedSecret);
			sandbox.clearLog();
			const saved = await credentialTest(page, async () => await dialog.getByTestId('credential-save-button').click());
			expect(saved.status).toBe('OK');
			await dialog.getByText('Connection tested successfully').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
			expectVerifiedTestRequests(sandbox);
			await screenshot(page, '07-credential-fixed');
			await dialog.getByRole('button', { name: /close/i }).click();
			await dialog.waitFor({ state: 'hidden' });
		});
	});

	it('opens the Annex Cloud Trigger with its Event options, one per event the trigger offers', async () => {
		await step('trigger-events', async () => {
			await page.goto(`${n8n.url}/workflow/${TRIGGER_WORKFLOW.id}/${nodeIdOf(TRIGGER_WORKFLOW, 'Annex Cloud Trigger')}`);
			await ndv.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
			const eventList = await openSelect(page, ndv.getByTestId('parameter-input-event'));
			const headlines = await texts(eventList.locator('[role="option"] .option-headline'));
			expect(headlines).toEqual(TRIGGER_EVENTS.map((event) => event.name));
			await screenshot(page, '08-trigger-events');
			if (UPDATE_DOCS) {
				const popup = eventList.locator('xpath=ancestor::div[contains(concat(" ", @class, " "), " el-popper ")][1]');
				await publishRegionScreenshot(page, DOCS_SCREENSHOTS.triggerEvents, [ndv.getByTestId('tab-params'), ndv.getByTestId('node-credentials-select'), popup], 8);
			}
			await page.keyboard.press('Escape');
			await eventList.waitFor({ state: 'hidden' });
		});
	});

	it('Quick Start: imports the first example from its file, picks the credential, runs it and shows the campaigns as a table', async () => {
		const eligible = sandbox.store.eligibleCampaigns(QUICK_START_MEMBER) as unknown as Array<Record<string, unknown>>;
		expect(eligible.length).toBeGreaterThan(0);
		await step('quick-start', async () => {
			// Overview -> Create workflow, then the workflow's menu (⋯) -> Import -> From file
			await page.goto(`${n8n.url}/home/workflows`);
			await page.getByRole('button', { name: /^Create workflow$/ }).first().click();
			await page.waitForURL((url) => url.pathname.startsWith('/workflow/'), { timeout: UI_TIMEOUT });
			await page.getByTestId('workflow-menu').click();
			await page.getByText(/^Import$/).filter({ visible: true }).first().hover();
			const chooser = page.waitForEvent('filechooser', { timeout: UI_TIMEOUT });
			await page.getByText(/^From file$/i).filter({ visible: true }).first().click();
			await (await chooser).setFiles(`${EXAMPLES_DIR}/${QUICK_START_FILE}`);
			const node = page.locator(`[data-node-name="${QUICK_START_NODE}"][data-node-type]`);
			await node.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
			await screenshot(page, '09-quick-start-imported');

			// The Annex Cloud node: pick the credential (the file names the demo's, which this n8n does not have).
			await node.dblclick();
			await ndv.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
			await selectCredential(RIGHT);
			await ndv.getByTestId('ndv-close-button').click();
			await ndv.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });

			// Execute workflow, then the node's output as a table.
			sandbox.clearLog();
			await page.getByTestId('execute-workflow-button').click();
			await waitFor('the run to reach the sandbox', async () => (sandbox.requests().some((entry) => entry.verified) ? true : undefined), {
				timeoutMs: 60_000,
			});
			await node.dblclick();
			await ndv.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
			// The output (the right-hand pane: its display switch and data come after the input's).
			const tableMode = ndv.getByTestId('radio-button-table').last();
			await tableMode.click();
			const table = ndv.getByTestId('ndv-data-container').last().locator('table').first();
			await table.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
			expect(await texts(table.locator('thead th'))).toEqual(expect.arrayContaining(['id', 'name', 'startDate', 'endDate']));
			const rows = await until('a row per eligible campaign', async () => await texts(table.locator('tbody tr')), (values) => values.length === eligible.length);
			for (const campaign of eligible) expect(rows.some((row) => row.includes(String(campaign[FIELDS.campaign.name])))).toBe(true);
			// n8n's toasts ("Workflow executed successfully", "Credentials auto-added") would cover the table.
			await page.addStyleTag({ content: '.el-notification { display: none !important; }' });
			await screenshot(page, '10-output-table');
			if (UPDATE_DOCS) await publishRegionScreenshot(page, DOCS_SCREENSHOTS.outputTable, [tableMode, table], 12);
		});
	});
});
