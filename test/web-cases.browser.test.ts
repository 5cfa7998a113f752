/// <reference lib="dom" />
/**
 * The case list in Chromium, on a namespace of its own with 25 cases: 13 held by Cambodia (9 in
 * screening, 4 waiting on approvals) and 12 by Vietnam (9 and 3), all going to China. A deep link
 * filters the list; paging goes forward and back by the server's tokens and starts over when a filter
 * changes; a hand-edited link names the filter it cannot use; a Vietnamese officer sees none of
 * Cambodia's cases; a Cambodian supervisor selects cases on the list and approves them in one decision,
 * case by case (a case not waiting on approvals is refused with the server's reason). axe passes with
 * the filters and the bulk decision form open.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { CaseWalker } from '../scripts/demo-seed';
import type { Country, Role } from '../domain/people';
import { tokenFor } from './helpers/api';
import { screenshot, seriousAxeViolations, startWorkbench, type Workbench } from './helpers/browser';
import { eventually, injectApi } from './helpers/isolated-api';

let wb: Workbench;
const kh = { screening: [] as string[], approvals: [] as string[] };
const vn = { screening: [] as string[], approvals: [] as string[] };

async function listIds(query: string, role: Role, country: Country): Promise<string[]> {
  const res = await wb.app.inject({ method: 'GET', url: `/api/v1/cases?pageSize=100&${query}`, headers: { authorization: `Bearer ${await tokenFor(role, country)}` } });
  if (res.statusCode !== 200) throw new Error(`list: HTTP ${res.statusCode} ${res.body}`);
  return (JSON.parse(res.body) as { cases: { caseId: string }[] }).cases.map((c) => c.caseId);
}

function catalogue(language: string): { title: string; results: Record<string, string> } {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'web', 'src', 'i18n', 'locales', language, 'cases.json'), 'utf8')) as { title: string; results: Record<string, string> };
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

beforeAll(async () => {
  wb = await startWorkbench('handover-web-cases');
  const walker = new CaseWalker(injectApi(wb.app), (role, country) => tokenFor(role, country));
  const stamp = Date.now();
  const seed = async (custodial: 'KH' | 'VN', screening: number, approvals: number, into: typeof kh) => {
    into.screening = await Promise.all(
      Array.from({ length: screening }, async (_, i) => (await walker.register({ custodial, receiving: 'CN', externalReference: `WEB-CASES-${custodial}-S${i}-${stamp}` })).caseId),
    );
    into.approvals = await Promise.all(
      Array.from({ length: approvals }, async (_, i) => {
        const id = await walker.toApprovals({ custodial, receiving: 'CN', externalReference: `WEB-CASES-${custodial}-A${i}-${stamp}` });
        if (!id) throw new Error('seeding registered no new case');
        return id;
      }),
    );
  };
  await Promise.all([seed('KH', 9, 4, kh), seed('VN', 9, 3, vn)]);
  // Visibility follows the workflows within moments: wait until the list shows every case in its stage.
  await eventually(async () => (await listIds('stage=approvals', 'monitor', 'CN')).length === 7 && (await listIds('', 'monitor', 'CN')).length === 25, 'all 25 cases listed');
}, 180_000);

afterAll(async () => {
  await wb?.stop();
});

describe('the case list', () => {
  it('opens a deep link with its filters applied and shown in the form', async () => {
    const page = await wb.signIn('supervisor', 'KH', { path: '/cases?stage=approvals&custodialCountry=KH' });
    const ids = await untilRows(page, 4);
    expect(ids.sort()).toEqual([...kh.approvals].sort());
    for (const stage of await page.locator('[data-testid="stage-badge"]').evaluateAll((b) => b.map((e) => e.getAttribute('data-stage')))) {
      expect(stage).toBe('approvals');
    }
    await expect(page.getByTestId('filter-stage').inputValue()).resolves.toBe('approvals');
    await expect(page.getByTestId('filter-custodialCountry').inputValue()).resolves.toBe('KH');
    await expect(page.getByTestId('row-count').textContent()).resolves.toMatch(/Cases 1–4\./);
    const row = page.locator(`[data-testid="case-row"][data-case-id="${kh.approvals[0]}"]`);
    await expect(row.getByTestId('waiting-on').textContent()).resolves.toMatch(/supervisor of Cambodia/);
    await expect(row.locator('td').nth(3).textContent()).resolves.toMatch(/Cambodia → China/);
    await expect(page.getByRole('link', { name: kh.approvals[0] }).getAttribute('href')).resolves.toBe(`/cases/${kh.approvals[0]}`);
  });

  it('pages forward and back by the tokens seen, and starts over at page 1 when a filter changes', async () => {
    const page = await wb.signIn('monitor', 'CN', { path: '/cases' });
    const first = await untilRows(page, 20);
    await expect(page.getByTestId('page-number').textContent()).resolves.toBe('Page 1');
    await expect(page.getByTestId('page-previous').isDisabled()).resolves.toBe(true);
    const requests: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/v1/cases')) requests.push(r.url());
    });
    await page.getByTestId('page-next').click();
    const second = await untilRows(page, 5);
    expect(second.filter((id) => first.includes(id))).toEqual([]);
    expect([...first, ...second].sort()).toEqual([...kh.screening, ...kh.approvals, ...vn.screening, ...vn.approvals].sort());
    await expect(page.getByTestId('page-number').textContent()).resolves.toBe('Page 2');
    await expect(page.getByTestId('row-count').textContent()).resolves.toMatch(/Cases 21–25\./);
    await expect(page.getByTestId('page-next').isDisabled()).resolves.toBe(true);
    // One request for the page, none per row.
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatch(/pageToken=/);

    await page.getByTestId('page-previous').click();
    expect(await untilRows(page, 20)).toEqual(first);
    await page.getByTestId('page-next').click();
    await untilRows(page, 5);

    // A filter applied with Enter: written to the URL, and paging starts over.
    await page.getByTestId('filter-stage').selectOption('screening');
    await page.getByTestId('filter-search').press('Enter');
    await page.waitForURL(/stage=screening/);
    // The page number goes once the first page of the new filter is on screen.
    await page.getByTestId('page-number').waitFor({ state: 'detached' });
    expect((await untilRows(page, 18)).sort()).toEqual([...kh.screening, ...vn.screening].sort());

    await page.getByTestId('page-size').selectOption('50');
    await page.waitForURL(/pageSize=50/);
    await untilRows(page, 18);

    await page.getByTestId('filters-clear').click();
    await page.waitForURL((url) => url.search === '?pageSize=50');
    await untilRows(page, 25);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'web-cases-monitor');
  });

  it('names the filters of a hand-edited link it cannot use instead of breaking, and recovers', async () => {
    const page = await wb.signIn('monitor', 'CN', { path: '/cases?stage=nonsense&legalDeadlineWithinDays=abc&registeredFrom=2026-02-01&registeredTo=2026-01-01' });
    const alert = page.getByTestId('url-problem');
    await alert.waitFor();
    const fields = await alert.locator('li').evaluateAll((items) => items.map((i) => i.getAttribute('data-field')));
    expect(fields.sort()).toEqual(['legalDeadlineWithinDays', 'registeredTo', 'stage']);
    await expect(alert.textContent()).resolves.toMatch(/Stage: Choose one of the listed values\./);
    await expect(alert.textContent()).resolves.toMatch(/Legal deadline within \(days\): Enter a number of clock days from 0 to 365\./);
    await expect(page.getByTestId('case-table').count()).resolves.toBe(0);
    await expect(page.getByTestId('filter-legalDeadlineWithinDays').getAttribute('aria-invalid')).resolves.toBe('true');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'web-cases-bad-link');

    // Correcting the bad values in the form: the dates are checked against each other as well.
    await page.getByTestId('filter-stage').selectOption('');
    await page.getByTestId('filter-legalDeadlineWithinDays').fill('');
    await page.getByTestId('filters-apply').click();
    await page.getByTestId('case-filters').getByText('Must not be before "Registered from".').waitFor();
    expect(page.url()).toMatch(/stage=nonsense/);
    await page.getByTestId('filter-registeredTo').fill('2099-12-31');
    await page.getByTestId('filters-apply').click();
    await page.waitForURL((url) => !url.search.includes('nonsense'));
    expect(new URL(page.url()).searchParams.toString()).toBe('registeredFrom=2026-02-01&registeredTo=2099-12-31');
    await expect(page.getByTestId('url-problem').count()).resolves.toBe(0);
    await untilRows(page, 20);
  });

  it("shows a Vietnamese officer Vietnam's cases and none of Cambodia's, in Vietnamese", async () => {
    const page = await wb.signIn('officer', 'VN', { path: '/cases', locale: 'vi-VN' });
    const ids = await untilRows(page, 12);
    const vi = catalogue('vi');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(vi.title);
    await expect(page.getByTestId('row-count').textContent()).resolves.toBe(vi.results.range.replace('{{from}}', '1').replace('{{to}}', '12'));
    await screenshot(page, 'web-cases-vi');
    expect(ids.sort()).toEqual([...vn.screening, ...vn.approvals].sort());
    await expect(page.getByTestId('link-register').getAttribute('href')).resolves.toBe('/register');
    await expect(page.getByTestId('link-import').getAttribute('href')).resolves.toBe('/import');
    // An officer selects cases for an operation or a schedule, never for a decision.
    await expect(page.getByTestId('select-case').count()).resolves.toBe(12);
    await expect(page.getByTestId('bulk-approval').count()).resolves.toBe(0);

    // Even searching for one by its id finds nothing.
    await page.getByTestId('filter-search').fill(kh.approvals[0]);
    await page.getByTestId('filter-search').press('Enter');
    await page.getByTestId('no-cases').waitFor();
    await expect(page.getByTestId('no-cases').textContent()).resolves.toBe(vi.results.noneMatch);
    await page.getByTestId('filter-search').fill(vn.approvals[0]);
    await page.getByTestId('filter-search').press('Enter');
    expect(await untilRows(page, 1)).toEqual([vn.approvals[0]]);
  });

  it('lets a Cambodian supervisor select cases across pages and approve them in one decision, case by case', async () => {
    const page = await wb.signIn('supervisor', 'KH', { path: '/cases?custodialCountry=KH&pageSize=10' });
    const firstPage = await untilRows(page, 10);
    await page.getByTestId('select-page').check();
    await expect(page.getByTestId('selected-count').textContent()).resolves.toBe('10 cases selected');
    await page.getByTestId('select-page').uncheck();
    await expect(page.getByTestId('selected-count').textContent()).resolves.toBe('0 cases selected');

    // Pick every approvals case wherever it is listed, and one screening case that cannot be approved.
    const screeningPick = firstPage.find((id) => kh.screening.includes(id))!;
    const pick = async (ids: string[]) => {
      for (const id of ids) await page.locator(`[data-case-id="${id}"] [data-testid="select-case"]`).check();
    };
    await pick([screeningPick, ...firstPage.filter((id) => kh.approvals.includes(id))]);
    await page.getByTestId('page-next').click();
    const secondPage = await untilRows(page, 3);
    await pick(secondPage.filter((id) => kh.approvals.includes(id)));
    await expect(page.getByTestId('selected-count').textContent()).resolves.toBe('5 cases selected');

    // The rejection's fields open for axe, then the person settles on approving.
    const form = page.getByTestId('action-approvals-bulk');
    await form.getByTestId('bulk-decision-reject').check();
    await form.getByTestId('bulk-reason').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await form.getByTestId('bulk-submit').click();
    await form.getByText('Give the reason for the rejection.').waitFor();
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/v1/approvals/bulk')) posts.push(r.postData() ?? '');
    });
    // Rejecting with closure asks once more; cancelling sends nothing.
    await form.getByTestId('bulk-reason').fill('Not ours to receive');
    await form.getByTestId('bulk-next-close').check();
    await form.getByTestId('bulk-submit').click();
    await form.getByTestId('bulk-confirm').waitFor();
    await expect(form.getByTestId('bulk-confirm-yes').textContent()).resolves.toBe('Yes, reject and close 5 cases');
    await form.getByTestId('bulk-confirm-cancel').click();
    await form.getByTestId('bulk-submit').waitFor();
    expect(posts).toEqual([]);
    await form.getByTestId('bulk-decision-approve').check();
    await form.getByTestId('bulk-notes').fill('Manifest checked at the checkpoint');
    await expect(form.getByTestId('bulk-submit').textContent()).resolves.toBe('Approve 5 cases');
    await form.getByTestId('bulk-submit').dblclick();
    const results = page.getByTestId('bulk-results');
    await results.waitFor();
    expect(posts).toHaveLength(1);
    const body = JSON.parse(posts[0]) as { caseIds: string[]; approval: Record<string, unknown> };
    expect(body.caseIds.sort()).toEqual([screeningPick, ...kh.approvals].sort());
    expect(body.approval).toEqual({ requestId: expect.stringMatching(/^web-/), decision: 'approve', notes: 'Manifest checked at the checkpoint' });

    const statuses = Object.fromEntries(
      await results.locator('[data-testid="bulk-result-row"]').evaluateAll((rows) =>
        rows.map((r) => [r.getAttribute('data-case-id'), r.querySelector('[data-testid="bulk-result-status"]')?.getAttribute('data-status')]),
      ),
    );
    expect(statuses).toEqual({ ...Object.fromEntries(kh.approvals.map((id) => [id, 'approved'])), [screeningPick]: 'refused' });
    const refusedRow = results.locator(`[data-case-id="${screeningPick}"]`);
    await expect(refusedRow.getByTestId('bulk-result-detail').textContent()).resolves.not.toBe('');
    await expect(page.getByTestId('bulk-summary').textContent()).resolves.toBe('4 approved · 1 not allowed');
    await page.waitForFunction(() => document.activeElement?.textContent === 'Result for 5 cases');
    await expect(page.getByTestId('selected-count').textContent()).resolves.toBe('0 cases selected');
    await expect(form.getByTestId('bulk-notes').inputValue()).resolves.toBe('');
    // The rows shown follow the answer: Cambodia's approval no longer waits on its supervisor.
    for (const id of secondPage.filter((i) => kh.approvals.includes(i))) {
      await expect(page.locator(`[data-case-id="${id}"] [data-testid="waiting-on"]`).textContent()).resolves.not.toMatch(/supervisor of Cambodia/);
    }
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'web-cases-bulk');

    // The server agrees: each case has Cambodia's release approved, once.
    for (const id of kh.approvals) {
      const res = await wb.app.inject({ method: 'GET', url: `/api/v1/cases/${id}`, headers: { authorization: `Bearer ${await tokenFor('monitor', 'KH')}` } });
      const view = JSON.parse(res.body) as { approvals: { country: string; status: string }[] };
      expect(view.approvals.find((a) => a.country === 'KH')?.status).toBe('approved');
    }
  });

  it('ran without a page error or a Content-Security-Policy violation', () => {
    expect(wb.pageErrors).toEqual([]);
  });
});
