/// <reference lib="dom" />
/**
 * A 200-person airlift from Myanmar to China through Thailand, driven through the workbench in Chromium
 * on a namespace of its own, the way the February 2025 Mae Sot transfers ran: 50 people a flight, four
 * flights.
 *
 * A Myanmar officer imports the arrest file and keeps its registered cases as CSV, creates the
 * operation and fills its manifest from that file. Each person's screening (Myanmar) and identity
 * verification (China) are individual interviews recorded through the API, as the single-case forms
 * are tested on their own. The supervisors of Myanmar, Thailand and China then approve the whole
 * manifest in bulk from the case list; the Myanmar officer plans four flights at the cut-off and
 * releases them with three people who did not board; Thailand records each flight's transit; China
 * receives them with two identity mismatches. The three who stayed behind fly on a fifth flight. Every
 * exception is checked on the person's own case page, the roll-up counts 198 handed over, and axe
 * passes on every state shown.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { CaseWalker } from '../scripts/demo-seed';
import type { Country, Role } from '../domain/people';
import { tokenFor } from './helpers/api';
import { arrestRow, arrestsCsv } from './helpers/arrest-rows';
import { seriousAxeViolations, startWorkbench, type Workbench } from './helpers/browser';
import { eventually, injectApi } from './helpers/isolated-api';
import { apiAs, bangkokLocal, flightResults, openBoard, passengers } from './helpers/operation-board';

const PEOPLE = 200;
const SEATS = 50;
const FLIGHTS = ['F01', 'F02', 'F03', 'F04'] as const;
/** Who does not board (flight, seat) and whose identity does not match on arrival. */
const NOT_BOARDING = [
  ['F01', 3],
  ['F02', 17],
  ['F03', 40],
] as const;
const MISMATCHED = [
  ['F02', 8],
  ['F04', 25],
] as const;

let wb: Workbench;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-web-airlift-'));
const run = randomUUID().slice(0, 8).toUpperCase();

beforeAll(async () => {
  wb = await startWorkbench('handover-web-airlift');
}, 120_000);

afterAll(async () => {
  await wb?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/**
 * Pages of this test wait up to two minutes for what they expect: a board of 200 people and per-person
 * answers for 50 come slowly on a laptop that runs the cluster, the worker and the browser at once.
 */
function patient(page: Page): Page {
  page.setDefaultTimeout(120_000);
  return page;
}

async function noSeriousAxe(page: Page): Promise<void> {
  expect(await seriousAxeViolations(page)).toEqual([]);
}

/** Runs `work` over the items, `width` at a time. */
async function inPool<T>(items: readonly T[], width: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

/** A supervisor approves every case of the operation still waiting on approvals, in one bulk decision. */
async function approveAll(operationId: string, country: Country): Promise<void> {
  const page = patient(await wb.signIn('supervisor', country, { path: `/cases?operation=${encodeURIComponent(operationId)}&stage=approvals&pageSize=100` }));
  const rowsShown = async (n: number) =>
    page.waitForFunction(
      (count) => document.querySelectorAll('[data-testid="case-row"]').length === count && document.querySelector('[data-testid="row-count"]')?.getAttribute('aria-busy') === 'false',
      n,
      { timeout: 60_000 },
    );
  await rowsShown(100);
  await page.getByTestId('select-page').check();
  await page.getByTestId('page-next').click();
  await rowsShown(100);
  await page.getByTestId('select-page').check();
  await expect(page.getByTestId('selected-count').textContent()).resolves.toBe(`${PEOPLE} cases selected`);
  await page.getByTestId('action-approvals-bulk').getByTestId('bulk-submit').click();
  const summary = page.getByTestId('bulk-results').getByTestId('bulk-summary');
  await summary.waitFor({ timeout: 180_000 });
  await expect(summary.textContent()).resolves.toBe(`${PEOPLE} approved`);
  await expect(page.getByTestId('selected-count').textContent()).resolves.toBe('0 cases selected');
  await noSeriousAxe(page);
  await page.context().close();
}

/** Records one flight's next event from the board, with per-person exceptions, and returns the answers. */
async function recordFlight(page: Page, flight: string, event: string, exceptions: readonly string[], expected: number, identity = false): Promise<Record<string, string>> {
  const form = page.getByTestId(`boarding-${flight}`);
  // The officer looks at their own screen: a board in a hidden tab does not refresh itself.
  await page.bringToFront();
  await page
    .waitForFunction(([f, e]) => document.querySelector(`[data-testid="boarding-${f}"]`)?.getAttribute('data-event') === e, [flight, event] as const, { timeout: 90_000 })
    .catch(async (err: unknown) => {
      const shown = await page.getByTestId(`flight-${flight}`).textContent({ timeout: 1_000 }).catch(() => 'no such flight on the board');
      throw new Error(`${flight} shows no ${event} form: ${shown ?? ''} ${page.url()} (${String(err)})`);
    });
  for (const caseId of exceptions) {
    await page.getByTestId(`boarding-${flight}-exception-${caseId}`).check();
    await page.getByTestId(`boarding-${flight}-note-${caseId}`).fill(event === 'released-by-custodial' ? 'not at the gate at boarding' : 'fingerprints do not match the announced person');
  }
  if (identity) await page.getByTestId(`boarding-${flight}-identity`).check();
  // "Unavailable for a moment" (503: a server shedding load while the browser, the API and the worker
  // share two cores) keeps the form and its request id: the officer waits a moment and sends it again,
  // and the cases that already recorded it answer with their first result.
  const problem = page.getByTestId(`boarding-${flight}-problem`);
  const attempts = 8;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    // Each refusal names its own request id: a new text is this attempt's answer, not the last one's.
    const before = (await problem.isVisible()) ? await problem.textContent() : null;
    await form.getByTestId(`boarding-${flight}-submit`).click();
    await page.waitForFunction(
      ([f, n, old]) => {
        const shown = document.querySelectorAll(`[data-testid="boarding-${f}-results"] [data-testid="flight-event-result"]`).length >= n;
        const refusal = document.querySelector(`[data-testid="boarding-${f}-problem"]`)?.textContent ?? null;
        return shown || (refusal !== null && refusal !== old);
      },
      [flight, expected, before] as const,
      { timeout: 300_000 },
    );
    if (!(await problem.isVisible()) || attempt === attempts) break;
    expect(await problem.textContent()).toMatch(/unavailable/i);
    await page.waitForTimeout(5_000);
  }
  return flightResults(page, flight, expected);
}

function counted(results: Record<string, string>): Record<string, number> {
  const n: Record<string, number> = {};
  for (const r of Object.values(results)) n[r] = (n[r] ?? 0) + 1;
  return n;
}

describe('a 200-person airlift in the workbench', () => {
  it('goes from the arrest file to handed-over, with three who did not board and two identity mismatches on their own cases', async () => {
    const started = Date.now();
    const walker = new CaseWalker(injectApi(wb.app), (role, country) => tokenFor(role, country));
    const api = <T>(method: 'GET' | 'POST', url: string, role: Role, country: Country, body?: unknown) => apiAs<T>(wb, method, url, role, country, body);

    // ---- Import: 200 arrests, the registered cases kept as a file ----------------------------------
    const file = path.join(tmp, 'mae-sot-arrests.csv');
    fs.writeFileSync(file, arrestsCsv(Array.from({ length: PEOPLE }, (_, i) => arrestRow(`AIRLIFT-${run}-${i + 1}`, i + 1))));
    const mm = patient(await wb.signIn('officer', 'MM', { path: '/import' }));
    await mm.getByTestId('import-file').setInputFiles(file);
    await mm.getByTestId('import-preview').waitFor();
    expect(await mm.getByTestId('count-valid').textContent()).toBe(String(PEOPLE));
    await mm.getByTestId('import-confirm').click();
    await mm.getByTestId('import-done').waitFor({ timeout: 180_000 });
    expect(await mm.getByTestId('count-created').textContent()).toBe(String(PEOPLE));
    await mm.getByTestId('registered-hint').waitFor();
    await noSeriousAxe(mm);
    const [registered] = await Promise.all([mm.waitForEvent('download'), mm.getByTestId('download-registered').click()]);
    expect(registered.suggestedFilename()).toBe('mae-sot-arrests-registered.csv');
    const registeredFile = path.join(tmp, 'registered.csv');
    await registered.saveAs(registeredFile);
    const lines = fs.readFileSync(registeredFile, 'utf8').replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toBe('row,status,caseId,externalReference');
    const caseIds = lines.slice(1).map((l) => l.split(',')[2] ?? '');
    expect(new Set(caseIds).size).toBe(PEOPLE);
    expect(lines.slice(1).every((l) => /^\d+,created,case-MM-\d{4}-\w+,AIRLIFT-/.test(l))).toBe(true);
    const imported = Date.now();

    // ---- Each person's interviews: screening by Myanmar, identity verification by China -----------
    await inPool(caseIds, 8, async (id) => {
      await walker.screen(id, 'MM');
      await walker.verify(id, 'CN');
    });
    const interviewed = Date.now();

    // ---- The operation, created on its form and filled from the registered file -------------------
    await mm.goto(`${wb.baseUrl}/operations`);
    await mm.getByTestId('operation-new').click();
    await mm.getByTestId('operation-create').waitFor();
    const now = Date.now();
    await mm.getByTestId('create-name').fill('Mae Sot airlift, 200 people');
    await mm.getByTestId('create-receiving').selectOption('CN');
    await mm.getByTestId('transit-add').click();
    await mm.getByTestId('transit-0').selectOption('TH');
    await mm.getByTestId('create-handoverPoint').fill('Mae Sot airport (TH) to Nanjing Lukou (CN)');
    await mm.getByTestId('create-transport').selectOption('air');
    await mm.getByTestId('create-escort').fill('police escort on board');
    await mm.getByTestId('create-window-start').fill(bangkokLocal(now - 3_600_000));
    await mm.getByTestId('create-window-end').fill(bangkokLocal(now + 4 * 86_400_000));
    await mm.getByTestId('create-capacity').fill(String(SEATS));
    await mm.getByTestId('create-submit').click();
    await mm.waitForURL(/\/operations\/operation-MM-/);
    const operationId = decodeURIComponent(new URL(mm.url()).pathname.split('/').pop() ?? '');
    await mm.getByTestId('manifest-empty').waitFor();
    await mm.getByTestId('manifest-change-file').setInputFiles(registeredFile);
    await mm.waitForFunction((n) => (document.querySelector<HTMLTextAreaElement>('[data-testid="manifest-change-ids"]')?.value.split('\n').filter(Boolean).length ?? 0) === n, PEOPLE);
    await mm.getByTestId('manifest-change-submit').click();
    const added = mm.getByTestId('manifest-change-result');
    await added.nth(PEOPLE - 1).waitFor({ timeout: 180_000 });
    expect(await added.evaluateAll((rows) => rows.filter((r) => r.getAttribute('data-result') === 'added').length)).toBe(PEOPLE);
    await expect(mm.getByTestId('manifest-change-ids').inputValue()).resolves.toBe('');
    await noSeriousAxe(mm);
    const filled = Date.now();

    // ---- Every country's supervisor approves the manifest in one bulk decision from the case list ---
    await eventually(async () => {
      const list = await api<{ cases: unknown[]; nextPageToken?: string }>('GET', `/api/v1/cases?operation=${operationId}&stage=approvals&pageSize=100`, 'monitor', 'MM');
      return list.cases.length === 100 && list.nextPageToken !== undefined;
    }, 'the manifest listed under its operation', 60_000);
    for (const country of ['MM', 'TH', 'CN'] as const) await approveAll(operationId, country);
    const approved = Date.now();

    // ---- Four flights of 50, planned at the cut-off ------------------------------------------------
    await mm.reload();
    await mm.getByTestId('plan-form').waitFor().catch(async (err: unknown) => {
      throw new Error(`no plan form on the board: ${(await mm.locator('main').textContent())?.slice(0, 1500) ?? ''} ${wb.pageErrors.join(' ')} (${String(err)})`);
    });
    await mm.getByTestId('plan-cutoff').fill(bangkokLocal(Date.now() - 60_000));
    for (let i = 0; i < FLIGHTS.length; i++) {
      if (i > 0) await mm.getByTestId('plan-add-departure').click();
      await mm.getByTestId(`plan-departure-${i}`).fill(bangkokLocal(Date.now() + (6 + 6 * i) * 3_600_000));
    }
    await mm.getByTestId('plan-submit').click();
    await mm.getByTestId('plan-result').waitFor({ timeout: 180_000 });
    const seats = await mm
      .getByTestId('plan-result-flights')
      .locator('tbody tr')
      .evaluateAll((rs) => rs.map((r) => [r.getAttribute('data-flight-id'), r.querySelectorAll('td')[2]?.textContent]));
    expect(seats).toEqual(FLIGHTS.map((f) => [f, String(SEATS)]));
    expect(await mm.getByTestId('plan-left-out-group').count()).toBe(0);
    await noSeriousAxe(mm);
    const onFlight: Record<string, string[]> = {};
    for (const f of FLIGHTS) onFlight[f] = await passengers(mm, f);
    expect(new Set(Object.values(onFlight).flat()).size).toBe(PEOPLE);
    const seat = (f: string, n: number) => onFlight[f]?.[n - 1] ?? '';
    const stayed = NOT_BOARDING.map(([f, n]) => seat(f, n));
    const mismatched = MISMATCHED.map(([f, n]) => seat(f, n));
    const planned = Date.now();

    // ---- Myanmar releases each flight; three people do not board ------------------------------------
    for (const f of FLIGHTS) {
      const out = NOT_BOARDING.filter(([flight]) => flight === f).map(([, n]) => seat(f, n));
      const answer = await recordFlight(mm, f, 'released-by-custodial', out, SEATS);
      expect(counted(answer)).toEqual({ recorded: SEATS - out.length, ...(out.length ? { exception: out.length } : {}) });
    }
    await noSeriousAxe(mm);

    // ---- Thailand: each flight enters and leaves transit -------------------------------------------
    const th = patient(await openBoard(wb, operationId, 'officer', 'TH'));
    for (const f of FLIGHTS) {
      const flying = SEATS - NOT_BOARDING.filter(([flight]) => flight === f).length;
      for (const event of ['entered-transit', 'left-transit']) expect(counted(await recordFlight(th, f, event, [], flying))).toEqual({ recorded: flying });
    }
    await noSeriousAxe(th);

    // ---- China receives each flight, re-checking identity; two do not match ------------------------
    const cn = patient(await openBoard(wb, operationId, 'officer', 'CN'));
    for (const f of FLIGHTS) {
      const flying = SEATS - NOT_BOARDING.filter(([flight]) => flight === f).length;
      const refused = MISMATCHED.filter(([flight]) => flight === f).map(([, n]) => seat(f, n));
      const answer = await recordFlight(cn, f, 'received-by-receiving', refused, flying, true);
      expect(counted(answer)).toEqual({ recorded: flying - refused.length, ...(refused.length ? { exception: refused.length } : {}) });
    }
    await noSeriousAxe(cn);
    const flown = Date.now();

    // ---- Each exception is on the person's own case ------------------------------------------------
    for (const id of stayed) {
      await mm.goto(`${wb.baseUrl}/cases/${id}`);
      await mm.locator('[data-testid="custody-attempt"][data-exception="did-not-board"]').waitFor();
      await expect(mm.getByTestId('case-stage').getAttribute('data-stage')).resolves.toBe('scheduling');
    }
    await noSeriousAxe(mm);
    for (const id of mismatched) {
      await cn.goto(`${wb.baseUrl}/cases/${id}`);
      await cn.locator('[data-testid="custody-attempt"][data-exception="identity-mismatch"]').waitFor();
      await expect(cn.getByTestId('case-stage').getAttribute('data-stage')).resolves.toBe('identity-verification');
    }
    await noSeriousAxe(cn);
    // China's officer goes back to the board and keeps it open, as Thailand's has been all along.
    await cn.goto(`${wb.baseUrl}/operations/${encodeURIComponent(operationId)}`);
    await cn.getByTestId('flight-F04').waitFor();
    for (const id of stayed) {
      const v = await api<{ stage: string; schedule?: unknown; custodyAttempts?: { exception: { exception: string } }[] }>('GET', `/api/v1/cases/${id}`, 'monitor', 'MM');
      expect([v.stage, v.schedule, v.custodyAttempts?.map((a) => a.exception.exception)]).toEqual(['scheduling', undefined, ['did-not-board']]);
    }
    for (const id of mismatched) {
      const v = await api<{ stage: string; approvals: unknown[]; custodyAttempts?: { exception: { exception: string } }[] }>('GET', `/api/v1/cases/${id}`, 'monitor', 'CN');
      expect([v.stage, v.approvals, v.custodyAttempts?.map((a) => a.exception.exception)]).toEqual(['identity-verification', [], ['identity-mismatch']]);
    }

    // ---- The three who stayed behind fly on a fifth flight; the two refused wait on China -----------
    await mm.goto(`${wb.baseUrl}/operations/${encodeURIComponent(operationId)}`);
    await mm.getByTestId('plan-form').waitFor();
    await mm.getByTestId('plan-cutoff').fill(bangkokLocal(Date.now() - 60_000));
    await mm.getByTestId('plan-departure-0').fill(bangkokLocal(Date.now() + 30 * 3_600_000));
    await mm.getByTestId('plan-submit').click();
    await mm.getByTestId('plan-result').waitFor({ timeout: 60_000 });
    await mm.waitForFunction(() => document.querySelector('[data-testid="flight-passengers-F05"]') !== null);
    expect((await passengers(mm, 'F05')).sort()).toEqual([...stayed].sort());
    const leftOut = await mm.getByTestId('plan-left-out-group').locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('data-case-id')));
    expect(leftOut.sort()).toEqual([...mismatched].sort());
    expect(counted(await recordFlight(mm, 'F05', 'released-by-custodial', [], 3))).toEqual({ recorded: 3 });
    // Thailand's and China's boards were opened before F05 existed: they show it, and each step, as it comes.
    for (const event of ['entered-transit', 'left-transit']) expect(counted(await recordFlight(th, 'F05', event, [], 3))).toEqual({ recorded: 3 });
    expect(counted(await recordFlight(cn, 'F05', 'received-by-receiving', [], 3, true))).toEqual({ recorded: 3 });

    // ---- The roll-up: 198 handed over, the two refused still pending -------------------------------
    await mm.reload();
    const rollUp = mm.getByTestId('operation-rollup');
    await mm.waitForFunction(() => document.querySelector('[data-testid="operation-rollup"] tr[data-outcome="handedOver"] td')?.textContent === '198', undefined, { timeout: 60_000 });
    await expect(rollUp.locator('tr[data-outcome="pending"] td').textContent()).resolves.toBe('2');
    await expect(mm.getByTestId('rollup-total').textContent()).resolves.toBe(String(PEOPLE));
    await noSeriousAxe(mm);
    const board = await api<{ rollUp: { handedOver: number; pending: number } }>('GET', `/api/v1/operations/${operationId}`, 'monitor', 'CN');
    expect([board.rollUp.handedOver, board.rollUp.pending]).toEqual([198, 2]);
    for (const id of [seat('F01', 1), seat('F04', 50), ...stayed]) {
      expect((await api<{ outcome?: string }>('GET', `/api/v1/cases/${id}`, 'monitor', 'CN')).outcome).toBe('handed-over');
    }
    expect(wb.pageErrors).toEqual([]);
    const s = (a: number, b: number) => Math.round((b - a) / 1000);
    process.stdout.write(
      `\n[airlift] ${JSON.stringify({ people: PEOPLE, import: s(started, imported), interviews: s(imported, interviewed), manifest: s(interviewed, filled), approvals: s(filled, approved), plan: s(approved, planned), flights: s(planned, flown), total: s(started, Date.now()) })}\n`,
    );
  }, 1_500_000);
});
