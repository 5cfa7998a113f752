/// <reference lib="dom" />
/**
 * One transit case through every role, in the browser alone (Chromium against the real API, worker and
 * dev server): a Myanmar officer registers an MM→TH→CN arrest and screens it with the keyboard only; a
 * Chinese officer verifies the identity; the supervisors of Myanmar and Thailand approve on the case page
 * and China's supervisor in bulk from the inbox; a rejection sends another case back to screening; the
 * Myanmar officer schedules the handover; officers of Myanmar, Thailand and China record each hop until
 * the case is handed over; a Chinese monitor finds an overdue case. axe checks every page on the way.
 */
import type { Page } from 'playwright-core';
import { CaseWalker } from '../scripts/demo-seed';
import { tokenFor } from './helpers/api';
import { screenshot, seriousAxeViolations, startWorkbench, type Workbench } from './helpers/browser';
import { eventually, injectApi } from './helpers/isolated-api';
import type { Country, Role } from '../domain/people';

let wb: Workbench;
const reference = `JOURNEY-MM-${Date.now()}`;
let caseId = '';

beforeAll(async () => {
  wb = await startWorkbench('handover-web-journey');
}, 120_000);

afterAll(async () => {
  await wb?.stop();
});

async function stage(page: Page, expected: string): Promise<void> {
  await page.locator(`[data-testid="case-stage"][data-stage="${expected}"]`).waitFor({ timeout: 30_000 });
}

async function openCase(role: Role, country: Country): Promise<Page> {
  const page = await wb.signIn(role, country, { path: `/cases/${caseId}` });
  await page.getByTestId('case-page').waitFor();
  return page;
}

async function expectAxeClean(page: Page, where: string): Promise<void> {
  expect({ where, violations: await seriousAxeViolations(page) }).toEqual({ where, violations: [] });
}

/** Tab until the element has focus (at most `limit` presses); fails the test rather than looping on. */
async function tabTo(page: Page, testId: string, limit = 80): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await page.getByTestId(testId).evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${testId} never took the focus with Tab`);
}

describe('a transit case through every role, in the browser', () => {
  it('the Myanmar officer registers the arrest and screens it, keyboard only', async () => {
    const page = await wb.signIn('officer', 'MM', { path: '/register' });
    await page.getByTestId('register-form').waitFor();
    await expectAxeClean(page, 'register');
    const typeInto = async (testId: string, text: string) => {
      await tabTo(page, testId);
      await page.keyboard.type(text);
    };
    const choose = async (testId: string, value: string) => {
      await tabTo(page, testId);
      await page.getByTestId(testId).selectOption(value); // a select takes its value as the keyboard would pick it
    };
    await choose('track', 'deportation');
    await typeInto('externalReference', reference);
    await choose('custodyStatus', 'detention');
    await typeInto('fullName', 'Journey Person');
    await choose('sex', 'female');
    await typeInto('claimedNationality', 'CN');
    await choose('receivingCountry', 'CN');
    await tabTo(page, 'transit-add');
    await page.keyboard.press('Enter');
    await choose('transit-0', 'TH');
    await tabTo(page, 'arrestTime');
    const local = new Date(Date.now() - 2 * 3600_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    await page.getByTestId('arrestTime').fill(`${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}T${pad(local.getHours())}:${pad(local.getMinutes())}`);
    await typeInto('arrestPlace', 'Myawaddy compound');
    await typeInto('arrestAgency', 'Myanmar police');
    await tabTo(page, 'register-submit');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/cases\/case-MM-/, { timeout: 30_000 });
    caseId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    await stage(page, 'screening');

    await tabTo(page, 'screening-cleared', 200);
    await page.keyboard.press('Space');
    await tabTo(page, 'submit-screening');
    await page.keyboard.press('Enter');
    await stage(page, 'identity-verification');
    await expectAxeClean(page, 'case after screening');
    await screenshot(page, 'web-journey-1-screened');
  });

  it('the Chinese officer confirms the identity', async () => {
    const page = await openCase('officer', 'CN');
    const form = page.getByTestId('action-verification');
    await form.getByTestId('verification-confirmed').check();
    await form.getByTestId('verification-reference').fill('CONSULAR-CN-2026-1');
    await form.getByTestId('submit-verification').click();
    await stage(page, 'approvals');
  });

  it('Myanmar and Thailand approve on the case page, China in bulk from its inbox', async () => {
    for (const country of ['MM', 'TH'] as const) {
      const page = await openCase('supervisor', country);
      const form = page.getByTestId('action-approvals');
      await form.getByTestId('approval-approve').check();
      await form.getByTestId('submit-approvals').click();
      await page.locator(`[data-testid="approval-row"][data-country="${country}"][data-status="approved"]`).waitFor();
    }
    // A second case waits on China too, so the bulk decision covers two.
    const walk = new CaseWalker(injectApi(wb.app), (role, country) => tokenFor(role, country));
    const other = (await walk.toApprovals({ custodial: 'KH', receiving: 'CN', externalReference: `JOURNEY-KH-${Date.now()}` }))!;
    const supervisorCN = await tokenFor('supervisor', 'CN');
    await eventually(async () => {
      const res = await wb.app.inject({ method: 'GET', url: '/api/v1/inbox', headers: { authorization: `Bearer ${supervisorCN}` } });
      const items = (JSON.parse(res.body) as { items: { caseId: string }[] }).items.map((i) => i.caseId);
      return items.includes(caseId) && items.includes(other);
    }, "both cases in China's inbox");

    const page = await wb.signIn('supervisor', 'CN', { path: '/inbox' });
    for (const id of [caseId, other]) await page.locator(`[data-testid="inbox-row"][data-case-id="${id}"]`).getByTestId('select-case').check();
    const bulk = page.getByTestId('bulk-approval');
    await bulk.getByTestId('bulk-decision-approve').check();
    await expectAxeClean(page, 'inbox with the bulk decision open');
    await bulk.getByTestId('bulk-submit').click();
    await page.getByTestId('bulk-results').waitFor();
    const statuses = await page.getByTestId('bulk-result-status').allTextContents();
    expect(statuses).toHaveLength(2);
    expect(statuses.every((s) => /approved/i.test(s))).toBe(true);
    await screenshot(page, 'web-journey-2-bulk-approved');

    const after = await openCase('officer', 'MM');
    await stage(after, 'scheduling');
  });

  it('a rejection sends another case back to screening', async () => {
    const walk = new CaseWalker(injectApi(wb.app), (role, country) => tokenFor(role, country));
    const rejected = (await walk.toApprovals({ custodial: 'KH', receiving: 'CN', externalReference: `JOURNEY-REJ-${Date.now()}` }))!;
    const page = await wb.signIn('supervisor', 'KH', { path: `/cases/${rejected}` });
    const form = page.getByTestId('action-approvals');
    await form.getByTestId('approval-reject').check();
    await form.getByTestId('approval-reason').fill('Screening missed the vulnerability indicators');
    await form.getByLabel(/Screening/).first().check();
    await expectAxeClean(page, 'case with the rejection form');
    await form.getByTestId('submit-approvals').click();
    await stage(page, 'screening');
  });

  it('the Myanmar officer schedules, and each country records its hop until China receives the person', async () => {
    const mm = await openCase('officer', 'MM');
    const schedule = mm.getByTestId('action-schedule');
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await schedule.getByTestId('schedule-agreedDate').fill(tomorrow);
    await schedule.getByTestId('schedule-handoverPoint').fill('Mae Sot Friendship Bridge');
    await schedule.getByTestId('schedule-transport').selectOption('land');
    await schedule.getByTestId('schedule-escort').fill('MM police escort team 3');
    await schedule.getByTestId('submit-schedule').click();
    await mm.getByTestId('action-custody-events').waitFor();

    const hop = async (page: Page, event: string, country: Country, recheck = false) => {
      const form = page.getByTestId('action-custody-events');
      await expect(form.getByTestId('custody-event').inputValue()).resolves.toBe(event);
      await expect(form.getByTestId('custody-country').inputValue()).resolves.toBe(country);
      if (recheck) await form.getByTestId('custody-identityRechecked').check();
      await form.getByTestId('submit-custody-events').click();
      await page.locator(`[data-testid="custody-row"][data-event="${event}"][data-country="${country}"][data-state="recorded"]`).waitFor();
    };
    await hop(mm, 'released-by-custodial', 'MM');
    await stage(mm, 'in-transfer');
    const th = await openCase('officer', 'TH');
    await hop(th, 'entered-transit', 'TH');
    await th.getByTestId('action-custody-events').waitFor();
    await hop(th, 'left-transit', 'TH');
    const cn = await openCase('officer', 'CN');
    // The receiving country re-checks identity: without it the form refuses before sending.
    await cn.getByTestId('submit-custody-events').click();
    await cn.getByTestId('action-custody-events').getByTestId('field-error').waitFor();
    await hop(cn, 'received-by-receiving', 'CN', true);
    await stage(cn, 'closed');
    await expect(cn.getByTestId('case-outcome').textContent()).resolves.toMatch(/Handed over/);
    await expectAxeClean(cn, 'closed case');
    await screenshot(cn, 'web-journey-3-handed-over');
  });

  it('a Chinese monitor finds an overdue case on the overdue list', async () => {
    // Its working SLA runs in seconds: this app's clock day is one second.
    const fast = await wb.iso.app({ HANDOVER_DAY_SECONDS: '1' });
    const walk = new CaseWalker(injectApi(fast), (role, country) => tokenFor(role, country));
    const { caseId: late } = await walk.register({ custodial: 'LA', receiving: 'CN', externalReference: `JOURNEY-LATE-${Date.now()}` });
    const monitor = await tokenFor('monitor', 'CN');
    await eventually(async () => {
      const res = await wb.app.inject({ method: 'GET', url: '/api/v1/monitor/overdue', headers: { authorization: `Bearer ${monitor}` } });
      return (JSON.parse(res.body) as { cases: { caseId: string }[] }).cases.some((c) => c.caseId === late);
    }, 'the fast case on the overdue list', 60_000);
    const page = await wb.signIn('monitor', 'CN');
    await page.waitForURL('**/overdue');
    await page.locator(`[data-testid="overdue-row"][data-case-id="${late}"]`).waitFor();
    await expectAxeClean(page, 'overdue list');
    await screenshot(page, 'web-journey-4-overdue');
  });

  it('ran without a page error or a Content-Security-Policy violation', () => {
    expect(wb.pageErrors).toEqual([]);
  });
});
