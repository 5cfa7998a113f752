/**
 * The workbench as a person meets it, in Debian's Chromium against the real API, worker and dev server:
 *
 * - web-bundle: the JavaScript a first visit loads before the page can render (the entry script and its
 *   modulepreloads from web/dist/index.html), gzipped as a server would send it. Pages, catalogues and
 *   exceljs load later, on demand; their total is reported beside it.
 * - web-list: the Cases page's first page rendered (navigation to rows in the table) with 10,000 open
 *   cases, in a fresh browser context each round (no cached assets), interleaved with GET /api/v1/cases
 *   of the same page alone.
 * - web-action: a legal hold placed and lifted on a case page, timed from the click to the updated page,
 *   ÷ the same POST alone through the API, interleaved action by action on cases of the same kind.
 */
/// <reference lib="dom" />
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CASE_WORKFLOW_TYPE } from '../domain/case';
import type { Country } from '../domain/people';
import { SA } from '../domain/search-attributes';
import { buildWeb } from '../scripts/build-web';
import { KH_CN, RawDriver, caseInputFor, registration, requestId, startOptions, type Route } from './cases';
import { HttpClient, Tokens, expectOk, fmt, median, now, pool, ratios, say, sleep, startApi, envOptions, startBenchEnv, startWorker, type Bench, type BenchEnv, type Flags } from './lib';

const WEB_DIST = path.resolve(__dirname, '..', 'web', 'dist');
const CHROMIUM = process.env.HANDOVER_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function gzipKb(file: string): number {
  return zlib.gzipSync(fs.readFileSync(file), { level: 6 }).length / 1024;
}

/** The entry script and its modulepreloads, as index.html names them. */
function initialScripts(): string[] {
  const html = fs.readFileSync(path.join(WEB_DIST, 'index.html'), 'utf8');
  const urls = [...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)].map((m) => m[1]);
  return [...new Set(urls)].map((u) => path.join(WEB_DIST, u.replace(/^\//, '')));
}

export const webBundleBench: Bench = {
  name: 'web-bundle',
  measures: 'initial JavaScript of the workbench, gzipped',
  goal: { op: '<=', value: 250, unit: 'kB' },
  async run() {
    buildWeb((line) => say(`  ${line}`), true);
    const initial = initialScripts();
    const sizes = initial.map((f) => ({ file: path.basename(f), kb: gzipKb(f) }));
    const total = sizes.reduce((a, s) => a + s.kb, 0);
    const all = fs.readdirSync(path.join(WEB_DIST, 'assets')).filter((f) => f.endsWith('.js'));
    const lazy = all.filter((f) => !initial.some((i) => path.basename(i) === f));
    const lazyKb = lazy.reduce((a, f) => a + gzipKb(path.join(WEB_DIST, 'assets', f)), 0);
    const biggestLazy = lazy
      .map((f) => ({ f, kb: gzipKb(path.join(WEB_DIST, 'assets', f)) }))
      .sort((a, b) => b.kb - a.kb)
      .slice(0, 3);
    return {
      sides: [{ label: 'initial JS (gzip)', value: total, unit: 'kB' }],
      figure: total,
      perRound: [total],
      details: [
        `initial: ${sizes.map((s) => `${s.file} ${fmt(s.kb, 1)} kB`).join(', ')}`,
        `loaded on demand: ${lazy.length} chunks, ${fmt(lazyKb, 1)} kB gzipped (largest: ${biggestLazy.map((b) => `${b.f} ${fmt(b.kb, 1)} kB`).join(', ')})`,
      ],
    };
  },
};

/** A browser context signed in as this person: the token is put where the sign-in page puts it. */
async function signedInContext(browser: Browser, token: string): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
  // The function runs in the page, where the DOM's sessionStorage exists.
  await context.addInitScript((t: string) => (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }).sessionStorage.setItem('handover.token', t), token);
  return context;
}

async function openCases(env: BenchEnv, flags: Flags, open: number): Promise<void> {
  const custodial: Country[] = ['KH', 'MM', 'LA', 'VN', 'TH'];
  const raw = new RawDriver(env.client, 'bench-web', env.config.HANDOVER_DAY_SECONDS * 1000);
  const t0 = now();
  await pool(open, flags.int('concurrency', 32), async (i) => {
    const route: Route = { custodial: custodial[i % custodial.length], receiving: 'CN', transit: [] };
    await raw.client.workflow.start(CASE_WORKFLOW_TYPE, startOptions(caseInputFor(registration(route), raw.dayMs), 'bench-web'));
  });
  say(`    ${open} cases started in ${fmt((now() - t0) / 1000)} s; waiting for visibility`);
  const query = `WorkflowType = '${CASE_WORKFLOW_TYPE}' AND ${SA.countries.name} = 'CN' AND ${SA.stage.name} = 'screening'`;
  const deadline = Date.now() + 15 * 60_000;
  while ((await env.client.workflow.count(query)).count < open) {
    if (Date.now() > deadline) throw new Error('the cases did not reach visibility in 15 minutes');
    await sleep(2_000);
  }
}

export const webListBench: Bench = {
  name: 'web-list',
  measures: "the Cases page's first page rendered in Chromium with 10,000 open cases",
  goal: { op: '<=', value: 1000, unit: 'ms' },
  async run(flags) {
    const open = flags.int('open', 10_000);
    const rounds = flags.int('rounds', 7);
    buildWeb((line) => say(`  ${line}`));
    const env = await startBenchEnv('web-list', envOptions(flags));
    const worker = await startWorker(env, { taskQueue: 'bench-web', bundle: 'case' });
    const api = await startApi(env, { taskQueue: 'bench-web' });
    const http = new HttpClient(api.port, 2);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      await openCases(env, flags, open);
      const token = await new Tokens().get('monitor', 'CN');
      const base = `http://127.0.0.1:${api.port}`;
      const page: number[] = [];
      const apiOnly: number[] = [];
      let rows = 0;
      let waterfall = '';
      for (let r = -1; r < rounds; r++) {
        const context = await signedInContext(browser, token);
        const tab = await context.newPage();
        const t0 = now();
        await tab.goto(`${base}/cases`);
        await tab.locator('[data-testid="case-row"]').first().waitFor({ timeout: 30_000 });
        const rendered = now() - t0;
        rows = await tab.locator('[data-testid="case-row"]').count();
        waterfall = await tab.evaluate<string>(
          `performance.getEntriesByType('resource').map((r) => r.name.replace(location.origin, '').replace(/-[A-Za-z0-9_-]{8}\\.js$/, '.js') + ' ' + Math.round(r.startTime) + '–' + Math.round(r.responseEnd)).join(', ')`,
        );
        await context.close();
        const t1 = now();
        expectOk(await http.request('GET', '/api/v1/cases?pageSize=20', token), 'GET /cases');
        const alone = now() - t1;
        say(`    round ${r + 1}/${rounds}: page ${fmt(rendered)} ms (${rows} rows) | API alone ${fmt(alone)} ms${r < 0 ? ' (warm-up)' : ''}`);
        if (r < 0) continue;
        page.push(rendered);
        apiOnly.push(alone);
      }
      return {
        sides: [
          { label: 'first page rendered', value: median(page), unit: 'ms' },
          { label: 'GET /cases alone', value: median(apiOnly), unit: 'ms' },
        ],
        figure: median(page),
        perRound: page,
        details: [
          `${open} open cases, ${rows} rows on the first page, a fresh browser context (cold cache) per round`,
          `last round, ms after navigation start: ${waterfall}`,
        ],
      };
    } finally {
      await browser.close();
      http.close();
      await api.close();
      await worker.stop();
      await env.stop();
    }
  },
};

export const webActionBench: Bench = {
  name: 'web-action',
  measures: 'a case action in the browser, click to updated page ÷ the same API call alone',
  goal: { op: '<=', value: 1.2, unit: '×' },
  async run(flags) {
    const actions = flags.int('actions', 10);
    const rounds = flags.int('rounds', 5);
    buildWeb((line) => say(`  ${line}`));
    const env = await startBenchEnv('web-action', envOptions(flags));
    const worker = await startWorker(env, { taskQueue: 'bench-web', bundle: 'case' });
    const api = await startApi(env, { taskQueue: 'bench-web' });
    const http = new HttpClient(api.port, 2);
    const tokens = new Tokens();
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const officer = await tokens.get('officer', 'KH');
      const supervisor = await tokens.get('supervisor', 'KH');
      const register = async () => {
        const answer = expectOk(await http.request('POST', '/api/v1/cases', officer, registration(KH_CN)), 'POST /cases');
        return (answer.body as { caseId: string }).caseId;
      };
      const [uiCase, apiCase] = [await register(), await register()];
      // Both cases are read once through the API first, as the person opens the page before acting.
      expectOk(await http.request('GET', `/api/v1/cases/${apiCase}`, supervisor), 'GET case');

      const context = await signedInContext(browser, supervisor);
      const tab: Page = await context.newPage();
      await tab.goto(`http://127.0.0.1:${api.port}/cases/${uiCase}`);
      await tab.getByTestId('case-stage').waitFor();

      let onHoldUi = false;
      const fetchMs: number[] = [];
      let onHoldApi = false;
      /**
       * Timed in the page itself, from the click event to the DOM change that shows the new state (a
       * MutationObserver), so the browser driver's own round trips are not counted as the person's wait.
       */
      const uiAction = async (): Promise<number> => {
        const segment = onHoldUi ? 'resume' : 'hold';
        await tab.getByTestId(`action-${segment}`).waitFor();
        if (segment === 'hold') await tab.getByTestId('hold-reason').fill('court order pending');
        // Installed before the click (void: not awaited here), read after it. A string, because tsx's helpers do not exist in the page.
        await tab.evaluate(`void (window.handoverMeasure = new Promise((resolve) => {
          const seg = "__SEG__";
          let t0 = 0;
          document.querySelector('[data-testid="submit-' + seg + '"]').addEventListener('click', () => (t0 = performance.now()), { once: true, capture: true });
          const shown = () => (document.querySelector('[data-testid="hold-banner"]') !== null) === (seg === 'hold');
          const observer = new MutationObserver(() => {
            if (t0 > 0 && shown()) {
              observer.disconnect();
              resolve(performance.now() - t0);
            }
          });
          observer.observe(document.body, { childList: true, subtree: true });
        }))`.replace('"__SEG__"', JSON.stringify(segment)));
        await tab.getByTestId(`submit-${segment}`).click();
        const ms = await tab.evaluate<number>('window.handoverMeasure');
        // The POST as the browser's resource timing saw it: the rest of `ms` is the page's own work.
        fetchMs.push(
          await tab.evaluate<number>(
            `(() => { const e = performance.getEntriesByType('resource').filter((r) => r.name.endsWith('/${segment}')).pop(); performance.clearResourceTimings(); return e ? e.duration : NaN; })()`,
          ),
        );
        if (segment === 'hold') await tab.getByTestId('hold-banner').waitFor();
        else await tab.getByTestId('hold-banner').waitFor({ state: 'detached' });
        onHoldUi = !onHoldUi;
        return ms;
      };
      const apiAction = async (): Promise<number> => {
        const segment = onHoldApi ? 'resume' : 'hold';
        const body = segment === 'hold' ? { requestId: requestId(), reason: 'court order pending' } : { requestId: requestId() };
        const t0 = now();
        expectOk(await http.request('POST', `/api/v1/cases/${apiCase}/${segment}`, supervisor, body), `POST ${segment}`);
        onHoldApi = !onHoldApi;
        return now() - t0;
      };
      const perRound: number[] = [];
      const ui: number[] = [];
      const alone: number[] = [];
      for (let r = -1; r < rounds; r++) {
        const a: number[] = [];
        const b: number[] = [];
        for (let i = 0; i < actions; i++) {
          if ((i + r) % 2 === 0) {
            a.push(await uiAction());
            b.push(await apiAction());
          } else {
            b.push(await apiAction());
            a.push(await uiAction());
          }
        }
        const ratio = median(ratios(a, b));
        say(`    round ${r + 1}/${rounds}: page p50 ${fmt(median(a))} ms | API alone p50 ${fmt(median(b))} ms | ${fmt(ratio)}×${r < 0 ? ' (warm-up)' : ''}`);
        if (r < 0) continue;
        perRound.push(ratio);
        ui.push(median(a));
        alone.push(median(b));
      }
      await context.close();
      return {
        sides: [
          { label: 'click to updated page p50', value: median(ui), unit: 'ms' },
          { label: 'API call alone p50', value: median(alone), unit: 'ms' },
        ],
        figure: median(perRound),
        perRound,
        details: [
          `${actions} holds and resumes per round, alternating which side goes first`,
          `of the page's time, the POST itself (browser resource timing) p50 ${fmt(median(fetchMs.filter((v) => !Number.isNaN(v))))} ms`,
        ],
      };
    } finally {
      await browser.close();
      http.close();
      await api.close();
      await worker.stop();
      await env.stop();
    }
  },
};
