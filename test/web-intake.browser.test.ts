/**
 * Intake in Chromium: registering one arrest with the keyboard only (MM → TH → CN), a refused submit
 * that keeps what was typed, a duplicate external reference answered with a link to the registered case;
 * importing a CSV (preview with its problems, nothing sent before confirming, results with links, the
 * refused rows as a download, the same file again answered as existing), an .xlsx file, a .txt file
 * refused; axe on both pages with the form and the preview open.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { call, registrationBody, tokenFor } from './helpers/api';
import { BULK_COLUMNS } from '../contracts/bulk-rows';
import { arrestRow, arrestsCsv as csvOf } from './helpers/arrest-rows';
import { screenshot, seriousAxeViolations, startWorkbench, type Workbench } from './helpers/browser';

/** The page's document, as the functions run in the browser see it. */
declare const document: { activeElement: { tagName: string; getAttribute(name: string): string | null } | null };

let wb: Workbench;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-web-intake-'));

beforeAll(async () => {
  wb = await startWorkbench('handover-web-intake');
}, 120_000);

afterAll(async () => {
  await wb?.stop();
});

/** Presses Tab until the element with this test id has the focus (keyboard only, as a person would). */
async function tabTo(page: Page, testId: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    if ((await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === testId) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${testId}`);
}

async function focusedTestId(page: Page): Promise<string | null | undefined> {
  return page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
}

const run = randomUUID().slice(0, 8).toUpperCase();

const personRow = (n: number, overrides: Record<string, string> = {}) => arrestRow(`WEB-${run}-${n}`, n, overrides);

describe('registering an arrest', () => {
  it('registers an MM → TH → CN arrest with the keyboard only and opens its case', async () => {
    const page = await wb.signIn('officer', 'MM', { path: '/register' });
    await page.getByTestId('register-form').waitFor();
    await page.getByTestId('documents-add').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
    await expect(page.getByTestId('custodial-country').textContent()).resolves.toMatch(/Myanmar/);

    await tabTo(page, 'track');
    await page.keyboard.type('Deportation');
    await tabTo(page, 'externalReference');
    await page.keyboard.type(`KB-${run}`);
    await tabTo(page, 'custodyStatus');
    await page.keyboard.type('Detention');
    await tabTo(page, 'fullName');
    await page.keyboard.type('Keyboard Person');
    await tabTo(page, 'birthDate');
    // Chromium's own UI locale (en-US) orders the segments month, day, year.
    await page.keyboard.type('04171990');
    await tabTo(page, 'sex');
    await page.keyboard.type('Female');
    await tabTo(page, 'claimedNationality');
    await page.keyboard.type('cn');
    await tabTo(page, 'other-names-add');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.tagName === 'INPUT');
    await page.keyboard.type('K. P.');
    await tabTo(page, 'documents-add');
    await page.keyboard.press('Space');
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'document-0-type');
    await page.keyboard.type('Passport');
    await tabTo(page, 'document-0-number');
    await page.keyboard.type('E12345678');
    await tabTo(page, 'document-0-issuingCountry');
    await page.keyboard.type('CN');
    await tabTo(page, 'receivingCountry');
    await page.keyboard.type('China');
    await tabTo(page, 'transit-add');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'transit-0');
    await page.keyboard.type('Thailand');
    await tabTo(page, 'arrestTime');
    // Headless Chromium's datetime-local segments do not take typed digits reliably: the value is set
    // on the focused control (no mouse), the rest of the form is typed.
    await page.getByTestId('arrestTime').fill('2025-02-18T06:30');
    await tabTo(page, 'arrestPlace');
    await page.keyboard.type('Friendship Bridge, Mae Sot');
    await tabTo(page, 'arrestAgency');
    await page.keyboard.type('Myawaddy police');
    await tabTo(page, 'charges-add');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.tagName === 'INPUT');
    await page.keyboard.type('telecom fraud');

    expect(await page.getByTestId('arrestTime').inputValue()).toBe('2025-02-18T06:30');
    expect(await page.getByTestId('transit-0').inputValue()).toBe('TH');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'web-register-filled');

    await tabTo(page, 'register-submit');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/cases\/case-MM-\d{4}-[A-Z0-9]+$/, { timeout: 30_000 });
    const caseId = page.url().split('/').pop()!;

    const view = JSON.parse((await call(wb.app, 'GET', `/api/v1/cases/${caseId}`, { token: await tokenFor('officer', 'MM') })).body);
    expect(view).toMatchObject({
      custodialCountry: 'MM',
      receivingCountry: 'CN',
      transitCountries: ['TH'],
      externalReference: `KB-${run}`,
      person: { fullName: 'Keyboard Person', otherNames: ['K. P.'], birthDate: '1990-04-17', sex: 'female', claimedNationality: 'CN' },
      arrest: { time: '2025-02-18T06:30:00+07:00', place: 'Friendship Bridge, Mae Sot' },
      charges: ['telecom fraud'],
    });
  });

  it('refuses an incomplete form before sending and keeps what was typed; moves a transit country with the keyboard', async () => {
    const page = await wb.signIn('officer', 'MM', { path: '/register' });
    await page.getByTestId('fullName').fill('Kept Person');
    await page.getByTestId('externalReference').fill('has spaces in it');
    await page.getByTestId('transit-add').click();
    await page.getByTestId('transit-0').selectOption('TH');
    await page.getByTestId('transit-add').click();
    await page.getByTestId('transit-1').selectOption('LA');
    // Move Laos before Thailand with the keyboard: focus stays on the moved country's button.
    await page.getByRole('button', { name: 'Move Laos earlier' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('transit-0').inputValue()).resolves.toBe('LA');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SELECT');

    const requests: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/v1/cases')) requests.push(r.url());
    });
    await page.getByTestId('register-submit').click();
    await page.getByTestId('register-invalid').waitFor();
    expect(requests).toEqual([]);
    const errors = await page.getByTestId('field-error').allTextContents();
    expect(errors).toEqual(expect.arrayContaining(['Choose one of the options.', 'Use 1–128 letters, digits or . _ : @ / - (no spaces).', 'Required.']));
    expect(await page.getByTestId('fullName').inputValue()).toBe('Kept Person');
    expect(await page.getByTestId('externalReference').inputValue()).toBe('has spaces in it');
    // The first field in error has the focus.
    expect(await focusedTestId(page)).toBe('track');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'web-register-refused');
  });

  it('answers a duplicate external reference with a link to the registered case, keeping the form', async () => {
    const token = await tokenFor('officer', 'MM');
    const reference = `DUP-${run}`;
    const body = registrationBody({ custodial: 'MM', receiving: 'CN', externalReference: reference });
    // The case id comes from the custodial country, the year of the arrest and the reference.
    body.arrest.time = '2025-02-18T06:30:00+07:00';
    const seeded = await call(wb.app, 'POST', '/api/v1/cases', { token, body });
    expect(seeded.statusCode).toBe(201);
    const caseId = JSON.parse(seeded.body).caseId as string;

    const page = await wb.signIn('officer', 'MM', { path: '/register' });
    await page.getByTestId('track').selectOption('deportation');
    await page.getByTestId('externalReference').fill(reference);
    await page.getByTestId('custodyStatus').selectOption('detention');
    await page.getByTestId('fullName').fill('Another Person');
    await page.getByTestId('sex').selectOption('male');
    await page.getByTestId('claimedNationality').fill('CN');
    await page.getByTestId('receivingCountry').selectOption('CN');
    await page.getByTestId('arrestTime').fill('2025-02-18T06:30');
    await page.getByTestId('arrestPlace').fill('Somewhere');
    await page.getByTestId('arrestAgency').fill('Police');
    await page.getByTestId('register-submit').dblclick();
    const link = page.getByTestId('duplicate-link');
    await link.waitFor().catch(async (err: unknown) => {
      await screenshot(page, 'web-register-duplicate-failed');
      throw err;
    });
    expect(await link.getAttribute('href')).toBe(`/cases/${caseId}`);
    expect(await page.getByTestId('fullName').inputValue()).toBe('Another Person');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'web-register-duplicate');
  });

  it('tells a supervisor why the form is not there', async () => {
    const page = await wb.signIn('supervisor', 'MM', { path: '/register' });
    await expect(page.getByTestId('register-not-allowed').textContent()).resolves.toMatch(/Only a case officer/);
  });
});

describe('importing arrests', () => {
  const rows = Array.from({ length: 30 }, (_, i) => personRow(i + 1));
  rows[4] = personRow(5, { sex: 'x' });
  rows[19] = personRow(20, { receivingCountry: 'MM', birthDate: '1990-02-31' });
  const file = path.join(tmp, 'arrests.csv');
  fs.writeFileSync(file, csvOf(rows));

  it('previews a CSV with its problems, sends nothing before confirming, then answers each row with its case', async () => {
    const page = await wb.signIn('officer', 'MM', { path: '/import' });
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/cases/bulk')) posts.push(r.url());
    });
    await page.getByTestId('import-file').setInputFiles(file);
    await page.getByTestId('import-preview').waitFor();
    expect(await page.getByTestId('count-rows').textContent()).toBe('30');
    expect(await page.getByTestId('count-valid').textContent()).toBe('28');
    expect(await page.getByTestId('count-invalid').textContent()).toBe('2');
    await page.getByTestId('row-filter').selectOption('problems');
    const bad = page.locator('tr[data-status="invalid"]');
    await expect(bad.count()).resolves.toBe(2);
    expect(await bad.nth(0).getAttribute('data-row')).toBe('5');
    expect(await bad.nth(0).textContent()).toMatch(/sex: Choose one of the options/);
    expect(await bad.nth(1).textContent()).toMatch(/receivingCountry/);
    expect(posts).toEqual([]);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'web-import-preview');

    await page.getByTestId('import-confirm').click();
    await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('count-created').textContent()).toBe('28');
    expect(await page.getByTestId('import-progressbar').getAttribute('aria-valuenow')).toBe('28');
    await page.getByTestId('row-filter').selectOption('created');
    const links = page.getByTestId('row-case-link');
    await expect(links.count()).resolves.toBe(28);
    expect(await links.first().getAttribute('href')).toMatch(/^\/cases\/case-MM-\d{4}-[A-Z0-9]+$/);
    expect(posts.length).toBeGreaterThan(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'web-import-results');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-refused').click()]);
    const refused = fs.readFileSync((await download.path()), 'utf8').replace(/^\ufeff/, '').trim().split('\r\n');
    expect(refused).toHaveLength(3);
    expect(refused[0]).toMatch(/^row,status,problems,externalReference,/);
    expect(refused[1]).toMatch(new RegExp(`^5,invalid,sex: Choose one of the options\\.,WEB-${run}-5,`));
    expect(refused[2]).toMatch(/^20,invalid,/);

    // The import stays when the person goes elsewhere and comes back within the tab.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases' }).click();
    await page.waitForURL('**/cases');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import' }).click();
    await page.getByTestId('import-done').waitFor();
    expect(await page.getByTestId('count-created').textContent()).toBe('28');

    // The same file again registers nothing new.
    await page.getByTestId('import-another').click();
    await page.getByTestId('import-file').setInputFiles(file);
    await page.getByTestId('import-confirm').click();
    await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('count-existing').textContent()).toBe('28');
    expect(await page.getByTestId('count-created').textContent()).toBe('0');
  });

  it('imports an .xlsx file', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Arrests');
    const header = BULK_COLUMNS.map((c) => c.name);
    sheet.addRow(header);
    for (let n = 101; n <= 103; n++) {
      const r = personRow(n);
      sheet.addRow(header.map((h) => (h === 'birthDate' ? new Date(Date.UTC(1990, 3, 17)) : r[h] === '' ? null : r[h])));
    }
    const xlsx = path.join(tmp, 'arrests.xlsx');
    await workbook.xlsx.writeFile(xlsx);

    const page = await wb.signIn('officer', 'MM', { path: '/import' });
    await page.getByTestId('import-file').setInputFiles(xlsx);
    await page.getByTestId('import-preview').waitFor();
    expect(await page.getByTestId('count-valid').textContent()).toBe('3');
    await page.getByTestId('import-confirm').click();
    await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('count-created').textContent()).toBe('3');
    expect(wb.pageErrors).toEqual([]);
  });

  it('refuses a .txt file and a file with unknown columns, starting nothing', async () => {
    const page = await wb.signIn('officer', 'MM', { path: '/import' });
    const txt = path.join(tmp, 'arrests.txt');
    fs.writeFileSync(txt, csvOf([personRow(900)]));
    await page.getByTestId('import-file').setInputFiles(txt);
    const refused = page.getByTestId('file-refused');
    await refused.waitFor();
    expect(await refused.getAttribute('data-code')).toBe('file-type');
    expect(await refused.textContent()).toMatch(/not a CSV \(\.csv\) or Excel \(\.xlsx\) file/);
    expect(await page.getByTestId('import-confirm').count()).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'web-import-refused');

    const unknown = path.join(tmp, 'unknown.csv');
    fs.writeFileSync(unknown, csvOf([personRow(901)]).replace('charges\r\n', 'charges,nickname\r\n'));
    await page.getByTestId('import-file').setInputFiles(unknown);
    await page.locator('[data-testid="file-refused"][data-code="unknown-columns"]').waitFor();
    const text = await page.getByTestId('file-refused').textContent();
    expect(text).toMatch(new RegExp(`position\\(s\\) ${BULK_COLUMNS.length + 1} `));
    expect(text).not.toMatch(/nickname/);
  });
});
