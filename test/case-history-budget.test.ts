/**
 * The history budget (bench/history-budget.ts): each kind of case, driven as the API drives it on the
 * dev server with a real worker, reaches its outcome within its budget of history events and billable
 * actions. Counts are deterministic (each action waits for the previous answer; no clock fires), so a
 * change that adds events to a path fails here. With HANDOVER_SAVE_HISTORIES=1 the histories are saved
 * as the lean-* replay fixtures.
 */
import fs from 'node:fs';
import path from 'node:path';
import { COST_PATHS, HISTORY_BUDGET, eventBreakdown, runCostPath } from '../bench/history-budget';
import { testNotifications } from './helpers/case';
import { withSuiteWorker } from './helpers/temporal';

const { outbox, activityDeps } = testNotifications();
const suite = withSuiteWorker(activityDeps);

/** Written like CaseDriver.saveHistory writes the other fixtures (proto3 JSON of the fetched history). */
function saveFixture(name: string, history: object): void {
  if (process.env.HANDOVER_SAVE_HISTORIES !== '1') return;
  const file = path.join(__dirname, 'fixtures', 'histories', `lean-${name}.json`);
  fs.writeFileSync(file, `${JSON.stringify(history)}\n`);
}

describe('history budget per kind of case', () => {
  for (const costPath of COST_PATHS) {
    it(`${costPath.describe} stays within ${HISTORY_BUDGET[costPath.name].events} events and ${HISTORY_BUDGET[costPath.name].actions} actions`, async () => {
      const run = await runCostPath(suite.env.client, suite.worker.taskQueue, costPath);
      expect(run.outcome).toBe(costPath.outcome);
      // Every notification of the case was delivered, once.
      const sent = outbox.forCase(run.workflowId);
      expect(sent.length).toBeGreaterThan(0);
      expect(new Set(sent.map((n) => n.eventId)).size).toBe(sent.length);
      expect(sent.at(-1)?.kind).toBe('outcome');
      process.stdout.write(
        `[budget] ${costPath.name}: ${run.cost.events} events, ${run.cost.actions} actions (budget ${HISTORY_BUDGET[costPath.name].events}/${HISTORY_BUDGET[costPath.name].actions}) ${JSON.stringify(eventBreakdown(run.events))}\n`,
      );
      expect(run.cost.events).toBeLessThanOrEqual(HISTORY_BUDGET[costPath.name].events);
      expect(run.cost.actions).toBeLessThanOrEqual(HISTORY_BUDGET[costPath.name].actions);
      const history = await suite.env.client.workflow.getHandle(run.workflowId).fetchHistory();
      saveFixture(costPath.name, history);
    });
  }
});
