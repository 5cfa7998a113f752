/// <reference lib="dom" />
/**
 * The Case page in Chromium, every action through the browser only: the Cambodian officer screens a
 * KH→CN case (a double click acts once), the Chinese officer verifies it after the page refused an
 * incomplete verification without sending it, the Cambodian legal officer's extension beyond the treaty
 * profile's maximum is refused by the server on the days field, a supervisor places and lifts a legal
 * hold; an MM→TH→CN case shows its route and custody chain, and is not found for Vietnam. axe passes
 * with each form open.
 */
import type { Page } from 'playwright-core';
import { CaseWalker } from '../scripts/demo-seed';
import { tokenFor } from './helpers/api';
import { screenshot, seriousAxeViolations, startWorkbench, type Workbench } from './helpers/browser';
import { injectApi } from './helpers/isolated-api';

let wb: Workbench;
let khCase: string;
let mmCase: string;

async function timelineActions(caseId: string): Promise<string[]> {
  const res = await wb.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/timeline`, headers: { authorization: `Bearer ${await tokenFor('monitor', 'CN')}` } });
  return (JSON.parse(res.body) as { events: { action: string }[] }).events.map((e) => e.action);
}

async function stageOf(page: Page): Promise<string | null> {
  return page.getByTestId('case-stage').getAttribute('data-stage');
}

async function waitForStage(page: Page, stage: string): Promise<void> {
  await page.locator(`[data-testid="case-stage"][data-stage="${stage}"]`).waitFor({ timeout: 20_000 });
}

/** Requests the page sends to one action route. */
function countPosts(page: Page, segment: string): { count: number } {
  const seen = { count: 0 };
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith(`/${segment}`)) seen.count++;
  });
  return seen;
}

beforeAll(async () => {
  wb = await startWorkbench('handover-web-case');
  const walker = new CaseWalker(injectApi(wb.app), (role, country) => tokenFor(role, country));
  khCase = (await walker.register({ custodial: 'KH', receiving: 'CN', externalReference: `WEB-CASE-KH-${Date.now()}`, name: 'Web Case Person KH' })).caseId;
  mmCase = (await walker.register({ custodial: 'MM', receiving: 'CN', transit: ['TH'], externalReference: `WEB-CASE-MM-${Date.now()}`, name: 'Web Case Person MM' })).caseId;
  expect([khCase, mmCase]).toEqual([expect.stringMatching(/^case-KH-/), expect.stringMatching(/^case-MM-/)]);
}, 120_000);

afterAll(async () => {
  await wb?.stop();
});

describe('the Case page', () => {
  it('lets the custodial officer record screening once, however often the button is clicked', async () => {
    const page = await wb.signIn('officer', 'KH', { path: `/cases/${khCase}` });
    await page.getByTestId('case-page').waitFor();
    expect(await stageOf(page)).toBe('screening');
    await expect(page.getByTestId('person-name').textContent()).resolves.toBe('Web Case Person KH');
    const form = page.getByTestId('action-screening');
    await form.waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);

    await form.getByTestId('screening-cleared').check();
    const posts = countPosts(page, 'screening');
    await form.getByTestId('submit-screening').dblclick();
    await waitForStage(page, 'identity-verification');
    const status = page.getByTestId('action-success');
    await expect(status.textContent()).resolves.toMatch(/Recorded: Record screening/);
    await expect(status.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    expect(posts.count).toBe(1);
    expect((await timelineActions(khCase)).filter((a) => a === 'screening-recorded')).toHaveLength(1);
    await page.locator('[data-testid="timeline-row"][data-action="screening-recorded"]').waitFor();
    await expect(page.getByTestId('action-screening').count()).resolves.toBe(0);
    await page.context().close();
  });

  it('refuses an incomplete verification before sending it, keeps what was typed, then records it', async () => {
    const page = await wb.signIn('officer', 'CN', { path: `/cases/${khCase}` });
    const form = page.getByTestId('action-verification');
    await form.waitFor();
    const posts = countPosts(page, 'verification');
    await form.getByTestId('verification-inconclusive').check();
    await form.getByTestId('verification-reference').fill('CONSULAR-CN-77');
    await form.getByTestId('submit-verification').click();
    const error = form.getByTestId('field-error');
    await error.waitFor();
    await expect(error.textContent()).resolves.toBe('Say what information is still missing.');
    await expect(form.getByTestId('verification-moreInformation').evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    expect(posts.count).toBe(0);
    await expect(form.getByTestId('verification-reference').inputValue()).resolves.toBe('CONSULAR-CN-77');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await form.getByTestId('verification-confirmed').check();
    await form.getByTestId('submit-verification').click();
    await waitForStage(page, 'approvals');
    expect(posts.count).toBe(1);
    await page.locator('[data-testid="approval-row"][data-country="KH"][data-status="pending"]').waitFor();
    await page.locator('[data-testid="approval-row"][data-country="CN"][data-status="pending"]').waitFor();
    await page.context().close();
  });

  it("shows the server's refusal of an extension beyond the treaty profile's maximum on the days field", async () => {
    const page = await wb.signIn('legal', 'KH', { path: `/cases/${khCase}` });
    const form = page.getByTestId('action-clock-extensions');
    await form.waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await form.getByTestId('extension-clock').selectOption('immigration-detention');
    await form.getByTestId('extension-days').fill('200');
    await form.getByTestId('extension-decisionReference').fill('KH-COURT-2026-17');
    await form.getByTestId('submit-clock-extensions').click();
    const error = form.getByTestId('field-error');
    await error.waitFor();
    await expect(error.textContent()).resolves.toMatch(/at most 30 more day/);
    await expect(form.getByTestId('extension-decisionReference').inputValue()).resolves.toBe('KH-COURT-2026-17');
    await expect(form.getByTestId('extension-days').inputValue()).resolves.toBe('200');
    await page.context().close();
  });

  it('lets a supervisor place a legal hold and lift it', async () => {
    const page = await wb.signIn('supervisor', 'KH', { path: `/cases/${khCase}` });
    const hold = page.getByTestId('action-hold');
    await hold.waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await hold.getByTestId('submit-hold').click();
    await hold.getByTestId('field-error').waitFor();
    await hold.getByTestId('hold-reason').fill('Court order pending review');
    await hold.getByTestId('submit-hold').click();
    await page.getByTestId('hold-banner').waitFor();
    await expect(page.getByTestId('hold-banner').textContent()).resolves.toMatch(/Court order pending review/);
    const resume = page.getByTestId('action-resume');
    await resume.waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await resume.getByTestId('submit-resume').click();
    await page.getByTestId('hold-banner').waitFor({ state: 'detached' });
    await page.getByTestId('action-hold').waitFor();
    const actions = await timelineActions(khCase);
    expect(actions).toEqual(expect.arrayContaining(['legal-hold-placed', 'legal-hold-lifted']));
    await page.locator('[data-testid="timeline-row"][data-action="legal-hold-lifted"]').waitFor();
    await screenshot(page, 'web-case-kh-supervisor');
    await page.context().close();
  });

  it('shows a transit case with its route, clocks and custody chain, and says what it waits on to a monitor', async () => {
    const page = await wb.signIn('monitor', 'TH', { path: `/cases/${mmCase}` });
    await page.getByTestId('case-page').waitFor();
    await expect(page.getByTestId('case-route').textContent()).resolves.toMatch(/Myanmar → Thailand → China/);
    const hops = page.getByTestId('custody-row');
    await expect(hops.evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-event')}:${r.getAttribute('data-country')}`))).resolves.toEqual([
      'released-by-custodial:MM',
      'entered-transit:TH',
      'left-transit:TH',
      'received-by-receiving:CN',
    ]);
    await page.getByTestId('clock-row').first().waitFor();
    await page.getByTestId('timeline-row').first().waitFor();
    await page.getByTestId('no-actions').waitFor();
    await expect(page.getByTestId('waiting-on').textContent()).resolves.toMatch(/case officer of Myanmar/);
    await expect(page.getByTestId('countdown').count()).resolves.toBeGreaterThan(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'web-case-mm-monitor');
    await page.context().close();
  });

  it('tells another country the case is not found, and shows nothing of it', async () => {
    const page = await wb.signIn('officer', 'VN', { path: `/cases/${mmCase}` });
    await page.getByTestId('case-not-found').waitFor();
    await expect(page.getByTestId('case-page').count()).resolves.toBe(0);
    await expect(page.locator('body').textContent()).resolves.not.toMatch(/Web Case Person/);
  });
});
