/**
 * history: what one case costs in Temporal, per kind of case (bench/history-budget.ts): history events
 * and billable actions of the case workflow next to a minimal workflow taking the same number of updates
 * with the same bodies (bench/minimal-workflow.ts), and the budget the budget test holds each path to.
 *
 * Counts, not timings: one case per path, each action after the previous answer. The figure is the
 * minimal workflow's events ÷ the case workflow's for the direct deportation (1 = no more than Temporal's
 * own floor for the same updates).
 */
import type { Client } from '@temporalio/client';
import { COST_PATHS, HISTORY_BUDGET, costPathInput, eventBreakdown, historyCost, runCostPath, type CostPath, type HistoryCost } from './history-budget';
import { ChildWorker, envOptions, fmt, startBenchEnv, type Bench } from './lib';
import { MINIMAL_WORKFLOW_TYPE, stepUpdate, type minimalWorkflow } from './minimal-workflow';

const TASK_QUEUE = 'bench-history';
const MINIMAL_TASK_QUEUE = 'bench-history-minimal';

/** The minimal workflow with the path's input and steps, its first task done before the first update. */
async function minimalCost(client: Client, path: CostPath, dayMs: number): Promise<HistoryCost> {
  const input = costPathInput(path, dayMs);
  const steps = path.steps();
  const handle = await client.workflow.start<typeof minimalWorkflow>(MINIMAL_WORKFLOW_TYPE, {
    taskQueue: MINIMAL_TASK_QUEUE,
    workflowId: `minimal-${input.caseId}`,
    args: [{ steps: steps.length, payload: input }],
  });
  for (let i = 0; ; i++) {
    const history = await handle.fetchHistory();
    if ((history.events ?? []).length >= 4) break;
    if (i > 400) throw new Error('the minimal workflow did not run its first task');
    await new Promise((r) => setTimeout(r, 50));
  }
  let n = 0;
  for (const step of steps) {
    n += 1;
    const actor = { id: `budget-${step.role}-${step.country}`, role: step.role, country: step.country };
    const requestId = `minimal-${input.caseId}-${n}`;
    await handle.executeUpdate(stepUpdate, { args: [{ requestId, body: { requestId, ...step.body, actor } }], updateId: `${step.update}:${actor.id}:${requestId}` });
  }
  await handle.result();
  return historyCost((await handle.fetchHistory()).events ?? []);
}

export const historyBench: Bench = {
  name: 'history',
  measures: 'history events per case, minimal workflow ÷ case workflow (direct deportation), with events and billable actions of every kind of case',
  goal: { op: '>=', value: 0.75, unit: '×' },
  async run(flags) {
    const dayMs = 60_000;
    const env = await startBenchEnv('history', envOptions(flags));
    const worker = await ChildWorker.start(env, { taskQueue: TASK_QUEUE, bundle: 'case' });
    const minimal = await ChildWorker.start(env, { taskQueue: MINIMAL_TASK_QUEUE, bundle: 'minimal' });
    try {
      const details: string[] = ['path: case workflow events / actions (budget) — minimal workflow events / actions — minimal ÷ case events'];
      let figure = 0;
      let direct: { caseEvents: number; minimalEvents: number } | undefined;
      for (const path of COST_PATHS) {
        const run = await runCostPath(env.client, TASK_QUEUE, path, dayMs);
        if (run.outcome !== path.outcome) throw new Error(`${path.name} ended ${run.outcome ?? '?'}`);
        const floor = await minimalCost(env.client, path, dayMs);
        const budget = HISTORY_BUDGET[path.name];
        const ratio = floor.events / run.cost.events;
        details.push(
          `${path.name}: ${run.cost.events} / ${run.cost.actions} (budget ${budget.events} / ${budget.actions}) — ` +
            `minimal ${floor.events} / ${floor.actions} — ${fmt(ratio)}; ${JSON.stringify(eventBreakdown(run.events))}`,
        );
        if (path.name === 'deportation-direct') {
          figure = ratio;
          direct = { caseEvents: run.cost.events, minimalEvents: floor.events };
        }
      }
      return {
        sides: [
          { label: 'case workflow', value: direct?.caseEvents ?? 0, unit: 'events' },
          { label: 'minimal workflow', value: direct?.minimalEvents ?? 0, unit: 'events' },
        ],
        figure,
        perRound: [figure],
        details,
      };
    } finally {
      await worker.stop();
      await minimal.stop();
      await env.stop();
    }
  },
};
