/// <reference lib="dom" />
/**
 * Flights of an operation in Chromium, on a namespace of its own. Myanmar holds eight cases going to
 * China through Thailand; seven are approved by every country, one still waits on China. A Myanmar
 * officer plans two flights of four at a cut-off (a refused field first), sees who was seated and the
 * person left out with the reason, exports and prints the passenger lists, and releases F01 with one
 * person who did not board; Thailand's officer records entered and left transit; China's officer
 * receives it with one identity mismatch. A person seated on F02 who does not board is recorded on
 * their own case page by Myanmar's officer (a refused empty note first). Each country is offered only the event it records next, the
 * result comes per person, and axe passes on every state shown.
 */
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { CaseWalker } from '../scripts/demo-seed';
import type { Country, Role } from '../domain/people';
import { tokenFor } from './helpers/api';
import { screenshot, seriousAxeViolations, startWorkbench, type Workbench } from './helpers/browser';
import { injectApi } from './helpers/isolated-api';
import { apiAs, bangkokLocal, flightResults, openBoard as openOperationBoard } from './helpers/operation-board';

let wb: Workbench;
let caseIds: string[] = [];
let late = '';
let operationId = '';

const api = <T>(method: 'GET' | 'POST', url: string, role: Role, country: Country, body?: unknown) => apiAs<T>(wb, method, url, role, country, body);
const openBoard = (role: Role, country: Country) => openOperationBoard(wb, operationId, role, country);
const results = flightResults;

async function noSeriousAxe(page: Page): Promise<void> {
  expect(await seriousAxeViolations(page)).toEqual([]);
}

beforeAll(async () => {
  wb = await startWorkbench('handover-web-flights');
  const walker = new CaseWalker(injectApi(wb.app), (role, country) => tokenFor(role, country));
  const stamp = Date.now();
  caseIds = await Promise.all(
    [1, 2, 3, 4, 5, 6, 7, 8].map(async (i) => {
      const id = await walker.toApprovals({ custodial: 'MM', receiving: 'CN', transit: ['TH'], externalReference: `WEB-FL-${i}-${stamp}` });
      if (!id) throw new Error('seeding registered no new case');
      return id;
    }),
  );
  late = caseIds[7] ?? '';
  for (const [country, ids] of [
    ['MM', caseIds],
    ['TH', caseIds],
    ['CN', caseIds.slice(0, 7)],
  ] as const) {
    await api('POST', '/api/v1/approvals/bulk', 'supervisor', country, { caseIds: ids, approval: { requestId: `appr-${country}-${stamp}`, decision: 'approve' } });
  }
  const created = await api<{ operationId: string }>('POST', '/api/v1/operations', 'officer', 'MM', {
    requestId: `op-${stamp}`,
    name: 'Mae Sot airlift, flights',
    custodialCountry: 'MM',
    receivingCountry: 'CN',
    transitCountries: ['TH'],
    handoverPoint: 'Mae Sot airport (TH) to Nanjing Lukou (CN)',
    transport: 'air',
    escort: 'police escort on board',
    window: { start: new Date().toISOString(), end: new Date(Date.now() + 4 * 86_400_000).toISOString() },
    capacity: 50,
  });
  operationId = created.operationId;
  await api('POST', `/api/v1/operations/${operationId}/cases`, 'officer', 'MM', { requestId: `add-${stamp}`, action: 'add', caseIds });
});

afterAll(async () => {
  await wb?.stop();
});

describe('flights of an operation in the workbench', () => {
  it('are planned, released, crossed and received by each country in turn, with per-person results and passenger lists', async () => {
    const mm = await openBoard('officer', 'MM');
    const plan = mm.getByTestId('plan-form');
    await plan.waitFor();
    await noSeriousAxe(mm);

    // Refused before sending: no cut-off, no departure; the capacity typed stays.
    await mm.getByTestId('plan-capacity').fill('4');
    await mm.getByTestId('plan-submit').click();
    await plan.getByTestId('field-error').first().waitFor();
    expect(await mm.getByTestId('plan-cutoff').getAttribute('aria-invalid')).toBe('true');
    expect(await mm.getByTestId('plan-capacity').inputValue()).toBe('4');
    await noSeriousAxe(mm);

    const now = Date.now();
    await mm.getByTestId('plan-cutoff').fill(bangkokLocal(now - 60_000));
    await mm.getByTestId('plan-departure-0').fill(bangkokLocal(now + 6 * 3_600_000));
    await mm.getByTestId('plan-add-departure').click();
    await mm.getByTestId('plan-add-departure').click();
    await mm.getByTestId('plan-departure-1').fill(bangkokLocal(now + 12 * 3_600_000));
    await mm.getByTestId('plan-remove-2').click();
    expect(await mm.getByTestId('plan-departure-row').count()).toBe(2);
    await mm.getByTestId('plan-submit').click();
    const result = mm.getByTestId('plan-result');
    await result.waitFor({ timeout: 60_000 });
    const seats = await mm
      .getByTestId('plan-result-flights')
      .locator('tbody tr')
      .evaluateAll((rs) => rs.map((r) => [r.getAttribute('data-flight-id'), r.querySelectorAll('td')[2]?.textContent]));
    expect(seats).toEqual([
      ['F01', '4'],
      ['F02', '3'],
    ]);
    const leftOut = mm.getByTestId('plan-left-out-group');
    expect(await leftOut.count()).toBe(1);
    expect(await leftOut.textContent()).toContain('not ready at the cut-off');
    expect(await leftOut.locator('a').getAttribute('data-case-id')).toBe(late);
    await noSeriousAxe(mm);
    await screenshot(mm, 'flights-planned');

    // F01's passengers, as CSV: one row per seat, case ids only.
    const f01 = mm.getByTestId('flight-F01');
    await f01.waitFor();
    await mm.getByTestId('boarding-F01-form').waitFor();
    const onBoard = await mm.getByTestId('flight-passengers-F01').locator('li').allTextContents();
    expect(onBoard).toHaveLength(4);
    const [download] = await Promise.all([mm.waitForEvent('download'), mm.getByTestId('passengers-csv-F01').click()]);
    expect(download.suggestedFilename()).toBe(`${operationId}-F01-passengers.csv`);
    const csv = fs.readFileSync(await download.path(), 'utf8').replace(/^\ufeff/, '').trim().split('\r\n');
    expect(csv[0]).toBe('Flight or convoy,Departure,Seat,Case');
    expect(csv.slice(1).map((l) => l.split(',')[3])).toEqual(onBoard);
    expect(csv.slice(1).map((l) => l.split(',')[2])).toEqual(['1', '2', '3', '4']);

    // The escort's printable lists: one table per flight, no navigation on paper.
    await mm.getByTestId('passengers-print').click();
    const print = mm.getByTestId('passenger-print');
    await print.waitFor();
    await mm.emulateMedia({ media: 'print' });
    expect(await print.locator('table').count()).toBe(2);
    await mm.getByTestId('passenger-print-F01').locator('tbody tr').nth(3).waitFor();
    const printed = await mm.getByTestId('passenger-print-F01').textContent();
    expect(printed).toContain('Mae Sot airlift, flights');
    expect(printed).toContain('Myanmar → Thailand → China');
    expect(printed).toContain('Mae Sot airport (TH) to Nanjing Lukou (CN)');
    expect(printed).toContain('4 of 4');
    expect(printed).toMatch(/GMT\+7|ICT|Bangkok|\+07/);
    for (const id of onBoard) expect(printed).toContain(id);
    expect(await mm.evaluate(() => getComputedStyle(document.querySelector('nav') ?? document.body).visibility)).toBe('hidden');
    expect(await print.evaluate((el) => getComputedStyle(el).visibility)).toBe('visible');
    await noSeriousAxe(mm);
    await screenshot(mm, 'flights-print');
    await mm.emulateMedia({ media: 'screen' });
    await mm.getByTestId('passenger-print-close').click();

    const onF02 = await mm.getByTestId('flight-passengers-F02').locator('li').allTextContents();
    expect(onF02).toHaveLength(3);

    // Myanmar releases F01; one person did not board.
    const release = mm.getByTestId('boarding-F01');
    await release.waitFor();
    expect(await release.getAttribute('data-event')).toBe('released-by-custodial');
    const stayed = onBoard[1] ?? '';
    await mm.getByTestId(`boarding-F01-exception-${stayed}`).check();
    await mm.getByTestId(`boarding-F01-note-${stayed}`).fill('ill on the day');
    await mm.getByTestId('boarding-F01-submit').click();
    const released = await results(mm, 'F01');
    expect(released[stayed]).toBe('exception');
    expect(Object.values(released).filter((r) => r === 'recorded')).toHaveLength(3);
    expect(await mm.getByTestId('boarding-F01-results').locator(`a[href="/cases/${stayed}"]`).count()).toBe(1);
    await noSeriousAxe(mm);
    await screenshot(mm, 'flights-released');

    // Thailand: entered, then left transit; nothing for Thailand on F02, which was not released.
    const th = await openBoard('officer', 'TH');
    const entered = th.getByTestId('boarding-F01');
    await entered.waitFor();
    expect(await entered.getAttribute('data-event')).toBe('entered-transit');
    await th.getByTestId('flight-no-step-F02').waitFor();
    expect(await th.getByTestId('boarding-F01-exceptions').count()).toBe(0);
    await noSeriousAxe(th);
    await th.getByTestId('boarding-F01-submit').click();
    expect(Object.values(await results(th, 'F01')).every((r) => r === 'recorded')).toBe(true);
    await th.waitForFunction(() => document.querySelector('[data-testid="boarding-F01"]')?.getAttribute('data-event') === 'left-transit');
    await th.getByTestId('boarding-F01-submit').click();
    expect(Object.values(await results(th, 'F01')).every((r) => r === 'recorded')).toBe(true);
    await noSeriousAxe(th);

    // China receives F01: identity re-checked is asked for first; one person's identity does not match.
    const cn = await openBoard('officer', 'CN');
    const receive = cn.getByTestId('boarding-F01');
    await receive.waitFor();
    expect(await receive.getAttribute('data-event')).toBe('received-by-receiving');
    await cn.getByTestId('boarding-F01-submit').click();
    await receive.getByTestId('field-error').first().waitFor();
    expect(await cn.getByTestId('boarding-F01-identity').getAttribute('aria-invalid')).toBe('true');
    await noSeriousAxe(cn);
    const mismatch = onBoard[2] ?? '';
    await cn.getByTestId(`boarding-F01-exception-${mismatch}`).check();
    await cn.getByTestId(`boarding-F01-note-${mismatch}`).fill('photo does not match');
    await cn.getByTestId('boarding-F01-identity').check();
    await cn.getByTestId('boarding-F01-submit').click();
    const received = await results(cn, 'F01');
    expect(received[mismatch]).toBe('exception');
    expect(Object.values(received).filter((r) => r === 'recorded')).toHaveLength(2);
    await noSeriousAxe(cn);
    await screenshot(cn, 'flights-received');

    // Each exception is a fact of the person's own case: the attempt it ended is on the case page.
    await cn.goto(`${wb.baseUrl}/cases/${mismatch}`);
    await cn.locator('[data-testid="custody-attempt"][data-exception="identity-mismatch"]').waitFor();
    await noSeriousAxe(cn);
    await mm.goto(`${wb.baseUrl}/cases/${stayed}`);
    await mm.locator('[data-testid="custody-attempt"][data-exception="did-not-board"]').waitFor();

    // One person seated on F02 does not board either: Myanmar's officer records it on the person's own case.
    const single = onF02[0] ?? '';
    await mm.goto(`${wb.baseUrl}/cases/${single}`);
    const exceptionForm = mm.getByTestId('action-custody-exceptions');
    await exceptionForm.waitFor();
    expect(await mm.getByTestId('custody-exception-kind').textContent()).toBe('Did not board');
    await mm.getByTestId('custody-exception-reference').fill('GATE-3');
    await mm.getByTestId('submit-custody-exceptions').click();
    await exceptionForm.getByTestId('field-error').first().waitFor();
    expect(await mm.getByTestId('custody-exception-note').getAttribute('aria-invalid')).toBe('true');
    expect(await mm.getByTestId('custody-exception-reference').inputValue()).toBe('GATE-3');
    await noSeriousAxe(mm);
    await mm.getByTestId('custody-exception-note').fill('left the queue before boarding');
    await mm.getByTestId('submit-custody-exceptions').click();
    await mm.getByTestId('confirm-custody-exceptions').waitFor();
    await noSeriousAxe(mm);
    await mm.getByTestId('confirm-yes-custody-exceptions').click();
    await mm.locator('[data-testid="custody-attempt"][data-exception="did-not-board"]').waitFor();
    await expect(mm.getByTestId('action-success').textContent()).resolves.toContain('Scheduling');
    await noSeriousAxe(mm);
    const after = await api<{ stage: string; schedule?: unknown; custodyAttempts?: { exception: { exception: string; reference?: string; note: string } }[] }>('GET', `/api/v1/cases/${single}`, 'officer', 'MM');
    expect(after.stage).toBe('scheduling');
    expect(after.schedule).toBeUndefined();
    expect(after.custodyAttempts?.map((x) => x.exception)).toEqual([expect.objectContaining({ exception: 'did-not-board', reference: 'GATE-3', note: 'left the queue before boarding' })]);
    await screenshot(mm, 'case-did-not-board');

    expect(wb.pageErrors).toEqual([]);
  }, 300_000);
});
