/**
 * lifecycle: full cases per second from registration to handed-over, every action through the API
 * (a driver playing every role), ÷ a minimal workflow taking the same number of updates with the same
 * payloads (bench/minimal-workflow.ts: what Temporal itself costs).
 *
 * A third, informational side drives the real case workflow with the raw client, so the gap splits
 * into "the case workflow's own work" (raw case ÷ minimal) and "the API" (API ÷ raw case).
 */
import type { Client } from '@temporalio/client';
import { ApiDriver, KH_CN, RawDriver, actorFor, allClosed, caseInputFor, lifecycleSteps, registration, requestId } from './cases';
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
  ratios,
  startApi,
  envOptions,
  startBenchEnv,
  type Bench,
  type BenchEnv,
  type Load,
} from './lib';
import { profiled } from './profile';
import { MINIMAL_WORKFLOW_TYPE, stepUpdate, type minimalWorkflow } from './minimal-workflow';

const TASK_QUEUE = 'bench-lifecycle';
const MINIMAL_TASK_QUEUE = 'bench-minimal';

/** The minimal workflow through the same lifecycle: start with a case's input, one update per step. */
export async function minimalLifecycle(client: Client, env: BenchEnv): Promise<string> {
  const steps = lifecycleSteps(KH_CN);
  const input = caseInputFor(registration(KH_CN), env.config.HANDOVER_DAY_SECONDS * 1000);
  const handle = await client.workflow.start<typeof minimalWorkflow>(MINIMAL_WORKFLOW_TYPE, {
    taskQueue: MINIMAL_TASK_QUEUE,
    workflowId: `minimal-${input.caseId}`,
    args: [{ steps: steps.length, payload: input }],
  });
  for (const step of steps) {
    const actor = actorFor(step.role, step.country);
    const id = requestId();
    await handle.executeUpdate(stepUpdate, { args: [{ requestId: id, body: { requestId: id, ...step.body, actor } }], updateId: `${step.update}:${actor.id}:${id}` });
  }
  return handle.workflowId;
}

export const lifecycleBench: Bench = {
  name: 'lifecycle',
  measures: 'full cases/s registration → handed-over through the API ÷ a minimal workflow doing the same number of updates',
  goal: { op: '>=', value: 0.8, unit: '×' },
  async run(flags) {
    const cases = flags.int('cases', 24);
    const concurrency = flags.int('concurrency', 8);
    const rounds = flags.int('rounds', 5);
    const warmup = flags.int('warmup', 1);
    const profile = flags.bool('profile', true);
    const env = await startBenchEnv('lifecycle', envOptions(flags));
    const worker = await ChildWorker.start(env, { taskQueue: TASK_QUEUE, bundle: 'case' });
    const minimal = await ChildWorker.start(env, { taskQueue: MINIMAL_TASK_QUEUE, bundle: 'minimal' });
    const meter = new CpuMeter(env.serverPid, () => [worker.pid, minimal.pid]);
    const api = await startApi(env, { taskQueue: TASK_QUEUE });
    const http = new HttpClient(api.port, concurrency);
    const apiDriver = new ApiDriver(http, new Tokens());
    const raw = new RawDriver(env.client, TASK_QUEUE, env.config.HANDOVER_DAY_SECONDS * 1000);
    // Each round ends when its workflows have closed (untimed), so no side inherits another's tail.
    const round = (run: () => Promise<string>) => () =>
      meter.around(cases, async () => {
        const load = await measureLoad(cases, concurrency, run);
        await allClosed(env.client, load.results);
        return load;
      });
    try {
      const results = await interleave<Load<string>>({
        warmup,
        rounds,
        describe: (_label, load) => loadText(load),
        sides: [
          { label: 'api', run: round(() => apiDriver.lifecycle(KH_CN)) },
          { label: 'minimal', run: round(() => minimalLifecycle(env.client, env)) },
          { label: 'raw-case', run: round(() => raw.lifecycle(KH_CN)) },
        ],
      });
      const [apiRounds, minimalRounds, rawRounds] = results.map((side) => side.map((l) => l.throughput)) as [number[], number[], number[]];
      const perRound = ratios(apiRounds, minimalRounds);
      const steps = lifecycleSteps(KH_CN).length;
      const cpu = (loads: Load[]) => {
        const c = medianCpu(loads);
        return c ? cpuText(c) : 'n/a';
      };
      const events = async (workflowId: string) => (await env.client.workflow.getHandle(workflowId).fetchHistory()).events?.length ?? 0;
      const details = [
        `${cases} KH→CN cases per side per round, ${concurrency} in flight; each case = 1 registration + ${steps} actions ` +
          `(${1 + steps} HTTP requests through the API; 1 start + ${steps} updates for the others); workers in child processes`,
        `case lifetime p50: API ${fmt(median(results[0].map((l) => l.p50)))} ms, minimal ${fmt(median(results[1].map((l) => l.p50)))} ms, ` +
          `raw case ${fmt(median(results[2].map((l) => l.p50)))} ms`,
        `raw client driving the case workflow: ${fmt(median(rawRounds))} cases/s; raw case ÷ minimal = ${fmt(median(ratios(rawRounds, minimalRounds)))} ` +
          `(the case workflow's own work), API ÷ raw case = ${fmt(median(ratios(apiRounds, rawRounds)))} (the API)`,
        `CPU per case — API: ${cpu(results[0])}; minimal: ${cpu(results[1])}; raw case: ${cpu(results[2])}`,
        `history events per case: case workflow ${await events(results[0][0]?.results[0] ?? '')}, minimal ${await events(results[1][0]?.results[0] ?? '')}`,
      ];
      details.push(`503 answers (Temporal deadline of 10 s passed) retried by the driver: ${apiDriver.unavailable}`);
      if (profile) {
        const summary = await profiled(() => measureLoad(cases, concurrency, () => apiDriver.lifecycle(KH_CN)));
        details.push(`profile of this process during one API round (API + driver): ${summary.join(', ')}`);
      }
      return {
        sides: [
          { label: 'API', value: median(apiRounds), unit: 'cases/s' },
          { label: 'minimal workflow', value: median(minimalRounds), unit: 'cases/s' },
        ],
        figure: median(perRound),
        perRound,
        details,
      };
    } finally {
      http.close();
      await api.close();
      await worker.stop();
      await minimal.stop();
      await env.stop();
    }
  },
};
