/**
 * intake: POST /api/v1/cases throughput ÷ raw client.workflow.start throughput, the same workflow with
 * the same input and start options, at the same concurrency.
 *
 * POST /cases makes one Temporal call, the start, and answers the new case's view computed from its
 * input, as the raw side's start answers without waiting for a worker. The worker is a child process, so
 * CPU per case splits into server, worker and this process (API + driver); one extra API round runs
 * under the profiler.
 */
import type { WorkflowHandle } from '@temporalio/client';
import {
  caseWorkflowId,
} from '../domain/case';
import { caseViewQuery } from '../domain/case-messages';
import { ApiDriver, KH_CN, RawDriver, registration } from './cases';
import {
  ChildWorker,
  CpuMeter,
  HttpClient,
  Tokens,
  cpuText,
  fmt,
  interleave,
  loadText,
  measureLoad,
  median,
  medianCpu,
  now,
  pool,
  ratios,
  startApi,
  envOptions,
  startBenchEnv,
  type Bench,
  type Load,
} from './lib';
import { profiled } from './profile';

const TASK_QUEUE = 'bench-intake';

export const intakeBench: Bench = {
  name: 'intake',
  measures: 'POST /api/v1/cases throughput ÷ raw client.workflow.start throughput, same workflow, same concurrency',
  goal: { op: '>=', value: 0.9, unit: '×' },
  async run(flags) {
    const cases = flags.int('cases', 150);
    const concurrency = flags.int('concurrency', 16);
    const rounds = flags.int('rounds', 5);
    const warmup = flags.int('warmup', 1);
    const profile = flags.bool('profile', true);
    const env = await startBenchEnv('intake', envOptions(flags));
    const worker = await ChildWorker.start(env, { taskQueue: TASK_QUEUE, bundle: 'case' });
    const meter = new CpuMeter(env.serverPid, () => [worker.pid]);
    const api = await startApi(env, { taskQueue: TASK_QUEUE });
    const http = new HttpClient(api.port, concurrency);
    const apiDriver = new ApiDriver(http, new Tokens());
    const raw = new RawDriver(env.client, TASK_QUEUE, env.config.HANDOVER_DAY_SECONDS * 1000);
    const apiRound = () => measureLoad(cases, concurrency, () => apiDriver.register(registration(KH_CN)));
    try {
      // Both sides are timed until their calls answer, then (untimed) the worker runs every first workflow
      // task, so neither side leaves a backlog to the next; settledThroughput counts that work too.
      const settled = async <T>(op: () => Promise<Load<T>>, handleOf: (result: T) => WorkflowHandle): Promise<Load<T>> => {
        const t0 = now();
        const load = await op();
        await pool(load.results.length, concurrency, (i) => handleOf(load.results[i]).query(caseViewQuery));
        load.settledThroughput = cases / ((now() - t0) / 1000);
        return load;
      };
      const results = await interleave<Load>({
        warmup,
        rounds,
        describe: (_label, load) => loadText(load),
        sides: [
          {
            label: 'api',
            run: () => meter.around(cases, () => settled(apiRound, (view) => env.client.workflow.getHandle(caseWorkflowId(view.caseId)))),
          },
          {
            label: 'raw-start',
            run: () =>
              meter.around(cases, () =>
                settled(
                  () => measureLoad(cases, concurrency, () => raw.start(registration(KH_CN))),
                  (handle) => handle,
                ),
              ),
          },
        ],
      });
      const [apiRounds, rawRounds] = results.map((side) => side.map((l) => l.throughput)) as [number[], number[]];
      const perRound = ratios(apiRounds, rawRounds);
      const p50 = (side: Load[]) => fmt(median(side.map((l) => l.p50)));
      const cpu = (side: Load[]) => {
        const c = medianCpu(side);
        return c ? cpuText(c) : 'n/a';
      };
      const details = [
        `${cases} registrations per side per round at concurrency ${concurrency}; KH→CN deportation; API over real HTTP (keep-alive); worker in a child process`,
        `latency p50: API ${p50(results[0])} ms, raw start ${p50(results[1])} ms`,
        `counted until the worker had run every first workflow task: API ${fmt(median(results[0].map((l) => l.settledThroughput ?? Number.NaN)))} cases/s, ` +
          `raw start ${fmt(median(results[1].map((l) => l.settledThroughput ?? Number.NaN)))} cases/s`,
        `CPU per case (first workflow task included) — API: ${cpu(results[0])}; raw start: ${cpu(results[1])}`,
      ];
      details.push(`503 answers (Temporal deadline of 10 s passed) retried by the driver: ${apiDriver.unavailable}`);
      if (profile) details.push(`profile of this process during one API round (API + driver): ${(await profiled(apiRound)).join(', ')}`);
      return {
        sides: [
          { label: 'API', value: median(apiRounds), unit: 'cases/s' },
          { label: 'raw start', value: median(rawRounds), unit: 'cases/s' },
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
