/**
 * Browser tests of the werkplek: the real service (API + werkplek + worker on the run's Temporal
 * dev server, a throw-away database) listening on a free port, and headless Chromium from
 * Debian driven by playwright-core (no browser download). People sign in through the real OIDC
 * flow at the development identity provider. Every page a flow visits is scanned with axe-core;
 * screenshots are saved as test artefacts under `.data/browser-artifacts/`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import {
  developmentAccounts,
  developmentPassword,
  seedDevelopmentPeople,
} from '../../../src/werkplek/auth/dev-accounts';
import { createApiHarness, GEMEENTEN, type ApiHarness } from '../../support/api-harness';

export const ARTIFACTS_DIR = path.resolve('.data/browser-artifacts');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface WerkplekUnderTest {
  h: ApiHarness;
  baseUrl: string;
  browser: Browser;
  /** A fresh browser (cookie jar) at 1280 × 900, Dutch locale, Amsterdam time. */
  newContext(options?: { width?: number; height?: number }): Promise<BrowserContext>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startWerkplek(): Promise<WerkplekUnderTest> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium ontbreekt op ${CHROMIUM_PATH}: draai scripts/setup.sh (apt-get install chromium) of zet CHROMIUM_PATH.`,
    );
  }
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const h = await createApiHarness({
    env: { PORT: String(port), PUBLIC_BASE_URL: baseUrl, TEMPORAL_UI_URL: 'http://127.0.0.1:8233' },
  });
  // As `npm start` does: the development provider's consulenten are known colleagues.
  await seedDevelopmentPeople(h.db.prisma, developmentAccounts(GEMEENTEN));
  const server: Server = await new Promise((resolve) => {
    const listening = h.app.listen(port, '127.0.0.1', () => resolve(listening));
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
  return {
    h,
    baseUrl,
    browser,
    newContext: ({ width = 1280, height = 900 } = {}) =>
      browser.newContext({
        baseURL: baseUrl,
        viewport: { width, height },
        locale: 'nl-NL',
        timezoneId: 'Europe/Amsterdam',
      }),
    async close() {
      await browser.close().catch(() => undefined);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await h.close();
    },
  };
}

let scannedSignIn = false;

/** Signs in through the OIDC flow: the werkplek → the identity provider's form → back. */
export async function signIn(page: Page, login: string, returnTo = '/'): Promise<void> {
  await page.goto(`/inloggen?terug=${encodeURIComponent(returnTo)}`);
  await expect.poll(() => page.url()).toContain('/dev-idp/aanmelden/');
  if (!scannedSignIn) {
    scannedSignIn = true;
    await check(page, 'inloggen-identiteitsprovider');
  }
  await page.getByLabel('Gebruikersnaam').fill(login);
  await page.getByLabel('Wachtwoord').fill(developmentPassword(login));
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/dev-idp') && !url.pathname.startsWith('/inloggen'));
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeResult {
  page: string;
  url: string;
  violations: Array<{ id: string; impact: string | null; help: string; nodes: number; targets: string[] }>;
}
const axeResults: AxeResult[] = [];

/**
 * Scans the page with axe-core (WCAG 2.0/2.1 A and AA rules) and fails on a serious or critical
 * violation. Every result is kept for the artefact `axe-results.json`.
 */
export async function expectAccessible(page: Page, name: string): Promise<AxeResult> {
  // Evaluated through the DevTools protocol: the werkplek's Content-Security-Policy (no inline
  // scripts) stays on, as in production.
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(axeSource);
  const violations = (await page.evaluate(`
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
      .then((result) => result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) })))
  `)) as AxeResult['violations'];
  const result = { page: name, url: new URL(page.url()).pathname, violations };
  axeResults.push(result);
  writeFileSync(path.join(ARTIFACTS_DIR, `axe-${process.pid}.json`), JSON.stringify(axeResults, null, 2));
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious, `${name}: ${JSON.stringify(serious)}`).toEqual([]);
  return result;
}

/** Screenshot of the whole page as a test artefact. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });
}

/** Visits a page: axe scan and screenshot. */
export async function check(page: Page, name: string): Promise<void> {
  await expectAccessible(page, name);
  await screenshot(page, name);
}

/** True when the page needs no horizontal scrolling (works at this width). */
export async function fitsWidth(page: Page): Promise<boolean> {
  return (await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth + 1')) as boolean;
}

// playwright-core has no assertion library (that is @playwright/test): small waiting helpers.
const WAIT_MS = 15_000;

export async function visible(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout: WAIT_MS });
}

export async function containsText(locator: Locator, text: string): Promise<void> {
  await expect.poll(async () => (await locator.allTextContents()).join(' '), { timeout: WAIT_MS }).toContain(text);
}

export async function lacksText(locator: Locator, text: string): Promise<void> {
  expect((await locator.allTextContents()).join(' ')).not.toContain(text);
}

export async function hasValue(locator: Locator, value: string): Promise<void> {
  await expect.poll(() => locator.inputValue(), { timeout: WAIT_MS }).toBe(value);
}

export async function count(locator: Locator): Promise<number> {
  return locator.count();
}
