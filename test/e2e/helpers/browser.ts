/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- e2e test helper, not runtime code: starts a browser, writes screenshots, reads env */
/**
 * The browser check: Debian's Chromium (`/usr/bin/chromium`, installed by
 * scripts/ensure-system.sh) driven by playwright-core, with a new empty profile per launch and
 * no browser download. Screenshots go to `screenshots/` at the repository root (git-ignored).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { chromium, selectors, type BrowserContext, type Locator, type Page } from 'playwright-core';

import { REPO_ROOT } from '../../../scripts/n8n';

/** Debian's Chromium; ANNEXCLOUD_CHROMIUM points elsewhere. */
export const CHROMIUM_PATH = process.env.ANNEXCLOUD_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Chromium's flags. Playwright adds `--headless` itself for `headless: true`, so it is listed
 * here for the record and not passed twice.
 */
export const CHROMIUM_FLAGS: readonly string[] = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

export const SCREENSHOT_DIR = join(REPO_ROOT, 'screenshots');

/** n8n's editor marks its elements with data-test-id (Playwright's default is data-testid). */
selectors.setTestIdAttribute('data-test-id');

export interface Browser {
	context: BrowserContext;
	page: Page;
	/** the new, empty user data dir of this launch (removed by close) */
	userDataDir: string;
	/** uncaught errors of the page, for failure messages */
	pageErrors: string[];
	close(): Promise<void>;
}

/** Launch Chromium with a new empty profile and one page. */
export async function launchBrowser(options: { viewport?: { width: number; height: number } } = {}): Promise<Browser> {
	if (!existsSync(CHROMIUM_PATH)) {
		throw new Error(
			`Chromium not found at ${CHROMIUM_PATH}: install Debian's chromium (bash scripts/ensure-system.sh, or apt-get install chromium)`,
		);
	}
	const userDataDir = mkdtempSync(join(tmpdir(), 'annexcloud-chromium-'));
	let context: BrowserContext | undefined;
	let failure: unknown;
	try {
		context = await chromium.launchPersistentContext(userDataDir, {
			executablePath: CHROMIUM_PATH,
			headless: true,
			args: CHROMIUM_FLAGS.filter((flag) => flag !== '--headless'),
			viewport: options.viewport ?? { width: 1440, height: 900 },
			deviceScaleFactor: 1,
			locale: 'en-US',
			timezoneId: 'UTC',
			timeout: 60_000,
		});
	} catch (error) {
		failure = error;
	}
	if (context === undefined) {
		rmSync(userDataDir, { recursive: true, force: true });
		const message = failure instanceof Error ? failure.message : String(failure);
		throw new Error(`could not start ${CHROMIUM_PATH}: ${message}`);
	}
	const browserContext = context;
	const page = context.pages()[0] ?? (await context.newPage());
	page.setDefaultTimeout(30_000);
	page.setDefaultNavigationTimeout(60_000);
	const pageErrors: string[] = [];
	page.on('pageerror', (error) => pageErrors.push(error.message));
	let closed = false;
	return {
		context: browserContext,
		page,
		userDataDir,
		pageErrors,
		close: async () => {
			if (closed) return;
			closed = true;
			await browserContext.close().catch(() => undefined);
			rmSync(userDataDir, { recursive: true, force: true });
		},
	};
}

/** Remove screenshots of an earlier run that are not overwritten by name (failure-*.png). */
export function clearFailureScreenshots(): void {
	if (!existsSync(SCREENSHOT_DIR)) return;
	for (const file of readdirSync(SCREENSHOT_DIR)) {
		if (file.startsWith('failure-') && file.endsWith('.png')) rmSync(join(SCREENSHOT_DIR, file), { force: true });
	}
}

/** Save `screenshots/<name>.png` (the viewport, or one element); returns the file. */
export async function screenshot(page: Page, name: string, element?: Locator): Promise<string> {
	mkdirSync(SCREENSHOT_DIR, { recursive: true });
	const file = join(SCREENSHOT_DIR, `${name}.png`);
	if (element === undefined) {
		await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
	} else {
		await element.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
	}
	return file;
}

/**
 * Save the part of the page that holds all of `regions` (plus `padding` pixels) to
 * `relativeTarget`, a path inside the repository (e.g. docs/images/...).
 */
export async function publishRegionScreenshot(page: Page, relativeTarget: string, regions: Locator[], padding = 16): Promise<string> {
	const boxes = [];
	for (const region of regions) {
		const box = await region.boundingBox();
		if (box === null) throw new Error(`cannot screenshot ${String(region)}: it is not shown`);
		boxes.push(box);
	}
	const viewport = page.viewportSize() ?? { width: 1440, height: 900 };
	const left = Math.max(0, Math.min(...boxes.map((box) => box.x)) - padding);
	const top = Math.max(0, Math.min(...boxes.map((box) => box.y)) - padding);
	const right = Math.min(viewport.width, Math.max(...boxes.map((box) => box.x + box.width)) + padding);
	const bottom = Math.min(viewport.height, Math.max(...boxes.map((box) => box.y + box.height)) + padding);
	const target = join(REPO_ROOT, relativeTarget);
	mkdirSync(dirname(target), { recursive: true });
	await page.screenshot({
		path: target,
		animations: 'disabled',
		caret: 'hide',
		clip: { x: left, y: top, width: right - left, height: bottom - top },
	});
	return target;
}

/**
 * Run one step of a browser scenario. On failure: `screenshots/failure-<name>.png`, and the
 * error names the step and the page URL (and uncaught page errors, if any).
 */
export async function browserStep<T>(browser: Browser, name: string, fn: () => Promise<T>): Promise<T> {
	let error: unknown;
	try {
		return await fn();
	} catch (caught) {
		error = caught;
	}
	const { page } = browser;
	const shot = await screenshot(page, `failure-${name}`).catch(
		(screenshotError: unknown) =>
			`(no screenshot: ${screenshotError instanceof Error ? screenshotError.message : String(screenshotError)})`,
	);
	const message = error instanceof Error ? error.message : String(error);
	const pageErrors = browser.pageErrors.length > 0 ? `\npage errors: ${browser.pageErrors.slice(-5).join(' | ')}` : '';
	const wrapped = new Error(`browser step "${name}" failed at ${page.url()}: ${message}\nscreenshot: ${shot}${pageErrors}`);
	if (error instanceof Error && error.stack !== undefined) wrapped.stack = `${wrapped.message}\n${error.stack}`;
	throw wrapped;
}

/** Our own dialog, which the overlay handler must leave alone. */
const OWN_DIALOGS = ['editCredential-modal'];

/**
 * Dismiss n8n's onboarding and announcement dialogs (personalization survey, community
 * enrollment, what's new, NPS survey...) whenever one shows up in front of an action: every
 * visible `*-modal` of n8n except the credential dialog this test opens.
 */
export async function dismissOverlays(page: Page): Promise<void> {
	const exclusions = OWN_DIALOGS.map((id) => `:not([data-test-id="${id}"])`).join('');
	const overlay = page.locator(`[data-test-id$="-modal"]${exclusions}`).filter({ visible: true }).first();
	await page.addLocatorHandler(
		overlay,
		async (dialog) => {
			await page.keyboard.press('Escape');
			if (await dialog.isVisible()) {
				const close = dialog.locator('.el-dialog__headerbtn, button[aria-label="Close"], [data-test-id$="close-button"]').first();
				if (await close.isVisible()) await close.click();
			}
		},
		{ times: 10 },
	);
}

/** Sign in through n8n's sign-in page (typing email and password), landing on the editor. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
	await page.goto(`${baseUrl}/signin`);
	await page.getByTestId('signin-form').waitFor();
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 60_000 });
}

/** The texts of `locator`'s matches, trimmed, in document order. */
export async function texts(locator: Locator): Promise<string[]> {
	return (await locator.allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim());
}

/**
 * The listbox an Element Plus select opened (the popup its combobox controls), so that options
 * of other, closed selects on the page are never read.
 */
export async function openSelect(page: Page, container: Locator): Promise<Locator> {
	const combobox = container.getByRole('combobox').first();
	await combobox.click();
	const listId = await combobox.getAttribute('aria-controls');
	const listbox =
		listId !== null && listId !== ''
			? page.locator(`[id="${listId}"]`)
			: page.getByRole('listbox').filter({ visible: true }).last();
	await listbox.waitFor({ state: 'visible' });
	return listbox;
}

/** Whether an option is really shown: scrolled into its dropdown's view and visible there. */
export async function isShown(option: Locator): Promise<boolean> {
	if ((await option.count()) !== 1) return false;
	await option.scrollIntoViewIfNeeded();
	return await option.isVisible();
}
