/**
 * crash: completed cases per second while the worker process is SIGKILLed every few seconds ÷ steady
 * state, and 0 cases lost.
 *
 * The worker runs as a child process (bench/worker-child.ts). Driver lanes walk cases from registration
 * to handed-over with the raw client, retrying a call with the same update id after an error (what a
 * client of the API would do after a 503). Each round has a steady phase and a chaos phase of the same
 * length, in alternating order; in the chaos phase the worker is killed at random moments (around every
 * `--kill-every` seconds) and restarted at once. Between phases the lanes finish their cases (untimed).
 * At the end every case started must have reached handed-over, with no failed workflow task in its
 * history (a nondeterminism error would show as one).
 */
import { WorkflowExecutionAlreadyStartedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { CASE_WORKFLOW_TYPE, type ActionResult } from '../domain/case';
import { KH_CN, actorFor, caseInputFor, lifecycleSteps, registration, requestId, startOptions, type Step } from './cases';
import { ChildWorker, fmt, type ChildTimings, median, now, pool, ratios, say, sleep, sum, envOptions, startBenchEnv, type Bench, type BenchEnv } from './lib';

const TASK_QUEUE = 'bench-crash';
const WORKFLOW_TASK_FAILED = temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED;

/** Retries `call` until it succeeds or `timeoutMs` passes; counts the retries. */
async function persist<T>(call: () => Promise<T>, counter: { retries: number }, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await call();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      counter.retries += 1;
      await sleep(250);
    }
  }
}

/** One case through every step; each call is retried with its own fixed ids, so a retry is a repeat. */
async function walk(client: Client, env: BenchEnv, counter: { retries: number }, started: string[]): Promise<void> {
  const input = caseInputFor(registration(KH_CN), env.config.HANDOVER_DAY_SECONDS * 1000);
  started.push(input.caseId);
  const handle: WorkflowHandle = client.workflow.getHandle(input.caseId);
  await persist(async () => {
    try {
      await client.workflow.start(CASE_WORKFLOW_TYPE, startOptions(input, TASK_QUEUE));
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }, counter);
  let last: ActionResult | undefined;
  for (const step of lifecycleSteps(KH_CN)) last = await persist(sendOnce(handle, step), counter);
  if (last?.outcome !== 'handed-over') throw new Error(`case ${input.caseId} ended ${last?.outcome ?? last?.stage ?? '?'}`);
}

function sendOnce(handle: WorkflowHandle, step: Step): () => Promise<ActionResult> {
  const actor = actorFor(step.role, step.country);
  const payload = { requestId: requestId(), ...step.body, actor };
  const updateId = `${step.update}:${actor.id}:${payload.requestId}`;
  return () => handle.executeUpdate<ActionResult, [unknown]>(step.update, { args: [payload], updateId });
}

export const crashBench: Bench = {
  name: 'crash',
  measures: 'completed cases/s while the worker child is SIGKILLed every few seconds ÷ steady state, 0 lost',
  goal: { op: '>=', value: 0.7, unit: '×' },
  async run(flags) {
    const rounds = flags.int('rounds', 3);
    const phaseSeconds = flags.num('phase-seconds', 25);
    const killEvery = flags.num('kill-every', 8);
    const lanes = flags.int('lanes', 8);
    const checkHistories = flags.bool('check-histories', true);
    const env = await startBenchEnv('crash', envOptions(flags));
    let worker = await ChildWorker.start(env, { taskQueue: TASK_QUEUE, bundle: 'case' });
    const started: string[] = [];
    const counter = { retries: 0 };
    let kills = 0;
    const restartMs: number[] = [];
    const timings: ChildTimings[] = [];

    /** Lanes start cases until `endAt`; counts the ones completed by then, then finishes the rest. */
    async function phase(chaos: boolean): Promise<number> {
      const t0 = now();
      const endAt = t0 + phaseSeconds * 1000;
      let completed = 0;
      let killer: Promise<void> = Promise.resolve();
      if (chaos) {
        killer = (async () => {
          for (;;) {
            const wait = killEvery * 1000 * (0.5 + Math.random());
            if (now() + wait >= endAt) break;
            await sleep(wait);
            await worker.kill();
            kills += 1;
            const r0 = now();
            worker = await ChildWorker.start(env, { taskQueue: TASK_QUEUE, bundle: 'case' });
            restartMs.push(now() - r0);
            if (worker.timings) timings.push(worker.timings);
          }
        })();
      }
      await pool(lanes, lanes, async () => {
        while (now() < endAt) {
          await walk(env.client, env, counter, started);
          if (now() <= endAt) completed += 1;
        }
      });
      await killer;
      return completed / phaseSeconds;
    }

    try {
      say(`    warm-up phase (${Math.min(10, phaseSeconds)} s)`);
      const warmEnd = now() + Math.min(10, phaseSeconds) * 1000;
      await pool(lanes, lanes, async () => {
        while (now() < warmEnd) await walk(env.client, env, counter, started);
      });
      const steady: number[] = [];
      const chaotic: number[] = [];
      for (let r = 0; r < rounds; r++) {
        const order = r % 2 === 0 ? [false, true] : [true, false];
        for (const chaos of order) {
          const before = kills;
          const rate = await phase(chaos);
          (chaos ? chaotic : steady).push(rate);
          say(`    round ${r + 1}/${rounds} ${chaos ? `chaos (${kills - before} kills)` : 'steady'}: ${fmt(rate)} cases/s`);
        }
      }

      // Every case started must be closed as handed-over, with no failed workflow task.
      let lost = 0;
      let failedTasks = 0;
      await pool(started.length, 16, async (i) => {
        const handle = env.client.workflow.getHandle(started[i]);
        const view = (await handle.result()) as { outcome?: string };
        if (view.outcome !== 'handed-over') lost += 1;
        if (checkHistories) {
          const history = await handle.fetchHistory();
          failedTasks += (history.events ?? []).filter((e) => e.eventType === WORKFLOW_TASK_FAILED).length;
        }
      });
      const perRound = ratios(chaotic, steady);
      const figure = lost > 0 ? 0 : median(perRound);
      return {
        sides: [
          { label: 'with kills', value: median(chaotic), unit: 'cases/s' },
          { label: 'steady', value: median(steady), unit: 'cases/s' },
        ],
        figure,
        perRound,
        details: [
          `${lanes} lanes, KH→CN lifecycle with the raw client (1 start + ${lifecycleSteps(KH_CN).length} updates), ` +
            `${rounds} rounds of ${phaseSeconds} s steady + ${phaseSeconds} s with a SIGKILL about every ${killEvery} s`,
          `${kills} kills; worker restart (spawn to polling) p50 ${fmt(median(restartMs))} ms = Node start + loading modules ` +
            `${fmt(median(timings.map((t) => t.loadedMs)))} ms + connect ${fmt(median(timings.map((t) => t.connectMs)))} ms + ` +
            `createWorker ${fmt(median(timings.map((t) => t.createMs)))} ms (+ IPC); ` +
            `the worker was down ${fmt((100 * sum(restartMs)) / (rounds * phaseSeconds * 1000), 0)}% of the chaos time; ${counter.retries} client retries`,
          `${started.length} cases started, ${started.length - lost} handed over, ${lost} lost` +
            (checkHistories ? `; ${failedTasks} failed workflow tasks in their histories` : '') +
            (lost > 0 ? ' — a lost case fails the benchmark (figure set to 0)' : ''),
        ],
      };
    } finally {
      await worker.stop();
      await env.stop();
    }
  },
};
