/**
 * manifest: one filtered page of an operation's manifest at 10,000 people, as the board asks for it.
 *
 * 10,000 open cases from Myanmar to China through Thailand are started with the API's input and
 * options, and put on one operation through POST /operations/{id}/cases (each case records it through
 * its own update). A Myanmar officer then reads 50-entry pages of the board, interleaved: the first page
 * unfiltered, a page filtered by whom people wait on (matches everyone: the whole manifest is scanned
 * and paged), and a readiness filter that matches no one (a scan that answers an empty page). The
 * figure is the slowest filter's p95; the goal is the board's: a filter answers within one second.
 */
import { CASE_WORKFLOW_TYPE } from '../domain/case';
import type { Country } from '../domain/people';
import { RawDriver, caseInputFor, registration, startOptions, type Route } from './cases';
import { HttpClient, Tokens, envOptions, expectOk, fmt, median, now, percentile, pool, ratios, say, startApi, startBenchEnv, startWorker, type Bench } from './lib';

const TASK_QUEUE = 'bench-manifest';
const ROUTE: Route = { custodial: 'MM', receiving: 'CN', transit: ['TH'] as Country[] };
const PAGE = 50;
/** Ids per manifest change: the operation updates each case, so a change is sent in slices. */
const SLICE = 1_000;

interface BoardAnswer {
  manifest: { total: number; entries: { blockedOn?: string }[] };
  readiness: { blockedOn: { reason: string; count: number }[] };
}

export const manifestBench: Bench = {
  name: 'manifest',
  measures: "one filtered 50-entry page of a 10,000-person operation's manifest (GET /operations/{id})",
  goal: { op: '<=', value: 1000, unit: 'ms' },
  async run(flags) {
    const open = flags.int('open', 10_000);
    const requests = flags.int('requests', 20);
    const rounds = flags.int('rounds', 5);
    const warmup = flags.int('warmup', 1);
    const concurrency = flags.int('concurrency', 32);
    const env = await startBenchEnv('manifest', envOptions(flags));
    const worker = await startWorker(env, { taskQueue: TASK_QUEUE, bundle: 'case' });
    const api = await startApi(env, { taskQueue: TASK_QUEUE });
    const http = new HttpClient(api.port, 4);
    const tokens = new Tokens();
    const dayMs = env.config.HANDOVER_DAY_SECONDS * 1000;
    const raw = new RawDriver(env.client, TASK_QUEUE, dayMs);
    try {
      const officer = await tokens.get('officer', 'MM');
      // ---- 10,000 open cases ----
      const t0 = now();
      const caseIds = await pool(open, concurrency, async () => {
        const input = caseInputFor(registration(ROUTE), dayMs);
        await raw.client.workflow.start(CASE_WORKFLOW_TYPE, startOptions(input, TASK_QUEUE));
        return input.caseId;
      });
      const startSeconds = (now() - t0) / 1000;
      say(`    ${open} cases started in ${fmt(startSeconds)} s`);

      // ---- one operation holding them all ----
      const window = { start: new Date(Date.now() + 7 * dayMs).toISOString(), end: new Date(Date.now() + 10 * dayMs).toISOString() };
      const created = expectOk(
        await http.request('POST', '/api/v1/operations', officer, {
          requestId: `bench-manifest-${Date.now()}`,
          name: 'Bench airlift',
          custodialCountry: ROUTE.custodial,
          receivingCountry: ROUTE.receiving,
          transitCountries: ROUTE.transit,
          handoverPoint: 'Bench airport',
          transport: 'air',
          escort: 'bench escort',
          window,
          capacity: 50,
        }),
        'POST /operations',
      ).body as { operationId: string };
      const board = `/api/v1/operations/${created.operationId}`;
      const t1 = now();
      for (let i = 0; i < caseIds.length; i += SLICE) {
        const slice = caseIds.slice(i, i + SLICE);
        const changed = expectOk(
          await http.request('POST', `${board}/cases`, officer, { requestId: `bench-manifest-add-${i}`, action: 'add', caseIds: slice }),
          'POST /operations/{id}/cases',
        ).body as { results: { result: string }[]; manifestSize: number };
        const added = changed.results.filter((r) => r.result === 'added').length;
        if (added !== slice.length) throw new Error(`only ${added} of ${slice.length} cases were added`);
      }
      const addSeconds = (now() - t1) / 1000;
      const first = expectOk(await http.request('GET', `${board}?refresh=true&limit=${PAGE}`, officer), 'GET board').body as BoardAnswer;
      if (first.manifest.total !== open) throw new Error(`the manifest holds ${first.manifest.total}, not ${open}`);
      const waitingOn = first.readiness.blockedOn[0]?.reason.split(': ').pop();
      if (!waitingOn) throw new Error('no blocked case to filter on');
      say(`    ${open} cases added in ${fmt(addSeconds)} s (${fmt(open / addSeconds)}/s); filtering on waitingOn=${waitingOn}`);

      // ---- the measurement ----
      const page = (query: string, expectTotal?: number) => async () => {
        const answer = expectOk(await http.request('GET', `${board}?limit=${PAGE}&offset=${PAGE * 3}${query}`, officer), 'GET board page').body as BoardAnswer;
        if (expectTotal !== undefined && answer.manifest.total !== expectTotal) throw new Error(`${query}: ${answer.manifest.total} entries, expected ${expectTotal}`);
      };
      const sides = {
        unfiltered: page(''),
        waitingOn: page(`&waitingOn=${encodeURIComponent(waitingOn)}`),
        noneReady: page('&status=ready', 0),
      };
      const names = Object.keys(sides) as (keyof typeof sides)[];
      const p95 = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<keyof typeof sides, number[]>;
      for (let r = -warmup; r < rounds; r++) {
        const times = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<keyof typeof sides, number[]>;
        for (let q = 0; q < requests; q++) {
          // Each request of a round in a rotating order, so none always goes first.
          for (let k = 0; k < names.length; k++) {
            const name = names[(q + r + k + names.length) % names.length];
            const started = now();
            await sides[name]();
            times[name].push(now() - started);
          }
        }
        const line = names.map((n) => `${n} p95 ${fmt(percentile(times[n], 95))} ms`).join(' | ');
        if (r < 0) {
          say(`    warm-up: ${line}`);
          continue;
        }
        for (const n of names) p95[n].push(percentile(times[n], 95));
        say(`    round ${r + 1}/${rounds}: ${line}`);
      }
      const slowest = median(p95.waitingOn) >= median(p95.noneReady) ? 'waitingOn' : 'noneReady';
      return {
        // The table's two columns: the filtered page beside the unfiltered one.
        sides: (['waitingOn', 'unfiltered', 'noneReady'] as const).map((n) => ({ label: `${n} p95`, value: median(p95[n]), unit: 'ms' })),
        figure: median(p95[slowest]),
        perRound: p95[slowest],
        details: [
          `${open} cases MM→TH→CN on one operation; pages of ${PAGE} at offset ${PAGE * 3}; ${requests} requests per side per round, one at a time`,
          `waitingOn p95 ÷ unfiltered p95 = ${fmt(median(ratios(p95.waitingOn, p95.unfiltered)))}; ` +
            `empty readiness filter p95 ÷ unfiltered p95 = ${fmt(median(ratios(p95.noneReady, p95.unfiltered)))}`,
          `starting ${open} cases took ${fmt(startSeconds)} s; adding them to the operation ${fmt(addSeconds)} s (${fmt(open / addSeconds)}/s)`,
        ],
      };
    } finally {
      http.close();
      await api.close();
      await worker.stop();
      await env.stop();
    }
  },
};
