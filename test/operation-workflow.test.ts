/**
 * The operation workflow on its own (real dev server and worker, cases started with the client): the
 * manifest agrees with its cases, a case on another route is refused, the cut-off leaves out who is
 * not ready, flight events skip exceptions, and continue-as-new carries the whole state.
 */
import fs from 'node:fs';
import path from 'node:path';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { decideApprovalUpdate, recordScreeningUpdate, recordVerificationUpdate } from '../domain/case-messages';
import {
  OPERATION_WORKFLOW_TYPE,
  makeOperationId,
  type OperationInput,
} from '../domain/operation';
import { changeManifestUpdate, operationViewQuery, planFlightsUpdate, recordFlightEventUpdate, refreshReadinessUpdate } from '../domain/operation-messages';
import { SA } from '../domain/search-attributes';
import type { operationWorkflow } from '../workflows';
import { actor, caseInput, startCase, testNotifications, type CaseDriver } from './helpers/case';
import { withSuiteWorker } from './helpers/temporal';

const { activityDeps } = testNotifications();
const suite = withSuiteWorker(activityDeps);

const officerMM = actor('officer', 'MM');
let opCounter = 0;

function operationInput(settings: OperationInput['settings'] = {}): OperationInput {
  opCounter += 1;
  const short = `T${Date.now().toString(36).toUpperCase()}${opCounter}`.slice(-10);
  return {
    operationId: makeOperationId('MM', '2025-02-20T00:00:00Z', short),
    details: {
      name: 'test airlift',
      custodialCountry: 'MM',
      receivingCountry: 'CN',
      transitCountries: ['TH'],
      handoverPoint: 'Mae Sot airport',
      transport: 'air',
      escort: 'police escort',
      window: { start: '2025-02-20T00:00:00Z', end: '2025-02-24T00:00:00Z' },
      capacity: 2,
    },
    createdBy: officerMM,
    createdAt: new Date().toISOString(),
    settings,
  };
}

/**
 * With HANDOVER_SAVE_HISTORIES=1, writes every run of the operation (following continue-as-new) as a
 * replay fixture; test/replay.test.ts replays every fixture against the current workflow code.
 */
type History = temporal.api.history.v1.IHistory;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

async function saveHistories(workflowId: string, firstRunId: string, name: string): Promise<void> {
  if (process.env.HANDOVER_SAVE_HISTORIES !== '1') return;
  let runId: string | undefined = firstRunId;
  for (let run = 1; runId; run++) {
    const history: History = await suite.env.client.workflow.getHandle(workflowId, runId).fetchHistory();
    const file = path.join(__dirname, 'fixtures', 'histories', `${name}-run-${run}.json`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // protobufjs' toJSON (as test/helpers/case.ts saves case histories): what the replay suite reads back.
    fs.writeFileSync(file, `${JSON.stringify(history)}\n`);
    const last: HistoryEvent | undefined = history.events?.[history.events.length - 1];
    runId = last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
}

async function approved(c: CaseDriver): Promise<void> {
  await c.act(recordScreeningUpdate, actor('officer', 'MM'), { result: 'cleared' });
  await c.act(recordVerificationUpdate, actor('officer', 'CN'), { result: 'confirmed', reference: 'C-1' });
  for (const country of ['MM', 'CN', 'TH'] as const) await c.act(decideApprovalUpdate, actor('supervisor', country), { decision: 'approve' });
}

describe('operation workflow', () => {
  it('keeps the manifest and the cases in agreement, plans at the cut-off and records flight events with exceptions', async () => {
    const input = operationInput({ batchSize: 2, parallelBatches: 2, historyEventThreshold: 60 });
    const op = await suite.env.client.workflow.start<typeof operationWorkflow>(OPERATION_WORKFLOW_TYPE, {
      taskQueue: suite.worker.taskQueue,
      workflowId: input.operationId,
      args: [input],
    });
    const mk = () => startCase(suite.env, suite.worker.taskQueue, caseInput({ track: 'deportation', custodial: 'MM', receiving: 'CN', transit: ['TH'] }));
    const ready = await Promise.all([mk(), mk(), mk()]);
    const late = await mk();
    const direct = await startCase(suite.env, suite.worker.taskQueue, caseInput({ track: 'deportation', custodial: 'MM', receiving: 'CN' }));
    await Promise.all(ready.map(approved));

    const add = await op.executeUpdate(changeManifestUpdate, {
      args: [{ requestId: 'add-1', actor: officerMM, action: 'add', caseIds: [...ready, late, direct].map((c) => c.caseId) }],
    });
    expect(add.results.map((r) => r.result)).toEqual(['added', 'added', 'added', 'added', 'refused']);
    expect(add.results[4].reason).toMatch(/MM→CN, the operation MM→TH→CN/);
    expect((await late.view()).operationId).toBe(input.operationId);
    expect(await late.actions()).toContain('operation-joined');

    // Leave and come back: the case records both.
    const removed = await op.executeUpdate(changeManifestUpdate, {
      args: [{ requestId: 'rm-1', actor: officerMM, action: 'remove', caseIds: [late.caseId] }],
    });
    expect(removed.results[0].result).toBe('removed');
    expect((await late.view()).operationId).toBeUndefined();
    await op.executeUpdate(changeManifestUpdate, { args: [{ requestId: 'add-2', actor: officerMM, action: 'add', caseIds: [late.caseId] }] });
    expect(await late.actions()).toEqual(expect.arrayContaining(['operation-joined', 'operation-left']));

    // A wrong country is refused before anything is written.
    await expect(
      op.executeUpdate(changeManifestUpdate, { args: [{ requestId: 'x', actor: actor('officer', 'CN'), action: 'add', caseIds: [late.caseId] }] }),
    ).rejects.toBeInstanceOf(WorkflowUpdateFailedError);

    const cutOff = new Date(Date.now() + 1500).toISOString();
    const departures = [new Date(Date.now() + 3_600_000).toISOString(), new Date(Date.now() + 7_200_000).toISOString()];
    const planned = await op.executeUpdate(planFlightsUpdate, { args: [{ requestId: 'plan-1', actor: officerMM, cutOff, departures }] });
    expect(planned.status).toBe('awaiting-cut-off');

    let view = await op.query(operationViewQuery);
    for (let i = 0; i < 100 && view.plans[0]?.status !== 'done'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      view = await op.query(operationViewQuery);
    }
    expect(view.flights.map((f) => [f.flightId, f.seats])).toEqual([
      ['F01', 2],
      ['F02', 1],
    ]);
    const lateEntry = view.manifest.entries.find((e) => e.caseId === late.caseId)!;
    expect(lateEntry.status).toBe('blocked');
    expect(lateEntry.leftOut).toMatch(/not ready at the cut-off \(screening: officer:MM\)/);
    expect((await ready[0].view()).schedule?.flight).toBe('F01');

    const f01 = view.manifest.entries.filter((e) => e.flightId === 'F01').map((e) => e.caseId);
    const released = await op.executeUpdate(recordFlightEventUpdate, {
      args: [
        {
          requestId: 'f01-rel',
          actor: officerMM,
          flightId: 'F01',
          event: 'released-by-custodial',
          country: 'MM',
          exceptions: [{ caseId: f01[1], exception: 'did-not-board' }],
        },
      ],
    });
    expect([released.recorded, released.exceptions, released.refused]).toEqual([1, 1, 0]);

    // Out of order at the flight level: refused without touching a case.
    const outOfOrder = await op
      .executeUpdate(recordFlightEventUpdate, {
        args: [{ requestId: 'f01-bad', actor: actor('officer', 'CN'), flightId: 'F01', event: 'received-by-receiving', country: 'CN', identityRechecked: true }],
      })
      .catch((e: unknown) => e);
    expect((outOfOrder as WorkflowUpdateFailedError).cause?.message).toMatch(/^CONFLICT: out of order/);

    for (const [event, country] of [
      ['entered-transit', 'TH'],
      ['left-transit', 'TH'],
    ] as const) {
      await op.executeUpdate(recordFlightEventUpdate, { args: [{ requestId: `f01-${event}`, actor: actor('officer', country), flightId: 'F01', event, country }] });
    }
    const received = await op.executeUpdate(recordFlightEventUpdate, {
      args: [{ requestId: 'f01-rec', actor: actor('officer', 'CN'), flightId: 'F01', event: 'received-by-receiving', country: 'CN', identityRechecked: true }],
    });
    expect(received.results).toEqual([{ caseId: f01[0], result: 'recorded', outcome: 'handed-over' }]);

    // A repeated request answers the same and records nothing new.
    const again = await op.executeUpdate(recordFlightEventUpdate, {
      args: [{ requestId: 'f01-rec', actor: actor('officer', 'CN'), flightId: 'F01', event: 'received-by-receiving', country: 'CN', identityRechecked: true }],
      updateId: 'another-update-id',
    });
    expect(again.recorded).toBe(1);

    await op.executeUpdate(refreshReadinessUpdate, { args: [{ requestId: 'r-1' }] });
    view = await op.query(operationViewQuery);
    expect(view.rollUp).toMatchObject({ total: 4, handedOver: 1, pending: 3 });
    expect(view.flights[0].events.map((e) => e.event)).toEqual(['released-by-custodial', 'entered-transit', 'left-transit', 'received-by-receiving']);
    const off = view.manifest.entries.find((e) => e.caseId === f01[1])!;
    expect(off).toMatchObject({ status: 'ready', exception: 'did-not-board' });
    expect(off.flightId).toBeUndefined();

    // The small history threshold made it continue as new, carrying everything.
    expect(view.runs).toBeGreaterThan(0);
    const { typedSearchAttributes } = await op.describe();
    expect(typedSearchAttributes.get(SA.stage)).toBe('in-transfer');

    await saveHistories(input.operationId, op.firstExecutionRunId, 'operation');
  });
});
