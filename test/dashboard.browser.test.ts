/**
 * The dashboard in a real browser: headless Chromium (Debian's `chromium` package, driven by
 * playwright-core; no browser download) against the real API listening on 127.0.0.1, the real worker
 * and the real case workflow. A Thai supervisor signs in with a token, finds the transit consent
 * Thailand owes in the inbox, approves it and sees the case move on to scheduling; a Vietnamese officer
 * sees none of it. Screenshots go to test-artifacts/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { HandoverApp } from '../api/app';
import { CaseWalker } from '../scripts/demo-seed';
import { tokenFor } from './helpers/api';
import { eventually, injectApi, startIsolatedApi, type IsolatedApi } from './helpers/isolated-api';

const CHROMIUM = process.env.HANDOVER_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const ARTIFACTS = path.resolve(__dirname, '..', 'test-artifacts');

let iso: IsolatedApi;
let app: HandoverApp;
let baseUrl: string;
let browser: Browser;
let transitCase: string;
let cambodianCase: string;
let operationId: string | undefined;
const cspViolations: string[] = [];

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `dashboard-${name}.png`), fullPage: true });
}

async function signIn(token: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) cspViolations.push(msg.text());
  });
  await page.goto(`${baseUrl}/`);
  await page.getByTestId('token-input').fill(token);
  await page.getByTestId('signin-submit').click();
  await page.locator('body[data-ready="true"]').waitFor();
  return page;
}

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}. The dashboard browser test needs Debian's chromium package: ` +
        'run `apt-get install -y chromium` (or set HANDOVER_CHROMIUM to a Chromium binary).',
    );
  }
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  iso = await startIsolatedApi({ prefix: 'handover-dashboard' });
  app = await iso.app();
  baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });

  const walk = new CaseWalker(injectApi(app), (role, country) => tokenFor(role, country));
  transitCase = (await walk.toApprovals({ custodial: 'MM', receiving: 'CN', transit: ['TH'], externalReference: `WEB-MM-${Date.now()}` }))!;
  await walk.approve(transitCase, 'MM');
  await walk.approve(transitCase, 'CN');
  cambodianCase = (await walk.toApprovals({ custodial: 'KH', receiving: 'CN', externalReference: `WEB-KH-${Date.now()}` }))!;
  // On the demo's operation when this server has the operations API (undefined otherwise).
  operationId = await walk.operation([transitCase]);
  const thaiSupervisor = await tokenFor('supervisor', 'TH');
  await eventually(async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/inbox', headers: { authorization: `Bearer ${thaiSupervisor}` } });
    return (JSON.parse(res.body) as { items: { caseId: string }[] }).items.some((i) => i.caseId === transitCase);
  }, "the transit case in Thailand's inbox");

  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await iso?.stop();
});

describe('dashboard files', () => {
  it('serves the page, scripts and catalogues with a strict CSP, and nothing outside web/', async () => {
    const page = await app.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(String(page.headers['content-security-policy'])).toMatch(/script-src 'self'/);
    expect(page.body).not.toMatch(/<script>(?!<\/script>)|onclick=/);
    const script = await app.inject({ method: 'GET', url: '/ui/app.js' });
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
    const again = await app.inject({ method: 'GET', url: '/ui/app.js', headers: { 'if-none-match': String(script.headers.etag) } });
    expect(again.statusCode).toBe(304);
    for (const url of ['/ui/../package.json', '/ui/%2e%2e/package.json', '/ui/i18n/../../api/app.ts', '/ui/nope.js']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(404);
    }
  });

  it('has the same keys in every message catalogue, English and Chinese complete', () => {
    const dir = path.resolve(__dirname, '..', 'web', 'i18n');
    const read = (code: string) => JSON.parse(fs.readFileSync(path.join(dir, `${code}.json`), 'utf8')) as Record<string, string>;
    const en = read('en');
    for (const code of ['zh', 'th', 'vi', 'km', 'lo', 'my']) expect(Object.keys(read(code)).sort()).toEqual(Object.keys(en).sort());
    expect(Object.entries(read('zh')).filter(([, v]) => v.trim() === '')).toEqual([]);
  });
});

describe('dashboard in Chromium', () => {
  it('lets a Thai supervisor approve the transit consent from the inbox and see the case move on', async () => {
    const page = await signIn(await tokenFor('supervisor', 'TH'));
    await expect(page.getByTestId('whoami').textContent()).resolves.toMatch(/supervisor · Thailand/);
    const row = page.locator(`[data-testid="inbox-row"][data-case-id="${transitCase}"]`);
    await row.waitFor();
    await expect(page.locator(`[data-testid="inbox-row"][data-case-id="${cambodianCase}"]`).count()).resolves.toBe(0);
    await shot(page, '1-inbox-thai-supervisor');

    await row.getByTestId('approve').click();
    await page.locator('#flash', { hasText: 'scheduling' }).waitFor();

    await page.goto(`${baseUrl}/#/case/${transitCase}`);
    await page.getByTestId('case-stage').waitFor();
    await expect(page.getByTestId('case-stage').getAttribute('data-stage')).resolves.toBe('scheduling');
    const statuses = await Promise.all(
      (await page.getByTestId('approval-row').all()).map(async (r) => `${await r.getAttribute('data-country')}:${await r.getAttribute('data-status')}`),
    );
    expect(statuses.sort()).toEqual(['CN:approved', 'MM:approved', 'TH:approved']);
    await expect(page.getByTestId('clock-row').count()).resolves.toBeGreaterThan(0);
    await expect(page.getByTestId('timeline-row').count()).resolves.toBeGreaterThan(3);
    await shot(page, '2-case-after-approval');

    // The inbox empties once visibility has the new stage.
    await page.goto(`${baseUrl}/#/inbox`);
    await eventually(async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      await page.waitForSelector('[data-testid="inbox-empty"], [data-testid="inbox-table"]');
      return (await page.getByTestId('inbox-empty').count()) === 1;
    }, 'the Thai inbox to empty');
    await shot(page, '3-inbox-empty');

    // The operation board of the operation the case travels with, picked from the list of Thailand's operations.
    if (operationId) {
      await page.goto(`${baseUrl}/#/operations`);
      await page.getByTestId('operation-list').waitFor();
      await shot(page, '3a-operation-list');
      await page.locator('[data-testid="operation-row"]', { hasText: operationId }).getByRole('link').click();
      await page.waitForURL(`**/#/operations/${operationId}`);
    } else {
      await page.goto(`${baseUrl}/#/operations/operation-MM-20250220-ABCDEFGH`);
    }
    if (operationId) {
      await page.getByTestId('operation-board').waitFor();
      await expect(page.getByTestId('operation-total').textContent()).resolves.toBe('1');
      await expect(page.getByTestId('manifest-row').count()).resolves.toBe(1);
      // Re-read the manifest's cases: the approved case is ready for a seat.
      await page.getByRole('button', { name: 'Refresh' }).click();
      await page.locator('[data-testid="manifest-row"]', { hasText: 'ready' }).waitFor();
    } else {
      await page.getByTestId('operation-missing').waitFor();
    }
    await shot(page, '3b-operation-board');

    // Chinese.
    await page.getByTestId('lang-select').selectOption('zh');
    await page.locator('html[lang="zh"]').waitFor({ state: 'attached' });
    await expect(page.locator('#nav a[data-route="inbox"]').textContent()).resolves.toBe('待办');
    await page.goto(`${baseUrl}/#/case/${transitCase}`);
    await page.getByTestId('case-stage').waitFor();
    await expect(page.getByTestId('case-stage').textContent()).resolves.toBe('安排移交');
    await shot(page, '4-case-in-chinese');
    await page.context().close();
  });

  it('shows a Vietnamese officer nothing of the case: empty inbox, overdue list, and "not found" on its page', async () => {
    const page = await signIn(await tokenFor('officer', 'VN'));
    await page.getByTestId('inbox-empty').waitFor();
    await shot(page, '5-inbox-vietnamese-officer');
    await page.goto(`${baseUrl}/#/overdue`);
    await page.waitForSelector('text=No case is overdue');
    await page.goto(`${baseUrl}/#/case/${transitCase}`);
    await page.getByTestId('case-not-found').waitFor();
    await expect(page.content()).resolves.not.toMatch(new RegExp(`Demo Person|${transitCase.slice(-6)}</td>`));
    await shot(page, '6-case-not-found-vietnamese-officer');
    await page.context().close();
  });

  it('ran without a single Content-Security-Policy violation', () => {
    expect(cspViolations).toEqual([]);
  });
});
