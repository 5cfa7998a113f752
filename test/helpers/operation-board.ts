/// <reference lib="dom" />
/**
 * What the browser tests of an operation share: the API as a given person, the board as they see it,
 * the per-person answer of a flight event, and wall times typed in the browser's zone.
 */
import type { Page } from 'playwright-core';
import type { Country, Role } from '../../domain/people';
import { tokenFor } from './api';
import type { Workbench } from './browser';

/** One call to the workbench's API as this person; a non-2xx answer throws with its body. */
export async function apiAs<T>(wb: Workbench, method: 'GET' | 'POST', url: string, role: Role, country: Country, body?: unknown): Promise<T> {
  const res = await wb.app.inject({ method, url, headers: { authorization: `Bearer ${await tokenFor(role, country)}` }, ...(body ? { payload: body } : {}) });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: HTTP ${res.statusCode} ${res.body}`);
  return JSON.parse(res.body) as T;
}

/** A datetime-local value in the test browser's zone (Asia/Bangkok, UTC+7, no daylight saving). */
export function bangkokLocal(ms: number): string {
  return new Date(ms + 7 * 3_600_000).toISOString().slice(0, 16);
}

/** Signs this person in on the operation's board, once its flights section is shown. */
export async function openBoard(wb: Workbench, operationId: string, role: Role, country: Country): Promise<Page> {
  const page = await wb.signIn(role, country, { path: '/operations' });
  await page.goto(`${wb.baseUrl}/operations/${encodeURIComponent(operationId)}`);
  await page.getByTestId('operation-title').waitFor({ timeout: 120_000 });
  await page.locator('#operation-flights').waitFor({ timeout: 120_000 }).catch(async () => {
    throw new Error(`board not shown: ${(await page.locator('main').textContent()) ?? ''} ${wb.pageErrors.join(' ')}`);
  });
  return page;
}

/** The answer to a flight's last event, person by person: case id → recorded, exception or refused. */
export async function flightResults(page: Page, flight: string, expected?: number): Promise<Record<string, string>> {
  const rows = page.getByTestId(`boarding-${flight}-results`).locator('[data-testid="flight-event-result"]');
  await (expected ? rows.nth(expected - 1) : rows.first()).waitFor({ timeout: 300_000 }).catch(async (err: unknown) => {
    const shown = await page.getByTestId(`flight-${flight}`).textContent().catch(() => '');
    throw new Error(`${flight}: ${rows.toString()} never showed ${expected ?? 1} answers; the flight's section reads: ${shown?.slice(0, 2000) ?? ''} (${String(err)})`);
  });
  const pairs = await rows.evaluateAll((rs) => rs.map((r) => [r.getAttribute('data-case-id') ?? '', r.getAttribute('data-result') ?? '']));
  return Object.fromEntries(pairs);
}

/** The case ids on a flight's passenger list, in seat order, once the list has loaded. */
export async function passengers(page: Page, flight: string): Promise<string[]> {
  const list = page.getByTestId(`flight-passengers-${flight}`);
  await page.waitForFunction((id) => document.querySelector(`[data-testid="flight-passengers-${id}"]`)?.getAttribute('aria-busy') === 'false', flight);
  return list.locator('li').allTextContents();
}
