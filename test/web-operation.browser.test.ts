/// <reference lib="dom" />
/**
 * Putting an operation together in Chromium, on a namespace of its own. Myanmar holds four cases going
 * to China through Thailand (waiting on approvals) and one going to Vietnam. A Myanmar officer creates
 * the operation through the form (a refused field first, what was typed kept), pastes the five ids (the
 * Vietnam case is refused with the operation's reason and stays in the box), filters the manifest by
 * whom the people wait on, removes one person with a reason (asked for first), which the case's own
 * timeline records, and exports the manifest as CSV. A Thai supervisor reads the board without the
 * forms. axe passes on every state shown.
 */
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { CaseWalker } from '../scripts/demo-seed';
import type { Country, Role } from '../domain/people';
import { tokenFor } from './helpers/api';
import { screenshot, seriousAxeViolations, startWorkbench, type Workbench } from './helpers/browser';
import { injectApi } from './helpers/isolated-api';

let wb: Workbench;
let route: string[] = [];
let toVietnam = '';

async function api<T>(method: 'GET' | 'POST', url: string, role: Role, country: Country, body?: unknown): Promise<T> {
  const res = await wb.app.inject({ method, url, headers: { authorization: `Bearer ${await tokenFor(role, country)}` }, ...(body ? { payload: body } : {}) });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: HTTP ${res.statusCode} ${res.body}`);
  return JSON.parse(res.body) as T;
}

async function noSeriousAxe(page: Page): Promise<void> {
  expect(await seriousAxeViolations(page)).toEqual([]);
}

async function manifestIds(page: Page): Promise<string[]> {
  return page.locator('[data-testid="manifest-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-case-id') ?? ''));
}

beforeAll(async () => {
  wb = await startWorkbench('handover-web-operation');
  const walker = new CaseWalker(injectApi(wb.app), (role, country) => tokenFor(role, country));
  const stamp = Date.now();
  const toApprovals = async (name: string, receiving: Country, transit: Country[]) => {
    const id = await walker.toApprovals({ custodial: 'MM', receiving, transit, externalReference: `WEB-OP-${name}-${stamp}` });
    if (!id) throw new Error('seeding registered no new case');
    return id;
  };
  route = await Promise.all([1, 2, 3, 4].map((i) => toApprovals(`CN${i}`, 'CN', ['TH'])));
  toVietnam = await toApprovals('VN', 'VN', []);
});

afterAll(async () => {
  await wb?.stop();
});

describe('an operation put together in the workbench', () => {
  it('is created through the form, filled by pasted ids, filtered, trimmed with a reason and exported', async () => {
    const page = await wb.signIn('officer', 'MM', { path: '/operations' });
    await page.getByTestId('operation-new').click();
    const form = page.getByTestId('operation-create');
    await form.waitFor();
    await noSeriousAxe(page);

    // Refused before sending: no receiving country, a capacity the contract does not allow; typed text stays.
    await page.getByTestId('create-name').fill('Mae Sot airlift, round 2');
    await page.getByTestId('create-handoverPoint').fill('Mae Sot airport');
    await page.getByTestId('create-transport').selectOption('air');
    await page.getByTestId('create-escort').fill('police escort');
    await page.getByTestId('create-window-start').fill('2027-02-20T06:00');
    await page.getByTestId('create-window-end').fill('2027-02-24T18:00');
    await page.getByTestId('create-capacity').fill('0');
    await page.getByTestId('create-submit').click();
    await form.getByTestId('field-error').first().waitFor();
    // Nothing was sent: the receiving country and the capacity carry their rule's message.
    expect(await form.locator('.has-error').count()).toBe(2);
    expect(await page.getByTestId('create-capacity').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('create-name').inputValue()).toBe('Mae Sot airlift, round 2');
    await noSeriousAxe(page);
    await screenshot(page, 'operation-create-refused');

    await page.getByTestId('create-receiving').selectOption('CN');
    await page.getByTestId('transit-add').click();
    await page.getByTestId('transit-0').selectOption('TH');
    await page.getByTestId('create-capacity').fill('50');
    await page.getByTestId('create-submit').click();
    await page.waitForURL(/\/operations\/operation-MM-2027/);
    const operationId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    await page.getByTestId('operation-title').filter({ hasText: 'Mae Sot airlift, round 2' }).waitFor();
    const created = await api<{ details: { transitCountries: string[]; capacity: number; window: { start: string } } }>('GET', `/api/v1/operations/${operationId}`, 'officer', 'MM');
    expect(created.details.transitCountries).toEqual(['TH']);
    expect(created.details.capacity).toBe(50);
    // The wall time typed in Bangkok (UTC+7), sent with its offset.
    expect(Date.parse(created.details.window.start)).toBe(Date.parse('2027-02-19T23:00:00Z'));
    await page.getByTestId('manifest-empty').waitFor();
    await noSeriousAxe(page);

    // Add by pasting: the four on the route are added, the Vietnam case refused and kept in the box.
    await page.getByTestId('manifest-change-ids').fill([...route, toVietnam].join(', '));
    await page.getByTestId('manifest-change-submit').click();
    const results = page.getByTestId('manifest-change-result');
    await results.nth(4).waitFor();
    const byCase = Object.fromEntries(await results.evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-case-id'), r.getAttribute('data-result')])));
    expect(byCase).toEqual({ ...Object.fromEntries(route.map((id) => [id, 'added'])), [toVietnam]: 'refused' });
    await expect(page.locator(`[data-testid="manifest-change-result"][data-case-id="${toVietnam}"]`).textContent()).resolves.toContain("the case goes MM→VN, the operation MM→TH→CN");
    expect(await page.getByTestId('manifest-change-ids').inputValue()).toBe(toVietnam);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="manifest-row"]').length === 4);
    expect((await manifestIds(page)).sort()).toEqual([...route].sort());
    await noSeriousAxe(page);
    await screenshot(page, 'operation-manifest-added');

    // Filter by whom they wait on: every one of them waits on the approvals of China and Thailand.
    await api('GET', `/api/v1/operations/${operationId}?refresh=true`, 'officer', 'MM');
    await page.reload();
    await page.getByTestId('manifest-row').first().waitFor();
    const waiting = await page.getByTestId('manifest-waiting-filter').locator('option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value).filter(Boolean));
    expect(waiting.length).toBeGreaterThan(0);
    await page.getByTestId('manifest-waiting-filter').selectOption(waiting[0]);
    await page.waitForURL(/waitingOn=/);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="manifest-row"]').length > 0);
    const filtered = await api<{ manifest: { total: number } }>('GET', `/api/v1/operations/${operationId}?waitingOn=${encodeURIComponent(waiting[0])}`, 'officer', 'MM');
    expect(await page.getByTestId('manifest-row').count()).toBe(filtered.manifest.total);
    await page.getByTestId('manifest-status-filter').selectOption('ready');
    await page.getByTestId('manifest-empty').waitFor();
    await page.getByTestId('manifest-status-filter').selectOption('');
    await page.getByTestId('manifest-waiting-filter').selectOption('');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="manifest-row"]').length === 4);
    await noSeriousAxe(page);

    // Remove one: the reason is asked for first; the case's own timeline says why it left.
    const leaving = route[0];
    await page.locator(`[data-testid="manifest-row"][data-case-id="${leaving}"] [data-testid="manifest-remove"]`).click();
    expect(await page.getByTestId('manifest-change-ids').inputValue()).toBe(leaving);
    await page.getByTestId('manifest-change-submit').click();
    await page.getByTestId('manifest-change-form').getByTestId('field-error').waitFor();
    await noSeriousAxe(page);
    await page.getByTestId('manifest-change-reason').fill('needs a medical check before travel');
    await page.getByTestId('manifest-change-submit').click();
    await page.locator(`[data-testid="manifest-change-result"][data-case-id="${leaving}"][data-result="removed"]`).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="manifest-row"]').length === 3);
    const left = await api<{ operationId?: string }>('GET', `/api/v1/cases/${leaving}`, 'officer', 'MM');
    expect(left.operationId).toBeUndefined();
    const timeline = await api<{ events: { action: string; detail?: string }[] }>('GET', `/api/v1/cases/${leaving}/timeline`, 'officer', 'MM');
    expect(timeline.events.find((e) => e.action === 'operation-left')?.detail).toBe(`${operationId}: needs a medical check before travel`);

    // The whole manifest as CSV: a header and one row per person still on it.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('manifest-export').click()]);
    expect(download.suggestedFilename()).toBe(`${operationId}-manifest.csv`);
    const csv = fs.readFileSync((await download.path()), 'utf8').replace(/^\ufeff/, '').trim().split('\r\n');
    expect(csv[0]).toBe('Case,Readiness,Stage,Outcome,Waiting on,Flight or convoy,Exception,Left out because');
    expect(csv.slice(1).map((line) => line.split(',')[0]).sort()).toEqual(route.slice(1).sort());

    // A transit country's supervisor reads the board without the forms.
    const thai = await wb.signIn('supervisor', 'TH', { path: `/operations/${operationId}` });
    await thai.getByTestId('manifest-row').first().waitFor();
    expect(await thai.getByTestId('manifest-change').count()).toBe(0);
    expect(await thai.getByTestId('manifest-remove').count()).toBe(0);
    expect(await thai.getByTestId('operation-new').count()).toBe(0);
    await noSeriousAxe(thai);
    expect(wb.pageErrors).toEqual([]);
  });
});
