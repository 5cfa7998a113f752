/**
 * cache: open cases held per GiB of worker memory — RSS growth of a worker child process while 2,000
 * cases wait on approvals, each held in the worker's workflow cache.
 *
 * The worker runs alone in a child process (bench/worker-child.ts, the product's createWorker with its
 * defaults), so its RSS is its own. After a warm-up (code loaded, V8 context made) the baseline RSS is
 * taken; cases are then added in steps, and after each step the worker is left to go idle before its
 * RSS is sampled. Each step is a round; the figure is all cases held ÷ all growth.
 */
import { KH_CN, RawDriver, registration, screeningStep, verificationStep } from './cases';
import { ChildWorker, fmt, median, pool, say, sleep, envOptions, startBenchEnv, type Bench, type ChildStatus } from './lib';

const TASK_QUEUE = 'bench-cache';
const GiB = 2 ** 30;
const MiB = 2 ** 20;

/** Waits until the worker has no activation in flight, then takes the median of a few samples. */
async function quietStatus(worker: ChildWorker, samples = 5): Promise<ChildStatus> {
  for (let idle = 0; idle < 3; ) {
    const s = await worker.status();
    idle = s.workflowActivations === 0 ? idle + 1 : 0;
    await sleep(300);
  }
  const taken: ChildStatus[] = [];
  for (let i = 0; i < samples; i++) {
    taken.push(await worker.status());
    await sleep(400);
  }
  const pick = (f: (s: ChildStatus) => number) => median(taken.map(f));
  return {
    rss: pick((s) => s.rss),
    heapUsed: pick((s) => s.heapUsed),
    external: pick((s) => s.external),
    cachedWorkflows: pick((s) => s.cachedWorkflows),
    workflowActivations: 0,
  };
}

export const cacheBench: Bench = {
  name: 'cache',
  measures: 'open cases held per GiB of worker RSS growth while 2,000 cases wait on approvals (worker as a child process)',
  goal: { op: '>=', value: 1000, unit: 'cases/GiB' },
  async run(flags) {
    const total = flags.int('open', 2000);
    const steps = Math.max(1, flags.int('steps', 4));
    const warmupCases = flags.int('warmup-cases', 50);
    const concurrency = flags.int('concurrency', 16);
    const maxCached = flags.int('max-cached', 0);
    const env = await startBenchEnv('cache', envOptions(flags));
    const worker = await ChildWorker.start(env, { taskQueue: TASK_QUEUE, bundle: 'case', ...(maxCached > 0 ? { maxCachedWorkflows: maxCached } : {}) });
    const raw = new RawDriver(env.client, TASK_QUEUE, env.config.HANDOVER_DAY_SECONDS * 1000);
    /** Registered, screened and verified: waiting on both countries' approvals. */
    const toApprovals = (count: number) =>
      pool(count, concurrency, async () => {
        const handle = await raw.start(registration(KH_CN));
        await raw.act(handle, screeningStep(KH_CN));
        await raw.act(handle, verificationStep(KH_CN));
      });
    try {
      await toApprovals(warmupCases);
      const base = await quietStatus(worker);
      say(`    baseline after ${warmupCases} warm-up cases: RSS ${fmt(base.rss / MiB)} MiB, ${base.cachedWorkflows} cached`);
      const perRound: number[] = [];
      let previous = base;
      const perStep = Math.ceil(total / steps);
      for (let added = 0; added < total; ) {
        const count = Math.min(perStep, total - added);
        await toApprovals(count);
        added += count;
        const s = await quietStatus(worker);
        const held = s.cachedWorkflows - previous.cachedWorkflows;
        perRound.push(held / ((s.rss - previous.rss) / GiB));
        say(
          `    ${added}/${total} open: RSS ${fmt(s.rss / MiB)} MiB (+${fmt((s.rss - previous.rss) / MiB)}), ` +
            `heap ${fmt(s.heapUsed / MiB)} MiB, ${s.cachedWorkflows} cached → ${fmt(perRound[perRound.length - 1])} cases/GiB`,
        );
        previous = s;
      }
      const end = previous;
      const held = end.cachedWorkflows - base.cachedWorkflows;
      const growth = end.rss - base.rss;
      const figure = held / (growth / GiB);
      return {
        sides: [{ label: 'held per GiB of RSS', value: figure, unit: 'cases/GiB' }],
        figure,
        perRound,
        details: [
          `${total} KH→CN cases waiting on approvals; ${held} more held in the worker cache (${end.cachedWorkflows} in all, ` +
            `maxCachedWorkflows ${maxCached > 0 ? maxCached : 'SDK default'}); figure = all held ÷ all RSS growth, per round = per step of ${perStep}`,
          `worker RSS ${fmt(base.rss / MiB)} → ${fmt(end.rss / MiB)} MiB: ${fmt(growth / Math.max(1, held) / 1024)} KiB per case ` +
            `(V8 heap ${fmt((end.heapUsed - base.heapUsed) / Math.max(1, held) / 1024)} KiB, external ${fmt((end.external - base.external) / Math.max(1, held) / 1024)} KiB per case)`,
        ],
      };
    } finally {
      await worker.stop();
      await env.stop();
    }
  },
};
