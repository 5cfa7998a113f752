/// <reference lib="dom" />
/**
 * The workbench in each of its seven languages, in Chromium: a browser in that language opens it in
 * that language (document and option `lang` right, drafts marked as such in their own language), the
 * case page's dates carry the Gregorian year, the time zone and Latin digits, every script is drawn by
 * its Noto font, axe passes, and at 360 px wide long Thai, Lao, Khmer and Myanmar words wrap instead of
 * pushing the cases list or the case page sideways. A refusal is titled in the reader's language. Two
 * officers sharing one computer each keep their own language. A screenshot of the case page in every
 * language goes to docs/screenshots.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { CaseWalker } from '../scripts/demo-seed';
import { tokenFor } from './helpers/api';
import { screenshot, seriousAxeViolations, startWorkbench, type Workbench } from './helpers/browser';
import { injectApi } from './helpers/isolated-api';

let wb: Workbench;
let caseId: string;
let refusedCase: string;

const LANGUAGES = [
  { code: 'en', locale: 'en-GB', font: /.+/ },
  { code: 'zh', locale: 'zh-CN', font: /Noto Sans CJK SC|WenQuanYi/ },
  { code: 'th', locale: 'th-TH', font: /Noto Sans Thai/ },
  { code: 'vi', locale: 'vi-VN', font: /.+/ },
  { code: 'km', locale: 'km-KH', font: /Noto Sans Khmer/ },
  { code: 'lo', locale: 'lo-LA', font: /Noto Sans Lao/ },
  { code: 'my', locale: 'my-MM', font: /Noto Sans Myanmar/ },
] as const;
// Thai, Lao, Khmer and Myanmar digits: the workbench writes Latin ones in every language.
const OTHER_DIGITS = /[\u0E50-\u0E59\u0ED0-\u0ED9\u17E0-\u17E9\u1040-\u1049]/;
const LANGUAGES_KEY = 'handover.languages';

/** The fonts Chromium drew an element's text with (not merely the ones the CSS names). */
async function fontsOf(page: Page, selector: string): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument');
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  await cdp.detach();
  return fonts.filter((f) => f.glyphCount > 0).map((f) => f.familyName);
}

/** Every element of the page and its table cells that is wider inside than it shows (px). */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth + 1) {
      out.push(`page ${root.scrollWidth} > ${root.clientWidth}`);
      // Name the outermost boxes that stick out, so a failure says what to fix.
      const clipped = (el: HTMLElement) => {
        for (let a = el.parentElement; a; a = a.parentElement) if (getComputedStyle(a).overflowX !== 'visible') return true;
        return false;
      };
      const sticking = Array.from(document.querySelectorAll<HTMLElement>('body *')).filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1 && !clipped(el));
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const range = document.createRange();
        range.selectNodeContents(n);
        const right = range.getBoundingClientRect().right;
        if (right > root.clientWidth + 1 && n.parentElement && !clipped(n.parentElement)) out.push(`text "${(n.textContent ?? '').slice(0, 30)}" in ${n.parentElement.tagName.toLowerCase()}.${n.parentElement.className} right ${Math.round(right)}`);
      }
      for (const el of sticking.slice(-5)) {
        out.push(`${el.tagName.toLowerCase()}.${el.className} right ${Math.round(el.getBoundingClientRect().right)}`);
      }
    }
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('main td, main th, main dd, main dt, main h1, main h2, main p, main .badge'))) {
      if (el.scrollWidth > el.clientWidth + 1) out.push(`${el.tagName.toLowerCase()} "${(el.textContent ?? '').slice(0, 40)}" ${el.scrollWidth} > ${el.clientWidth}`);
    }
    return out;
  });
}

beforeAll(async () => {
  wb = await startWorkbench('handover-web-languages');
  const walker = new CaseWalker(injectApi(wb.app), (role, country) => tokenFor(role, country));
  caseId = (await walker.register({ custodial: 'MM', receiving: 'CN', transit: ['TH'], externalReference: `WEB-LANG-MM-${Date.now()}`, name: 'Web Language Person MM' })).caseId;
  refusedCase = (await walker.register({ custodial: 'MM', receiving: 'CN', externalReference: `WEB-LANG-MM-R-${Date.now()}`, name: 'Web Language Person MM R' })).caseId;
  expect([caseId, refusedCase]).toEqual([expect.stringMatching(/^case-MM-/), expect.stringMatching(/^case-MM-/)]);
}, 120_000);

afterAll(async () => {
  await wb?.stop();
});

describe('the workbench in seven languages', () => {
  const year = new Date().getUTCFullYear();

  for (const { code, locale, font } of LANGUAGES) {
    it(`${code}: opens in the browser's language, Gregorian dates with their zone, real glyphs, axe-clean, no sideways scroll at 360 px`, async () => {
      const page = await wb.signIn('officer', 'MM', { path: `/cases/${caseId}`, locale });
      await page.getByTestId('case-page').waitFor();
      await page.locator('[data-testid="timeline-row"]').first().waitFor();
      await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe(code);
      const select = page.getByTestId('lang-select');
      await expect(select.inputValue()).resolves.toBe(code);
      const options = await select.locator('option').evaluateAll((els) => els.map((o) => ({ value: (o as HTMLOptionElement).value, lang: o.getAttribute('lang') })));
      expect(options.map((o) => o.lang)).toEqual(['en', 'zh', 'th', 'vi', 'km', 'lo', 'my']);
      expect(options.every((o) => o.value === o.lang)).toBe(true);
      const note = page.getByTestId('draft-note');
      if (code === 'en') {
        await expect(note.count()).resolves.toBe(0);
      } else {
        // The draft says so in its own language, and the select is described by it for screen readers.
        await expect(note.getAttribute('lang')).resolves.toBe(code);
        const noteId = await note.getAttribute('id');
        await expect(select.getAttribute('aria-describedby')).resolves.toBe(noteId);
        await expect(select.locator(`option[value="${code}"]`).textContent()).resolves.toMatch(/\(.+\)$/);
      }

      const times = await page.locator('main time, main [data-testid="countdown"]').allTextContents();
      expect(times.length).toBeGreaterThan(0);
      for (const text of times) {
        expect({ text, otherDigits: OTHER_DIGITS.test(text) }).toEqual({ text, otherDigits: false });
      }
      const dated = await page.locator('main time[datetime*="T"]').allTextContents();
      expect(dated.length).toBeGreaterThan(0);
      for (const text of dated) {
        expect(text).toContain(String(year));
        expect(text).toMatch(/\+7|GMT|UTC|ICT/);
        // ICU's root data ("2026 M12 2") where the browser lacks the language: the numeric form instead.
        expect(text).not.toMatch(/\bM\d{1,2}\b/);
      }
      await expect(page.locator('main').innerText()).resolves.not.toContain(String(year + 543));

      expect(await fontsOf(page, '#case-person')).toEqual(expect.arrayContaining([expect.stringMatching(font)]));
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, `web-case-${code}`);

      if (['th', 'lo', 'km', 'my'].includes(code)) {
        await page.setViewportSize({ width: 360, height: 800 });
        await page.waitForTimeout(50);
        expect({ page: 'case', overflow: await overflowing(page) }).toEqual({ page: 'case', overflow: [] });
        await page.goto(`${wb.baseUrl}/cases`);
        await page.locator('main table tbody tr').first().waitFor();
        expect({ page: 'cases', overflow: await overflowing(page) }).toEqual({ page: 'cases', overflow: [] });
        await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe(code);
        expect(await seriousAxeViolations(page)).toEqual([]);
      }
      await page.context().close();
    });
  }

  it('titles a refusal in the reader’s language by its problem type, the server’s English detail below it', async () => {
    const catalogue = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', 'web', 'src', 'i18n', 'locales', 'th', 'common.json'), 'utf8')) as { problemType: Record<string, string> };
    // Two tabs on the same case: the second still offers screening after the first recorded it.
    const first = await wb.signIn('officer', 'MM', { path: `/cases/${refusedCase}`, locale: 'th-TH' });
    const second = await wb.signIn('officer', 'MM', { path: `/cases/${refusedCase}`, locale: 'th-TH' });
    for (const page of [first, second]) await page.getByTestId('action-screening').waitFor();
    await first.getByTestId('screening-cleared').check();
    await first.getByTestId('submit-screening').click();
    await first.locator('[data-testid="case-stage"][data-stage="identity-verification"]').waitFor({ timeout: 20_000 });

    await second.getByTestId('screening-cleared').check();
    await second.getByTestId('submit-screening').click();
    const problem = second.getByTestId('action-problem');
    await problem.waitFor();
    const title = await problem.locator('.problem-title').textContent();
    expect(Object.values(catalogue.problemType)).toContain(title);
    const detail = problem.getByTestId('problem-detail');
    await expect(detail.getAttribute('lang')).resolves.toBe('en');
    await expect(detail.textContent()).resolves.toMatch(/[a-z]{3}/);
    expect(await seriousAxeViolations(second)).toEqual([]);
    for (const p of [first, second]) await p.context().close();
  });

  it('keeps each officer’s own language on a shared computer; one who never chose gets the browser’s', async () => {
    // Two people, one browser profile: its localStorage is handed from one sign-in to the next.
    const shared = { languages: null as string | null };
    const takeStorage = async (page: Page) => {
      shared.languages = await page.evaluate((key) => localStorage.getItem(key), LANGUAGES_KEY);
    };
    const giveStorage = async (page: Page) => {
      await page.evaluate(({ key, value }) => (value === null ? localStorage.removeItem(key) : localStorage.setItem(key, value)), { key: LANGUAGES_KEY, value: shared.languages });
      await page.reload();
      await page.getByTestId('lang-select').waitFor();
    };
    const lang = (page: Page) => page.evaluate(() => document.documentElement.lang);

    const myanmar = await wb.signIn('officer', 'MM', { locale: 'en-GB' });
    await expect(lang(myanmar)).resolves.toBe('en');
    await myanmar.getByTestId('lang-select').selectOption('my');
    await myanmar.locator('html[lang="my"]').waitFor();
    await expect(myanmar.getByTestId('draft-note').getAttribute('lang')).resolves.toBe('my');
    await takeStorage(myanmar);

    const thai = await wb.signIn('supervisor', 'TH', { locale: 'en-GB' });
    await giveStorage(thai);
    await expect(lang(thai)).resolves.toBe('en');
    await thai.getByTestId('lang-select').selectOption('th');
    await thai.locator('html[lang="th"]').waitFor();
    await takeStorage(thai);

    await giveStorage(myanmar);
    await expect(lang(myanmar)).resolves.toBe('my');
    await giveStorage(thai);
    await expect(lang(thai)).resolves.toBe('th');
    expect(Object.keys(JSON.parse(shared.languages ?? '{}') as object)).toHaveLength(2);
    await expect(myanmar.evaluate(() => localStorage.getItem('handover.language'))).resolves.toBeNull();

    // A third person on that computer, whose browser is Vietnamese, has never chosen.
    const vietnam = await wb.signIn('officer', 'VN', { locale: 'vi-VN' });
    await giveStorage(vietnam);
    await expect(lang(vietnam)).resolves.toBe('vi');
    for (const p of [myanmar, thai, vietnam]) await p.context().close();
  });
});
