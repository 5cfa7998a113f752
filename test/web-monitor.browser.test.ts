/// <reference lib="dom" />
/**
 * Inbox, overdue, summary and operations in Chromium: a Thai supervisor sees the MM→TH→CN case that
 * waits on Thailand's transit consent and not the KH→CN one, claims it (the "mine" view shows it, the
 * "unassigned" one does not), releases it and approves it from its row, which moves the case to
 * scheduling; a Vietnamese officer's inbox is empty; a monitor reads the overdue list and the summary;
 * the operation holding the transit case is listed and its board shows the manifest; the navigation
 * follows the language (Chinese, Thai) and so does the page's lang attribute. axe passes on every page
 * with its forms open.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { CaseWalker } from '../scripts/demo-seed';
import { subjectOf, tokenFor } from './helpers/api';
import { screenshot, seriousAxeViolations, startWorkbench, type Workbench } from './helpers/browser';
import { eventually, injectApi } from './helpers/isolated-api';

let wb: Workbench;
let transitCase: string;
let khCase: string;
let operationId: string | undefined;

async function get<T>(url: string, role: Parameters<typeof tokenFor>[0], country: Parameters<typeof tokenFor>[1]): Promise<T> {
  const res = await wb.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${await tokenFor(role, country)}` } });
  if (res.statusCode !== 200) throw new Error(`${url}: HTTP ${res.statusCode} ${res.body}`);
  return JSON.parse(res.body) as T;
}

type InboxAnswer = { items: { caseId: string; assignee?: string }[] };

/** Search attributes follow an action within moments: refresh the list until the row is there, or gone. */
async function untilRow(page: Page, caseId: string, present: boolean): Promise<void> {
  const row = page.locator(`[data-testid="inbox-row"][data-case-id="${caseId}"]`);
  const deadline = Date.now() + 20_000;
  for (;;) {
    const count = await row.count();
    if ((count > 0) === present) return;
    if (Date.now() > deadline) throw new Error(`row ${caseId} still ${present ? 'absent' : 'present'}`);
    await page.waitForTimeout(500);
    await page.getByTestId('inbox-refresh').click();
    await page.waitForLoadState('networkidle');
  }
}

function catalogue(language: string): { nav: Record<string, string> } {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'web', 'src', 'i18n', 'locales', language, 'common.json'), 'utf8')) as { nav: Record<string, string> };
}

beforeAll(async () => {
  wb = await startWorkbench('handover-web-monitor');
  const walker = new CaseWalker(injectApi(wb.app), (role, country) => tokenFor(role, country));
  const stamp = Date.now();
  const mm = await walker.toApprovals({ custodial: 'MM', receiving: 'CN', transit: ['TH'], externalReference: `WEB-MON-MM-${stamp}` });
  const kh = await walker.toApprovals({ custodial: 'KH', receiving: 'CN', externalReference: `WEB-MON-KH-${stamp}` });
  if (!mm || !kh) throw new Error('seeding registered no new case');
  transitCase = mm;
  khCase = kh;
  // Myanmar and China approve: the case waits on Thailand's transit consent only.
  await walker.approve(transitCase, 'MM');
  await walker.approve(transitCase, 'CN');
  operationId = await walker.operation([transitCase]);
  await eventually(
    async () => (await get<InboxAnswer>('/api/v1/inbox', 'supervisor', 'TH')).items.some((i) => i.caseId === transitCase),
    'the transit case in the Thai inbox',
  );
}, 180_000);

afterAll(async () => {
  await wb?.stop();
});

describe('the inbox', () => {
  it('shows the Thai supervisor the transit case under its action, not the Cambodian one', async () => {
    const page = await wb.signIn('supervisor', 'TH', { path: '/inbox' });
    const row = page.locator(`[data-testid="inbox-row"][data-case-id="${transitCase}"]`);
    await row.waitFor();
    await expect(page.locator(`[data-testid="inbox-row"][data-case-id="${khCase}"]`).count()).resolves.toBe(0);
    await expect(page.locator('[data-testid="inbox-group"][data-action="approvals"]').count()).resolves.toBe(1);
    await expect(row.locator('[data-testid="stage-badge"]').getAttribute('data-stage')).resolves.toBe('approvals');
    await expect(row.getByTestId('route').getAttribute('data-route')).resolves.toBe('MM-TH-CN');
    await expect(row.getByTestId('assignee').textContent()).resolves.toBe('Nobody');
    await row.getByTestId('hand-over-open').click();
    await row.getByTestId('form-hand-over').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'web-monitor-inbox');

    // A user id the contract refuses is refused before anything is sent, and what was typed stays.
    let posts = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/assignment')) posts++;
    });
    await row.getByTestId('hand-over-assignee').fill('not a user id');
    await row.getByTestId('hand-over-submit').click();
    await row.getByTestId('field-error').waitFor();
    await expect(row.getByTestId('hand-over-assignee').inputValue()).resolves.toBe('not a user id');
    expect(posts).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('lets the supervisor claim the case (mine, not unassigned), then release it', async () => {
    const page = await wb.signIn('supervisor', 'TH', { path: '/inbox' });
    const row = page.locator(`[data-testid="inbox-row"][data-case-id="${transitCase}"]`);
    await row.getByTestId('claim').click();
    const result = page.getByTestId('inbox-result');
    await page.locator(`[data-testid="inbox-row"][data-case-id="${transitCase}"][data-assignee="${subjectOf('supervisor', 'TH')}"]`).waitFor();
    await expect(result.textContent()).resolves.toContain('assigned to you');
    await expect(result.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await expect(row.getByTestId('assignee').textContent()).resolves.toBe('You');
    const view = await get<{ assignment?: { assignee: string } }>(`/api/v1/cases/${transitCase}`, 'monitor', 'TH');
    expect(view.assignment?.assignee).toBe(subjectOf('supervisor', 'TH'));

    await page.getByTestId('inbox-view-me').click();
    await page.waitForURL(/assigned=me/);
    await untilRow(page, transitCase, true);
    await screenshot(page, 'web-monitor-inbox-mine');
    await page.getByTestId('inbox-view-unassigned').click();
    await page.waitForURL(/assigned=unassigned/);
    await untilRow(page, transitCase, false);
    await page.getByTestId('inbox-empty').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByTestId('inbox-view-me').click();
    await untilRow(page, transitCase, true);
    await page.locator(`[data-testid="inbox-row"][data-case-id="${transitCase}"]`).getByTestId('release').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="inbox-result"]')?.textContent?.includes('no longer assigned'));
    await eventually(
      async () => (await get<InboxAnswer>('/api/v1/inbox?assigned=unassigned', 'supervisor', 'TH')).items.some((i) => i.caseId === transitCase),
      'the released case back among the unassigned',
    );
  });

  it('approves the case from its row once, and the case moves to scheduling', async () => {
    const page = await wb.signIn('supervisor', 'TH', { path: '/inbox' });
    const row = page.locator(`[data-testid="inbox-row"][data-case-id="${transitCase}"]`);
    await row.waitFor();
    let posts = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/approvals')) posts++;
    });
    await row.getByTestId('approve').dblclick();
    await page.waitForFunction(() => document.querySelector('[data-testid="inbox-result"]')?.textContent?.includes('Scheduling'));
    await expect(page.locator(`[data-testid="inbox-row"][data-case-id="${transitCase}"]`).count()).resolves.toBe(0);
    expect(posts).toBeLessThanOrEqual(2);
    const view = await get<{ stage: string; approvals: unknown }>(`/api/v1/cases/${transitCase}`, 'monitor', 'TH');
    expect(view.stage).toBe('scheduling');
    const timeline = await get<{ events: { action: string }[] }>(`/api/v1/cases/${transitCase}/timeline`, 'monitor', 'TH');
    expect(timeline.events.filter((e) => e.action === 'approved')).toHaveLength(3);
    await screenshot(page, 'web-monitor-inbox-approved');
  });

  it('is empty for a Vietnamese officer', async () => {
    const page = await wb.signIn('officer', 'VN', { path: '/inbox' });
    await page.getByTestId('inbox-empty').waitFor();
    await expect(page.getByTestId('inbox-row').count()).resolves.toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});

describe('monitoring', () => {
  it('shows a monitor the overdue list with a horizon from the URL', async () => {
    const page = await wb.signIn('monitor', 'MM', { path: '/overdue' });
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByTestId('overdue-status').waitFor();
    await page.getByTestId('horizon-days').fill('365');
    await page.getByTestId('horizon-submit').click();
    await page.waitForURL(/horizon=365/);
    const expected = await get<{ cases: { caseId: string }[] }>('/api/v1/monitor/overdue?horizonDays=365', 'monitor', 'MM');
    if (expected.cases.length === 0) {
      await page.getByTestId('overdue-empty').waitFor();
    } else {
      await page.locator(`[data-testid="overdue-row"][data-case-id="${expected.cases[0].caseId}"]`).waitFor();
      await expect(page.getByTestId('overdue-row').count()).resolves.toBe(expected.cases.length);
    }
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'web-monitor-overdue');

    await page.getByTestId('horizon-days').fill('0');
    await page.getByTestId('horizon-submit').click();
    await page.getByTestId('field-error').waitFor();
    expect(page.url()).toMatch(/horizon=365/);
  });

  it('shows a monitor the summary tables for a period', async () => {
    const page = await wb.signIn('monitor', 'TH', { path: '/summary' });
    await page.getByTestId('summary-stages').waitFor();
    await page.getByTestId('period-days').fill('7');
    await page.getByTestId('period-submit').click();
    await page.waitForURL(/days=7/);
    await page.getByTestId('summary-releases').waitFor();
    const summary = await get<{ open: number }>('/api/v1/monitor/summary', 'monitor', 'TH');
    await expect(page.getByTestId('summary-open').textContent()).resolves.toBe(String(summary.open));
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'web-monitor-summary');
  });
});

describe('operations', () => {
  it('lists the operation and opens its board with the manifest', async () => {
    if (!operationId) throw new Error('this server created no operation');
    const id = operationId;
    const page = await wb.signIn('officer', 'MM', { path: '/operations' });
    await eventually(async () => {
      await page.reload();
      await page.getByTestId('form-operation-filter').waitFor();
      await page.waitForLoadState('networkidle');
      return (await page.locator(`[data-testid="operation-row"][data-operation-id="${id}"]`).count()) > 0;
    }, 'the operation in the list');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'web-monitor-operations');
    await page.locator(`[data-testid="operation-row"][data-operation-id="${id}"]`).getByTestId('operation-link').click();
    await page.getByTestId('operation-facts').waitFor();
    await expect(page.getByTestId('operation-title').textContent()).resolves.toContain('Mae Sot airlift');
    await page.locator(`[data-testid="manifest-row"][data-case-id="${transitCase}"]`).waitFor();
    await expect(page.getByTestId('rollup-total').textContent()).resolves.toBe('1');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'web-monitor-operation-board');
  });
});

describe('languages', () => {
  it('changes the navigation and the lang attribute to Chinese, then Thai', async () => {
    const page = await wb.signIn('supervisor', 'TH', { path: '/inbox' });
    await page.getByRole('heading', { level: 1 }).waitFor();
    for (const language of ['zh', 'th']) {
      await page.getByTestId('lang-select').selectOption(language);
      await page.waitForFunction((lng) => document.documentElement.lang === lng, language);
      const nav = catalogue(language).nav;
      await page.getByRole('link', { name: nav.inbox, exact: true }).waitFor();
      await page.getByRole('link', { name: nav.summary, exact: true }).waitFor();
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.not.toBe('Inbox');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, `web-monitor-inbox-${language}`);
    }
    expect(wb.pageErrors).toEqual([]);
  });
});
