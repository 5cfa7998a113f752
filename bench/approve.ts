/**
 * approve: API approval p50 latency ÷ raw executeUpdate p50 latency, on the same cases.
 *
 * Every case (Myanmar → Thailand → China) waits on three approval slots. In each case one slot is
 * decided through the API, one by a raw executeUpdate, and one by the raw client making the Temporal
 * calls the API makes (the update, whose result carries the case view; the case's countries are in the
 * API's scope cache because the case was opened through the API before, untimed, as the dashboard's
 * inbox → case → approve does; the first touch of a case costs one describe more). Which
 * side takes the first, second and third slot rotates from case to case, because the last approval also
 * moves the case to scheduling and costs more. The three sides thus interleave call by call.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { ApiDriver, MM_TH_CN, RawDriver, approvalCountries, approvalStep, registration, screeningStep, verificationStep } from './cases';
import { ChildWorker, HttpClient, Tokens, fmt, median, now, percentile, pool, ratios, say, startApi, envOptions, startBenchEnv, type Bench } from './lib';
import { profiled } from './profile';

const TASK_QUEUE = 'bench-approve';
const SIDES = ['api', 'raw-update', 'raw-api-calls'] as const;
type SideName = (typeof SIDES)[number];

export const approveBench: Bench = {
  name: 'approve',
  measures: 'API approval p50 latency ÷ raw executeUpdate p50 latency on the same cases',
  goal: { op: '<=', value: 1.15, unit: '×' },
  async run(flags) {
    const cases = flags.int('cases', 60);
    const concurrency = flags.int('concurrency', 4);
    const rounds = flags.int('rounds', 5);
    const warmup = flags.int('warmup', 1);
    const profile = flags.bool('profile', true);
    const env = await startBenchEnv('approve', envOptions(flags));
    const worker = await ChildWorker.start(env, { taskQueue: TASK_QUEUE, bundle: 'case' });
    const api = await startApi(env, { taskQueue: TASK_QUEUE });
    const http = new HttpClient(api.port, concurrency);
    const apiDriver = new ApiDriver(http, new Tokens());
    const raw = new RawDriver(env.client, TASK_QUEUE, env.config.HANDOVER_DAY_SECONDS * 1000);
    const countries = approvalCountries(MM_TH_CN);

    /** Cases waiting on every approval, prepared with the raw client (untimed). */
    async function prepare(count: number): Promise<WorkflowHandle[]> {
      return pool(count, 16, async () => {
        const handle = await raw.start(registration(MM_TH_CN));
        await raw.act(handle, screeningStep(MM_TH_CN));
        await raw.act(handle, verificationStep(MM_TH_CN));
        await apiDriver.read(handle.workflowId, MM_TH_CN.custodial);
        return handle;
      });
    }

    async function approve(side: SideName, handle: WorkflowHandle, position: number): Promise<number> {
      const step = approvalStep(countries[position]);
      const t0 = now();
      if (side === 'api') await apiDriver.act(handle.workflowId, step);
      else if (side === 'raw-update') await raw.act(handle, step);
      else await raw.actLikeApi(handle, step);
      return now() - t0;
    }

    try {
      const perSide: Record<SideName, number[][]> = { api: [], 'raw-update': [], 'raw-api-calls': [] };
      for (let r = -warmup; r < rounds; r++) {
        const handles = await prepare(cases);
        const latencies: Record<SideName, number[]> = { api: [], 'raw-update': [], 'raw-api-calls': [] };
        await pool(handles.length, concurrency, async (i) => {
          for (let position = 0; position < countries.length; position++) {
            const side = SIDES[(i + r + warmup + position) % SIDES.length];
            latencies[side].push(await approve(side, handles[i], position));
          }
        });
        const line = SIDES.map((s) => `${s} p50 ${fmt(percentile(latencies[s], 50))} ms`).join(' | ');
        if (r < 0) {
          say(`    warm-up: ${line}`);
          continue;
        }
        for (const s of SIDES) perSide[s].push(latencies[s]);
        say(`    round ${r + 1}/${rounds}: ${line}`);
      }
      const p = (s: SideName, q: number) => perSide[s].map((l) => percentile(l, q));
      const perRound = ratios(p('api', 50), p('raw-update', 50));
      const details = [
        `${cases} MM→TH→CN cases per round, 3 approvals each (one per side, positions rotating), ${concurrency} cases in flight; worker in a child process`,
        `p95: API ${fmt(median(p('api', 95)))} ms, executeUpdate ${fmt(median(p('raw-update', 95)))} ms, ` +
          `the API's Temporal calls ${fmt(median(p('raw-api-calls', 95)))} ms`,
        `the API's Temporal calls (update returning the view, no HTTP) p50 ${fmt(median(p('raw-api-calls', 50)))} ms: ` +
          `÷ executeUpdate = ${fmt(median(ratios(p('raw-api-calls', 50), p('raw-update', 50))))}, ` +
          `API ÷ them = ${fmt(median(ratios(p('api', 50), p('raw-api-calls', 50))))}`,
      ];
      details.push(`503 answers (Temporal deadline of 10 s passed) retried by the driver: ${apiDriver.unavailable}`);
      if (profile) {
        // One more set of cases, every approval through the API, under the profiler (not measured).
        const handles = await prepare(cases);
        const summary = await profiled(() =>
          pool(handles.length, concurrency, async (i) => {
            for (const country of countries) await apiDriver.act(handles[i].workflowId, approvalStep(country));
          }),
        );
        details.push(`profile of this process during API approvals (API + driver): ${summary.join(', ')}`);
      }
      return {
        sides: [
          { label: 'API p50', value: median(p('api', 50)), unit: 'ms' },
          { label: 'executeUpdate p50', value: median(p('raw-update', 50)), unit: 'ms' },
        ],
        figure: median(perRound),
        perRound,
        details,
      };
    } finally {
      http.close();
      await api.close();
      await worker.stop();
      await env.stop();
    }
  },
};
