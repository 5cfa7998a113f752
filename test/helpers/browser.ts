/**
 * The workbench in a real browser: Debian's Chromium driven by playwright-core (no browser download),
 * against a real API listening on 127.0.0.1 with a real worker on its own namespace. Sign-in clicks the
 * person's demo identity on the sign-in page (the embedded default's; test/sign-in.browser.test.ts signs
 * in through a real OpenID provider); axe-core checks each page with its forms open.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { HandoverApp } from '../../api/app';
import type { Country, Role } from '../../domain/people';
import { testSignIn } from './api';
import { startIsolatedApi, type IsolatedApi } from './isolated-api';

const WEB_DIST = path.resolve(__dirname, '..', '..', 'web', 'dist');
export const CHROMIUM = process.env.HANDOVER_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Screenshots go to test-artifacts/, or to HANDOVER_SCREENSHOT_DIR (`npm run screenshots`: docs/screenshots). */
export const ARTIFACTS = path.resolve(__dirname, '..', '..', process.env.HANDOVER_SCREENSHOT_DIR ?? 'test-artifacts');

export interface Workbench {
  iso: IsolatedApi;
  app: HandoverApp;
  baseUrl: string;
  browser: Browser;
  /** Content-Security-Policy violations and page errors seen by any page so far. */
  pageErrors: string[];
  /** A new browser context signed in as this person, on `path` (default: the role's home page). */
  signIn(role: Role, country: Country, options?: { path?: string; locale?: string }): Promise<Page>;
  stop(): Promise<void>;
}

export async function startWorkbench(prefix: string): Promise<Workbench> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}: run \`apt-get install -y chromium\` (or set HANDOVER_CHROMIUM).`);
  }
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const iso = await startIsolatedApi({ prefix });
  // A copy of the build as it is now: a rebuild of web/dist while the suite runs cannot pull the page away.
  const webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-web-'));
  fs.cpSync(WEB_DIST, webRoot, { recursive: true });
  const app = await iso.app({}, { webRoot, signIn: testSignIn() });
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const pageErrors: string[] = [];
  const contexts: BrowserContext[] = [];

  const signIn: Workbench['signIn'] = async (role, country, options = {}) => {
    const context = await browser.newContext({ locale: options.locale ?? 'en-GB', viewport: { width: 1280, height: 900 }, timezoneId: 'Asia/Bangkok' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) pageErrors.push(msg.text());
    });
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(`${baseUrl}${options.path ?? '/'}`);
    await signInAsDemo(page, role, country).catch(async (err: unknown) => {
      const shown = await page.locator('body').textContent({ timeout: 1_000 }).catch(() => '');
      throw new Error(`no sign-in as ${role} ${country} on ${page.url()}; the page reads: ${shown?.slice(0, 1500) ?? ''} (${String(err)})`);
    });
    return page;
  };

  return {
    iso,
    app,
    baseUrl,
    browser,
    pageErrors,
    signIn,
    stop: async () => {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await iso.stop();
      fs.rmSync(webRoot, { recursive: true, force: true });
    },
  };
}

/** On the sign-in page (or the expired-session dialog): the development identity of this role and country. */
export async function signInAsDemo(page: Page, role: Role, country: Country): Promise<void> {
  await page.getByTestId(`demo-${country.toLowerCase()}-${role}-1`).last().click();
  await page.getByTestId('whoami').waitFor();
}

/** WCAG 2.1 AA checks of axe-core on what the page shows now: only serious and critical ones count. */
export async function seriousAxeViolations(page: Page): Promise<{ id: string; impact: string; nodes: string[] }[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: String(v.impact), nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}
