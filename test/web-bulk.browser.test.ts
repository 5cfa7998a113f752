/// <reference lib="dom" />
/**
 * The case list's bulk actions in Chromium, on a namespace of its own. Cambodia holds 11 cases going to
 * China and one going to Vietnam: 4 approved by both countries (ready to schedule), 2 waiting on
 * approvals, 6 in screening (one of them the Vietnam case); Cambodia has an open operation to China. A
 * Cambodian supervisor selects cases on two pages and adds them to the operation (the Vietnam case is
 * refused with the operation's reason and stays selected), schedules the ready cases and one that is
 * not ready (refused with the case's reason) with one schedule, and approves the two waiting cases in
 * bulk. An officer is offered the operation and the schedule but not the decision; a legal officer
 * selects nothing. axe passes on every state shown.
 */
import type { Page } from 'playwright-core';
import { CaseWalker } from '../scripts/demo-seed';
import type { Country, Role } from '../domain/people';
import { tokenFor } from './helpers/api';
import { screenshot, seriousAxeViolations, startWorkbench, type Workbench } from './helpers/browser';
import { eventually, injectApi } from './helpers/isolated-api';

let wb: Workbench;
const seeded = { ready: [] as string[], approvals: [] as string[], screening: [] as string[], toVietnam: '' };
let operationId = '';

async function api<T>(method: 'GET' | 'POST', url: string, role: Role, country: Country, body?: unknown): Promise<T> {
  const res = await wb.app.inject({ method, url, headers: { authorization: `Bearer ${await tokenFor(role, country)}` }, ...(body ? { payload: body } : {}) });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: HTTP ${res.statusCode} ${res.body}`);
  return JSON.parse(res.body) as T;
}

async function rowIds(page: Page): Promise<string[]> {
  return page.locator('[data-testid="case-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-case-id') ?? ''));
}

/** The table once it shows `n` rows and nothing is loading. */
async function untilRows(page: Page, n: number): Promise<string[]> {
  await page.waitForFunction(
    (count) =>
      document.querySelectorAll('[data-testid="case-row"]').length === count &&
      document.querySelector('[data-testid="row-count"]')?.getAttribute('aria-busy') === 'false',
    n,
  );
  return rowIds(page);
}

/** Ticks the given cases wherever they are listed, on page 1 and page 2, and comes back to page 1. */
async function selectAcrossPages(page: Page, ids: readonly string[]): Promise<void> {
  const tick = async () => {
    for (const id of await rowIds(page)) if (ids.includes(id)) await page.locator(`[data-case-id="${id}"] [data-testid="select-case"]`).check();
  };
  await tick();
  await page.getByTestId('page-next').click();
  await untilRows(page, 2);
  await tick();
  await page.getByTestId('page-previous').click();
  await untilRows(page, 10);
}

async function statusesOf(page: Page, testId: string): Promise<Record<string, string>> {
  return Object.fromEntries(
    await page
      .getByTestId(testId)
      .locator('[data-testid="bulk-result-row"]')
      .evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-case-id'), r.querySelector('[data-testid="bulk-result-status"]')?.getAttribute('data-status')])),
  );
}

async function noSeriousAxe(page: Page): Promise<void> {
  expect(await seriousAxeViolations(page)).toEqual([]);
}

beforeAll(async () => {
  wb = await startWorkbench('handover-web-bulk');
  const walker = new CaseWalker(injectApi(wb.app), (role, country) => tokenFor(role, country));
  const stamp = Date.now();
  const ref = (name: string) => `WEB-BULK-${name}-${stamp}`;
  const toApprovals = async (name: string) => {
    const id = await walker.toApprovals({ custodial: 'KH', receiving: 'CN', externalReference: ref(name) });
    if (!id) throw new Error('seeding registered no new case');
    return id;
  };
  const [ready, approvals, screening, toVietnam] = await Promise.all([
    Promise.all([0, 1, 2, 3].map(async (i) => {
      const id = await toApprovals(`R${i}`);
      await walker.approve(id, 'KH');
      await walker.approve(id, 'CN');
      return id;
    })),
    Promise.all([0, 1].map((i) => toApprovals(`A${i}`))),
    Promise.all([0, 1, 2, 3, 4].map(async (i) => (await walker.register({ custodial: 'KH', receiving: 'CN', externalReference: ref(`S${i}`) })).caseId)),
    walker.register({ custodial: 'KH', receiving: 'VN', externalReference: ref('VN') }).then((r) => r.caseId),
  ]);
  Object.assign(seeded, { ready, approvals, screening, toVietnam });
  const now = Date.now();
  operationId = (
    await api<{ operationId: string }>('POST', '/api/v1/operations', 'officer', 'KH', {
      requestId: `web-bulk-op-${stamp}`,
      name: 'Bavet convoy, round 1',
      custodialCountry: 'KH',
      receivingCountry: 'CN',
      handoverPoint: 'Bavet checkpoint',
      transport: 'land',
      escort: 'KH police escort',
      window: { start: new Date(now + 86_400_000).toISOString(), end: new Date(now + 3 * 86_400_000).toISOString() },
      capacity: 20,
    })
  ).operationId;
  await eventually(async () => {
    const list = await api<{ cases: { stage: string }[] }>('GET', '/api/v1/cases?pageSize=100&custodialCountry=KH', 'monitor', 'KH');
    const ops = await api<{ operations: unknown[] }>('GET', '/api/v1/operations?status=open', 'officer', 'KH');
    return list.cases.length === 12 && list.cases.filter((c) => c.stage === 'scheduling').length === 4 && ops.operations.length === 1;
  }, 'all 12 cases and the operation listed');
}, 180_000);

afterAll(async () => {
  await wb?.stop();
});

describe('bulk actions on the case list', () => {
  it('adds cases selected on two pages to an operation, schedules them, and approves others, case by case', async () => {
    const page = await wb.signIn('supervisor', 'KH', { path: '/cases?custodialCountry=KH&pageSize=10' });
    await untilRows(page, 10);
    for (const id of ['bulk-operation', 'bulk-schedule', 'bulk-approval']) await page.getByTestId(id).waitFor();
    await page.getByTestId('bulk-operation-id').locator(`option[value="${operationId}"]`).waitFor({ state: 'attached' });
    await expect(page.getByTestId('selected-count').textContent()).resolves.toBe('0 cases selected');
    await noSeriousAxe(page);

    // ---- Add to the operation: the ready cases and the Vietnam case, picked on both pages ------------
    const toAdd = [...seeded.ready, seeded.toVietnam];
    await selectAcrossPages(page, toAdd);
    await expect(page.getByTestId('selected-count').textContent()).resolves.toBe('5 cases selected');
    await expect(page.getByTestId('selection').getByRole('link').allTextContents()).resolves.toEqual(['Go to the decision form', 'Add to an operation', 'Schedule the handover']);
    const opForm = page.getByTestId('action-operation-bulk');
    const posts: { url: string; body: string }[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/api/v1/')) posts.push({ url: r.url(), body: r.postData() ?? '' });
    });
    // No operation chosen: refused in the browser, nothing sent.
    await opForm.getByTestId('bulk-operation-submit').click();
    await opForm.getByText('Choose the operation the cases go to.').waitFor();
    expect(posts).toEqual([]);
    await noSeriousAxe(page);
    await opForm.getByTestId('bulk-operation-id').selectOption(operationId);
    await expect(opForm.getByTestId('bulk-operation-submit').textContent()).resolves.toBe('Add 5 cases');
    await opForm.getByTestId('bulk-operation-submit').dblclick();
    await page.getByTestId('operation-results').waitFor();
    expect(posts).toHaveLength(1);
    expect(posts[0].url).toMatch(new RegExp(`/api/v1/operations/${operationId}/cases$`));
    expect(JSON.parse(posts[0].body)).toEqual({ requestId: expect.stringMatching(/^web-/), action: 'add', caseIds: expect.arrayContaining(toAdd) });
    expect(await statusesOf(page, 'operation-results')).toEqual({ ...Object.fromEntries(seeded.ready.map((id) => [id, 'added'])), [seeded.toVietnam]: 'refused' });
    const refused = page.getByTestId('operation-results').locator(`[data-case-id="${seeded.toVietnam}"] [data-testid="bulk-result-detail"]`);
    await expect(refused.textContent()).resolves.toBe('the case goes KH→VN, the operation KH→CN');
    await expect(page.getByTestId('operation-results').getByTestId('bulk-summary').textContent()).resolves.toBe('4 added · 1 not allowed');
    await expect(page.getByTestId('operation-board-link').getAttribute('href')).resolves.toBe(`/operations/${operationId}`);
    await expect(page.getByTestId('operation-results').getByRole('link', { name: seeded.ready[0] }).getAttribute('href')).resolves.toBe(`/cases/${seeded.ready[0]}`);
    // The refused case stays selected; the added ones are done.
    await expect(page.getByTestId('selected-count').textContent()).resolves.toBe('1 case selected');
    await noSeriousAxe(page);
    await screenshot(page, 'web-bulk-operation');
    const board = await api<{ manifest: { total: number; entries: { caseId: string }[] } }>('GET', `/api/v1/operations/${operationId}?limit=50`, 'officer', 'KH');
    expect(board.manifest.entries.map((e) => e.caseId).sort()).toEqual([...seeded.ready].sort());

    // ---- Schedule: the ready cases and the Vietnam case (still in screening) --------------------------
    await selectAcrossPages(page, seeded.ready);
    await expect(page.getByTestId('selected-count').textContent()).resolves.toBe('5 cases selected');
    const scheduleForm = page.getByTestId('action-schedule-bulk');
    posts.length = 0;
    await scheduleForm.getByTestId('bulk-schedule-submit').click();
    await scheduleForm.getByTestId('field-error').first().waitFor();
    expect(await scheduleForm.getByTestId('field-error').count()).toBeGreaterThanOrEqual(4);
    expect(posts).toEqual([]);
    await noSeriousAxe(page);
    const day = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    await scheduleForm.getByTestId('bulk-schedule-agreedDate').fill(`${day}T09:30`);
    await scheduleForm.getByTestId('bulk-schedule-handoverPoint').fill('Bavet checkpoint');
    await scheduleForm.getByTestId('bulk-schedule-transport').selectOption('land');
    await scheduleForm.getByTestId('bulk-schedule-escort').fill('KH police escort');
    await scheduleForm.getByTestId('bulk-schedule-flight').fill('Convoy 3');
    await expect(scheduleForm.getByTestId('field-error').count()).resolves.toBe(0);
    await scheduleForm.getByTestId('bulk-schedule-submit').click();
    await page.getByTestId('schedule-results').waitFor();
    expect(posts).toHaveLength(1);
    expect(posts[0].url).toMatch(/\/api\/v1\/schedules\/bulk$/);
    const sent = JSON.parse(posts[0].body) as { caseIds: string[]; schedule: Record<string, unknown> };
    expect(sent.caseIds.sort()).toEqual(toAdd.sort());
    // The browser's wall time with its offset (the context runs in Asia/Bangkok).
    expect(sent.schedule).toEqual({ requestId: expect.stringMatching(/^web-/), agreedDate: `${day}T09:30:00+07:00`, handoverPoint: 'Bavet checkpoint', transport: 'land', escort: 'KH police escort', flight: 'Convoy 3' });
    expect(await statusesOf(page, 'schedule-results')).toEqual({ ...Object.fromEntries(seeded.ready.map((id) => [id, 'scheduled'])), [seeded.toVietnam]: 'refused' });
    await expect(page.getByTestId('schedule-results').locator(`[data-case-id="${seeded.toVietnam}"] [data-testid="bulk-result-detail"]`).textContent()).resolves.not.toBe('');
    await expect(page.getByTestId('schedule-results').getByTestId('bulk-summary').textContent()).resolves.toBe('4 scheduled · 1 not allowed');
    await page.waitForFunction(() => document.activeElement?.textContent === 'Result for 5 cases');
    await expect(page.getByTestId('selected-count').textContent()).resolves.toBe('1 case selected');
    await noSeriousAxe(page);
    await screenshot(page, 'web-bulk-schedule');
    for (const id of seeded.ready) {
      const view = await api<{ schedule?: { agreedDate: string; handoverPoint: string; version: number } }>('GET', `/api/v1/cases/${id}`, 'monitor', 'KH');
      expect(view.schedule).toMatchObject({ agreedDate: `${day}T09:30:00+07:00`, handoverPoint: 'Bavet checkpoint', version: 1 });
    }

    // ---- Approve the two waiting cases in bulk -------------------------------------------------------
    await page.getByTestId('selection-clear').click();
    await expect(page.getByTestId('selected-count').textContent()).resolves.toBe('0 cases selected');
    await selectAcrossPages(page, seeded.approvals);
    await expect(page.getByTestId('selected-count').textContent()).resolves.toBe('2 cases selected');
    const approvalForm = page.getByTestId('action-approvals-bulk');
    await approvalForm.getByTestId('bulk-submit').click();
    await page.getByTestId('bulk-results').waitFor();
    expect(await statusesOf(page, 'bulk-results')).toEqual(Object.fromEntries(seeded.approvals.map((id) => [id, 'approved'])));
    await expect(page.getByTestId('bulk-results').getByTestId('bulk-summary').textContent()).resolves.toBe('2 approved');
    await expect(page.getByTestId('selected-count').textContent()).resolves.toBe('0 cases selected');
    await noSeriousAxe(page);
  });

  it('offers an officer the operation and the schedule but not the decision, and a legal officer no selection', async () => {
    const officer = await wb.signIn('officer', 'KH', { path: '/cases?custodialCountry=KH&pageSize=10' });
    await untilRows(officer, 10);
    await officer.getByTestId('bulk-schedule').waitFor();
    await expect(officer.getByTestId('bulk-operation').count()).resolves.toBe(1);
    await expect(officer.getByTestId('bulk-approval').count()).resolves.toBe(0);
    await officer.locator('[data-testid="select-case"]').first().check();
    await expect(officer.getByTestId('selection').getByRole('link').allTextContents()).resolves.toEqual(['Add to an operation', 'Schedule the handover']);
    await noSeriousAxe(officer);

    const legal = await wb.signIn('legal', 'KH', { path: '/cases?custodialCountry=KH&pageSize=10' });
    await untilRows(legal, 10);
    await expect(legal.getByTestId('select-case').count()).resolves.toBe(0);
    for (const id of ['bulk-operation', 'bulk-schedule', 'bulk-approval', 'selection']) await expect(legal.getByTestId(id).count()).resolves.toBe(0);
  });

  it('ran without a page error or a Content-Security-Policy violation', () => {
    expect(wb.pageErrors).toEqual([]);
  });
});
