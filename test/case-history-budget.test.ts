/**
 * The history budget (bench/history-budget.ts): each kind of case, driven as the API drives it on the
 * dev server with a real worker, reaches its outcome within its budget of history events and billable
 * actions. Counts are deterministic (each action waits for the previous answer; no clock fires), so a
 * change that adds events to a path fails here. With HANDOVER_SAVE_HISTORIES=1 the histories are saved
 * as the lean-* replay fixtures.
 */
import fs from 'node:fs';
import path from 'node:path';
import { COST_PATHS, HISTORY_BUDGET, costPathInput, eventBreakdown, firstTaskDone, runCostPath } from '../bench/history-budget';
import { CASE_WORKFLOW_TYPE, caseWorkflowId, type CaseView } from '../domain/case';
import { recordScreeningUpdate, timelineQuery, withdrawCaseUpdate } from '../domain/case-messages';
import { startSearchAttributes } from '../workflows/case/transition';
import { MemoryOutbox, type CaseNotification } from '../activities';
import { actor, testNotifications, waitForNotification } from './helpers/case';
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

describe('the lean scheduler timer', () => {
  it('kept when an action moves the next due instant later: it wakes early, finds nothing due and arms the next', async () => {
    // Screening's reminder at 50% of 4 s is armed at registration; screening done at once moves the next due
    // instant to verification's reminder (50% of 6 s), later: the first timer stays, fires at 2 s with
    // nothing due, and the scheduler arms verification's reminder, then its 80%, its overdue and at last
    // immigration detention's deadline.
    const input = costPathInput(COST_PATHS[0], 60_000);
    input.clocks.workingSlaMs = { ...input.clocks.workingSlaMs, screening: 4_000, 'identity-verification': 6_000 };
    input.clocks.reminderFractions = [0.5, 0.8];
    const handle = await suite.env.client.workflow.start(CASE_WORKFLOW_TYPE, {
      taskQueue: suite.worker.taskQueue,
      workflowId: caseWorkflowId(input.caseId),
      args: [input],
      typedSearchAttributes: startSearchAttributes(input),
    });
    // The registration's task first, so screening's timer is armed before screening is recorded.
    await firstTaskDone(handle);
    await handle.executeUpdate(recordScreeningUpdate, { args: [{ requestId: 'lean-timer-1', actor: actor('officer', 'KH'), result: 'cleared' }] });
    const overdue = await waitForNotification(outbox, input.caseId, (n) => n.kind === 'overdue');
    expect(overdue.clock).toBe('sla:identity-verification');
    await handle.executeUpdate(withdrawCaseUpdate, { args: [{ requestId: 'lean-timer-2', actor: actor('legal', 'CN'), reason: 'request withdrawn' }] });
    const view = (await handle.result()) as CaseView;
    expect(view.outcome).toBe('withdrawn');

    // Exactly what the old scheduler produced for the same clocks: two reminders and overdue of verification, none of screening.
    const timeline = await handle.query(timelineQuery);
    expect(timeline.filter((e) => e.action.startsWith('sla-')).map((e) => `${e.action} ${e.stage}`)).toEqual([
      'sla-reminder identity-verification',
      'sla-reminder identity-verification',
      'sla-overdue identity-verification',
    ]);
    expect(outbox.forCase(input.caseId).map((n) => n.kind)).toEqual(['reminder', 'reminder', 'overdue', 'outcome']);
    const history = await handle.fetchHistory();
    const breakdown = eventBreakdown(history.events ?? []);
    // Screening's timer (fired early), one per due instant of verification (50%, 80%, overdue) and the
    // detention deadline's, left pending when the case closed: none cancelled.
    expect(breakdown).toMatchObject({ TIMER_STARTED: 5, TIMER_FIRED: 4 });
    expect(breakdown.TIMER_CANCELED).toBeUndefined();
    saveFixture('sla-stale-timer', history);
  });
});

describe('a notification the batch could not deliver', () => {
  // A sink that refuses a case's first four sends: the batch's try and the three first tries of `notify`.
  const flakyOutbox = new MemoryOutbox();
  const refusals = new Map<string, number>();
  const flaky = withSuiteWorker({
    notifier: {
      send: async (n: CaseNotification) => {
        const refused = refusals.get(n.caseId) ?? 0;
        if (refused < 4) {
          refusals.set(n.caseId, refused + 1);
          throw new Error('notification sink unavailable');
        }
        await flakyOutbox.append(n);
      },
    },
  });

  it('goes through the first tries and the retries one by one, shown as retrying meanwhile, and is delivered once', async () => {
    const victim = COST_PATHS.find((p) => p.name === 'victim')!;
    const run = await runCostPath(flaky.env.client, flaky.worker.taskQueue, victim);
    expect(run.outcome).toBe('referred-as-victim');
    expect(refusals.get(run.workflowId)).toBe(4);
    expect(flakyOutbox.forCase(run.workflowId).map((n) => n.kind)).toEqual(['outcome']);
    const scheduled = run.events.flatMap((e) => {
      const name = e.activityTaskScheduledEventAttributes?.activityType?.name;
      return name ? [name] : [];
    });
    // The batch, notifyFirstTries (three attempts in one activity), then notify's retries.
    expect(scheduled).toEqual(['notifyBatch', 'notify', 'notify']);
    const upserted = run.events.flatMap((e) => Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {}));
    // HandoverWaitingOn: closed, then `activity:notify` while retried, then cleared.
    expect(upserted.filter((k) => k === 'HandoverWaitingOn').length).toBeGreaterThanOrEqual(3);
    const history = await flaky.env.client.workflow.getHandle(run.workflowId).fetchHistory();
    saveFixture('notification-retried', history);
  });
});
